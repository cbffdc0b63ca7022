"""The preview of a roster: every row classified as new, a match (with confidence and evidence), ambiguous,
invalid (the cell and the fix) or refused (the reason), before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from uuid import UUID

from django.utils.translation import gettext as _

from directory.error_codes import Reason
from directory.models import RosterHeader, RosterImport
from directory.rosters.columns import COLUMNS_BY_KEY
from directory.rosters.mapping import HeaderMapping, map_headers
from directory.rosters.matching import DirectoryIndexes, cached_parts
from directory.rosters.names import parts_similarity
from directory.rosters.reading import RawRoster, RosterProblem
from directory.rosters.values import (
    CellError,
    read_email,
    read_languages,
    read_phone,
    read_rating,
    read_role,
    read_yes_no,
)
from directory.services.validation import hidden_character

# The longest text the directory keeps for each free-text column.
TEXT_LIMITS = {"full_name": 200, "position": 200, "rank": 100}
# At most this many candidates are shown for a row, the likeliest first.
MAX_CANDIDATES = 5
# Confidence of a match, 0 to 100: the names' likeness weighs most; the same agency or contact adds to it.
NAME_WEIGHT, AGENCY_WEIGHT, CONTACT_WEIGHT = 0.7, 30, 30


class RowStatus(StrEnum):
    """What the import would do with a row."""

    NEW = "new"
    MATCH = "match"
    AMBIGUOUS = "ambiguous"
    INVALID = "invalid"
    REFUSED = "refused"


@dataclass
class Candidate:
    """An officer of the directory a row may be, with how sure the match is and why."""

    officer_id: int
    uuid: UUID | None
    name: str
    agency: str
    country: str
    confidence: int
    evidence: list[str]


@dataclass
class RowValues:
    """A row's cells read as the directory's values, ready to write."""

    full_name: str
    position: str = ""
    rank: str = ""
    agency_id: int | None = None
    country_id: int | None = None
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)
    event_id: int | None = None
    role: str = ""
    rating: str = ""
    wants_more: bool = False


@dataclass
class PreviewRow:
    """One row of the file: its cells as typed, what the import would do, and why."""

    number: int
    cells: dict[str, str]
    status: RowStatus = RowStatus.NEW
    values: RowValues | None = None
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)
    # The directory's name of the agency the row's agency cell was found to mean.
    agency_found: str = ""


@dataclass
class RosterPreview:
    """A whole roster previewed: the file, how its headers were read, and every row."""

    file_name: str
    sha256: str
    encoding: str
    headers: list[str]
    mapping: HeaderMapping
    rows: list[PreviewRow]
    empty_rows: list[int]
    event_id: int | None = None
    already_imported: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        """How many rows have each status."""
        counts = {status.value: 0 for status in RowStatus}
        for row in self.rows:
            counts[row.status.value] += 1
        return counts

    def as_dict(self) -> dict[str, object]:
        """The preview as plain data (for --json, GraphQL and the pages)."""
        return {
            "file_name": self.file_name,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "counts": self.counts,
            "already_imported": self.already_imported,
            "unknown_headers": [header for _, header in self.mapping.unknown],
            "empty_rows": self.empty_rows,
            "rows": [
                {
                    "row": row.number,
                    "status": row.status.value,
                    "name": row.cells.get("full_name", ""),
                    "agency": row.agency_found,
                    "candidates": [{**asdict(candidate), "uuid": str(candidate.uuid)} for candidate in row.candidates],
                    "problems": [asdict(problem) for problem in row.problems],
                }
                for row in self.rows
            ],
        }


# A user's reach: None for every country, else the ids of the countries they may import for.
Reach = frozenset[int] | None


def preview_roster(
    raw: RawRoster,
    *,
    reach: Reach = None,
    event: str = "",
    chosen_headers: Mapping[str, str] | None = None,
    indexes: DirectoryIndexes | None = None,
    on_row: Callable[[], object] | None = None,
) -> RosterPreview:
    """Classify every row of a read roster against the directory; nothing is written."""
    saved = dict(RosterHeader.objects.values_list("header", "column"))
    mapping = map_headers(raw.headers, saved=saved, chosen=chosen_headers)
    indexes = indexes or DirectoryIndexes.build()
    previous = RosterImport.objects.filter(file_sha256=raw.sha256).values_list("pk", flat=True).first()
    preview = RosterPreview(
        raw.file_name, raw.sha256, raw.encoding, raw.headers, mapping, [], raw.empty_rows, already_imported=previous
    )
    default_event = _default_event(indexes, event)
    preview.event_id = default_event
    if mapping.missing:
        return preview
    seen: dict[tuple[str, ...], int] = {}
    matched: dict[int, int] = {}
    for number, values in raw.rows:
        cells = {key: values[index] if index < len(values) else "" for index, key in mapping.columns.items()}
        row = _classify(PreviewRow(number, cells), raw, mapping, indexes, reach, default_event)
        _mark_repeats(row, seen, matched, raw, mapping)
        preview.rows.append(row)
        if on_row is not None:
            on_row()
    _fill_uuids(preview, indexes)
    return preview


def _fill_uuids(preview: RosterPreview, indexes: DirectoryIndexes) -> None:
    """Give the candidates shown their uuids, loaded in one pass for the whole preview."""
    candidates = [candidate for row in preview.rows for candidate in row.candidates]
    indexes.officers.fill_uuids(candidate.officer_id for candidate in candidates)
    for candidate in candidates:
        candidate.uuid = indexes.officers.officers[candidate.officer_id].uuid


def _default_event(indexes: DirectoryIndexes, event: str) -> int | None:
    if not event:
        return None
    found = indexes.find_event(event)
    if len(found) != 1:
        from directory.errors import field_error

        raise field_error(
            "event",
            _("No single event is called '%(event)s'; give its exact title or its uuid.") % {"event": event},
            code=Reason.UNKNOWN_EVENT,
        )
    return next(iter(found))


def _problem(row: PreviewRow, raw: RawRoster, mapping: HeaderMapping, key: str, message: str, code: str) -> None:
    index = mapping.index_of(key)
    column = raw.column_label(index) if index is not None else COLUMNS_BY_KEY[key].header_en
    row.problems.append(
        RosterProblem(_("Row %(row)s, column %(column)s: ") % {"row": row.number, "column": column} + message, code,
                      row.number, column)
    )  # fmt: skip


def _classify(
    row: PreviewRow,
    raw: RawRoster,
    mapping: HeaderMapping,
    indexes: DirectoryIndexes,
    reach: Reach,
    default_event: int | None,
) -> PreviewRow:
    values = _read_values(row, raw, mapping, indexes, default_event)
    if row.problems:
        row.status = RowStatus.INVALID
        return row
    row.values = values
    _match(row, values, indexes)
    country_id = values.country_id
    if row.status == RowStatus.MATCH:
        country_id = indexes.officers.officers[row.candidates[0].officer_id].country_id
    if reach is not None and (country_id not in reach):
        row.status = RowStatus.REFUSED
        name = indexes.country_names.get(country_id or 0, _("unknown"))
        _problem(
            row,
            raw,
            mapping,
            "country",
            _("the row is for %(country)s; stewards import only the rows of their own country.") % {"country": name},
            Reason.OTHER_COUNTRY,
        )
        return row
    if row.status == RowStatus.NEW and values.agency_id is None:
        row.status = RowStatus.INVALID
        _problem(row, raw, mapping, "agency", _("a new officer needs an agency; write it."), Reason.REQUIRED)
    return row


def _read_values(
    row: PreviewRow, raw: RawRoster, mapping: HeaderMapping, indexes: DirectoryIndexes, default_event: int | None
) -> RowValues:
    cells = row.cells
    values = RowValues(full_name=" ".join(cells.get("full_name", "").split()))
    if not values.full_name:
        _problem(row, raw, mapping, "full_name", _("the name is empty; write the officer's full name."), Reason.BLANK)
    values.position, values.rank = cells.get("position", "").strip(), cells.get("rank", "").strip()
    for key, limit in TEXT_LIMITS.items():
        text = " ".join(cells.get(key, "").split())
        hidden = hidden_character(text)
        if hidden is not None:
            _problem(
                row,
                raw,
                mapping,
                key,
                _("remove the hidden character U+%(code)04X at position %(position)s.")
                % {"code": ord(hidden[1]), "position": hidden[0] + 1},
                Reason.HIDDEN_CHARACTER,
            )
        elif len(text) > limit:
            _problem(
                row,
                raw,
                mapping,
                key,
                _("the text is %(length)s characters long; shorten it to %(limit)s.")
                % {"length": len(text), "limit": limit},
                Reason.TOO_LONG,
            )
    readers: list[tuple[str, Callable[[str], object], str]] = [
        ("email", read_email, "email"),
        ("phone", read_phone, "phone"),
        ("role", read_role, "role"),
        ("rating", read_rating, "rating"),
        ("wants_more", read_yes_no, "wants_more"),
        ("languages", lambda text: read_languages(text, indexes.languages), "languages"),
    ]
    for key, reader, attribute in readers:
        try:
            setattr(values, attribute, reader(cells.get(key, "")))
        except CellError as error:
            _problem(row, raw, mapping, key, str(error), Reason.INVALID)
    _read_places(row, raw, mapping, indexes, values)
    values.event_id = default_event
    if cells.get("event", "").strip():
        events = indexes.find_event(cells["event"])
        if len(events) == 1:
            values.event_id = next(iter(events))
        else:
            _problem(
                row,
                raw,
                mapping,
                "event",
                _("no single event is called '%(event)s'; write its title as in the directory.")
                % {"event": cells["event"]},
                Reason.UNKNOWN_EVENT,
            )
    return values


def _read_places(
    row: PreviewRow, raw: RawRoster, mapping: HeaderMapping, indexes: DirectoryIndexes, values: RowValues
) -> None:
    country_text, agency_text = row.cells.get("country", "").strip(), row.cells.get("agency", "").strip()
    if country_text:
        countries = indexes.find_country(country_text)
        if len(countries) != 1:
            _problem(
                row,
                raw,
                mapping,
                "country",
                _("'%(country)s' is not a country in the directory; write its ISO code, such as KZ, or its name.")
                % {"country": country_text},
                Reason.UNKNOWN_COUNTRY,
            )
            return
        values.country_id = next(iter(countries))
    if not agency_text:
        return
    agencies = indexes.find_agency(agency_text, values.country_id)
    if len(agencies) == 1:
        values.agency_id = next(iter(agencies))
        values.country_id = indexes.agency_country[values.agency_id]
        row.agency_found = indexes.agency_names[values.agency_id]
        return
    names = ", ".join(sorted(indexes.agency_names[pk] for pk in agencies)[:3])
    message = (
        _("'%(agency)s' fits several agencies (%(names)s); write the full name.")
        if agencies
        else _("'%(agency)s' is not an agency of that country in the directory; fix the name or add the agency first.")
    )
    _problem(row, raw, mapping, "agency", message % {"agency": agency_text, "names": names}, Reason.UNKNOWN_AGENCY)


def _match(row: PreviewRow, values: RowValues, indexes: DirectoryIndexes) -> None:
    """Find the officers this row may be and decide: one clear match, several (ambiguous), or none (new)."""
    officers = indexes.officers
    by_name = officers.by_name(values.full_name)
    emails, phones = officers.by_contact(values.email, values.phone)
    # (confidence, officer id, name score) of each candidate; only the few shown become Candidates.
    strong: list[tuple[int, int, float]] = []
    weak: list[tuple[int, int, float]] = []
    for officer_id in set(by_name) | emails | phones:
        entry = officers.officers[officer_id]
        score = by_name.get(officer_id)
        if score is None:
            score = parts_similarity(cached_parts(values.full_name), cached_parts(entry.name))
        same_agency = values.agency_id is not None and entry.agency_id == values.agency_id
        contact = officer_id in emails or officer_id in phones
        confidence = min(100, round(score * NAME_WEIGHT + AGENCY_WEIGHT * same_agency + CONTACT_WEIGHT * contact))
        if contact or same_agency:
            strong.append((confidence, officer_id, score))
        elif values.country_id is None or entry.country_id == values.country_id:
            # Alike names in another country are other people; in the same one, possibly a move.
            weak.append((confidence, officer_id, score))
    chosen = strong or weak
    chosen.sort(key=lambda item: (-item[0], officers.officers[item[1]].name, item[1]))
    row.candidates = [
        _candidate(indexes, officer_id, confidence, score, values, officer_id in emails, officer_id in phones)
        for confidence, officer_id, score in chosen[:MAX_CANDIDATES]
    ]
    if len(strong) == 1:
        row.status = RowStatus.MATCH
    elif chosen:
        row.status = RowStatus.AMBIGUOUS
    else:
        row.status = RowStatus.NEW


def _candidate(
    indexes: DirectoryIndexes,
    officer_id: int,
    confidence: int,
    score: float,
    values: RowValues,
    same_email: bool,
    same_phone: bool,
) -> Candidate:
    entry = indexes.officers.officers[officer_id]
    evidence = [
        _("names equal after transliteration")
        if score >= 100
        else _("names alike (%(score)s%%)") % {"score": round(score)}
    ]
    if values.agency_id is not None and entry.agency_id == values.agency_id:
        evidence.append(_("same agency"))
    if same_email:
        evidence.append(_("same e-mail"))
    if same_phone:
        evidence.append(_("same phone"))
    return Candidate(
        officer_id,
        entry.uuid,
        entry.name,
        indexes.agency_names.get(entry.agency_id, ""),
        indexes.country_names.get(entry.country_id, ""),
        confidence,
        evidence,
    )


def _mark_repeats(
    row: PreviewRow, seen: dict[tuple[str, ...], int], matched: dict[int, int], raw: RawRoster, mapping: HeaderMapping
) -> None:
    """A person twice in one file: the later row is invalid, naming the earlier one."""
    if row.values is None:
        return
    values = row.values
    keys: list[tuple[str, ...]] = [("name", cached_parts(values.full_name).key, str(values.agency_id))]
    if values.email:
        keys.append(("email", values.email))
    earlier = next((seen[key] for key in keys if key in seen), None)
    if earlier is None and row.status == RowStatus.MATCH:
        earlier = matched.get(row.candidates[0].officer_id)
    if earlier is not None:
        row.status = RowStatus.INVALID
        row.candidates = []
        _problem(
            row,
            raw,
            mapping,
            "full_name",
            _("the same person as in row %(earlier)s; remove one of the two rows.") % {"earlier": earlier},
            Reason.DUPLICATE_ROW,
        )
        return
    for key in keys:
        seen[key] = row.number
    if row.status == RowStatus.MATCH:
        matched[row.candidates[0].officer_id] = row.number
