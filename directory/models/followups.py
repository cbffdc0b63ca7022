"""'Did they answer?': after a user saw an officer's contact details, whether the officer answered."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.people import Officer


class ContactFollowUp(models.Model):
    """A question to a user who looked up an officer's contact details: did the officer answer?"""

    class Answer(models.TextChoices):
        ANSWERED = "answered", _("Yes, they answered")
        NO_ANSWER = "no_answer", _("No answer")
        WRONG_CONTACT = "wrong_contact", _("Wrong contact details")

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="follow_ups")
    viewed_at = models.DateTimeField(help_text="When the viewer was shown the contact details.")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When a steward dealt with a report of wrong contact details."
    )

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["viewer", "officer", "viewed_at"], name="follow_up_once_per_view")
        ]


class FollowUpAnswersVersion(models.Model):
    """One row whose token changes whenever the answers the ranking counts may have changed.

    The ranking keeps its responsiveness figures while the token stays the same (directory/responsiveness.py):
    a follow-up saved, or its officer or viewer deleted with it, draws a new one. A bulk write of answered
    follow-ups must call `directory.services.followups.answers_changed()` itself.
    """

    # A random token, not a counter: a change rolled back never comes back, so figures read inside that transaction
    # are never taken for the committed state.
    token = models.UUIDField(default=uuid.uuid4)
