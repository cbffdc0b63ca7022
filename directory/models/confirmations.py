"""Keeping entries current: requests to confirm an entry, their single-use links, and proposed changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.people import Officer


class ConfirmationRequest(models.Model):
    """A steward's request that an officer confirm their entry, or propose changes to it."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed as current")
        PROPOSED = "proposed", _("Proposed changes")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="confirmation_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(help_text="The address the request and its reminders go to.")
    language = models.CharField(max_length=8, help_text="The language the e-mails are written in (en or ru).")
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(help_text="When the request or its latest reminder was sent.")
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open request per entry: asking again while one waits would only send a second link.
            models.UniqueConstraint(
                fields=["officer"], condition=models.Q(answered_at__isnull=True), name="one_open_confirmation_request"
            )
        ]

    def __str__(self) -> str:
        return f"confirmation request #{self.pk} for {self.officer_id}"


class ConfirmationLink(models.Model):
    """A signed-in-free link to answer a request: only a keyed hash is kept; it expires and works once."""

    request = models.ForeignKey(ConfirmationRequest, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ChangeProposal(models.Model):
    """Changes an officer proposed to their own entry, for their steward to accept or reject field by field."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="change_proposals")
    request = models.ForeignKey(
        ConfirmationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the last field was decided.")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"proposal #{self.pk} for {self.officer_id}"


class ProposedChange(models.Model):
    """One field of a proposal: the value proposed, and the steward's decision on it."""

    class Field(models.TextChoices):
        POSITION = "position", _("Position")
        AGENCY = "agency", _("Agency")
        LANGUAGES = "languages", _("Languages")
        EXPERTISE = "expertise", _("Expertise")
        CONTACTS = "contacts", _("Contact details")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the steward")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    proposal = models.ForeignKey(ChangeProposal, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=Field.choices)
    # position: text; agency: its uuid; languages: ISO codes; expertise: {topic slug: level}; contacts: [[kind, value]].
    value = models.JSONField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal_id", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "field"], name="proposed_change_once_per_field")]
