"""Trusted documents: GraphQL operations registered by hash, and the API tokens bound to run only them."""

from __future__ import annotations

from django.db import models

from directory.models.access import ApiToken


class TrustedDocument(models.Model):
    """One registered operation (with the fragments it uses), known by the SHA-256 of its normalised text."""

    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised text, hex.")
    operation_name = models.CharField(max_length=100)
    operation_type = models.CharField(max_length=12, help_text="query or mutation.")
    text = models.TextField(help_text="The normalised document: what runs when its hash is sent.")
    source = models.CharField(max_length=255, blank=True, help_text="The file it was registered from.")
    registered_by = models.CharField(max_length=150, help_text="The account that registered it.")
    registered_at = models.DateTimeField(auto_now_add=True)
    tokens = models.ManyToManyField(ApiToken, blank=True, related_name="trusted_documents")

    class Meta:
        ordering = ["operation_name", "sha256"]
        verbose_name = "trusted document"

    def __str__(self) -> str:
        return f"{self.operation_name} ({self.sha256[:12]}…)"
