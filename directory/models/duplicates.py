"""A steward's word that two entries that look alike are two different people."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from directory.models.people import Officer


class DuplicateDismissal(models.Model):
    """Two entries a steward checked and found to be different people: the duplicate finder stops pairing them."""

    officer_a = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="+")
    officer_b = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["officer_a", "officer_b"], name="duplicate_dismissal_once"),
            # Stored with the smaller id first, so a pair is one row whichever way it was dismissed.
            models.CheckConstraint(
                condition=models.Q(officer_a__lt=models.F("officer_b")), name="duplicate_dismissal_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_a_id} ≠ {self.officer_b_id}"
