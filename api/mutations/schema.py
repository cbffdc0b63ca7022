"""The root mutation: typed results, errors as OperationInfo naming the field (never a stack trace)."""

from __future__ import annotations

import datetime
from typing import cast

import strawberry
import strawberry_django
from strawberry import Info

from api.mutations.lookups import editable, ensure_can_create, linkable_officers, own_or_editable_officer, record
from api.permissions import require_signed_in
from api.types.choices import AgencyKind, OrganisationKind, ParticipationRating, ParticipationRole, as_choice
from api.types.events import CoverageType, EventType, ParticipationType
from api.types.institutions import AgencyType, OrganisationType
from api.types.people import OfficerType
from directory import models as m
from directory.errors import field_error
from directory.permissions import ensure_can_merge, ensure_can_move
from directory.services import events as event_services
from directory.services import institutions as institution_services
from directory.services import officers as officer_services
from directory.services.lookups import country_by_code, topic_by_slug

MAX_LIST = 50


@strawberry.type
class ErasedOfficer:
    """The uuid of an officer who was erased."""

    uuid: strawberry.ID


@strawberry.input
class ExpertiseInput:
    """A topic (by slug) and a level: 1 working, 2 experienced, 3 expert."""

    topic: str
    level: int


@strawberry.input
class OfficerInput:
    """An officer's entry."""

    name_native: str
    name_latin: str
    agency: strawberry.ID
    position: str = ""
    rank: str = ""
    languages: list[str] = strawberry.field(default_factory=list)
    expertise: list[ExpertiseInput] = strawberry.field(default_factory=list)


@strawberry.input
class OfficerChanges:
    """Changes to an officer's entry; omitted fields stay as they are."""

    name_native: str | None = None
    name_latin: str | None = None
    position: str | None = None
    rank: str | None = None
    agency: strawberry.ID | None = None
    languages: list[str] | None = None
    expertise: list[ExpertiseInput] | None = None


def _cap(values: list | None, field: str) -> None:
    if values is not None and len(values) > MAX_LIST:
        raise field_error(field, f"Give at most {MAX_LIST} items.", code="too_many")


def _expertise(items: list[ExpertiseInput]) -> dict[m.Topic, int]:
    _cap(items, "expertise")
    return {topic_by_slug(item.topic, field="expertise"): item.level for item in items}


