"""Webhook signing secrets: made in the Standard Webhooks form, stored encrypted, read back only to sign."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 (the specification's marker, not a secret)
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret: `whsec_` and 32 random bytes in base64, as the specification writes them."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _fernet() -> Fernet:
    # A key of its own, derived from the server's token key: a leaked database alone reveals no secret.
    derived = hmac.new(settings.LIAISON_TOKEN_KEY.encode(), b"liaison webhook secrets", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_secret(secret: str) -> str:
    """The secret as stored: encrypted and authenticated (Fernet)."""
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(stored: str) -> str:
    """The secret again, to sign with; ValueError when the token key changed since it was stored."""
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise ValueError("the webhook secret cannot be read: LIAISON_TOKEN_KEY changed; rotate the secret") from error
