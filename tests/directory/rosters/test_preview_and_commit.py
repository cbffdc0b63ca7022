"""A realistic roster in several scripts and spellings: every row classified as expected, then committed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from directory.models import ImportedRecord, OutboxEvent, Participation, RosterImport
from directory.rosters.preview import RowStatus
from directory.services.intake import commit_roster
from tests.roster_world import (
    RosterWorld,
    contact_values,
    csv_bytes,
    officer_count,
    preview_of,
    statuses,
)

MVD = "Ministry of Internal Affairs"
ROWS = [
    ["1", "TOKTOGULOVA Asel", "Инспектор", MVD, "Кыргызстан", "", "", "русский", "участник", "5"],
    ["2", "Tokayev B.", "", MVD, "Казахстан", "", "", "", "", ""],
    ["3", "Токаев Бауыржан", "Инспектор", "Комитет государственных доходов", "KZ", "", "", "", "", "4"],
    ["4", "Tokaev Bauyrzhan", "", "", "Kazakhstan", "B.Tokayev@mvd.example.kz", "", "", "", ""],
    ["5", "Ulmasov Hamid", "", "General Prosecutor's Office", "Узбекистан", "", "8 (71) 233-45-67", "", "", ""],
    ["6", "Каримова Дилноза Рустамовна", "", "General Prosecutors Office", "UZ", "", "", "English", "", ""],
    ["7", "Нурлан Жумабеков", "Следователь", MVD, "KZ", "n.zh@mvd.example.kz", "+7 701 555 12 34", "ru", "", "5"],
    ["8", "ЖУМАБЕКОВ Нурлан", "Следователь", MVD, "KZ", "", "", "", "", ""],
    ["9", "Aibek Osmonov", "", MVD, "Narnia", "", "", "", "", ""],
    ["10", "Aibek Osmonov", "", "Ministry of Magic", "KG", "", "", "", "", ""],
    ["11", "Jyldyz Asanova", "", MVD, "KG", "not-an-email", "", "", "", ""],
    ["12", "Tokaev Baurzhan", "", "", "KZ", "", "", "", "", ""],
]
# Row numbers in the file: the header is row 1.
EXPECTED = {
    2: "match",  # Latin, surname first, capitals: the Kyrgyz officer of the same agency
    3: "ambiguous",  # an initial fits both Bakyt and Bauyrzhan Tokayev of the same agency
    4: "match",  # Cyrillic name and the Russian name of the customs agency: the customs namesake
    5: "match",  # no agency, but the e-mail of the police namesake (in other capitals)
    6: "match",  # Ў/Ҳ folded, "Hamid" for "Khamid", the phone typed another way
    7: "match",  # Cyrillic with a patronymic; the agency with a typo
    8: "new",
    9: "invalid",  # the same person as row 8, name order and capitals aside
    10: "invalid",  # a country the directory does not know
    11: "invalid",  # an agency the directory does not know
    12: "invalid",  # not an e-mail address
    13: "ambiguous",  # two namesakes in Kazakhstan and nothing to tell them apart
}


@pytest.fixture
def roster() -> bytes:
    return csv_bytes(ROWS)


def test_every_row_is_classified_as_a_steward_would(roster_world: RosterWorld, roster: bytes) -> None:
    # when
    preview = preview_of(roster, roster_world.staff, event="Crypto")
    # then
    assert statuses(preview) == EXPECTED
    rows = {row.number: row for row in preview.rows}
    assert rows[2].candidates[0].uuid == roster_world.world.asel.uuid
    assert rows[2].candidates[0].confidence == 100
    assert "same agency" in rows[2].candidates[0].evidence
    assert {candidate.uuid for candidate in rows[3].candidates} == {
        roster_world.world.bakyt.uuid,
        roster_world.bauyrzhan.uuid,
    }
    assert rows[4].candidates[0].uuid == roster_world.bauyrzhan_customs.uuid
    assert rows[5].candidates[0].uuid == roster_world.bauyrzhan.uuid
    assert "same e-mail" in rows[5].candidates[0].evidence
    assert "same phone" in rows[6].candidates[0].evidence
    assert rows[7].candidates[0].uuid == roster_world.world.dilnoza.uuid
    assert "row 8" in rows[9].problems[0].message and rows[9].problems[0].column.startswith("B")
    assert "Narnia" in rows[10].problems[0].message and rows[10].problems[0].column.startswith("E")
    assert "Ministry of Magic" in rows[11].problems[0].message and rows[11].problems[0].column.startswith("D")
    assert "e-mail" in rows[12].problems[0].message and rows[12].problems[0].column.startswith("F")


def test_a_steward_sees_other_countries_rows_refused_with_the_reason(roster_world: RosterWorld, roster: bytes) -> None:
    preview = preview_of(roster, roster_world.steward_kg, event="Crypto")
    found = statuses(preview)
    assert found[2] == "match"
    assert {found[number] for number in (3, 4, 5, 6, 7, 8, 13)} == {"refused"}
    refused = next(row for row in preview.rows if row.number == 4)
    assert "KZ" in refused.problems[0].message and "own country" in refused.problems[0].message


def test_an_officer_cannot_import(roster_world: RosterWorld, roster: bytes) -> None:
    with pytest.raises(PermissionDenied, match="programme staff and stewards"):
        preview_of(roster, roster_world.officer_user)


def test_an_unresolved_file_writes_nothing_and_names_each_row(roster_world: RosterWorld, roster: bytes) -> None:
    # given
    preview = preview_of(roster, roster_world.staff, event="Crypto")
    before = (officer_count(), OutboxEvent.objects.count(), Participation.objects.count())
    # when
    with pytest.raises(ValidationError) as refused:
        commit_roster(preview, user=roster_world.staff)
    # then
    messages = " ".join(refused.value.messages)
    for number in (3, 9, 10, 11, 12, 13):
        assert f"Row {number}" in messages
    assert (officer_count(), OutboxEvent.objects.count(), Participation.objects.count()) == before
    assert not RosterImport.objects.exists()


def test_the_commit_writes_what_was_decided_and_the_same_file_again_changes_nothing(
    roster_world: RosterWorld, roster: bytes
) -> None:
    # given
    preview = preview_of(roster, roster_world.staff, event="Crypto")
    decisions = {3: str(roster_world.world.bakyt.uuid), 13: "skip"}
    officers_before = officer_count()
    # when
    done = commit_roster(preview, user=roster_world.staff, decisions=decisions, skip_invalid=True)
    # then
    assert (done.created_count, done.matched_count, done.unchanged_count, done.skipped_count) == (1, 6, 2, 5)
    assert officer_count() == officers_before + 1
    assert done.imported_by == roster_world.staff
    assert done.decisions["3"] == f"officer:{roster_world.world.bakyt.uuid}" and done.decisions["13"] == "skip"
    new = ImportedRecord.objects.get(roster_import=done, action="created")
    assert new.row_number == 8
    assert {"n.zh@mvd.example.kz", "+77015551234"} <= contact_values()
    workshop = roster_world.world.workshop
    assert workshop.participations.filter(officer=roster_world.bauyrzhan_customs, rating="very_good").exists()
    changed = set(
        ImportedRecord.objects.filter(roster_import=done, action="changed").values_list("row_number", flat=True)
    )
    assert changed == {4, 5, 6, 7}
    # when the same file comes again
    outbox = OutboxEvent.objects.count()
    again = commit_roster(preview_of(roster, roster_world.staff, event="Crypto"), user=roster_world.staff)
    # then
    assert again.pk == done.pk
    assert officer_count() == officers_before + 1 and OutboxEvent.objects.count() == outbox


def test_a_reimport_of_the_written_rows_finds_everyone_and_changes_nothing(roster_world: RosterWorld) -> None:
    # given: the new officer and the updates are in the directory
    rows = [ROWS[0], ROWS[2], ROWS[6]]
    first = commit_roster(preview_of(csv_bytes(rows), roster_world.staff, event="Crypto"), user=roster_world.staff)
    assert first.created_count == 1
    outbox = OutboxEvent.objects.count()
    # when: the same rows in another file (another hash), as the attendance export would give them back
    preview = preview_of(csv_bytes(rows) + b"\r\n", roster_world.staff, event="Crypto")
    done = commit_roster(preview, user=roster_world.staff)
    # then
    assert statuses(preview) == {2: "match", 3: "match", 4: "match"}
    assert (done.created_count, done.unchanged_count) == (0, 3)
    assert OutboxEvent.objects.count() == outbox


def test_an_ambiguous_row_can_become_a_new_officer(roster_world: RosterWorld) -> None:
    data = csv_bytes([["1", "Tokayev B.", "", MVD, "KZ", "", "", "", "", ""]])
    preview = preview_of(data, roster_world.staff)
    assert preview.rows[0].status == RowStatus.AMBIGUOUS
    done = commit_roster(preview, user=roster_world.staff, decisions={2: "new"})
    assert done.created_count == 1


def test_a_choice_outside_the_candidates_is_refused(roster_world: RosterWorld) -> None:
    data = csv_bytes([["1", "Tokayev B.", "", MVD, "KZ", "", "", "", "", ""]])
    preview = preview_of(data, roster_world.staff)
    with pytest.raises(ValidationError, match="Row 2"):
        commit_roster(preview, user=roster_world.staff, decisions={2: str(roster_world.ulmasov.uuid)})
    assert not RosterImport.objects.exists()


def test_the_example_roster_of_the_readme_reads_as_described(roster_world: RosterWorld) -> None:
    example = Path(settings.BASE_DIR) / "docs" / "examples" / "workshop-roster.csv"
    preview = preview_of(example.read_bytes(), roster_world.staff, event="Crypto")
    assert statuses(preview) == {3: "match", 4: "match", 5: "match", 6: "match", 7: "new", 8: "new"}
    done = commit_roster(preview, user=roster_world.staff)
    assert (done.created_count, done.matched_count) == (2, 4)


def test_a_steward_cannot_attach_a_row_to_another_countrys_officer(roster_world: RosterWorld) -> None:
    # given: a Kyrgyz row whose e-mail and phone belong to officers of Kazakhstan and Uzbekistan
    row = ["1", "Aibek Osmonov", "", MVD, "KG", "b.tokayev@mvd.example.kz", "+998712334567", "", "", ""]
    preview = preview_of(csv_bytes([row]), roster_world.steward_kg, event="Crypto")
    assert statuses(preview) == {2: "ambiguous"}
    # when the steward picks the Kazakh officer
    with pytest.raises(ValidationError, match="Row 2: stewards import only the rows of their own country"):
        commit_roster(preview, user=roster_world.steward_kg, decisions={2: str(roster_world.bauyrzhan.uuid)})
    # then
    assert not RosterImport.objects.exists()
