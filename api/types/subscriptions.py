"""What the signed-in user follows, and how often they hear about it."""

from __future__ import annotations

import strawberry_django
from strawberry import auto

from api.types.base import record_type
from directory import models as m


@record_type(m.Subscription, name="Subscription")
class SubscriptionType:
    """A country, topic, agency or partner the user follows, with a daily or weekly e-mail digest."""

    kind: auto
    frequency: auto
    language: auto
    created_at: auto
    last_sent_at: auto

    @strawberry_django.field(only=["kind", "country", "topic", "agency", "organisation"])
    def following(self) -> str:
        """The English name of what is followed."""
        target = self.target  # type: ignore[attr-defined]
        return str(getattr(target, "name_en", "") or target)
