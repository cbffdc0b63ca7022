"""The change feed's and the webhook delivery log's types: ids, kinds and field names, never values or secrets."""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, auto

from api.permissions import user_of
from api.types.base import UuidNode, record_type
from api.types.enums import schema_enum
from directory import models as m
from directory.changes import ChangeKind
from directory.feed import cursor_of
from directory.permissions import may_read_webhooks

if TYPE_CHECKING:
    ChangeKindEnum = enum.Enum
    DeliveryStatus = enum.Enum
else:
    ChangeKindEnum = schema_enum(
        "ChangeKind", {kind.name: kind.value for kind in ChangeKind}, "What happened to a record."
    )
    DeliveryStatus = schema_enum(
        "WebhookDeliveryStatus",
        {status.name: status.value for status in m.WebhookDelivery.Status},
        "Where a webhook delivery stands.",
    )


@strawberry.type(name="Change")
class ChangeType:
    """One change to a record: which record, what kind of change, and the names of what changed."""

    cursor: str = strawberry.field(description="Ask for changes after this one with it.")
    sequence: int = strawberry.field(description="The change's place in the feed; later changes have higher ones.")
    at: datetime.datetime = strawberry.field(description="When the change was made.")
    record_kind: str = strawberry.field(description="The kind of record that changed: officer, agency, coverage…")
    uuid: strawberry.ID = strawberry.field(description="The changed record's uuid; read it with your own token.")
    kind: ChangeKindEnum = strawberry.field(description="What happened to the record.")
    type: str = strawberry.field(description="The webhook event type: the record kind and the change kind.")
    fields: list[str] = strawberry.field(description="Names of the fields or links that changed (never values).")

    @classmethod
    def of(cls, event: m.ChangeEvent) -> ChangeType:
        """The API's view of a published change."""
        assert event.sequence is not None
        return cls(
            cursor=cursor_of(event.sequence),
            sequence=event.sequence,
            at=event.at,
            record_kind=event.aggregate,
            uuid=strawberry.ID(str(event.record_uuid)),
            kind=ChangeKindEnum(event.kind),
            type=event.type,
            fields=list(event.fields),
        )


@strawberry.type(name="ChangePage")
class ChangePageType:
    """A page of the change feed, oldest first."""

    changes: list[ChangeType] = strawberry.field(description="The changes, oldest first.")
    end_cursor: str | None = strawberry.field(
        description="Pass it as `after` next time to resume here (the one you gave when nothing is new)."
    )
    has_more: bool = strawberry.field(description="Whether more changes wait already: ask again at once.")


@record_type(m.WebhookEndpoint, name="WebhookEndpoint")
class WebhookEndpointType(UuidNode):
    """Where an integration hears of changes (its signing secret is never shown here)."""

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        """Administrators only, through `node(id:)` as through the list."""
        return queryset if may_read_webhooks(user_of(info)) else queryset.none()

    name: auto
    url: auto
    active: auto
    created_at: auto

    @strawberry_django.field(only=["event_types"])
    def event_types(self, root: m.WebhookEndpoint) -> list[str]:
        """The event types it is sent; empty means every type."""
        return list(root.event_types)

    @strawberry_django.field(prefetch_related=["countries"])
    def country_codes(self, root: m.WebhookEndpoint) -> list[str]:
        """Only changes of these countries are sent (all when empty)."""
        return sorted(country.code for country in root.countries.all())

    @strawberry_django.field(prefetch_related=["topics"])
    def topic_slugs(self, root: m.WebhookEndpoint) -> list[str]:
        """Only changes of these topics are sent (all when empty)."""
        return sorted(topic.slug for topic in root.topics.all())


@record_type(m.WebhookDelivery, name="WebhookDelivery")
class WebhookDeliveryType(UuidNode):
    """One change sent to one endpoint: retried with backoff until delivered or given up."""

    @classmethod
    def resolve_id_attr(cls) -> str:
        """A delivery's uuid is its message id (`webhook-id`), the same on every attempt."""
        return "message_id"

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Any], info: Info, **kwargs: Any) -> QuerySet[Any]:
        """Administrators only, through `node(id:)` as through the list."""
        return queryset if may_read_webhooks(user_of(info)) else queryset.none()

    endpoint: WebhookEndpointType
    record_uuid: auto
    attempts: auto
    next_attempt_at: auto
    last_attempt_at: auto
    last_status_code: auto
    last_error: auto
    created_at: auto

    @strawberry_django.field(only=["status"])
    def status(self, root: m.WebhookDelivery) -> DeliveryStatus:
        """Pending (waiting or retrying), delivered, or given up after the last try."""
        return DeliveryStatus(root.status)

    @strawberry_django.field(select_related=["event"])
    def type(self, root: m.WebhookDelivery) -> str:
        """The event type sent."""
        return root.event.type

    @strawberry_django.field(only=["message_id"])
    def message_id(self, root: m.WebhookDelivery) -> str:
        """The `webhook-id` header, the same on every attempt."""
        return f"msg_{root.message_id.hex}"
