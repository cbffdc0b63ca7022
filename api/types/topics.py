"""The topic hierarchy."""

from __future__ import annotations

import strawberry_django
from strawberry import auto, relay

from api.types.base import SignedInOnly
from directory import models as m


@strawberry_django.type(m.Topic, name="Topic")
class TopicType(SignedInOnly, relay.Node):
    """A field of expertise, possibly under a broader one."""

    uuid: auto
    slug: auto
    name_en: auto
    name_ru: auto
    parent: TopicType | None
    children: list[TopicType] = strawberry_django.field(description="The narrower topics directly under this one.")
