"""The reasons of graph answers as short sentences in the active language (English or Russian).

One phrasebook for the pages and the API: the Russian sentences live in the interface's catalogue, and the
language is whatever Django activated for the request (the pages' choice, or Accept-Language for the API).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from graph.shapes import ReasonKind

if TYPE_CHECKING:
    from answers.questions import Reason
    from directory.models import Event
    from graph.questions import Reason as FoundReason


def name_of(record: Any) -> str:
    """A record's name in the active language: Russian when reading Russian and known, else English."""
    if record is None:
        return ""
    if (get_language() or "en").startswith("ru") and getattr(record, "name_ru", None):
        return record.name_ru
    return getattr(record, "name_en", None) or str(record)


def event_phrase(event: Event | None, found: FoundReason) -> str:
    """'Drugs@Online, Astana, November 2017': how an event is named in a reason."""
    starts_on: datetime.date | None
    if event is not None:
        title, city, starts_on = event.short_title or event.title, name_of(event.city), event.starts_on
    else:
        title, city = found.event_title or "", found.city or ""
        starts_on = datetime.date.fromisoformat(found.starts_on) if found.starts_on else None
    when = date_format(starts_on, "YEAR_MONTH_FORMAT") if starts_on else ""
    return ", ".join(part for part in (title, city, when) if part)


def level_name(level: int | None) -> str:
    """An expertise level in words."""
    return {1: _("working knowledge"), 2: _("experienced"), 3: _("expert")}.get(level or 0, "")


def describe(reason: Reason, *, count: int = 1) -> str:
    """One reason as a short sentence; `count` is how many acquaintances in common it stands for."""
    found = reason.found
    if found.kind == ReasonKind.EXPERTISE:
        return _("works on %(topic)s (%(level)s)") % {
            "topic": name_of(reason.topic) if reason.topic else found.topic_name,
            "level": level_name(found.level),
        }
    if found.kind in (ReasonKind.SHARED_EVENT, ReasonKind.ATTENDED_TOGETHER):
        return _("both attended %(event)s") % {"event": event_phrase(reason.event, found)}
    if found.kind == ReasonKind.MUTUAL_ACQUAINTANCE:
        return ngettext("knows %(count)d of your acquaintances", "knows %(count)d of your acquaintances", count) % {
            "count": count
        }
    if found.kind == ReasonKind.SPEAKS:
        return _("speaks %(language)s") % {"language": name_of(reason.language) if reason.language else found.language}
    if found.kind == ReasonKind.ALREADY_KNOWN:
        return _("already one of your acquaintances")
    if found.kind == ReasonKind.KNOWS:
        if found.source == "met_at_event" and reason.event is not None:
            return _("met at %(event)s") % {"event": event_phrase(reason.event, found)}
        return _("know each other")
    return found.kind.replace("_", " ")  # a kind newer than this phrasebook still reads as words


def sentences(reasons: list[Reason]) -> list[str]:
    """The reasons as a page lists them: each in turn, acquaintances in common counted in one last sentence."""
    mutual = [reason for reason in reasons if reason.kind == ReasonKind.MUTUAL_ACQUAINTANCE]
    written = [describe(reason) for reason in reasons if reason.kind != ReasonKind.MUTUAL_ACQUAINTANCE]
    if mutual:
        written.append(describe(mutual[0], count=len(mutual)))
    return written
