"""Writes for the topic hierarchy."""

from __future__ import annotations

from django.db import transaction

from directory.models import Topic
from directory.services.lookups import topic_by_slug
from directory.services.publishing import Aggregate, apply_changes, save_and_publish


@transaction.atomic
def create_topic(*, slug: str, name_en: str, name_ru: str = "", parent_slug: str | None = None) -> Topic:
    """Add a topic, under a broader one when `parent_slug` is given."""
    parent = topic_by_slug(parent_slug, field="parent") if parent_slug else None
    return save_and_publish(Topic(slug=slug, name_en=name_en, name_ru=name_ru, parent=parent), Aggregate.TOPIC)


@transaction.atomic
def update_topic(topic: Topic, **changes: object) -> Topic:
    """Rename a topic or move it under another; a topic cannot become its own ancestor."""
    return apply_changes(topic, Aggregate.TOPIC, changes)
