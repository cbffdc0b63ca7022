"""Writes for webhooks: registering endpoints, publishing changes to them, and recording each delivery's outcome."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from directory.changes import ChangeKind, all_event_types
from directory.errors import field_error
from directory.models import ChangeEvent, Country, JobRun, Topic, WebhookDelivery, WebhookEndpoint
from directory.services.validation import clean_free_text
from directory.webhooks.scope import scopes
from directory.webhooks.secrets import encrypt_secret, new_secret
from directory.webhooks.targets import TargetRefused, check_target

M = TypeVar("M", bound=Model)

Status = WebhookDelivery.Status
ERROR_LENGTH = 2000
MAX_EVENT_TYPES = 200
MAX_FILTERS = 100
# The row whose lock makes publication one worker at a time: sequences then follow commit order, with no gaps.
PUBLICATION_LOCK = "change publication"


@transaction.atomic
def register_webhook_endpoint(
    *,
    name: str,
    url: str,
    event_types: Sequence[str] = (),
    country_codes: Sequence[str] = (),
    topic_slugs: Sequence[str] = (),
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it with its signing secret, which is shown this once."""
    endpoint = WebhookEndpoint(name=(name or "").strip(), url=(url or "").strip())
    endpoint.event_types = _clean_event_types(event_types)
    countries = _countries(country_codes)
    topics = _topics(topic_slugs)
    clean_free_text(endpoint)
    endpoint.full_clean(exclude=["secret_encrypted"])
    try:
        check_target(endpoint.url)
    except TargetRefused as error:
        raise field_error("url", str(error), code="refused_target") from error
    secret = new_secret()
    endpoint.secret_encrypted = encrypt_secret(secret)
    endpoint.save()
    endpoint.countries.set(countries)
    endpoint.topics.set(topics)
    return endpoint, secret


@transaction.atomic
def rotate_webhook_secret(endpoint: WebhookEndpoint) -> str:
    """Give the endpoint a new signing secret and return it (shown once); the old one stops at once."""
    secret = new_secret()
    endpoint.secret_encrypted = encrypt_secret(secret)
    endpoint.save(update_fields=["secret_encrypted"])
    return secret


def _clean_event_types(event_types: Sequence[str]) -> list[str]:
    if len(event_types) > MAX_EVENT_TYPES:
        raise field_error("event_types", f"Give at most {MAX_EVENT_TYPES} event types.", code="too_many")
    known = set(all_event_types())
    wanted = list(dict.fromkeys(str(t).strip() for t in event_types if str(t).strip()))
    unknown = [t for t in wanted if t not in known]
    if unknown:
        raise field_error(
            "event_types",
            f"Unknown event type(s) {', '.join(unknown[:5])[:300]}; use names such as officer.updated "
            "or coverage.deleted (the API's ChangeKind lists the kinds).",
            code="unknown_event_type",
        )
    return wanted


def _countries(codes: Sequence[str]) -> list[Country]:
    return _named("countries", Country, "code", codes, "No country has the code {}; use ISO codes such as KG.")


def _topics(slugs: Sequence[str]) -> list[Topic]:
    return _named("topics", Topic, "slug", slugs, "No topic has the slug {}; use slugs such as cybercrime.")


def _named(field: str, model: type[M], key: str, keys: Sequence[str], unknown: str) -> list[M]:
    """The records an endpoint's filter names by `key`; an error names the field when too many or unknown."""
    if len(keys) > MAX_FILTERS:
        raise field_error(field, f"Filter by at most {MAX_FILTERS} {field}.", code="too_many")
    found = list(model._default_manager.filter(**{f"{key}__in": list(keys)}))
    missing = sorted(set(keys) - {getattr(record, key) for record in found})
    if missing:
        raise field_error(field, unknown.format(", ".join(missing)[:200]), code=f"unknown_{model.__name__.lower()}")
    return found


