"""Agencies and partner organisations."""

from __future__ import annotations

from strawberry import auto

from api.types.base import UuidNode, record_type
from api.types.choices import AgencyKind, OrganisationKind
from api.types.places import CityType, CountryType
from directory import models as m


@record_type(m.Agency, name="Agency")
class AgencyType(UuidNode):
    """A law-enforcement or justice body of one country."""

    uuid: auto
    name_en: auto
    name_ru: auto
    name_kk: auto
    name_uz: auto
    name_local: auto
    kind: AgencyKind
    country: CountryType
    city: CityType | None


@record_type(m.Organisation, name="Organisation")
class OrganisationType(UuidNode):
    """A partner, donor, embassy or UNODC unit."""

    uuid: auto
    name_en: auto
    name_ru: auto
    name_kk: auto
    name_uz: auto
    kind: OrganisationKind
    website: auto
    acronym: auto
    other_names: auto
    country: CountryType | None
