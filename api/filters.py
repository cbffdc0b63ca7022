"""Orders of the officer list; its filters are directory.officer_filters', which the pages' exports share."""

from __future__ import annotations

import enum

import strawberry

from directory.officer_filters import filter_officers, topic_with_descendants

__all__ = ["OfficerOrder", "filter_officers", "topic_with_descendants"]


@strawberry.enum(name="OfficerOrder")
class OfficerOrder(enum.Enum):
    """How to order officers."""

    NAME = "name_latin"
    RECENTLY_UPDATED = "-updated_at"
    RECENTLY_CONFIRMED = "-last_confirmed_at"
