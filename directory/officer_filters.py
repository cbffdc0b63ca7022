"""The officer list's filters, shared by the API's `officers` connection and the pages' exports."""

from __future__ import annotations

import datetime
import uuid as uuid_module

from anyascii import anyascii
from django.db.models import Q, QuerySet

from directory.errors import field_error
from directory.models import Officer, Topic
from directory.services.validation import clean_text

MAX_TEXT = 200


def topic_with_descendants(slug: str) -> list[int]:
    """The ids of a topic and every topic under it."""
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise field_error("topic", f"Unknown topic '{slug}'; use the slug of a listed topic.", code="unknown_topic")
    return sorted({topic.pk, *topic.narrower_ids()})


def check_text(field: str, value: str | None) -> None:
    """Refuse a filter's text longer than MAX_TEXT or holding a hidden character (no stored value holds one, and
    PostgreSQL refuses a NUL even to compare it), naming `field`."""
    if value is None:
        return
    if len(value) > MAX_TEXT:
        raise field_error(field, f"Give at most {MAX_TEXT} characters.", code="too_long")
    clean_text(field, value)


def filter_officers(
    queryset: QuerySet[Officer],
    *,
    country: str | None = None,
    agency: str | None = None,
    topic: str | None = None,
    language: str | None = None,
    verified: bool | None = None,
    name: str | None = None,
    updated_since: datetime.datetime | None = None,
    order: str = "name_latin",
) -> QuerySet[Officer]:
    """Apply the officer list's filters; a malformed value is a ValidationError naming the argument."""
    for field, value in (("country", country), ("topic", topic), ("language", language), ("name", name)):
        check_text(field, value)
    if country is not None:
        queryset = queryset.filter(agency__country__code=country.strip().upper())
    if agency is not None:
        try:
            queryset = queryset.filter(agency__uuid=uuid_module.UUID(agency))
        except ValueError:
            raise field_error("agency", f"'{agency[:40]}' is not an agency uuid.", code="malformed_id") from None
    if topic is not None:
        queryset = queryset.filter(expertise__topic_id__in=topic_with_descendants(topic)).distinct()
    if language is not None:
        queryset = queryset.filter(languages__code=language.strip().lower())
    if verified is not None:
        queryset = queryset.filter(verified_at__isnull=not verified)
    if name:
        latin = anyascii(name).strip()
        queryset = queryset.filter(
            Q(name_native__icontains=name.strip())
            | Q(name_latin__icontains=name.strip())
            | Q(name_ascii__icontains=latin)
        )
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    return queryset.order_by(order, "id")
