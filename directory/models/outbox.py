"""The transactional outbox: one row per change to project to Neo4j, written in the change's transaction."""

from __future__ import annotations

from django.db import models


class OutboxEvent(models.Model):
    """A record that changed (or was deleted) and must be projected to the graph."""

    class Aggregate(models.TextChoices):
        COUNTRY = "country"
        CITY = "city"
        TOPIC = "topic"
        AGENCY = "agency"
        ORGANISATION = "organisation"
        OFFICER = "officer"
        PROGRAMME = "programme"
        EVENT = "event"
        COVERAGE = "coverage"

    aggregate = models.CharField(max_length=20, choices=Aggregate.choices)
    aggregate_uuid = models.UUIDField()
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["applied_at", "id"], name="outbox_pending")]

    def __str__(self) -> str:
        state = "applied" if self.applied_at else "pending"
        return f"#{self.pk} {self.aggregate} {self.aggregate_uuid} ({state})"
