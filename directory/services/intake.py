"""Committing a previewed roster: every row as decided, through the bulk services, in one transaction."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.error_codes import Reason
from directory.models import (
    ContactChannel,
    ImportedRecord,
    Language,
    Officer,
    Participation,
    RosterHeader,
    RosterImport,
    User,
)
from directory.permissions import ensure_can_import, import_reach
from directory.rosters.columns import COLUMNS_BY_KEY
from directory.rosters.mapping import IGNORE, fold_header
from directory.rosters.preview import PreviewRow, RosterPreview, RowStatus, RowValues
from directory.services.bulk import add_links, create_records
from directory.services.publishing import Aggregate, touch
from directory.visibility import Viewer

NEW, SKIP = "new", "skip"
Visibility = ContactChannel.Visibility
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass
class Plan:
    """What the commit will write, decided row by row before anything is written."""

    new_rows: list[PreviewRow] = field(default_factory=list)
    matched_rows: list[tuple[PreviewRow, int]] = field(default_factory=list)
    decisions: dict[str, str] = field(default_factory=dict)
    skipped: int = 0


def commit_roster(
    preview: RosterPreview,
    *,
    user: Viewer,
    decisions: Mapping[int, str] | None = None,
    skip_invalid: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> RosterImport:
    """Write the roster as previewed and decided, with its import record, or nothing at all (ValidationError)."""
    importer = ensure_can_import(user)
    if preview.already_imported is not None:
        # The same file again changes nothing: the earlier import stands.
        return RosterImport.objects.get(pk=preview.already_imported)
    plan = plan_commit(preview, decisions or {}, skip_invalid=skip_invalid, reach=import_reach(importer))
    with transaction.atomic():
        roster_import = RosterImport.objects.create(
            imported_by=importer if isinstance(importer, User) else None,
            file_name=preview.file_name[:255],
            file_sha256=preview.sha256,
            event_id=preview.event_id,
            decisions=plan.decisions,
            skipped_count=plan.skipped,
        )
        created = _create_officers(plan.new_rows, roster_import, on_progress)
        changed, unchanged = _update_matched(plan.matched_rows, roster_import)
        roster_import.created_count, roster_import.matched_count = created, changed + unchanged
        roster_import.unchanged_count = unchanged
        roster_import.save(update_fields=["created_count", "matched_count", "unchanged_count"])
    return roster_import


def plan_commit(
    preview: RosterPreview, decisions: Mapping[int, str], *, skip_invalid: bool, reach: frozenset[int] | None
) -> Plan:
    """Apply the user's decisions to each row; raise one ValidationError naming every row still to decide or fix."""
    plan = Plan()
    errors: list[ValidationError] = []
    for row in preview.rows:
        decision = (decisions.get(row.number) or "").strip().lower()
        if row.status == RowStatus.REFUSED or decision == SKIP:
            plan.skipped += 1
            plan.decisions[str(row.number)] = row.status.value if row.status == RowStatus.REFUSED else SKIP
            continue
        if row.status == RowStatus.INVALID:
            if skip_invalid:
                plan.skipped += 1
                plan.decisions[str(row.number)] = RowStatus.INVALID.value
                continue
            errors += [ValidationError(problem.message, code=problem.code) for problem in row.problems]
            continue
        target = _target(row, decision, errors)
        if target is None:
            continue
        values = row.values
        assert values is not None
        country = values.country_id if target == NEW else None
        if target == NEW and values.agency_id is None:
            errors.append(_row_error(row, _("a new officer needs an agency; write it in the file."), Reason.REQUIRED))
        elif target == NEW and reach is not None and country not in reach:
            errors.append(
                _row_error(row, _("stewards import only the rows of their own country."), Reason.OTHER_COUNTRY)
            )
        elif target == NEW:
            plan.new_rows.append(row)
            plan.decisions[str(row.number)] = NEW
        elif isinstance(target, int):
            plan.matched_rows.append((row, target))
            plan.decisions[str(row.number)] = f"officer:{_candidate_uuid(row, target)}"
    if reach is not None and plan.matched_rows:
        errors += _outside_reach(plan.matched_rows, reach)
    if errors:
        raise ValidationError({"decisions": errors[:40]})
    return plan


