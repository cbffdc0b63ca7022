"""Finding records by the codes people type, with errors that name the field and the fix."""

from __future__ import annotations

from collections.abc import Iterable

from directory.errors import field_error
from directory.models import Country, Language, Topic
from directory.services.validation import clean_text

# Every code is cleaned before it reaches a query: a hidden character is refused naming the field, where a NUL made
# PostgreSQL refuse the lookup itself, which the API could only answer as an unexpected error.


def country_by_code(code: str, *, field: str = "country") -> Country:
    """The country with this ISO code, or a ValidationError naming `field`."""
    normalised = clean_text(field, (code or "").strip()).upper()
    try:
        return Country.objects.get(code=normalised)
    except Country.DoesNotExist:
        raise field_error(
            field,
            f"Unknown country code '{code}'; use an ISO 3166-1 alpha-2 code of a listed country, such as KZ.",
            code="unknown_country",
        ) from None


def countries_by_code(codes: Iterable[str], *, field: str) -> list[Country]:
    """The countries with these ISO codes, or a ValidationError naming `field` and the unknown codes."""
    wanted = [clean_text(field, code.strip()).upper() for code in codes]
    found = {country.code: country for country in Country.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise field_error(
            field,
            f"Unknown country code(s) {', '.join(unknown)}; use ISO 3166-1 alpha-2 codes such as KZ.",
            code="unknown_country",
        )
    return [found[code] for code in wanted]


def languages_by_code(codes: Iterable[str], *, field: str = "languages") -> list[Language]:
    """The languages with these ISO 639 codes, or a ValidationError naming the unknown ones."""
    wanted = [clean_text(field, code.strip()).lower() for code in codes]
    found = {language.code: language for language in Language.objects.filter(code__in=wanted)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise field_error(
            field,
            f"Unknown language code(s) {', '.join(unknown)}; use ISO 639 codes such as ru, kk, uz.",
            code="unknown_language",
        )
    return [found[code] for code in wanted]


def topic_by_slug(slug: str, *, field: str = "topic") -> Topic:
    """The topic with this slug, or a ValidationError naming `field`."""
    try:
        return Topic.objects.get(slug=clean_text(field, slug))
    except Topic.DoesNotExist:
        raise field_error(
            field, f"Unknown topic '{slug}'; use the slug of a listed topic.", code="unknown_topic"
        ) from None
