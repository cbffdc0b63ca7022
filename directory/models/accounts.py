"""People who sign in, and their role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person or system that signs in to Liaison."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        STAFF = "staff", "Programme staff"
        STEWARD = "steward", "Data steward"
        ADMIN = "admin", "Administrator"
        INTEGRATION = "integration", "Integration"

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
