"""Choices for the pages' select boxes, named in the page's language."""

from __future__ import annotations

from directory.models import Country, Language, Topic
from frontend.templatetags.liaison import localized


def topic_choices() -> list[tuple[str, str]]:
    """Every topic as (slug, name), each broader topic followed by its sub-topics, indented."""
    topics = list(Topic.objects.all())
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    ordered: list[tuple[str, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for topic in sorted(children.get(parent_id, []), key=localized):
            ordered.append((topic.slug, "\u2003" * depth + ("— " if depth else "") + localized(topic)))
            walk(topic.pk, depth + 1)

    walk(None, 0)
    return ordered


def country_choices() -> list[tuple[str, str]]:
    """Every country as (ISO code, name)."""
    return sorted(((str(c.code), localized(c)) for c in Country.objects.all()), key=lambda choice: choice[1])


def language_choices() -> list[tuple[str, str]]:
    """Every language as (ISO 639 code, name)."""
    return sorted(((lang.code, localized(lang)) for lang in Language.objects.all()), key=lambda choice: choice[1])
