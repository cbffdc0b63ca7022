"""People who sign in, and their role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person or system that signs in to Liaison."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Officer")
        STAFF = "staff", _("Programme staff")
        STEWARD = "steward", _("Data steward")
        ADMIN = "admin", _("Administrator")
        INTEGRATION = "integration", _("Integration")

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFICER)
    country = models.ForeignKey(
        "directory.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The country a steward keeps current.",
    )
    officer = models.OneToOneField(
        "directory.Officer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text="The officer's own directory entry.",
    )
