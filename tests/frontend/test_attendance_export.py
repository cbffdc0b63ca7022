"""An event's attendance list: the roster's columns in order, values the import reads, and a round trip."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client

from directory.demo import DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import ContactAccessLog, ContactChannel, ContactExport, Event, Participation, User
from directory.rosters.columns import COLUMNS_BY_KEY, ROSTER_COLUMNS
from directory.visibility import visible_contacts

Kind = ContactChannel.Kind


def _by_key(headers: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    """Rows keyed by roster column, recognising the headers as the import does (any header of the column)."""
    keys = []
    for header in headers:
        matches = [column.key for column in ROSTER_COLUMNS if header in column.headers()]
        assert matches, f"unrecognised header {header!r}"
        keys.append(matches[0])
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _csv(content: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8").removeprefix("\ufeff"))))
    return rows[0], rows[1:]


def _xlsx(content: bytes) -> tuple[list[str], list[list[str]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [[str(cell.value or "") for cell in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:]


@pytest.mark.parametrize(("language", "header"), [("en", "header_en"), ("ru", "header_ru")])
def test_the_columns_are_the_rosters_in_order(
    sign_in: Callable[..., Client], demo: DemoSummary, language: str, header: str
) -> None:
    event = Event.objects.get(short_title="Drugs@Online")
    response = sign_in(DEMO_STAFF, language=language).get(f"/events/{event.uuid}/attendance.csv")
    assert response.status_code == 200
    headers, rows = _csv(response.content)
    assert headers == [getattr(column, header) for column in ROSTER_COLUMNS]
    assert len(rows) == Participation.objects.filter(event=event).count()
    assert [row[0] for row in rows] == [str(number) for number in range(1, len(rows) + 1)]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_attendance_list_read_back_matches_the_directory(
    sign_in: Callable[..., Client], demo: DemoSummary, file_format: str
) -> None:
    # given the Tashkent workshop, exported by programme staff
    event = Event.objects.get(short_title__icontains="crypto")
    response = sign_in(DEMO_STAFF).get(f"/events/{event.uuid}/attendance.{file_format}")
    assert response.status_code == 200
    # when it is read back by the roster's own headers (a CSV cell starting like a formula carries an apostrophe)
    headers, cells = (_csv if file_format == "csv" else _xlsx)(response.content)
    rows = _by_key(headers, cells)
    # then every participation comes back as the directory holds it
    staff = User.objects.get(username=DEMO_STAFF)
    participations = Participation.objects.filter(event=event).select_related("officer__agency__country")
    assert len(rows) == participations.count()
    by_name = {row["full_name"]: row for row in rows}
    for participation in participations:
        officer = participation.officer
        row = by_name[officer.name_native]
        visible = visible_contacts(staff, officer.contacts.all())
        emails = set(visible.filter(kind=Kind.EMAIL).values_list("value", flat=True))
        phones = set(visible.exclude(kind__in=[Kind.EMAIL, Kind.MESSENGER]).values_list("value", flat=True))
        phone = row["phone"].removeprefix("'") if file_format == "csv" else row["phone"]
        assert row["position"] == officer.position and row["rank"] == officer.rank
        assert row["agency"] == officer.agency.name_en and row["country"] == officer.agency.country.name_en
        assert (row["email"] in emails) if emails else row["email"] == ""
        assert (phone in phones) if phones else phone == ""
        assert row["languages"].split(", ") == sorted(officer.languages.values_list("code", flat=True))
        assert row["event"] == event.title
        assert row["role"] == participation.role and row["role"] in Participation.Role.values
        assert row["rating"] == participation.rating
        assert row["wants_more"] == ("yes" if participation.wants_more else "no")
    assert set(COLUMNS_BY_KEY) == set(rows[0])


def test_ratings_stay_out_for_those_who_may_not_read_them(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    event = Event.objects.get(short_title="Drugs@Online")
    steward = sign_in(DEMO_STEWARD).get(f"/events/{event.uuid}/attendance.csv")
    headers, cells = _csv(steward.content)
    rows = _by_key(headers, cells)
    assert any(row["rating"] for row in rows), "stewards read each participant's rating"


def test_the_attendance_download_is_logged(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    event = Event.objects.get(short_title="Drugs@Online")
    response = sign_in(DEMO_STAFF).get(f"/events/{event.uuid}/attendance.xlsx")
    export = ContactExport.objects.get()
    assert (export.kind, export.file_format, export.filter) == ("attendance", "xlsx", f"event={event.uuid}")
    _headers, rows = _xlsx(response.content)
    assert export.officer_count == len(rows)
    views = ContactAccessLog.objects.filter(request_id=export.request_id, operation="export:attendance.xlsx")
    assert sum(view.channel_count for view in views) == export.channel_count > 0
