"""The graph's reasons written out in the page's language, with names from the directory."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import Event, Topic
from frontend.templatetags.liaison import localized
from graph.questions import Reason


def event_phrase(event: Event | None, reason: Reason) -> str:
    """'Drugs@Online, Astana, November 2017': how an event is named in a reason."""
    if event is not None:
        title, city, starts_on = event.short_title or event.title, localized(event.city), event.starts_on
    else:
        title, city = reason.event_title or "", reason.city or ""
        starts_on = datetime.date.fromisoformat(reason.starts_on) if reason.starts_on else None
    when = date_format(starts_on, "YEAR_MONTH_FORMAT") if starts_on else ""
    return ", ".join(part for part in (title, city, when) if part)


def describe(
    reason: Reason, *, topics: dict[str, Topic], events: dict[str, Event], count: int = 1, language: str = ""
) -> str:
    """One reason as a short sentence."""
    if reason.kind == "expertise":
        topic = topics.get(reason.topic or "")
        return _("works on %(topic)s (%(level)s)") % {
            "topic": localized(topic) if topic else reason.topic_name,
            "level": level_name(reason.level),
        }
    if reason.kind in ("shared_event", "attended_together"):
        return _("both attended %(event)s") % {"event": event_phrase(events.get(reason.event or ""), reason)}
    if reason.kind == "mutual_acquaintance":
        return ngettext("knows %(count)d of your acquaintances", "knows %(count)d of your acquaintances", count) % {
            "count": count
        }
    if reason.kind == "speaks":
        return _("speaks %(language)s") % {"language": language or reason.language}
    if reason.kind == "already_known":
        return _("already one of your acquaintances")
    if reason.kind == "knows":
        if reason.source == "met_at_event" and reason.event in events:
            return _("met at %(event)s") % {"event": event_phrase(events[reason.event], reason)}
        return _("know each other")
    return reason.text


def level_name(level: int | None) -> str:
    """An expertise level in words."""
    return {1: _("working knowledge"), 2: _("experienced"), 3: _("expert")}.get(level or 0, "")
