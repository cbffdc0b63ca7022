"""Writes for countries, their borders, cities and languages."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from directory.errors import field_error
from directory.models import City, Country, Language
from directory.services.lookups import countries_by_code, country_by_code
from directory.services.publishing import Aggregate, save_and_publish, touch


@transaction.atomic
def create_country(
    *,
    code: str,
    name_en: str,
    name_ru: str = "",
    name_kk: str = "",
    name_uz: str = "",
    name_local: str = "",
    borders: Iterable[str] = (),
) -> Country:
    """Add a country, with the codes of the countries it borders (they must exist already)."""
    country = save_and_publish(
        Country(code=code, name_en=name_en, name_ru=name_ru, name_kk=name_kk, name_uz=name_uz, name_local=name_local),
        Aggregate.COUNTRY,
    )
    if borders:
        set_country_borders(country, borders)
    return country


@transaction.atomic
def set_country_borders(country: Country, border_codes: Iterable[str]) -> Country:
    """Replace a country's land borders; both sides of each changed border are re-projected."""
    new = set(countries_by_code(border_codes, field="borders"))
    if country in new:
        raise field_error(
            "borders", f"{country.code} cannot border itself; remove it from its borders.", code="self_border"
        )
    old = set(country.neighbours.all())
    country.neighbours.set(new)
    touch([country, *(old ^ new)], Aggregate.COUNTRY, links=["borders"])
    return country


@transaction.atomic
def create_city(
    *, country_code: str, name_en: str, name_ru: str = "", name_kk: str = "", name_uz: str = "", name_local: str = ""
) -> City:
    """Add a city to a country."""
    country = country_by_code(country_code)
    city = City(
        country=country, name_en=name_en, name_ru=name_ru, name_kk=name_kk, name_uz=name_uz, name_local=name_local
    )
    return save_and_publish(city, Aggregate.CITY)


@transaction.atomic
def ensure_language(*, code: str, name_en: str, name_ru: str = "", name_kk: str = "", name_uz: str = "") -> Language:
    """Add a language, or return it when it exists (languages reach the graph through officers)."""
    names = {"name_en": name_en, "name_ru": name_ru, "name_kk": name_kk, "name_uz": name_uz}
    language, created = Language.objects.get_or_create(code=code, defaults=names)
    if created:
        language.full_clean()
    return language
