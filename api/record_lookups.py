"""One record by the key an integrator holds: a uuid, a country's ISO code, a topic's slug.

Each lookup reads through the same permission-filtered querysets as the lists (the type's `get_queryset`), so a
record the viewer may not see and one that does not exist both answer null: no one learns what exists by asking.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from typing import Any, cast

import strawberry
import strawberry_django
from django.core.validators import slug_re
from django.db.models import QuerySet

from api.global_ids import as_uuid
from api.types.events import EventType
from api.types.institutions import AgencyType, OrganisationType
from api.types.people import OfficerType
from api.types.places import CountryType
from api.types.topics import TopicType
from directory import models as m
from directory.errors import field_error

COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")
MAX_SLUG = m.Topic._meta.get_field("slug").max_length or 80


def _uuid(value: strawberry.ID) -> uuid_module.UUID:
    found = as_uuid(str(value).strip())
    if found is None:
        raise field_error(
            "uuid",
            f"'{str(value)[:60]}' is not a uuid; give 36 characters such as 0f8e5c3a-1d2b-4c5d-8e9f-0a1b2c3d4e5f.",
            code="malformed_id",
        )
    return found


def _by_uuid(model: type[Any], value: strawberry.ID) -> QuerySet[Any]:
    # The type's get_queryset (who may see what) is applied to this queryset before its first row is read.
    return cast(QuerySet[Any], model._default_manager.filter(uuid=_uuid(value)))


@strawberry.type
class LookupQuery:
    """Single records by uuid, code or slug: null when there is none the viewer may see."""

    @strawberry_django.field
    def officer(self, uuid: strawberry.ID) -> OfficerType | None:
        """The officer with this uuid, if the viewer may see them (contact views are logged as in the list)."""
        return cast(OfficerType | None, _by_uuid(m.Officer, uuid))

    @strawberry_django.field
    def event(self, uuid: strawberry.ID) -> EventType | None:
        """The event with this uuid."""
        return cast(EventType | None, _by_uuid(m.Event, uuid))

    @strawberry_django.field
    def agency(self, uuid: strawberry.ID) -> AgencyType | None:
        """The agency with this uuid."""
        return cast(AgencyType | None, _by_uuid(m.Agency, uuid))

    @strawberry_django.field
    def organisation(self, uuid: strawberry.ID) -> OrganisationType | None:
        """The partner, donor, embassy or UNODC unit with this uuid."""
        return cast(OrganisationType | None, _by_uuid(m.Organisation, uuid))

    @strawberry_django.field
    def country(self, code: str) -> CountryType | None:
        """The country with this ISO 3166-1 alpha-2 code (any case)."""
        if not COUNTRY_CODE.fullmatch(code.strip()):
            raise field_error(
                "code",
                f"'{code[:40]}' is not an ISO 3166-1 alpha-2 code; give two letters, such as KZ.",
                code="malformed_code",
            )
        return cast(CountryType | None, m.Country.objects.filter(code=code.strip().upper()))

    @strawberry_django.field
    def topic(self, slug: str) -> TopicType | None:
        """The topic with this slug."""
        if len(slug.strip()) > MAX_SLUG or not slug_re.fullmatch(slug.strip()):
            raise field_error(
                "slug",
                f"'{slug[:40]}' is not a topic slug; give letters, digits, hyphens or underscores, such as "
                "darknet-drug-trafficking.",
                code="malformed_code",
            )
        return cast(TopicType | None, m.Topic.objects.filter(slug=slug.strip()))
