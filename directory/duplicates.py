"""Likely duplicates: entries of one country that may be one person, found through an index of name keys.

Each entry is indexed under the blocking keys of its names (directory.rosters.names) and under its e-mail and
phone; only entries sharing a key are compared, never every pair. A pair is scored by how alike the names are,
in any script or order, and raised by evidence: the same agency, e-mail, phone or position.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from directory.models import ContactChannel, DuplicateDismissal, Officer
from directory.rosters.names import blocking_keys, name_similarity
from directory.visibility import RefineOfficers, Viewer, visible_contacts, visible_officers

Kind = ContactChannel.Kind

# A key shared by more entries than this says little (a common surname in a large directory): not compared on it.
MAX_BLOCK = 60
# Pairs below this confidence are not shown; the names must be this alike unless an e-mail or phone is shared
# (a shared personal address pairs entries whose names differ, such as after a change of surname).
MIN_CONFIDENCE = 70
MIN_NAME_SCORE = 80
NAME_WEIGHT = 0.8
MAX_PAIRS = 200
_NOT_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class Evidence:
    """One reason beyond the names to think two entries are one person, and how much it adds."""

    code: str
    label: str | Promise
    weight: int


SAME_AGENCY = Evidence("same_agency", _("same agency"), 10)
SAME_EMAIL = Evidence("same_email", _("same e-mail address"), 40)
SAME_PHONE = Evidence("same_phone", _("same phone number"), 30)
SAME_POSITION = Evidence("same_position", _("same position"), 5)
EVIDENCE = (SAME_AGENCY, SAME_EMAIL, SAME_PHONE, SAME_POSITION)


@dataclass
class LikelyDuplicate:
    """Two entries that may be one person: how sure (0 to 100), how alike the names are, and the evidence."""

    first: Officer  # an index row while the finder scores, the officer once shown
    second: Officer
    confidence: int
    name_score: int
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    """What the index and the score read of an entry: a row of a few columns, not a whole model instance."""

    pk: int
    name_latin: str
    name_native: str
    agency_id: int
    country_id: int
    position: str


def _contact_keys(user: Viewer, officers: QuerySet[Officer]) -> dict[int, set[str]]:
    """Each officer's e-mails (lower-case) and phones (digits only) that the viewer may see, as index keys."""
    keys: dict[int, set[str]] = defaultdict(set)
    channels = visible_contacts(user).filter(officer__in=officers, kind__in=[Kind.EMAIL, Kind.PHONE, Kind.MOBILE])
    for officer_id, kind, value in channels.values_list("officer_id", "kind", "value"):
        if kind == Kind.EMAIL:
            keys[officer_id].add("email:" + value.strip().casefold())
        elif len(digits := _NOT_DIGITS.sub("", value)) >= 6:
            keys[officer_id].add("phone:" + digits)
    return keys


# Folding a name is the index's main cost, and names repeat (common first names and surnames): fold each once.
_name_blocking_keys = functools.lru_cache(maxsize=65_536)(blocking_keys)


def _name_keys(entry: _Entry) -> set[str]:
    return _name_blocking_keys(entry.name_latin) | _name_blocking_keys(entry.name_native)


def _candidate_pairs(entries: list[_Entry], contacts: dict[int, set[str]]) -> set[tuple[int, int]]:
    """Pairs of positions in `entries` that share a key of the index, in the same country."""
    blocks: dict[tuple[int, str], list[int]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for key in _name_keys(entry) | contacts.get(entry.pk, set()):
            blocks[(entry.country_id, key)].append(position)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(members, 2))
    return pairs


def score_pair(first: Any, second: Any, contacts: dict[int, set[str]]) -> LikelyDuplicate:
    """How likely two entries (officers, or index rows) are one person, with the evidence beyond their names."""
    name_score = max(
        name_similarity(first.name_latin, second.name_latin),
        name_similarity(first.name_native, second.name_native),
    )
    mine, theirs = contacts.get(first.pk, set()), contacts.get(second.pk, set())
    shared = mine & theirs
    found = [
        evidence
        for evidence, holds in (
            (SAME_AGENCY, first.agency_id == second.agency_id),
            (SAME_EMAIL, any(key.startswith("email:") for key in shared)),
            (SAME_PHONE, any(key.startswith("phone:") for key in shared)),
            (SAME_POSITION, bool(first.position.strip()) and first.position.strip() == second.position.strip()),
        )
        if holds
    ]
    confidence = min(100, round(name_score * NAME_WEIGHT + sum(evidence.weight for evidence in found)))
    return LikelyDuplicate(first, second, confidence, round(name_score), found)


def dismissed_pairs() -> set[tuple[int, int]]:
    """The pairs a steward said are different people (few: each is a person's decision)."""
    return set(DuplicateDismissal.objects.values_list("officer_a_id", "officer_b_id"))


def likely_duplicates(
    user: Viewer,
    *,
    country_id: int | None = None,
    limit: int = MAX_PAIRS,
    refine: RefineOfficers | None = None,
) -> list[LikelyDuplicate]:
    """The pairs of entries the viewer may see, within one country, that are likely one person; surest first.

    `refine` may add what the caller will read of each officer shown (the relations an API client selects).
    """
    queryset = visible_officers(user)
    if country_id is not None:
        queryset = queryset.filter(agency__country_id=country_id)
    columns = ("pk", "name_latin", "name_native", "agency_id", "agency__country_id", "position")
    entries = [_Entry(*row) for row in queryset.order_by("pk").values_list(*columns)]
    contacts = _contact_keys(user, queryset)
    dismissed = dismissed_pairs()
    found = []
    for i, j in _candidate_pairs(entries, contacts):
        first, second = entries[min(i, j)], entries[max(i, j)]
        if (first.pk, second.pk) in dismissed:
            continue
        pair = score_pair(first, second, contacts)
        shares_contact = SAME_EMAIL in pair.evidence or SAME_PHONE in pair.evidence
        if pair.confidence >= MIN_CONFIDENCE and (pair.name_score >= MIN_NAME_SCORE or shares_contact):
            found.append(pair)
    found.sort(key=lambda pair: (-pair.confidence, pair.first.name_latin, pair.first.pk, pair.second.pk))
    found = found[:limit]
    # Only the entries shown are loaded whole, with their agency and country.
    wanted = {entry.pk for pair in found for entry in (pair.first, pair.second)}
    shown = visible_officers(user).select_related("agency__country")
    officers = (refine(shown) if refine else shown).in_bulk(wanted)
    for pair in found:
        pair.first, pair.second = officers[pair.first.pk], officers[pair.second.pk]
    return found
