"""The topic hierarchy: cybercrime › darknet drug trafficking, and so on; a topic may sit under several."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from directory.errors import field_error
from directory.models.base import NamedInScripts


def _links() -> list[tuple[int, int]]:
    """Every (narrower, broader) pair of ids, in one query; the hierarchy is small."""
    return list(Topic.broader.through.objects.values_list("from_topic_id", "to_topic_id"))


def _reachable(start: Iterable[int], steps: dict[int, list[int]]) -> set[int]:
    """The ids reached from `start` by any number of steps, guarded against a cycle."""
    found: set[int] = set()
    waiting = list(start)
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.add(current)
            waiting.extend(steps.get(current, []))
    return found


def broader_closure() -> dict[int, set[int]]:
    """Every topic's broader topics at any depth, by id, from one query."""
    up: dict[int, list[int]] = {}
    for narrower, broader in _links():
        up.setdefault(narrower, []).append(broader)
    return {start: _reachable(up[start], up) - {start} for start in up}


class Topic(NamedInScripts):
    """A field of expertise, possibly under one or more broader ones."""

    slug = models.SlugField(max_length=80, unique=True)
    # Drug trafficking via the internet is both cybercrime and drug trafficking: a topic may have several.
    broader = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="narrower", verbose_name="broader topics"
    )

    class Meta:
        ordering = ["name_en"]

    def ancestor_ids(self) -> set[int]:
        """The ids of every topic above this one, at any depth, along every broader topic."""
        return broader_closure().get(self.pk, set())

    def ancestors(self) -> list[Topic]:
        """The broader topics above this one, at any depth, by name."""
        return list(Topic.objects.filter(pk__in=self.ancestor_ids()))

    def narrower_ids(self) -> set[int]:
        """The ids of every topic under this one, at any depth (one query; the tree is small)."""
        down: dict[int, list[int]] = {}
        for narrower, broader in _links():
            down.setdefault(broader, []).append(narrower)
        return _reachable(down.get(self.pk, []), down) - {self.pk}

    def check_broader(self, broader: Iterable[Topic]) -> None:
        """A topic cannot sit under itself or under one of its own sub-topics."""
        if self.pk is None:
            return
        below = self.narrower_ids() | {self.pk}
        looping = sorted(str(topic) for topic in broader if topic.pk in below)
        if looping:
            raise field_error(
                "broader",
                f"'{', '.join(looping)}' is '{self}' itself or one of its sub-topics; choose a broader topic.",
                code="topic_cycle",
            )
