"""Choices for the pages' select boxes, named in the page's language."""

from __future__ import annotations

from directory.models import Country, Language, Topic
from frontend.templatetags.liaison import localized


def topic_tree() -> list[tuple[Topic, int]]:
    """Every topic with its depth, under each of its broader topics, by name in the page language.

    A topic under two broader topics (drug trafficking via the internet) appears under both, with its sub-topics.
    """
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    children: dict[int | None, list[Topic]] = {}
    for narrower, broader in Topic.broader.through.objects.values_list("from_topic_id", "to_topic_id"):
        children.setdefault(broader, []).append(topics[narrower])
    placed = {narrower.pk for below in children.values() for narrower in below}
    children[None] = [topic for topic in topics.values() if topic.pk not in placed]
    ordered: list[tuple[Topic, int]] = []

    def walk(parent_id: int | None, depth: int, path: frozenset[int]) -> None:
        for topic in sorted(children.get(parent_id, []), key=localized):
            if topic.pk not in path:  # guarded against a cycle written behind the services' back
                ordered.append((topic, depth))
                walk(topic.pk, depth + 1, path | {topic.pk})

    walk(None, 0, frozenset())
    return ordered


def topic_choices(tree: list[tuple[Topic, int]] | None = None) -> list[tuple[str, str]]:
    """Every topic once as (slug, name) in tree order, the narrower ones indented, under its first broader topic."""
    seen: set[str] = set()
    choices = []
    for topic, depth in topic_tree() if tree is None else tree:
        if topic.slug not in seen:
            seen.add(topic.slug)
            choices.append((topic.slug, "\u2003" * depth + ("— " if depth else "") + localized(topic)))
    return choices


def country_choices() -> list[tuple[str, str]]:
    """Every country as (ISO code, name)."""
    return sorted(((str(c.code), localized(c)) for c in Country.objects.all()), key=lambda choice: choice[1])


def language_choices() -> list[tuple[str, str]]:
    """Every language as (ISO 639 code, name)."""
    return sorted(((lang.code, localized(lang)) for lang in Language.objects.all()), key=lambda choice: choice[1])
