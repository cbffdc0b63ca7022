"""People who sign in, and their role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.loading import MadeFromRows


class User(AbstractUser, MadeFromRows):
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; an integration never keeps a usable password, however it was created (it acts through tokens)."""
        if self.role == self.Role.INTEGRATION and self.has_usable_password():
            self.set_unusable_password()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "password"}
        super().save(*args, **kwargs)
