"""Writes for subscriptions: follow a country, topic, agency or partner; change how often; unsubscribe."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from directory.errors import field_error
from directory.mail import supported_language
from directory.models import Agency, Country, Organisation, Subscription, Topic, User
from directory.permissions import ensure_can_manage_subscription, ensure_can_subscribe

Kind = Subscription.Kind
# Enough for a steward's region and a programme officer's partners; a digest of more would go unread.
MAX_SUBSCRIPTIONS = 50
_TARGET_FIELD = {Kind.COUNTRY: "country", Kind.TOPIC: "topic", Kind.AGENCY: "agency", Kind.PARTNER: "organisation"}
_TARGET_MODEL = {Kind.COUNTRY: Country, Kind.TOPIC: Topic, Kind.AGENCY: Agency, Kind.PARTNER: Organisation}
UNSUBSCRIBE_SALT = "liaison.unsubscribe"


def _clean_frequency(frequency: str) -> str:
    if frequency not in Subscription.Frequency.values:
        raise field_error(
            "frequency",
            _("Choose how often: %(choices)s.") % {"choices": ", ".join(Subscription.Frequency.values)},
            code="invalid_choice",
        )
    return frequency


@transaction.atomic
def subscribe(user: User, target: Any, *, frequency: str, language: str) -> Subscription:
    """Follow a country, topic, agency or partner (following it again changes how often)."""
    ensure_can_subscribe(user)
    kind = next((kind for kind, model in _TARGET_MODEL.items() if isinstance(target, model)), None)
    if kind is None or target.pk is None:
        raise field_error("target", _("Choose a country, topic, agency or partner to follow."), code="required")
    frequency = _clean_frequency(frequency)
    existing = Subscription.objects.filter(user=user, **{_TARGET_FIELD[kind]: target}).first()
    if existing is not None:
        existing.frequency, existing.language = frequency, supported_language(language)
        existing.save(update_fields=["frequency", "language"])
        return existing
    if Subscription.objects.filter(user=user).count() >= MAX_SUBSCRIPTIONS:
        raise field_error(
            "target",
            _("Follow at most %(limit)d things; unsubscribe from one first.") % {"limit": MAX_SUBSCRIPTIONS},
            code="too_many",
        )
    return Subscription.objects.create(
        user=user,
        kind=kind,
        frequency=frequency,
        language=supported_language(language),
        **{_TARGET_FIELD[kind]: target},
    )


@transaction.atomic
def unsubscribe(subscription: Subscription, *, by: User) -> None:
    """Stop following it."""
    ensure_can_manage_subscription(by, subscription.user_id)
    subscription.delete()


def unsubscribe_token(user: User, frequency: str) -> str:
    """A signed token that unsubscribes this user from their digests of this frequency, without signing in."""
    return signing.dumps({"user": user.pk, "frequency": frequency}, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def unsubscribe_by_token(token: str) -> int:
    """Unsubscribe whoever the signed token names from that digest; how many subscriptions ended (0: none left).

    signing.BadSignature when the token was altered or is not one Liaison made.
    """
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        raise signing.BadSignature("not an unsubscribe token")
    removed, _details = Subscription.objects.filter(
        user_id=payload["user"], frequency=payload.get("frequency")
    ).delete()
    return removed