# Each mutation returns the model instance and strawberry-django renders it through the declared type;
# `cast` tells the type checker so, as the GraphQL type is what the schema must announce.
@strawberry.type
class Mutation:
    """Change the directory (stewards, administrators and integrations with write scope)."""

    @strawberry_django.mutation(handle_django_errors=True)
    def create_officer(self, info: Info, input: OfficerInput) -> OfficerType:
        """Add an officer."""
        agency = record(info, m.Agency, input.agency, "agency")
        ensure_can_create(info, m.Officer(agency=agency))
        _cap(input.languages, "languages")
        return cast(
            OfficerType,
            officer_services.create_officer(
                name_native=input.name_native,
                name_latin=input.name_latin,
                agency=agency,
                position=input.position,
                rank=input.rank,
                languages=input.languages,
                expertise=_expertise(input.expertise),
            ),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def update_officer(self, info: Info, officer: strawberry.ID, changes: OfficerChanges) -> OfficerType:
        """Change an officer's entry."""
        target = editable(info, m.Officer, officer, "officer")
        fields = {
            name: getattr(changes, name)
            for name in ("name_native", "name_latin", "position", "rank")
            if getattr(changes, name) is not None
        }
        if changes.agency is not None:
            fields["agency"] = record(info, m.Agency, changes.agency, "agency")
            ensure_can_move(require_signed_in(info), target, fields["agency"])
        _cap(changes.languages, "languages")
        expertise = _expertise(changes.expertise) if changes.expertise is not None else None
        return cast(
            OfficerType,
            officer_services.update_officer(target, languages=changes.languages, expertise=expertise, **fields),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def verify_officer(self, info: Info, officer: strawberry.ID) -> OfficerType:
        """Record that a steward checked this entry."""
        target = editable(info, m.Officer, officer, "officer")
        return cast(OfficerType, officer_services.verify_officer(target, by=require_signed_in(info)))

    @strawberry_django.mutation(handle_django_errors=True)
    def confirm_officer_current(self, info: Info, officer: strawberry.ID) -> OfficerType:
        """Record that an entry is still correct today (officers may confirm their own)."""
        return cast(
            OfficerType, officer_services.confirm_officer_current(own_or_editable_officer(info, officer, "officer"))
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def merge_officers(self, info: Info, keep: strawberry.ID, duplicate: strawberry.ID) -> OfficerType:
        """Fold a duplicate entry into the one to keep."""
        kept = record(info, m.Officer, keep, "keep")
        folded = record(info, m.Officer, duplicate, "duplicate")
        ensure_can_merge(require_signed_in(info), kept, folded)
        return cast(OfficerType, officer_services.merge_officers(kept, folded))

    @strawberry_django.mutation(handle_django_errors=True)
    def erase_officer(self, info: Info, officer: strawberry.ID) -> ErasedOfficer:
        """Remove an officer and every trace of them in the graph."""
        target = editable(info, m.Officer, officer, "officer")
        uuid = str(target.uuid)
        officer_services.erase_officer(target)
        return ErasedOfficer(uuid=strawberry.ID(uuid))

    @strawberry_django.mutation(handle_django_errors=True)
    def record_acquaintance(
        self, info: Info, officer: strawberry.ID, other: strawberry.ID, met_at: strawberry.ID | None = None
    ) -> OfficerType:
        """Record that two officers know each other (officers may declare their own acquaintances)."""
        first, second = linkable_officers(info, officer, other)
        event = record(info, m.Event, met_at, "met_at") if met_at else None
        officer_services.record_acquaintance(first, second, source="met_at_event" if event else "declared", event=event)
        first.refresh_from_db()
        return cast(OfficerType, first)

    @strawberry_django.mutation(handle_django_errors=True)
    def remove_acquaintance(self, info: Info, officer: strawberry.ID, other: strawberry.ID) -> OfficerType:
        """Record that two officers are no longer linked (officers may remove their own acquaintances)."""
        first, second = linkable_officers(info, officer, other)
        officer_services.remove_acquaintance(first, second)
        first.refresh_from_db()
        return cast(OfficerType, first)

    @strawberry_django.mutation(handle_django_errors=True)
    def create_agency(
        self, info: Info, country: str, name_en: str, kind: AgencyKind, name_ru: str = "", name_local: str = ""
    ) -> AgencyType:
        """Add an agency of a country."""
        ensure_can_create(info, m.Agency(country=country_by_code(country)))
        return cast(
            AgencyType,
            institution_services.create_agency(
                country_code=country, name_en=name_en, kind=kind.value, name_ru=name_ru, name_local=name_local
            ),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def update_agency(
        self,
        info: Info,
        agency: strawberry.ID,
        name_en: str | None = None,
        name_ru: str | None = None,
        name_local: str | None = None,
        kind: AgencyKind | None = None,
    ) -> AgencyType:
        """Change an agency."""
        target = editable(info, m.Agency, agency, "agency")
        changes = {
            k: v
            for k, v in {
                "name_en": name_en,
                "name_ru": name_ru,
                "name_local": name_local,
                "kind": as_choice(kind),
            }.items()
            if v is not None
        }
        return cast(AgencyType, institution_services.update_agency(target, **changes))

    @strawberry_django.mutation(handle_django_errors=True)
    def create_organisation(
        self,
        info: Info,
        name_en: str,
        kind: OrganisationKind,
        country: str | None = None,
        name_ru: str = "",
        website: str = "",
        acronym: str = "",
        other_names: str = "",
    ) -> OrganisationType:
        """Add a partner, donor, embassy or UNODC unit."""
        ensure_can_create(info, m.Organisation())
        return cast(
            OrganisationType,
            institution_services.create_organisation(
                name_en=name_en,
                kind=kind.value,
                country_code=country,
                name_ru=name_ru,
                website=website,
                acronym=acronym,
                other_names=other_names,
            ),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def update_organisation(
        self,
        info: Info,
        organisation: strawberry.ID,
        name_en: str | None = None,
        name_ru: str | None = None,
        kind: OrganisationKind | None = None,
        website: str | None = None,
        acronym: str | None = None,
        other_names: str | None = None,
    ) -> OrganisationType:
        """Change an organisation."""
        target = editable(info, m.Organisation, organisation, "organisation")
        changes = {
            k: v
            for k, v in {
                "name_en": name_en,
                "name_ru": name_ru,
                "kind": as_choice(kind),
                "website": website,
                "acronym": acronym,
                "other_names": other_names,
            }.items()
            if v is not None
        }
        return cast(OrganisationType, institution_services.update_organisation(target, **changes))

    @strawberry_django.mutation(handle_django_errors=True)
    def create_event(
        self,
        info: Info,
        title: str,
        city: strawberry.ID,
        starts_on: datetime.date,
        ends_on: datetime.date,
        short_title: str = "",
        title_ru: str = "",
        short_title_ru: str = "",
        topics: list[strawberry.ID] | None = None,
        organisers: list[strawberry.ID] | None = None,
        trainers: list[strawberry.ID] | None = None,
    ) -> EventType:
        """Add an event with its topics, organisers and trainers."""
        place = record(info, m.City, city, "city")
        ensure_can_create(info, m.Event(city=place))
        for name, values in (("topics", topics), ("organisers", organisers), ("trainers", trainers)):
            _cap(values, name)
        return cast(
            EventType,
            event_services.create_event(
                title=title,
                short_title=short_title,
                title_ru=title_ru,
                short_title_ru=short_title_ru,
                city=place,
                starts_on=starts_on,
                ends_on=ends_on,
                topics=[record(info, m.Topic, t, "topics") for t in topics or []],
                organisers=[record(info, m.Organisation, o, "organisers") for o in organisers or []],
                trainers=[record(info, m.Organisation, t, "trainers") for t in trainers or []],
            ),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def update_event(
        self,
        info: Info,
        event: strawberry.ID,
        title: str | None = None,
        starts_on: datetime.date | None = None,
        ends_on: datetime.date | None = None,
        title_ru: str | None = None,
        short_title_ru: str | None = None,
    ) -> EventType:
        """Change an event's titles or dates."""
        target = editable(info, m.Event, event, "event")
        changes = {
            k: v
            for k, v in {
                "title": title,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "title_ru": title_ru,
                "short_title_ru": short_title_ru,
            }.items()
            if v is not None
        }
        return cast(EventType, event_services.update_event(target, **changes))

    @strawberry_django.mutation(handle_django_errors=True)
    def record_participation(
        self,
        info: Info,
        officer: strawberry.ID,
        event: strawberry.ID,
        role: ParticipationRole = ParticipationRole.PARTICIPANT,  # type: ignore[attr-defined]
        rating: ParticipationRating | None = None,
    ) -> ParticipationType:
        """Record that an officer took part in an event."""
        attendee = editable(info, m.Officer, officer, "officer")
        return cast(
            ParticipationType,
            event_services.record_participation(
                attendee, record(info, m.Event, event, "event"), role=role.value, rating=as_choice(rating) or ""
            ),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def record_coverage(
        self,
        info: Info,
        organisation: strawberry.ID,
        country: str,
        topic: strawberry.ID,
        note: str = "",
        excluded: bool = False,
    ) -> CoverageType:
        """Record that a partner supports a country on a topic, or (excluded) that it does not."""
        partner = record(info, m.Organisation, organisation, "organisation")
        subject = record(info, m.Topic, topic, "topic")
        ensure_can_create(info, m.Coverage(organisation=partner, country=country_by_code(country), topic=subject))
        return cast(
            CoverageType,
            event_services.record_coverage(
                organisation=partner, country_code=country, topic=subject, note=note, excluded=excluded
            ),
        )

    @strawberry_django.mutation(handle_django_errors=True)
    def remove_coverage(self, info: Info, coverage: strawberry.ID) -> CoverageType:
        """Record that a partner no longer supports a country on a topic; returns the removed entry."""
        target = editable(info, m.Coverage, coverage, "coverage")
        removed = m.Coverage(
            pk=target.pk,
            uuid=target.uuid,
            organisation=target.organisation,
            country=target.country,
            topic=target.topic,
            note=target.note,
            excluded=target.excluded,
        )
        event_services.remove_coverage(target)
        return cast(CoverageType, removed)