def _outside_reach(matched: list[tuple[PreviewRow, int]], reach: frozenset[int]) -> list[ValidationError]:
    """A steward's chosen officers must be of their own country too, whatever the row said."""
    countries = dict(Officer.objects.filter(pk__in=[pk for _, pk in matched]).values_list("pk", "agency__country_id"))
    return [
        _row_error(row, _("stewards import only the rows of their own country."), Reason.OTHER_COUNTRY)
        for row, officer_id in matched
        if countries.get(officer_id) not in reach
    ]


def _target(row: PreviewRow, decision: str, errors: list[ValidationError]) -> int | str | None:
    """NEW, an officer id, or None when the row cannot go ahead (its error added)."""
    by_uuid = {str(candidate.uuid): candidate.officer_id for candidate in row.candidates}
    if decision == NEW:
        return NEW
    if decision:
        officer_id = by_uuid.get(decision.removeprefix("officer:"))
        if officer_id is None:
            errors.append(
                _row_error(row, _("'%(decision)s' is not one of this row's choices: new, skip or a candidate's uuid.")
                           % {"decision": decision}, Reason.INVALID_CHOICE)
            )  # fmt: skip
        return officer_id
    if row.status == RowStatus.MATCH:
        return row.candidates[0].officer_id
    if row.status == RowStatus.AMBIGUOUS:
        errors.append(_row_error(row, _("choose one of the officers shown, new, or skip."), Reason.UNRESOLVED))
        return None
    return NEW


def _candidate_uuid(row: PreviewRow, officer_id: int) -> str:
    return next(str(candidate.uuid) for candidate in row.candidates if candidate.officer_id == officer_id)


def _row_error(row: PreviewRow, message: str, code: str) -> ValidationError:
    return ValidationError(_("Row %(row)s: ") % {"row": row.number} + message, code=code)


def display_names(full_name: str) -> tuple[str, str]:
    """(native, Latin) names for a new entry: a Cyrillic name keeps its script and gains a Latin form."""
    words = [word.title() if word.isupper() and len(word) > 2 else word for word in full_name.split()]
    name = " ".join(words)
    if _CYRILLIC.search(name):
        return name, anyascii(name)
    return name, name


def _create_officers(
    rows: list[PreviewRow], roster_import: RosterImport, on_progress: Callable[[int], None] | None
) -> int:
    if not rows:
        return 0
    officers = []
    for row in rows:
        values = _values(row)
        native, latin = display_names(values.full_name)
        officers.append(
            Officer(
                name_native=native,
                name_latin=latin,
                agency_id=_required(values.agency_id),
                position=values.position,
                rank=values.rank,
            )
        )
    create_records(Aggregate.OFFICER, officers, on_batch=on_progress)
    languages = dict(Language.objects.values_list("code", "pk"))
    pairs = list(zip(rows, officers, strict=True))
    add_links(
        [
            Officer.languages.through(officer_id=officer.pk, language_id=languages[code])
            for row, officer in pairs
            for code in _values(row).languages
        ]
    )
    add_links([channel for row, officer in pairs for channel in _contacts(_values(row), officer.pk)])
    add_links([_participation(_values(row), officer.pk) for row, officer in pairs if _values(row).event_id is not None])
    ImportedRecord.objects.bulk_create(
        ImportedRecord(
            roster_import=roster_import,
            aggregate=Aggregate.OFFICER,
            record_uuid=officer.uuid,
            action=ImportedRecord.Action.CREATED,
            row_number=row.number,
        )
        for row, officer in pairs
    )
    return len(officers)


