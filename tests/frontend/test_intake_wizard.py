"""The roster wizard without JavaScript: upload, read, filter, resolve, commit; and who may use it."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from directory.models import Officer, RosterImport, RosterUpload
from tests.roster_world import RosterWorld, csv_bytes, roster_world

__all__ = ["roster_world"]
MVD = "Ministry of Internal Affairs"
ROWS = [
    ["1", "TOKTOGULOVA Asel", "", MVD, "KG", "", "", "", "", "5"],
    ["2", "Tokayev B.", "", MVD, "KZ", "", "", "", "", ""],
    ["3", "Нурлан Жумабеков", "", MVD, "KZ", "", "", "", "", ""],
    ["4", "Aibek Osmonov", "", MVD, "Narnia", "", "", "", "", ""],
]


def _client(user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _upload(client: Client, data: bytes, name: str = "astana.csv", **fields: str) -> object:
    return client.post("/intake/", {"file": SimpleUploadedFile(name, data), "encoding": "", "event": "", **fields})


def test_staff_import_a_roster_step_by_step(roster_world: RosterWorld) -> None:
    client = _client(roster_world.staff)
    # when: the file is uploaded
    response = _upload(client, csv_bytes(ROWS), event="Crypto")
    # then: the preview opens on the rows that need attention
    assert response.status_code == 302
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert "Ambiguous (1)" in page and "Invalid (1)" in page and "New (1)" in page and "Matches (1)" in page
    assert "Tokayev B." in page and "Narnia" in page and "TOKTOGULOVA Asel" not in page
    everything = client.get(response["Location"] + "?status=all").content.decode()
    assert "TOKTOGULOVA Asel" in everything and "names equal after transliteration" in everything
    # when: committing before deciding
    refused = client.post(response["Location"] + "commit/")
    assert refused.status_code == 400 and "Row 3: choose one of the officers shown" in refused.content.decode()
    assert not RosterImport.objects.exists()
    # when: the ambiguous row is resolved and the invalid one skipped
    bakyt = str(roster_world.world.bakyt.uuid)
    client.post(response["Location"] + "resolve/", {"row-3": bakyt, "row-5": "skip"})
    done = client.post(response["Location"] + "commit/")
    # then
    assert done.status_code == 302
    record = RosterImport.objects.get()
    assert (record.created_count, record.matched_count, record.skipped_count) == (1, 2, 1)
    assert "1 officers created, 2 matched" in client.get(done["Location"]).content.decode()
    assert not RosterUpload.objects.exists()


def test_an_unknown_header_is_mapped_and_remembered(roster_world: RosterWorld) -> None:
    client = _client(roster_world.staff)
    headers = ["№", "Фамилия Имя Отчество", "Ведомство", "Страна"]
    response = _upload(client, csv_bytes([["1", "Нурлан Жумабеков", MVD, "KZ"]], headers=headers))
    page = client.get(response["Location"]).content.decode()
    assert "No column holds the full name" in page and "Фамилия Имя Отчество" in page
    client.post(response["Location"] + "options/", {"header_0": "full_name", "remember": "on", "encoding": ""})
    page = client.get(response["Location"] + "?status=all").content.decode()
    assert "Нурлан Жумабеков" in page and "No column holds the full name" not in page
    # a later file with the same header is read without asking
    again = _upload(client, csv_bytes([["1", "Aibek Osmonov", MVD, "KG"]], headers=headers), name="b.csv")
    assert "Aibek Osmonov" in client.get(again["Location"] + "?status=all").content.decode()


def test_a_bad_file_is_refused_on_the_upload_page(roster_world: RosterWorld) -> None:
    client = _client(roster_world.staff)
    response = _upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="list.xlsx")
    assert response.status_code == 400
    assert "password-protected" in response.content.decode()
    assert not RosterUpload.objects.exists()


def test_an_oversized_file_is_refused_by_its_size(roster_world: RosterWorld) -> None:
    client = _client(roster_world.staff)
    with override_settings(LIAISON_ROSTER_MAX_BYTES=100):
        response = _upload(client, csv_bytes(ROWS))
    assert response.status_code == 200 and "the limit is 0.0 MB" in response.content.decode()
    assert not RosterUpload.objects.exists()


def test_an_officer_is_refused_and_sees_no_link(roster_world: RosterWorld) -> None:
    client = _client(roster_world.officer_user)
    assert "Import a roster" not in client.get("/").content.decode()
    response = _upload(client, csv_bytes(ROWS))
    assert response.status_code == 403 and "programme staff and stewards" in response.content.decode()


def test_a_steward_sees_other_countries_refused_and_another_users_file_is_not_found(roster_world: RosterWorld) -> None:
    steward = _client(roster_world.steward_kg)
    response = _upload(steward, csv_bytes(ROWS))
    page = steward.get(response["Location"] + "?status=refused").content.decode()
    assert "Refused (2)" in page and "stewards import only the rows of their own country" in page
    assert _client(roster_world.staff).get(response["Location"]).status_code == 404


def test_uploads_are_limited_per_user(roster_world: RosterWorld) -> None:
    client = _client(roster_world.staff)
    with override_settings(LIAISON_ROSTER_RATE_LIMIT="2/h"):
        answers = [_upload(client, csv_bytes(ROWS), name=f"{number}.csv").status_code for number in range(3)]
    assert answers == [302, 302, 429]


def test_the_wizard_is_in_russian_for_a_russian_reader(roster_world: RosterWorld) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(roster_world.staff)
    page = client.get("/intake/").content.decode()
    assert re.search(r"Импорт", page)
    assert Officer.objects.count() == 6
