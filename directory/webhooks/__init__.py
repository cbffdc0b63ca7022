"""Webhooks for integrations: signed as Standard Webhooks says, sent only to public addresses."""
