"""Countries, cities and languages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry_django
from strawberry import auto

from api.types.base import UuidNode, lazy, record_type
from directory import models as m

if TYPE_CHECKING:
    from api.types.institutions import AgencyType


@record_type(m.Language, name="Language")
class LanguageType:
    """A language, by ISO 639 code."""

    code: auto
    name_en: auto
    name_ru: auto
    name_kk: auto
    name_uz: auto


@record_type(m.Country, name="Country")
class CountryType(UuidNode):
    """A country, with the countries it shares a land border with."""

    uuid: auto
    code: auto
    name_en: auto
    name_ru: auto
    name_kk: auto
    name_uz: auto
    name_local: auto
    neighbours: list[CountryType] = strawberry_django.field(description="Countries sharing a land border.")
    agencies: list[Annotated[AgencyType, lazy("api.types.institutions")]] = strawberry_django.field()


@record_type(m.City, name="City")
class CityType(UuidNode):
    """A city."""

    uuid: auto
    name_en: auto
    name_ru: auto
    name_kk: auto
    name_uz: auto
    name_local: auto
    country: CountryType
