"""Roster intake through the API: the file to /graphql/rosters, then preview, decisions and commit in GraphQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from directory.models import Officer, RosterImport, RosterUpload, User
from directory.services.access import issue_api_token
from tests.api.conftest import call
from tests.roster_world import RosterWorld, csv_bytes, roster_world

__all__ = ["roster_world"]
MVD = "Ministry of Internal Affairs"
ROWS = [
    ["1", "TOKTOGULOVA Asel", "", MVD, "KG", "", "", "", "", "5"],
    ["2", "Tokayev B.", "", MVD, "KZ", "", "", "", "", ""],
    ["3", "Нурлан Жумабеков", "", MVD, "KZ", "", "", "", "", ""],
    ["4", "Aibek Osmonov", "", MVD, "Narnia", "", "", "", "", ""],
]
PREVIEW = """query ($upload: ID!, $status: RosterRowStatus) {
  rosterPreview(upload: $upload, status: $status) {
    counts { new match ambiguous invalid refused }
    rows { row status name candidates { officerUuid confidence evidence } problems { message code row column } }
  }
}"""
DECIDE = """mutation ($upload: ID!, $decisions: [RosterDecisionInput!]) {
  decideRoster(upload: $upload, decisions: $decisions) {
    ... on RosterPreview { counts { ambiguous } rows { row decision } }
    ... on OperationInfo { messages { field code message } }
  }
}"""
COMMIT = """mutation ($upload: ID!, $skipInvalid: Boolean!) {
  commitRoster(upload: $upload, skipInvalid: $skipInvalid) {
    ... on RosterImport { createdCount matchedCount skippedCount fileSha256 }
    ... on OperationInfo { messages { field code message } }
  }
}"""


@pytest.fixture(autouse=True)
def fresh_rate_counts() -> None:
    cache.clear()


@pytest.fixture
def write_token(roster_world: RosterWorld) -> str:
    integration = User.objects.create_user("roster-system", role="integration")
    return issue_api_token(user=integration, name="intake", scopes=["read", "write"])[1]


def _upload(client: Client, data: bytes, *, token: str | None = None, name: str = "roster.csv") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/graphql/rosters", {"file": SimpleUploadedFile(name, data), "event": "Crypto"}, **headers)


def test_an_integration_imports_a_roster_in_two_steps(roster_world: RosterWorld, write_token: str) -> None:
    client = Client()
    # given: the file is uploaded
    answer = _upload(client, csv_bytes(ROWS), token=write_token)
    assert answer.status_code == 201
    upload = answer.json()["upload"]
    # when: the preview is read
    preview = call(client, PREVIEW, {"upload": upload}, token=write_token)["data"]["rosterPreview"]
    # then
    assert preview["counts"] == {"new": 1, "match": 1, "ambiguous": 1, "invalid": 1, "refused": 0}
    rows = {row["row"]: row for row in preview["rows"]}
    assert rows[2]["candidates"][0]["confidence"] == 100
    assert rows[5]["problems"][0]["code"] == "unknown_country" and rows[5]["problems"][0]["column"].startswith("E")
    # when: committing before deciding, nothing is written and the row is named
    refused = call(client, COMMIT, {"upload": upload, "skipInvalid": True}, token=write_token)["data"]["commitRoster"]
    assert "Row 3" in refused["messages"][0]["message"] and refused["messages"][0]["code"] == "unresolved"
    assert not RosterImport.objects.exists()
    # when: the ambiguous row is decided, then committed
    bakyt = str(roster_world.world.bakyt.uuid)
    decided = call(client, DECIDE, {"upload": upload, "decisions": [{"row": 3, "choice": bakyt}]}, token=write_token)
    assert decided["data"]["decideRoster"]["rows"] == [{"row": 3, "decision": bakyt}]
    done = call(client, COMMIT, {"upload": upload, "skipInvalid": True}, token=write_token)["data"]["commitRoster"]
    # then
    assert (done["createdCount"], done["matchedCount"], done["skippedCount"]) == (1, 2, 1)
    assert not RosterUpload.objects.exists()


def test_a_bad_file_is_answered_with_row_and_column(roster_world: RosterWorld, write_token: str) -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ФИО", "Ведомство"])
    sheet.append(["Нурлан Жумабеков", "=A2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    answer = _upload(Client(), buffer.getvalue(), token=write_token, name="list.xlsx")
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["extensions"] == {
        "code": "INVALID_INPUT", "field": "file", "reason": "formula", "row": 2, "column": "B",
    }  # fmt: skip
    assert not RosterUpload.objects.exists()


def test_a_read_token_and_an_officer_cannot_import(roster_world: RosterWorld) -> None:
    integration = User.objects.create_user("roster-reader", role="integration")
    read = issue_api_token(user=integration, name="read", scopes=["read"])[1]
    answer = _upload(Client(), csv_bytes(ROWS), token=read)
    assert answer.status_code == 403 and "read-only" in answer.json()["errors"][0]["message"]
    officer = Client()
    officer.force_login(roster_world.officer_user)
    answer = _upload(officer, csv_bytes(ROWS))
    assert answer.status_code == 403
    assert Officer.objects.count() == 6 and not RosterUpload.objects.exists()


def test_a_browser_session_needs_the_csrf_token(roster_world: RosterWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(roster_world.staff)
    answer = _upload(client, csv_bytes(ROWS))
    assert answer.status_code == 403 and "CSRF" in answer.json()["errors"][0]["message"]
    assert not RosterUpload.objects.exists()


def test_signed_out_callers_and_strangers_uploads_are_refused(roster_world: RosterWorld, write_token: str) -> None:
    assert _upload(Client(), csv_bytes(ROWS)).status_code == 401
    staff = Client()
    staff.force_login(roster_world.staff)
    upload = _upload(staff, csv_bytes(ROWS)).json()["upload"]
    answer = call(Client(), PREVIEW, {"upload": upload}, token=write_token)
    assert "No roster upload of yours" in answer["errors"][0]["message"]


def test_uploads_are_capped_in_size_and_rate(roster_world: RosterWorld, write_token: str) -> None:
    with override_settings(LIAISON_ROSTER_MAX_BYTES=10):
        answer = _upload(Client(), b"x" * 70_000, token=write_token)
    assert answer.status_code == 413 and answer.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    with override_settings(LIAISON_ROSTER_RATE_LIMIT="1/h"):
        codes = [_upload(Client(), csv_bytes(ROWS), token=write_token).status_code for _ in range(2)]
    assert codes == [201, 429]
