"""Writes sent with an Idempotency-Key: the first answer, kept so that a retry gets it instead of a second write."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """One caller's key: a fingerprint of the request it was first sent with, and the answer that request got."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotent_requests")
    caller = models.CharField(max_length=40, help_text="Whose key it is: token:<id> or user:<id>.")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request's query, variables and name.")
    claim = models.UUIDField(help_text="Which attempt runs the request; a retry after the lease may take it over.")
    started_at = models.DateTimeField()
    lease_until = models.DateTimeField(help_text="Until then the first attempt counts as still running.")
    completed_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "idempotent request"
        constraints = [models.UniqueConstraint(fields=["caller", "key"], name="one_request_per_caller_and_key")]

    def __str__(self) -> str:
        return f"{self.caller} {self.key}"
