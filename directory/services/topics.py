"""Writes for the topic hierarchy."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from directory.models import Topic
from directory.services.lookups import topic_by_slug
from directory.services.publishing import Aggregate, apply_changes, save_and_publish


@transaction.atomic
def create_topic(
    *,
    slug: str,
    name_en: str,
    name_ru: str = "",
    name_kk: str = "",
    name_uz: str = "",
    broader_slugs: Iterable[str] = (),
) -> Topic:
    """Add a topic, under the broader topics whose slugs are given (none for a top-level topic)."""
    broader = [topic_by_slug(broader_slug, field="broader") for broader_slug in broader_slugs]
    topic = Topic(slug=slug, name_en=name_en, name_ru=name_ru, name_kk=name_kk, name_uz=name_uz)
    if broader:
        # Saved once unpublished (version 0) so the links can be set, then published with them.
        topic.full_clean()
        topic.save()
        topic.broader.set(broader)
    return save_and_publish(topic, Aggregate.TOPIC)


@transaction.atomic
def update_topic(topic: Topic, *, broader: Iterable[Topic] | None = None, **changes: object) -> Topic:
    """Rename a topic, or set the broader topics it sits under; a topic cannot become its own ancestor."""
    if broader is not None:
        chosen = list(broader)
        topic.check_broader(chosen)
        topic.broader.set(chosen)
    return apply_changes(topic, Aggregate.TOPIC, changes)
