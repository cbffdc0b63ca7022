"""Writes for agencies and partner organisations."""

from __future__ import annotations

from django.db import transaction

from directory.models import Agency, City, Organisation
from directory.services.lookups import country_by_code
from directory.services.publishing import Aggregate, apply_changes, save_and_publish, touch


@transaction.atomic
def create_agency(
    *,
    country_code: str,
    name_en: str,
    kind: str,
    name_ru: str = "",
    name_kk: str = "",
    name_uz: str = "",
    name_local: str = "",
    city: City | None = None,
) -> Agency:
    """Add an agency of a country."""
    agency = Agency(
        country=country_by_code(country_code),
        name_en=name_en,
        kind=kind,
        name_ru=name_ru,
        name_kk=name_kk,
        name_uz=name_uz,
        name_local=name_local,
        city=city,
    )
    return save_and_publish(agency, Aggregate.AGENCY)


@transaction.atomic
def update_agency(agency: Agency, **changes: object) -> Agency:
    """Change an agency's fields; when it moves country, its officers' graph entries follow."""
    country_before = agency.country_id
    apply_changes(agency, Aggregate.AGENCY, changes)
    if agency.country_id != country_before:
        touch(agency.officers.all(), Aggregate.OFFICER, links=["agency"])
    return agency


@transaction.atomic
def create_organisation(
    *,
    name_en: str,
    kind: str,
    country_code: str | None = None,
    name_ru: str = "",
    website: str = "",
    acronym: str = "",
    other_names: str = "",
) -> Organisation:
    """Add a partner, donor, embassy or UNODC unit, with the acronym and other names people search it by."""
    country = country_by_code(country_code) if country_code else None
    organisation = Organisation(
        name_en=name_en,
        kind=kind,
        country=country,
        name_ru=name_ru,
        website=website,
        acronym=acronym,
        other_names=other_names,
    )
    return save_and_publish(organisation, Aggregate.ORGANISATION)


@transaction.atomic
def update_organisation(organisation: Organisation, **changes: object) -> Organisation:
    """Change an organisation's fields."""
    return apply_changes(organisation, Aggregate.ORGANISATION, changes)
