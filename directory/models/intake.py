"""Roster imports: who imported which file when, what came of each row, and which records each import touched."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.events import Event
from directory.models.outbox import OutboxEvent


class RosterImport(models.Model):
    """One roster committed to the directory: who, when, which file (by hash), the counts and the decisions."""

    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # Row number → what was done with it ("new", "officer:<uuid>", "skip", "refused", "invalid"); no personal values.
    decisions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class ImportedRecord(models.Model):
    """A record a roster import created or changed, by its uuid, so each change leads back to its file."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")

    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="records")
    aggregate = models.CharField(max_length=20, choices=OutboxEvent.Aggregate.choices)
    record_uuid = models.UUIDField(db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    row_number = models.PositiveIntegerField()

    class Meta:
        ordering = ["roster_import", "row_number"]


class RosterHeader(models.Model):
    """A header someone mapped to a roster column once, reused by every later import (the saved mapping)."""

    header = models.CharField(max_length=200, unique=True, help_text="The header folded: lower case, single spaces.")
    column = models.CharField(max_length=30)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["header"]

    def __str__(self) -> str:
        return f"{self.header} → {self.column}"


class RosterUpload(models.Model):
    """A roster file between its upload and its commit, with the choices made on it so far (then deleted)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    encoding = models.CharField(max_length=20, blank=True, help_text="A CSV's encoding as chosen; empty: detected.")
    event = models.CharField(max_length=300, blank=True, help_text="The event every row attended (title or uuid).")
    # Header (folded) → roster column key or "ignore", for this file only.
    headers = models.JSONField(default=dict, blank=True)
    # Row number (as text) → "new", "skip" or an officer's uuid.
    decisions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
