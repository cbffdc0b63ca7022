"""The reasons of graph answers as short sentences in the active language (English or Russian).

One phrasebook for the pages and the API: the Russian sentences live in the interface's catalogue, and the
language is whatever Django activated for the request (the pages' choice, or Accept-Language for the API).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy, gettext_noop, ngettext
from django.utils.translation import gettext as _

from directory.freshness import stale_after_days
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


# The expertise levels in words, marked for the catalogue and translated one at a time: building all three for each
# reason was three catalogue lookups where one is shown (most reasons of an answer are expertise).
LEVEL_NAMES = {1: gettext_noop("working knowledge"), 2: gettext_noop("experienced"), 3: gettext_noop("expert")}


def level_name(level: int | None) -> str:
    """An expertise level in words."""
    name = LEVEL_NAMES.get(level or 0)
    return _(name) if name else ""


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
        if count == 1:
            return acquaintance_phrase(reason)
        return ngettext("knows %(count)d of your acquaintances", "knows %(count)d of your acquaintances", count) % {
            "count": count
        }
    if found.kind == ReasonKind.UNVERIFIED:
        return _("no steward has verified this entry yet")
    if found.kind == ReasonKind.STALE:
        days = stale_after_days()
        return ngettext(
            "not confirmed current in the last %(days)d day", "not confirmed current in the last %(days)d days", days
        ) % {"days": days}
    if found.kind == ReasonKind.UNANSWERED:
        return unanswered_phrase(found)
    if found.kind == ReasonKind.SPEAKS:
        return _("speaks %(language)s") % {"language": name_of(reason.language) if reason.language else found.language}
    if found.kind == ReasonKind.ALREADY_KNOWN:
        return _("already one of your acquaintances")
    if found.kind == ReasonKind.KNOWS:
        if found.source == "met_at_event" and reason.event is not None:
            return _("met at %(event)s") % {"event": event_phrase(reason.event, found)}
        return _("know each other")
    return found.kind.replace("_", " ")  # a kind newer than this phrasebook still reads as words


def unanswered_phrase(found: FoundReason) -> str:
    """How often the officer answered: the figures when the viewer may see them, else that some went unanswered."""
    if found.answered is None or found.asked is None:
        return _("left some requests unanswered in the last twelve months")
    return ngettext(
        "answered %(answered)d of %(asked)d request in the last twelve months",
        "answered %(answered)d of %(asked)d requests in the last twelve months",
        found.asked,
    ) % {"answered": found.answered, "asked": found.asked}


def acquaintance_phrase(reason: Reason) -> str:
    """One acquaintance in common: named when the viewer may see them, else only as an acquaintance in common."""
    if reason.officer is None:
        return _("knows an acquaintance in common")
    return _("knows %(name)s, one of your acquaintances") % {"name": reason.officer.name_latin}


# Each kind of reason in a word or two: what a page puts first, so that the reasons read at a glance.
KIND_LABELS = {
    ReasonKind.EXPERTISE: gettext_lazy("Expertise"),
    ReasonKind.SHARED_EVENT: gettext_lazy("Event together"),
    ReasonKind.MUTUAL_ACQUAINTANCE: gettext_lazy("Acquaintances in common"),
    ReasonKind.SPEAKS: gettext_lazy("Language"),
    ReasonKind.ALREADY_KNOWN: gettext_lazy("Acquaintance"),
    ReasonKind.KNOWS: gettext_lazy("Acquaintance"),
    ReasonKind.ATTENDED_TOGETHER: gettext_lazy("Event together"),
    ReasonKind.UNVERIFIED: gettext_lazy("Not verified"),
    ReasonKind.STALE: gettext_lazy("Not current"),
    ReasonKind.UNANSWERED: gettext_lazy("Unanswered requests"),
}

# The marks of trust: they close a result's list of reasons.
TRUST_MARKS = (ReasonKind.UNVERIFIED, ReasonKind.STALE, ReasonKind.UNANSWERED)


def kind_label(kind: str) -> str:
    """A kind of reason in a word or two (a kind newer than this phrasebook reads as its own words)."""
    label = KIND_LABELS.get(kind)  # type: ignore[call-overload]  # a StrEnum key matches its plain value
    return str(label) if label is not None else kind.replace("_", " ").capitalize()


def signed_points(points: float) -> str:
    """Points with their sign, as a reason's share of the score: "+30", "−5" (a true minus sign)."""
    text = number_format(abs(points), decimal_pos=0 if float(points).is_integer() else 1)
    return f"+{text}" if points > 0 else f"\u2212{text}" if points < 0 else text


@dataclass(frozen=True)
class Listed:
    """One line of a result's reasons on a page: the kind first, the sentence, and the points it brought."""

    kind: str
    label: str
    text: str
    points: str


def listed(reasons: list[Reason]) -> list[Listed]:
    """The reasons as a page lists them, kind first; acquaintances in common in one line with their points summed."""
    mutual = [reason for reason in reasons if reason.kind == ReasonKind.MUTUAL_ACQUAINTANCE]
    lines = [
        Listed(
            reason.kind,
            kind_label(reason.kind),
            describe(reason),
            signed_points(reason.points) if reason.points else "",
        )
        for reason in reasons
        if reason.kind != ReasonKind.MUTUAL_ACQUAINTANCE
    ]
    if mutual:
        together = sum(reason.points for reason in mutual)
        line = Listed(
            ReasonKind.MUTUAL_ACQUAINTANCE,
            kind_label(ReasonKind.MUTUAL_ACQUAINTANCE),
            describe(mutual[0], count=len(mutual)),
            signed_points(together) if together else "",
        )
        # In common before the marks of trust, which close the list.
        marks = [index for index, other in enumerate(lines) if other.kind in TRUST_MARKS]
        lines.insert(marks[0] if marks else len(lines), line)
    return lines


def direct_link(reason: Reason) -> str:
    """Why two officers linked in one step need no introduction, said to the first of them."""
    found = reason.found
    has_event = reason.event is not None or bool(found.event_title)
    if found.kind == ReasonKind.KNOWS:
        if has_event:
            return _("You already know each other: you met at %(event)s.") % {
                "event": event_phrase(reason.event, found)
            }
        return _("You already know each other.")
    return _("You both attended %(event)s: you can contact them without an introduction.") % {
        "event": event_phrase(reason.event, found)
    }


def sentences(reasons: list[Reason]) -> list[str]:
    """The reasons as sentences, in the order a page lists them."""
    return [line.text for line in listed(reasons)]


def score_sentence(score: float, reasons: list[Reason]) -> str:
    """The score as one short sentence: its total, and the points of each kind of reason that brought any."""
    by_kind: dict[str, float] = {}
    for reason in reasons:
        if reason.points:
            by_kind[reason.kind] = by_kind.get(reason.kind, 0) + reason.points
    parts = ", ".join(f"{kind_label(kind).lower()} {signed_points(points)}" for kind, points in by_kind.items())
    total = number_format(score, decimal_pos=0 if float(score).is_integer() else 1)
    count = round(score) if float(score).is_integer() else 2  # a fraction takes the "few" form in Russian
    if not parts:
        return ngettext("%(total)s point.", "%(total)s points.", count) % {"total": total}
    return ngettext("%(total)s point: %(parts)s.", "%(total)s points: %(parts)s.", count) % {
        "total": total,
        "parts": parts,
    }
