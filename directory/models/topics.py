"""The topic hierarchy: cybercrime › darknet drug trafficking, and so on."""

from __future__ import annotations

from django.db import models

from directory.errors import field_error
from directory.models.base import NamedInScripts


class Topic(NamedInScripts):
    """A field of expertise, possibly under a broader one."""

    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="broader topic"
    )

    class Meta:
        ordering = ["name_en"]

    def ancestors(self) -> list[Topic]:
        """The broader topics above this one, nearest first."""
        chain: list[Topic] = []
        current = self.parent
        while current is not None and current not in chain:
            chain.append(current)
            current = current.parent
        return chain

    def narrower_ids(self) -> set[int]:
        """The ids of every topic under this one, at any depth (one query; the tree is small)."""
        children: dict[int, list[int]] = {}
        for child, parent in Topic.objects.exclude(parent=None).values_list("id", "parent_id"):
            children.setdefault(parent, []).append(child)
        found: set[int] = set()
        waiting = list(children.get(self.pk, []))
        while waiting:
            current = waiting.pop()
            if current not in found and current != self.pk:  # guarded against a cycle
                found.add(current)
                waiting.extend(children.get(current, []))
        return found

    def clean(self) -> None:
        """A topic cannot sit under itself or under one of its own sub-topics."""
        if self.parent_id is None:
            return
        if self.pk is not None and (
            self.parent_id == self.pk or (self.parent is not None and self in self.parent.ancestors())
        ):
            raise field_error(
                "parent",
                f"'{self.parent}' is '{self}' itself or one of its sub-topics; choose a broader topic.",
                code="topic_cycle",
            )
