"""Topics: the hierarchy, and for each topic who knows it, what was taught on it and who covers it where."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from directory.models import Coverage, Event, Expertise, Officer, Topic
from directory.visibility import of_visible_officers
from frontend.views.paging import page_of


@dataclass
class TopicNode:
    """A topic with the sub-topics under it."""

    topic: Topic
    children: list[TopicNode] = field(default_factory=list)


@dataclass
class Expert:
    """An officer who knows a topic or its sub-topics, at their highest level among them."""

    officer: Officer
    level: int
    level_label: str
    topics: list[Topic] = field(default_factory=list)


def topic_tree(topics: list[Topic]) -> list[TopicNode]:
    """The broadest topics, each with its sub-topics nested under it (under each broader topic), in name order."""
    by_pk = {topic.pk: topic for topic in topics}
    below: dict[int | None, list[Topic]] = {}
    for narrower, broader in Topic.broader.through.objects.values_list("from_topic_id", "to_topic_id"):
        if narrower in by_pk and broader in by_pk:
            below.setdefault(broader, []).append(by_pk[narrower])
    placed = {topic.pk for under in below.values() for topic in under}
    below[None] = [topic for topic in topics if topic.pk not in placed]

    def nodes(parent: int | None, path: frozenset[int]) -> list[TopicNode]:
        return [
            TopicNode(topic, nodes(topic.pk, path | {topic.pk}))
            for topic in sorted(below.get(parent, []), key=lambda t: t.name_en)
            if topic.pk not in path  # guarded against a cycle
        ]

    return nodes(None, frozenset())


def experts(user: Any, topic_ids: list[int]) -> list[Expert]:
    """Officers the viewer may see with expertise on any of these topics, one entry each, highest level first."""
    rows = (
        of_visible_officers(user, Expertise.objects.filter(topic_id__in=topic_ids))
        .select_related("officer__agency__country", "topic")
        .order_by("-level", "officer__name_latin", "officer_id", "topic__name_en")
    )
    by_officer: dict[int, Expert] = {}
    for row in rows:
        expert = by_officer.get(row.officer_id)
        if expert is None:
            expert = by_officer[row.officer_id] = Expert(row.officer, row.level, row.get_level_display())
        expert.topics.append(row.topic)
    return list(by_officer.values())


@login_required
@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    """The topics as a tree."""
    return render(request, "frontend/records/topic_list.html", {"tree": topic_tree(list(Topic.objects.all()))})


@login_required
@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One topic: where it sits, who knows it, what was held on it, and who covers it in which country."""
    topic = get_object_or_404(Topic.objects.prefetch_related("broader", "narrower"), slug=slug)
    below = sorted(Topic.objects.filter(pk__in=topic.narrower_ids()), key=lambda t: t.name_en)
    topic_ids = [topic.pk, *(sub.pk for sub in below)]
    context = {
        "topic": topic,
        "broader": sorted(topic.broader.all(), key=lambda t: t.name_en),
        "subtopics": sorted(topic.narrower.all(), key=lambda t: t.name_en),
        "experts": page_of(request, experts(request.user, topic_ids)),
        "events": Event.objects.filter(topics__in=topic_ids)
        .distinct()
        .select_related("city__country")
        .order_by("-starts_on", "title"),
        "coverage": Coverage.objects.filter(topic_id__in=topic_ids, excluded=False)
        .select_related("country", "organisation", "topic")
        .order_by("country__name_en", "organisation__name_en", "topic__name_en"),
    }
    return render(request, "frontend/records/topic.html", context)
