"""Choices for the pages' select boxes, named in the page's language."""

from __future__ import annotations

from directory.models import Country, Language, Topic
from frontend.templatetags.liaison import localized


def topic_tree() -> list[tuple[Topic, int]]:
    """Every topic with its depth, each broader topic followed by its narrower ones, by name in the page language."""
    children: dict[int | None, list[Topic]] = {}
    for topic in Topic.objects.all():
        children.setdefault(topic.parent_id, []).append(topic)
    ordered: list[tuple[Topic, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for topic in sorted(children.get(parent_id, []), key=localized):
            ordered.append((topic, depth))
            walk(topic.pk, depth + 1)

    walk(None, 0)
    return ordered


def topic_choices(tree: list[tuple[Topic, int]] | None = None) -> list[tuple[str, str]]:
    """Every topic as (slug, name) in tree order, the narrower ones indented."""
    return [
        (topic.slug, "\u2003" * depth + ("— " if depth else "") + localized(topic))
        for topic, depth in (topic_tree() if tree is None else tree)
    ]


def country_choices() -> list[tuple[str, str]]:
    """Every country as (ISO code, name)."""
    return sorted(((str(c.code), localized(c)) for c in Country.objects.all()), key=lambda choice: choice[1])


def language_choices() -> list[tuple[str, str]]:
    """Every language as (ISO 639 code, name)."""
    return sorted(((lang.code, localized(lang)) for lang in Language.objects.all()), key=lambda choice: choice[1])
