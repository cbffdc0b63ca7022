"""The duplicate finder: likely pairs of one country's entries, side by side, merged or dismissed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from directory.duplicates import likely_duplicates, score_pair
from directory.merging import MergedEntry, merged_entry
from directory.models import Country, Expertise, Officer
from directory.permissions import (
    duplicate_country_of,
    ensure_can_dismiss_duplicate,
    ensure_can_see_duplicates,
    may_see_duplicates,
)
from directory.services.access import log_contact_accesses
from directory.services.duplicates import dismiss_duplicate
from directory.visibility import visible_contacts
from frontend.templatetags.liaison import localized
from frontend.views.officers import visible_officer
from frontend.views.steward import may_change, refusals_explained

COMPARISON_OPERATION = "page:duplicate comparison"


def _country_for(request: HttpRequest) -> tuple[Country | None, bool]:
    """The country whose pairs are listed, and whether the viewer may choose another (a steward may not)."""
    own = duplicate_country_of(request.user)
    if own is not None:
        return Country.objects.filter(pk=own).first(), False
    code = request.GET.get("country", "").strip().upper()[:3]
    return Country.objects.filter(code=code).first() if code else None, True


@login_required
@refusals_explained
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Likely duplicates, surest first, with how sure and why."""
    if not may_see_duplicates(request.user):
        ensure_can_see_duplicates(request.user, None)  # refuses, saying why
    country, may_choose = _country_for(request)
    # One country at a time: its entries are compared among themselves, and every country at once costs too much
    # in a large directory. A steward without a country looks after nobody.
    pairs = likely_duplicates(request.user, country_id=country.pk) if country is not None else []
    context = {
        "pairs": pairs,
        "country": country,
        "may_choose": may_choose,
        "countries": Country.objects.order_by("name_en") if may_choose else [],
    }
    return render(request, "frontend/duplicates/list.html", context)


@dataclass(frozen=True)
class Difference:
    """One line of the side-by-side view: what, each entry's value, the merged entry's, and whether they differ."""

    label: str
    first: str
    second: str
    merged: str = ""

    @property
    def differs(self) -> bool:
        """Whether the two values are not the same."""
        return self.first != self.second


def _when(moment: datetime.datetime | None, missing: str) -> str:
    return moment.date().isoformat() if moment else missing


def _facts(entry: MergedEntry, contacts: list[Any]) -> dict[str, str]:
    """An entry's fields as the comparison shows them; an unmerged entry is its own merge with nothing."""
    officer = entry.keep
    levels = dict(Expertise.Level.choices)
    topics = {e.topic_id: e.topic for e in [*officer.expertise.select_related("topic"), *entry.new_expertise]}
    events = sorted(entry.participations, key=lambda p: (p.event.starts_on, p.event_id))
    return {
        _("Name in native script"): officer.name_native,
        _("Name in Latin script"): officer.name_latin,
        _("Position"): officer.position,
        _("Rank"): officer.rank,
        _("Agency"): localized(officer.agency),
        _("Country"): localized(officer.agency.country),
        _("Languages"): ", ".join(sorted(localized(language) for language in entry.languages)),
        _("Expertise"): ", ".join(
            sorted(f"{localized(topics[topic])} ({levels[level]})" for topic, level in entry.expertise_levels.items())
        ),
        _("Contact details"): "; ".join(f"{c.get_kind_display()}: {c.value}" for c in contacts),
        _("Events attended"): "; ".join(str(p.event) for p in events),
        _("Verified"): _when(entry.verified_at, _("Not yet")),
        _("Last confirmed"): _when(entry.last_confirmed_at, _("Never")),
    }


def _alone(officer: Officer) -> MergedEntry:
    """One entry as it stands, in the shape of a merge's result."""
    return MergedEntry(
        keep=officer,
        duplicate=officer,
        languages=list(officer.languages.all()),
        expertise_levels={e.topic_id: e.level for e in officer.expertise.all()},
        new_expertise=[],
        raised_expertise=[],
        contacts=list(officer.contacts.all()),
        moved_contacts=[],
        participations=list(officer.participations.select_related("event__city")),
        moved_participations=[],
        verified_by_id=officer.verified_by_id,
        verified_at=officer.verified_at,
        last_confirmed_at=officer.last_confirmed_at,
    )


def _shown_contacts(request: HttpRequest, *entries: Officer) -> list[list[Any]]:
    """Each entry's channels the viewer may see, every entry with any logged as seen, in one write."""
    shown = [list(visible_contacts(request.user, entry.contacts.all()).order_by("kind", "value")) for entry in entries]
    log_contact_accesses(
        viewer=request.user,
        shown=[
            (entry, len(contacts), COMPARISON_OPERATION)
            for entry, contacts in zip(entries, shown, strict=True)
            if contacts
        ],
    )
    return shown


def _pair(request: HttpRequest, first_uuid: Any, second_uuid: Any) -> tuple[Officer, Officer]:
    """Both entries, if the viewer may see them and pairs of their country."""
    if not may_see_duplicates(request.user):
        ensure_can_see_duplicates(request.user, None)  # refuses, saying why
    first, second = visible_officer(request.user, first_uuid), visible_officer(request.user, second_uuid)
    ensure_can_see_duplicates(request.user, first.agency.country)
    ensure_can_see_duplicates(request.user, second.agency.country)
    return first, second


@login_required
@refusals_explained
@require_GET
def duplicate_compare(request: HttpRequest, first: Any, second: Any) -> HttpResponse:
    """Two entries side by side, their differences marked, with merging either way and dismissing."""
    one, other = _pair(request, first, second)
    scored = score_pair(one, other, {})
    first_contacts, second_contacts = _shown_contacts(request, one, other)
    keep, duplicate = (other, one) if request.GET.get("keep") == str(other.uuid) else (one, other)
    merged = merged_entry(keep, duplicate)
    # The merged entry shows only channels already shown above: the viewer's rules apply to it as to both entries.
    shown = {c.pk for c in [*first_contacts, *second_contacts]}
    merged_contacts = sorted((c for c in merged.contacts if c.pk in shown), key=lambda c: (c.kind, c.value))
    first_facts = _facts(_alone(one), first_contacts)
    second_facts = _facts(_alone(other), second_contacts)
    merged_facts = _facts(merged, merged_contacts)
    rows = [Difference(label, first_facts[label], second_facts[label], merged_facts[label]) for label in first_facts]
    context = {
        "first": one,
        "second": other,
        "rows": rows,
        "name_score": scored.name_score,
        "may_merge": may_change(request.user, one) and may_change(request.user, other),
        "keep": keep,
        "duplicate": duplicate,
    }
    return render(request, "frontend/duplicates/compare.html", context)


@login_required
@refusals_explained
@require_POST
def duplicate_dismiss(request: HttpRequest, first: Any, second: Any) -> HttpResponse:
    """Record that the two entries are different people; the pair is no longer listed."""
    one, other = _pair(request, first, second)
    try:
        ensure_can_dismiss_duplicate(request.user, one, other)
    except PermissionDenied:
        raise PermissionDenied(_("only the steward of both entries' country or an administrator may decide")) from None
    try:
        dismiss_duplicate(one, other, by=request.user)
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None
    messages.success(
        request,
        _("Recorded: %(first)s and %(second)s are different people.")
        % {"first": one.name_latin, "second": other.name_latin},
    )
    return redirect(f"{reverse('duplicates')}?country={one.agency.country.code}")