def _update_matched(matched: list[tuple[PreviewRow, int]], roster_import: RosterImport) -> tuple[int, int]:
    """Add to matched officers only what they lack (participation, contacts, languages); the rest stay as they were."""
    if not matched:
        return 0, 0
    ids = [officer_id for _, officer_id in matched]
    officers = Officer.objects.in_bulk(ids)
    attended = {
        (participation.officer_id, participation.event_id): participation
        for participation in Participation.objects.filter(officer_id__in=ids)
    }
    contacts = {
        (officer_id, *_contact_key(kind, value))
        for officer_id, kind, value in ContactChannel.objects.filter(officer_id__in=ids).values_list(
            "officer_id", "kind", "value"
        )
    }
    spoken = set(
        Officer.languages.through.objects.filter(officer_id__in=ids).values_list("officer_id", "language__code")
    )
    languages = dict(Language.objects.values_list("code", "pk"))
    participations: list[Participation] = []
    channels: list[ContactChannel] = []
    spoken_rows: list[Any] = []
    updated: list[Participation] = []
    changed_rows: dict[int, int] = {}
    for row, officer_id in matched:
        values = _values(row)
        before = len(participations) + len(channels) + len(spoken_rows) + len(updated)
        if values.event_id is not None:
            present = attended.get((officer_id, values.event_id))
            if present is None:
                participations.append(_participation(values, officer_id))
            elif (values.rating and not present.rating) or (values.wants_more and not present.wants_more):
                present.rating = present.rating or values.rating
                present.wants_more = present.wants_more or values.wants_more
                updated.append(present)
        channels += [
            channel
            for channel in _contacts(values, officer_id)
            if (officer_id, *_contact_key(channel.kind, channel.value)) not in contacts
        ]
        spoken_rows += [
            Officer.languages.through(officer_id=officer_id, language_id=languages[code])
            for code in values.languages
            if (officer_id, code) not in spoken
        ]
        if len(participations) + len(channels) + len(spoken_rows) + len(updated) > before:
            changed_rows.setdefault(officer_id, row.number)
    add_links(participations)
    add_links(channels)
    add_links(spoken_rows)
    if updated:
        Participation.objects.bulk_update(updated, ["rating", "wants_more"])
    changed = [officers[officer_id] for officer_id in changed_rows]
    if changed:
        touch(changed, Aggregate.OFFICER)
    ImportedRecord.objects.bulk_create(
        ImportedRecord(
            roster_import=roster_import,
            aggregate=Aggregate.OFFICER,
            record_uuid=officers[officer_id].uuid,
            action=ImportedRecord.Action.CHANGED,
            row_number=number,
        )
        for officer_id, number in changed_rows.items()
    )
    return len(changed), len(matched) - len(changed)


def _contact_key(kind: str, value: str) -> tuple[str, str]:
    """A contact value as compared: an e-mail address in any capitals, a number by its digits however it is spaced
    (the directory keeps "+7 701 555 12 34" as typed; a roster's cell may give "+77015551234")."""
    if kind == ContactChannel.Kind.EMAIL:
        return "email", value.casefold()
    if kind == ContactChannel.Kind.MESSENGER:
        return "messenger", value
    digits = "".join(character for character in value if character.isdigit())
    return "number", ("+" if value.strip().startswith("+") else "") + digits


def _required(pk: int | None) -> int:
    if pk is None:
        raise ValueError("A row planned for writing lacks a link the plan checked.")
    return pk


def _values(row: PreviewRow) -> RowValues:
    if row.values is None:
        raise ValueError(f"Row {row.number} has no values to write.")
    return row.values


def _contacts(values: RowValues, officer_id: int) -> list[ContactChannel]:
    channels = []
    if values.email:
        channels.append(
            ContactChannel(officer_id=officer_id, kind=ContactChannel.Kind.EMAIL, value=values.email,
                           visibility=Visibility.VERIFIED)
        )  # fmt: skip
    if values.phone:
        channels.append(
            ContactChannel(officer_id=officer_id, kind=ContactChannel.Kind.PHONE, value=values.phone,
                           visibility=Visibility.VERIFIED)
        )  # fmt: skip
    return channels


def _participation(values: RowValues, officer_id: int) -> Participation:
    return Participation(
        officer_id=officer_id,
        event_id=_required(values.event_id),
        role=values.role or Participation.Role.PARTICIPANT,
        rating=values.rating,
        wants_more=values.wants_more,
    )


@transaction.atomic
def save_header_mapping(user: Viewer, chosen: Mapping[str, str]) -> list[RosterHeader]:
    """Remember headers mapped by hand (header → roster column key or "ignore") for every later import."""
    ensure_can_import(user)
    saved = []
    for header, column in chosen.items():
        folded = fold_header(header)
        if column != IGNORE and column not in COLUMNS_BY_KEY:
            raise ValidationError(
                {"mapping": ValidationError(
                    _("'%(column)s' is not a roster column; choose one of: %(choices)s.")
                    % {"column": column, "choices": ", ".join([*COLUMNS_BY_KEY, IGNORE])},
                    code=Reason.INVALID_CHOICE,
                )}
            )  # fmt: skip
        if not folded:
            continue
        record, _created = RosterHeader.objects.update_or_create(
            header=folded[:200], defaults={"column": column, "saved_by": user if isinstance(user, User) else None}
        )
        saved.append(record)
    return saved


__all__ = ["NEW", "SKIP", "commit_roster", "display_names", "plan_commit", "save_header_mapping"]
