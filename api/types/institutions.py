"""Agencies and partner organisations."""

from __future__ import annotations

import strawberry_django
from strawberry import auto, relay

from api.types.base import SignedInOnly
from api.types.places import CityType, CountryType
from directory import models as m


@strawberry_django.type(m.Agency, name="Agency")
class AgencyType(SignedInOnly, relay.Node):
    """A law-enforcement or justice body of one country."""

    uuid: auto
    name_en: auto
    name_ru: auto
    name_local: auto
    kind: auto
    country: CountryType
    city: CityType | None


@strawberry_django.type(m.Organisation, name="Organisation")
class OrganisationType(SignedInOnly, relay.Node):
    """A partner, donor, embassy or UNODC unit."""

    uuid: auto
    name_en: auto
    name_ru: auto
    kind: auto
    website: auto
    acronym: auto
    other_names: auto
    country: CountryType | None