def publish_changes(limit: int = 1000) -> int:
    """Number the changes committed since the last run (the feed's order) and queue their webhook deliveries."""
    with transaction.atomic():
        JobRun.objects.get_or_create(name=PUBLICATION_LOCK, defaults={"next_run_at": timezone.now()})
    with transaction.atomic():
        lock = JobRun.objects.filter(name=PUBLICATION_LOCK)
        if connection.features.has_select_for_update_skip_locked and not list(
            lock.select_for_update(skip_locked=True).values_list("pk", flat=True)
        ):
            return 0  # another worker is publishing now
        events = list(ChangeEvent.objects.filter(sequence__isnull=True).order_by("id")[:limit])
        if not events:
            return 0
        last = ChangeEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
        found = scopes((event.aggregate, str(event.record_uuid)) for event in events)
        for number, event in enumerate(events, start=last + 1):
            event.sequence = number
            event.countries, event.topics = found.get((event.aggregate, str(event.record_uuid)), ([], []))
        for event in events:
            # A row at a time: inside one transaction this is quick, where one CASE statement per column is not.
            ChangeEvent.objects.filter(pk=event.pk).update(
                sequence=event.sequence, countries=event.countries, topics=event.topics
            )
        WebhookDelivery.objects.bulk_create(_deliveries(events, found))
        JobRun.objects.filter(name=PUBLICATION_LOCK).update(last_finished_at=timezone.now())
    return len(events)


def _deliveries(events: Sequence[ChangeEvent], found: dict) -> Iterable[WebhookDelivery]:
    """A delivery for each endpoint that wants each event, by type and by its country and topic filters."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True).prefetch_related("countries", "topics"))
    now = timezone.now()
    filters = {
        endpoint.pk: ({c.code for c in endpoint.countries.all()}, {t.slug for t in endpoint.topics.all()})
        for endpoint in endpoints
    }
    for event in events:
        # A deleted record's country and topics are gone with it: every endpoint for the type hears of its deletion.
        unknown = (event.aggregate, str(event.record_uuid)) not in found
        for endpoint in endpoints:
            if endpoint.event_types and event.type not in endpoint.event_types:
                continue
            countries, topics = filters[endpoint.pk]
            if not unknown and countries and not countries & set(event.countries):
                continue
            if not unknown and topics and not topics & set(event.topics):
                continue
            if unknown and (countries or topics) and event.kind != ChangeKind.DELETED:
                continue
            yield WebhookDelivery(endpoint=endpoint, event=event, record_uuid=event.record_uuid, next_attempt_at=now)


def record_delivered(delivery: WebhookDelivery, status_code: int) -> None:
    """The receiver took the message."""
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.DELIVERED,
        attempts=delivery.attempts + 1,
        last_attempt_at=now,
        last_status_code=status_code,
        last_error="",
    )


def record_failed_attempt(delivery: WebhookDelivery, error: str, status_code: int | None = None) -> str:
    """Count a failed attempt: try again after an exponential backoff, or give up after the last try."""
    now = timezone.now()
    attempts = delivery.attempts + 1
    status = Status.GIVEN_UP if attempts >= settings.LIAISON_WEBHOOK_MAX_ATTEMPTS else Status.PENDING
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        attempts=attempts,
        last_attempt_at=now,
        last_status_code=status_code,
        last_error=error[:ERROR_LENGTH],
        next_attempt_at=now + backoff(attempts),
    )
    return status


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after this many failed attempts: the base, doubled each time, up to the cap."""
    seconds = settings.LIAISON_WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.LIAISON_WEBHOOK_BACKOFF_MAX_SECONDS))


def retry_deliveries(deliveries: Iterable[WebhookDelivery]) -> int:
    """Try given-up or waiting deliveries again now (the admin's action); returns how many."""
    ids = [delivery.pk for delivery in deliveries if delivery.status != Status.DELIVERED]
    return WebhookDelivery.objects.filter(pk__in=ids).update(status=Status.PENDING, next_attempt_at=timezone.now())


@transaction.atomic
def update_webhook_endpoint(
    endpoint: WebhookEndpoint,
    *,
    name: str,
    url: str,
    active: bool,
    event_types: Sequence[str] = (),
    country_codes: Sequence[str] = (),
    topic_slugs: Sequence[str] = (),
) -> WebhookEndpoint:
    """Change an endpoint's URL, event types, filters or whether it is active; the URL is checked again."""
    endpoint.name, endpoint.url, endpoint.active = (name or "").strip(), (url or "").strip(), active
    endpoint.event_types = _clean_event_types(event_types)
    countries, topics = _countries(country_codes), _topics(topic_slugs)
    clean_free_text(endpoint)
    endpoint.full_clean(exclude=["secret_encrypted"])
    try:
        check_target(endpoint.url)
    except TargetRefused as error:
        raise field_error("url", str(error), code="refused_target") from error
    endpoint.save()
    endpoint.countries.set(countries)
    endpoint.topics.set(topics)
    return endpoint


@transaction.atomic
def remove_webhook_endpoint(endpoint: WebhookEndpoint) -> None:
    """Stop sending to an endpoint and forget it with its delivery log."""
    endpoint.delete()
