"""The root query's fields for integrations: the change feed, and (administrators only) webhooks and deliveries."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
import strawberry_django
from django.core.exceptions import PermissionDenied
from strawberry import Info
from strawberry_django.relay import DjangoListConnection

from api.limits import MAX_PAGE_SIZE
from api.permissions import user_of
from api.types.changes import (
    ChangeKindEnum,
    ChangePageType,
    ChangeType,
    DeliveryStatus,
    WebhookDeliveryType,
    WebhookEndpointType,
)
from directory import models as m
from directory.errors import field_error
from directory.feed import visible_changes
from directory.permissions import may_read_webhooks
from directory.visibility import Viewer


def _administrator(user: Viewer) -> None:
    if not may_read_webhooks(user):
        raise PermissionDenied("Only administrators read webhooks and their delivery log.")


@strawberry.type
class IntegrationQuery:
    """Fields for systems that keep a mirror of the directory, or listen for its changes."""

    @strawberry.field
    def changes(
        self, info: Info, after: str | None = None, kinds: list[ChangeKindEnum] | None = None, first: int = 100
    ) -> ChangePageType:
        """Changes after a cursor, oldest first, with record ids and changed field names (never values)."""
        if not 0 <= first <= MAX_PAGE_SIZE:
            raise field_error("first", f"Ask for 0 to {MAX_PAGE_SIZE} changes a page, not {first}.", code="too_many")
        if kinds is not None and len(kinds) > len(ChangeKindEnum):
            raise field_error("kinds", "Name each kind of change at most once.", code="too_many")
        page = visible_changes(user_of(info), after, [kind.value for kind in kinds] if kinds else None, first)
        return ChangePageType(
            changes=[ChangeType.of(event) for event in page.changes],
            end_cursor=page.end_cursor,
            has_more=page.has_more,
        )

    @strawberry_django.connection(DjangoListConnection[WebhookEndpointType])
    def webhook_endpoints(self, info: Info) -> Iterable[m.WebhookEndpoint]:
        """Webhook endpoints (administrators only), by name."""
        _administrator(user_of(info))
        return m.WebhookEndpoint.objects.order_by("name", "id")

    @strawberry_django.connection(DjangoListConnection[WebhookDeliveryType])
    def webhook_deliveries(
        self, info: Info, status: DeliveryStatus | None = None, endpoint: str | None = None
    ) -> Iterable[m.WebhookDelivery]:
        """The webhook delivery log (administrators only), newest first: status, attempts and last error."""
        _administrator(user_of(info))
        deliveries = m.WebhookDelivery.objects.order_by("-id")
        if status is not None:
            deliveries = deliveries.filter(status=status.value)
        if endpoint is not None:
            found = m.WebhookEndpoint.objects.filter(name=endpoint).values_list("pk", flat=True)
            deliveries = deliveries.filter(endpoint_id__in=list(found))
        return deliveries
