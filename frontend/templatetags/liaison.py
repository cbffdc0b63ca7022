"""Template helpers: names in the reader's language, people in their own script, dates."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from directory.models import ContactChannel
from directory.rosters.values import CellError, read_email, read_phone

register = template.Library()


def reading_russian() -> bool:
    """Whether the page is being shown in Russian."""
    return page_language() == "ru"


def page_language() -> str:
    """The page's language as a base code: en, ru, kk or uz."""
    return (get_language() or "en").split("-")[0]


def name_in_page_language(record: Any) -> tuple[str, bool]:
    """A record's name or title in the page's language, and whether it fell back to English (no such form)."""
    if record is None:
        return "", False
    english = (
        getattr(record, "name_en", None)
        or getattr(record, "title", None)
        or getattr(record, "name", None)
        or str(record)
    )
    language = page_language()
    field = next((f"{kind}_{language}" for kind in ("name", "title") if hasattr(record, f"{kind}_{language}")), None)
    # English pages, and records with no field for the page's language (an event's title in Kazakh), show English.
    if language == "en" or field is None:
        return english, False
    translated = (getattr(record, field) or "").strip()
    return (translated, False) if translated else (english, True)


@register.simple_tag
def languages_in_their_own_names() -> list[tuple[str, str]]:
    """The interface's languages, each named in itself (not translated into the page's language)."""
    return list(settings.LANGUAGES)


@register.filter(name="localized_text")
def localized(record: Any) -> str:
    """A record's name in the page's language as plain text (in that language when known, else English)."""
    return name_in_page_language(record)[0]


@register.filter(name="localized")
def localized_marked(record: Any) -> SafeString:
    """A record's name in the page's language; an English fallback on another language's page is marked as such."""
    name, fallback = name_in_page_language(record)
    if not fallback:
        return format_html("{}", name)
    # Marked, not silently mixed: screen readers switch voice (lang), readers see a discreet "en".
    return format_html(
        '<span class="untranslated" lang="en" title="{}">{}<sup class="untranslated-mark" aria-hidden="true">en'
        "</sup></span>",
        gettext("No name recorded in this language: shown in English"),
        name,
    )


def name_forms(officer: Any) -> tuple[str, str]:
    """An officer's name in their own script, and the Latin form when it differs (else '')."""
    native, latin = officer.name_native.strip(), officer.name_latin.strip()
    if not native or native == latin:
        return latin or native, ""
    return native, latin


def person_text(officer: Any) -> str:
    """An officer's name in their own script with the Latin form beside it, as plain text."""
    name, latin = name_forms(officer)
    return f"{name} ({latin})" if latin else name


@register.filter
def person(officer: Any) -> SafeString:
    """An officer's name in their own script, with the Latin form beside it when it differs."""
    if officer is None:
        return SafeString("")
    name, latin = name_forms(officer)
    if not latin:
        return format_html('<span class="person-name">{}</span>', name)
    return format_html(
        '<span class="person-name">{}</span> <span class="person-latin" lang="en">({})</span>', name, latin
    )


@register.filter
def event_label(event: Any) -> str:
    """How people refer to an event: its short title when it has one, in Russian when shown in Russian and known."""
    if reading_russian() and (russian := getattr(event, "short_title_ru", "") or getattr(event, "title_ru", "")):
        return russian
    return getattr(event, "short_title", "") or getattr(event, "title", "")


# Channels a browser can open: an address to write to, or a number to call (a messenger handle is only shown).
Kind = ContactChannel.Kind
CALLABLE_KINDS = frozenset({Kind.PHONE, Kind.MOBILE, Kind.HOTLINE})


@register.filter
def contact_href(channel: Any) -> str:
    """A mailto: or tel: address for a contact channel (tel: in its E.164-like form, digits only), or ''."""
    try:
        if channel.kind == Kind.EMAIL:
            email = read_email(channel.value)
            return f"mailto:{email}" if email else ""
        if channel.kind in CALLABLE_KINDS:
            number = read_phone(channel.value)
            return f"tel:{number}" if number else ""
    except CellError:
        return ""  # an old value that is not an address or number stays text, rather than a broken link
    return ""
