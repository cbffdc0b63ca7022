"""Signing a webhook exactly as the Standard Webhooks specification says, with its reference library."""

from __future__ import annotations

import datetime

from standardwebhooks.webhooks import Webhook


def signed_headers(secret: str, message_id: str, body: str, at: datetime.datetime) -> dict[str, str]:
    """The `webhook-id`, `webhook-timestamp` and `webhook-signature` headers for this body."""
    signature = Webhook(secret).sign(msg_id=message_id, timestamp=at, data=body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }
