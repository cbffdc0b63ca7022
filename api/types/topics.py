"""The topic hierarchy."""

from __future__ import annotations

from typing import cast

import strawberry_django
from strawberry import auto

from api.types.base import UuidNode, record_type
from directory import models as m


@record_type(m.Topic, name="Topic")
class TopicType(UuidNode):
    """A field of expertise, possibly under one or more broader ones."""

    uuid: auto
    slug: auto
    name_en: auto
    name_ru: auto
    name_kk: auto
    name_uz: auto
    broader: list[TopicType]
    children: list[TopicType] = strawberry_django.field(
        field_name="narrower", description="The narrower topics directly under this one."
    )

    @strawberry_django.field(
        prefetch_related=["broader"],
        deprecation_reason="A topic may sit under several broader topics: use `broader`.",
    )
    def parent(self, root: m.Topic) -> TopicType | None:
        """The first of the broader topics by English name (null for a top-level topic)."""
        first = min(root.broader.all(), key=lambda topic: topic.name_en, default=None)
        return cast(TopicType | None, first)
