"""Template helpers: names in the reader's language, people in their own script, dates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


def reading_russian() -> bool:
    """Whether the page is being shown in Russian."""
    return (get_language() or "en").startswith("ru")


@register.filter
def localized(record: Any) -> str:
    """A record's name (an event's title) in the page's language (Russian when shown in Russian and known)."""
    if record is None:
        return ""
    if reading_russian() and (russian := getattr(record, "name_ru", "") or getattr(record, "title_ru", "")):
        return russian
    return getattr(record, "name_en", None) or getattr(record, "title", None) or str(record)


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
