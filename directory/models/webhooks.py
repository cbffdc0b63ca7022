"""Changes told to other systems: the published change feed, webhook endpoints and each delivery to them."""

from __future__ import annotations

import uuid

from django.db import models

from directory.models.access import ChangeLog
from directory.models.geography import Country
from directory.models.topics import Topic


class ChangeEvent(models.Model):
    """A change as integrations see it: record, kind and changed field names, never values.

    Written in the change's own transaction; the worker then gives it the next `sequence` (the feed's order, with
    no gaps a reader could pass over) and queues its webhook deliveries.
    """

    change = models.OneToOneField(ChangeLog, on_delete=models.PROTECT, related_name="event")
    aggregate = models.CharField(max_length=20)
    record_uuid = models.UUIDField()
    kind = models.CharField(max_length=30)
    fields = models.JSONField(default=list, help_text="Names of the fields or links that changed.")
    at = models.DateTimeField(auto_now_add=True)
    sequence = models.BigIntegerField(null=True, blank=True, unique=True)
    # Worked out on publication, for the endpoints' filters: ISO codes and topic slugs the record belongs to.
    countries = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["sequence", "id"]
        indexes = [models.Index(fields=["kind", "sequence"], name="change_event_kind")]

    def __str__(self) -> str:
        return f"{self.aggregate}.{self.kind} {self.record_uuid}"

    @property
    def type(self) -> str:
        """The Standard Webhooks event type, `aggregate.kind`."""
        return f"{self.aggregate}.{self.kind}"


class WebhookEndpoint(models.Model):
    """Where an integration wants to hear of changes: a URL, the event types, optional filters and a secret."""

    # The endpoint's id in the API's global ids: a row number would change on a restore into another database.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=100, help_text="The integration this endpoint belongs to.")
    url = models.URLField(max_length=500)
    event_types = models.JSONField(default=list, blank=True, help_text="Event types to send; empty sends every type.")
    countries = models.ManyToManyField(Country, blank=True, related_name="+", help_text="Only these countries.")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", help_text="Only these topics.")
    # The signing secret, encrypted under a key derived from LIAISON_TOKEN_KEY: signing needs the secret itself.
    secret_encrypted = models.TextField(editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"


class WebhookDelivery(models.Model):
    """One change to send to one endpoint: retried with backoff until delivered or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        GIVEN_UP = "given_up", "Given up"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(ChangeEvent, on_delete=models.PROTECT, related_name="deliveries")
    # The same for every attempt (`webhook-id`), so a receiver can drop the copies of an at-least-once delivery.
    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record_uuid = models.UUIDField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "record_uuid", "id"], name="webhook_delivery_order"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event} → {self.endpoint.name} ({self.status})"
