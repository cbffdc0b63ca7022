"""API tokens for integrations, and the log of who viewed whose contact details."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directory.audit import current_request_id
from directory.errors import field_error
from directory.models import ApiToken, ContactAccessLog, ContactExport, Officer, User
from directory.models.keyed_reads import KeyedRead

# A public marker that makes a leaked token easy to recognise (and to scan for), not a secret.
TOKEN_PREFIX = "lsn_"  # noqa: S105
PREFIX_LENGTH = 8
MAX_EXPIRY_DAYS = 3650
# Recording every use would turn each API read into a write; a minute is precise enough to spot stale tokens.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
_BODY_BYTES = 30  # 40 url-safe characters, of which the first 8 are the lookup prefix.
_TOKEN_SHAPE = re.compile(rf"{TOKEN_PREFIX}[A-Za-z0-9_-]{{{_BODY_BYTES * 4 // 3}}}")
_SCOPES = [scope.value for scope in ApiToken.Scope]


def hash_token(plaintext: str) -> str:
    """The keyed hash stored for a token: HMAC-SHA256 under LIAISON_TOKEN_KEY, hex."""
    return hmac.new(settings.LIAISON_TOKEN_KEY.encode(), plaintext.encode(), hashlib.sha256).hexdigest()


def _clean_scopes(scopes: list[str]) -> str:
    wanted = [scope.strip().lower() for scope in scopes if scope.strip()]
    unknown = sorted(set(wanted) - set(_SCOPES))
    if unknown:
        raise field_error(
            "scopes", f"Unknown scope(s) {', '.join(unknown)}; use {' or '.join(_SCOPES)}.", code="unknown_scope"
        )
    if not wanted:
        raise field_error("scopes", f"Give at least one scope: {' or '.join(_SCOPES)}.", code="missing_scope")
    if ApiToken.Scope.WRITE in wanted:
        wanted.append(ApiToken.Scope.READ)
    return " ".join(scope for scope in _SCOPES if scope in wanted)


def _clean_expiry(expires_in_days: int | None) -> datetime.datetime | None:
    if expires_in_days is None:
        return None
    if isinstance(expires_in_days, bool) or not isinstance(expires_in_days, int):
        raise field_error(
            "expires_in_days", "Give the lifetime as a whole number of days, such as 90.", code="invalid_lifetime"
        )
    if not 0 < expires_in_days <= MAX_EXPIRY_DAYS:
        raise field_error(
            "expires_in_days",
            f"A token lives 1 to {MAX_EXPIRY_DAYS} days, not {expires_in_days}; such as 90.",
            code="invalid_lifetime",
        )
    return timezone.now() + datetime.timedelta(days=expires_in_days)


@transaction.atomic
def issue_api_token(
    *, user: User, name: str, scopes: list[str], expires_in_days: int | None = 90
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with its plaintext, which is shown once and never stored."""
    name = (name or "").strip()
    max_name = ApiToken._meta.get_field("name").max_length
    if not name:
        raise field_error("name", "Name the token after the integration that will hold it.", code="missing_name")
    if max_name is not None and len(name) > max_name:
        raise field_error("name", f"Keep the name to {max_name} characters (it has {len(name)}).", code="too_long")
    scope_text = _clean_scopes(scopes)
    expires_at = _clean_expiry(expires_in_days)
    while True:
        body = secrets.token_urlsafe(_BODY_BYTES)
        prefix = body[:PREFIX_LENGTH]
        # A prefix starting with "-" reads as an option on the command line (`api_token revoke -x…`): draw again.
        if not prefix.startswith("-") and not ApiToken.objects.filter(prefix=prefix).exists():
            break
    plaintext = f"{TOKEN_PREFIX}{body}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=hash_token(plaintext), scopes=scope_text, expires_at=expires_at
    )
    return token, plaintext


# Every API request reads its token with the token's user: in a statement written once, not compiled each time.
_TOKENS_BY_PREFIX = KeyedRead(ApiToken, "prefix", related="user")


def authenticate_api_token(plaintext: str) -> ApiToken | None:
    """The live token this plaintext belongs to, or None (unknown, malformed, expired, revoked, inactive user)."""
    if not isinstance(plaintext, str) or not _TOKEN_SHAPE.fullmatch(plaintext):
        return None
    presented = hash_token(plaintext)
    prefix = plaintext[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + PREFIX_LENGTH]
    token = _TOKENS_BY_PREFIX.get(prefix)
    if token is None:
        return None
    if not hmac.compare_digest(token.key_hash, presented):
        return None
    if token.state != "active" or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def revoke_api_token(token: ApiToken) -> ApiToken:
    """Stop a token from working, from now on; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def log_contact_access(
    *, viewer: User | None, officer: Officer, channel_count: int, operation: str, reason: str = ""
) -> ContactAccessLog:
    """Record that `viewer` was shown `channel_count` of the officer's contact channels, through `operation`."""
    (log,) = log_contact_accesses(viewer=viewer, shown=[(officer, channel_count, operation)], reason=reason)
    return log


def log_contact_accesses(
    *, viewer: User | None, shown: Iterable[tuple[Officer, int, str]], reason: str = ""
) -> list[ContactAccessLog]:
    """Record each (officer, channels shown, operation) that `viewer` was shown, in one write for them all."""
    max_operation = ContactAccessLog._meta.get_field("operation").max_length
    request_id = current_request_id()
    return ContactAccessLog.objects.bulk_create(
        ContactAccessLog(
            viewer_id=viewer.pk if viewer is not None else None,
            viewer_username=viewer.get_username() if viewer is not None else "",
            officer_uuid=officer.uuid,
            channel_count=max(channel_count, 0),
            # The operation name can come from a GraphQL client: cut, never refused, so the view is still logged.
            operation=(operation or "").strip()[:max_operation],
            reason=(reason or "").strip(),
            request_id=request_id,
        )
        for officer, channel_count, operation in shown
    )


@transaction.atomic
def log_export(
    *,
    viewer: User,
    kind: str,
    file_format: str,
    filter_text: str,
    officer_count: int,
    contacts_shown: dict[Officer, int],
) -> ContactExport:
    """Record a download: who, the filter and how many, and a contact view per officer whose values it holds."""
    request_id = current_request_id()
    export = ContactExport.objects.create(
        viewer_id=viewer.pk,
        viewer_username=viewer.get_username(),
        kind=kind,
        file_format=file_format,
        filter=filter_text,
        officer_count=officer_count,
        channel_count=sum(contacts_shown.values()),
        request_id=request_id,
    )
    # The same log as a profile's views, so "who saw this officer's contacts" has one answer, exports included.
    operation = f"export:{kind}.{file_format}"
    log_contact_accesses(
        viewer=viewer, shown=[(officer, count, operation) for officer, count in contacts_shown.items() if count]
    )
    return export
