"""Exports: what a viewer downloads (CSV, XLSX, JSON, vCard) holds only what they may see, and is logged."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import openpyxl
import pytest
import vobject
from django.test import Client, override_settings

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import ContactAccessLog, ContactChannel, ContactExport, Event, Officer, User
from directory.services.officers import add_contact_channel, create_officer
from directory.visibility import visible_contacts

Visibility = ContactChannel.Visibility
EXPORT = "/exports/officers/"


def read_csv(content: bytes) -> list[dict[str, str]]:
    """The rows of a downloaded CSV file, by header (the file starts with a byte-order mark for Excel)."""
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_xlsx(content: bytes) -> list[dict[str, str]]:
    """The rows of a downloaded workbook's first sheet, by header."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _stewards_only_channel(country: str) -> ContactChannel:
    """A channel only stewards may see, on an officer of this country."""
    officer = Officer.objects.filter(agency__country__code=country).order_by("id").first()
    return add_contact_channel(
        officer, kind="hotline_24_7", value=f"+{len(country)}00 STEWARDS ONLY {country}", visibility=Visibility.STEWARDS
    )


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, demo: DemoSummary) -> None:
    officer = Officer.objects.order_by("id").first()
    event = Event.objects.order_by("id").first()
    for url in (f"{EXPORT}?format=csv", f"/events/{event.uuid}/attendance.csv", f"/officers/{officer.uuid}/vcard/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert not ContactExport.objects.exists()


def test_staff_download_the_filtered_officers_in_every_format(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    staff = sign_in(DEMO_STAFF)
    kyrgyz = set(Officer.objects.filter(agency__country__code="KG").values_list("uuid", flat=True))

    as_csv = staff.get(EXPORT, {"country": "KG", "format": "csv"})
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"].startswith("text/csv")
    assert "attachment" in as_csv["Content-Disposition"] and ".csv" in as_csv["Content-Disposition"]
    rows = read_csv(as_csv.content)
    assert {row["Id"] for row in rows} == {str(uuid) for uuid in kyrgyz}
    assert {row["Country"] for row in rows} == {"KG"}
    assert all(row["Demo entry"] == "yes" for row in rows)

    as_xlsx = read_xlsx(staff.get(EXPORT, {"country": "KG", "format": "xlsx"}).content)
    assert [row["Id"] for row in as_xlsx] == [row["Id"] for row in rows]
    assert as_xlsx[0]["Name in native script"] == rows[0]["Name in native script"]

    as_json = json.loads(staff.get(EXPORT, {"country": "KG", "format": "json"}).content)
    assert as_json["count"] == len(kyrgyz) and as_json["filter"] == "country=KG"
    assert {row["uuid"] for row in as_json["rows"]} == {str(uuid) for uuid in kyrgyz}
    turdubaev = next(row for row in as_json["rows"] if row["name_latin"] == "Nurbek Turdubaev")
    assert turdubaev["email"] and turdubaev["email"][0].endswith("@demo.liaison.invalid")


def test_the_export_filters_are_the_apis(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    staff = sign_in(DEMO_STAFF)
    by_name = json.loads(staff.get(EXPORT, {"name": "Турдубаев", "format": "json"}).content)
    assert {row["name_latin"] for row in by_name["rows"]} == {"Nurbek Turdubaev", "Mirlan Turdubaev"}
    verified = json.loads(staff.get(EXPORT, {"verified": "yes", "format": "json"}).content)
    assert verified["count"] == Officer.objects.filter(verified_at__isnull=False).count()
    russian = json.loads(staff.get(EXPORT, {"language": "ru", "country": "UZ", "format": "json"}).content)
    assert russian["rows"] and all("ru" in row["languages"] for row in russian["rows"])


def test_no_format_shows_the_form_with_every_filter(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_STAFF, language="ru").get(EXPORT)
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("country", "topic", "language", "verified", "name"):
        assert f'name="{name}"' in html
    assert "Скачать CSV" in html
    assert not ContactExport.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_a_contact_the_viewer_may_not_see_is_in_no_format(
    sign_in: Callable[..., Client], demo: DemoSummary, file_format: str
) -> None:
    # given a stewards-only channel in Kyrgyzstan and one in Kazakhstan
    kyrgyz, kazakh = _stewards_only_channel("KG"), _stewards_only_channel("KZ")
    # when programme staff and the Kyrgyz steward download everyone
    for username, seen in ((DEMO_STAFF, set()), (DEMO_STEWARD, {kyrgyz.value})):
        response = sign_in(username).get(EXPORT, {"format": file_format})
        assert response.status_code == 200
        if file_format == "xlsx":
            text = "\n".join(" ".join(row.values()) for row in read_xlsx(response.content))
        else:
            text = response.content.decode("utf-8")
        # then each sees exactly the channels their role allows: the steward their own country's only
        assert {value for value in (kyrgyz.value, kazakh.value) if value in text} == seen, username
        user = User.objects.get(username=username)
        for hidden in ContactChannel.objects.exclude(pk__in=visible_contacts(user).values("pk")):
            assert hidden.value not in text, (username, hidden.kind)


def test_officers_download_no_lists(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = sign_in(DEMO_OFFICER)
    event = Event.objects.order_by("id").first()
    for url in (f"{EXPORT}?format=csv", f"/events/{event.uuid}/attendance.xlsx"):
        response = officer.get(url)
        assert response.status_code == 403, url
        assert "because only programme staff, stewards and administrators download lists" in response.content.decode()
    assert "/exports/officers/" not in officer.get("/countries/").content.decode()
    assert not ContactExport.objects.exists()


def test_every_download_is_in_the_contact_access_log(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    staff = sign_in(DEMO_STAFF)
    response = staff.get(EXPORT, {"country": "UZ", "topic": "cybercrime", "format": "xlsx"})
    assert response.status_code == 200
    export = ContactExport.objects.get()
    rows = read_xlsx(response.content)
    assert export.viewer_username == DEMO_STAFF
    assert export.kind == "officers" and export.file_format == "xlsx"
    assert export.filter == "country=UZ; topic=cybercrime"
    assert export.officer_count == len(rows)
    views = ContactAccessLog.objects.filter(request_id=export.request_id)
    assert views.count() == len(rows)
    assert {str(view.officer_uuid) for view in views} == {row["Id"] for row in rows}
    assert all(view.operation == "export:officers.xlsx" and view.viewer_username == DEMO_STAFF for view in views)
    assert sum(view.channel_count for view in views) == export.channel_count > 0
    assert response["X-Request-ID"] == export.request_id


def test_cells_that_would_start_a_formula_stay_text(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # given an entry whose values a spreadsheet would run as formulas
    agency = Officer.objects.filter(agency__country__code="KG").first().agency
    hostile = create_officer(
        name_native='=HYPERLINK("http://evil.invalid","Click")',
        name_latin="@SUM(1+1)*cmd|' /C calc'!A0",
        position="+1+1",
        rank="-2+3",
        agency=agency,
    )
    add_contact_channel(hostile, kind="phone", value="+996 312 00 00 00", visibility=Visibility.SIGNED_IN)
    staff = sign_in(DEMO_STAFF)
    wanted = {"uuid": str(hostile.uuid)}

    # then the CSV cell starts with an apostrophe, as OWASP advises
    row = next(
        r for r in read_csv(staff.get(EXPORT, {"country": "KG", "format": "csv"}).content) if r["Id"] == wanted["uuid"]
    )
    assert row["Name in native script"] == '\'=HYPERLINK("http://evil.invalid","Click")'
    assert row["Name in Latin script"].startswith("'@SUM")
    assert (row["Position"], row["Rank"], row["Phone"]) == ("'+1+1", "'-2+3", "'+996 312 00 00 00")

    # and the workbook holds text cells marked with Excel's apostrophe, never a formula
    sheet = openpyxl.load_workbook(io.BytesIO(staff.get(EXPORT, {"country": "KG", "format": "xlsx"}).content)).active
    cells = next(row for row in sheet.iter_rows() if row[0].value == wanted["uuid"])
    native, position = cells[1], cells[3]
    assert native.value == '=HYPERLINK("http://evil.invalid","Click")' and native.data_type == "s"
    assert native.quotePrefix and position.quotePrefix and position.value == "+1+1"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@override_settings(LIAISON_EXPORT_MAX_ROWS=5)
def test_more_rows_than_allowed_are_refused_and_nothing_is_logged(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    response = sign_in(DEMO_STAFF).get(EXPORT, {"country": "KG", "format": "csv"})
    html = response.content.decode()
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "an export holds at most 5; narrow it, such as by country or topic." in html
    assert not ContactExport.objects.exists() and not ContactAccessLog.objects.exists()


@override_settings(LIAISON_EXPORT_RATE_LIMIT="2/h")
def test_downloads_are_limited_per_user(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    from django.core.cache import cache

    cache.clear()
    staff = sign_in(DEMO_STAFF)
    officer = Officer.objects.order_by("id").first()
    assert staff.get(EXPORT, {"country": "TJ", "format": "csv"}).status_code == 200
    assert staff.get(f"/officers/{officer.uuid}/vcard/").status_code == 200
    refused = staff.get(EXPORT, {"country": "TJ", "format": "json"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "You have downloaded many files lately." in refused.content.decode()
    assert ContactExport.objects.count() == 2
    assert sign_in(DEMO_ADMIN).get(EXPORT, {"country": "TJ", "format": "csv"}).status_code == 200
    cache.clear()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"name": "Б" * 201, "format": "csv"}, "name"),
        ({"country": "KG' OR 1=1 --", "format": "csv"}, "country"),
        ({"topic": "../../etc/passwd", "format": "csv"}, "topic"),
        ({"language": "ru\x00", "format": "csv"}, "language"),
        ({"verified": "maybe", "format": "csv"}, "verified"),
        ({"format": "exe"}, "format"),
    ],
)
def test_hostile_filters_are_refused_beside_their_field(
    sign_in: Callable[..., Client], demo: DemoSummary, query: dict[str, str], field: str
) -> None:
    response = sign_in(DEMO_STAFF).get(EXPORT, query)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ContactExport.objects.exists()


def test_unknown_records_and_formats_are_not_found(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    staff = sign_in(DEMO_STAFF)
    event = Event.objects.order_by("id").first()
    missing = "00000000-0000-0000-0000-000000000000"
    for url in (
        f"/events/{missing}/attendance.csv",
        f"/events/{event.uuid}/attendance.json",
        f"/events/{event.uuid}/attendance.pdf",
        f"/officers/{missing}/vcard/",
    ):
        assert staff.get(url).status_code == 404, url
    assert not ContactExport.objects.exists()


def test_a_vcard_holds_the_contacts_the_viewer_may_see(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = Officer.objects.get(name_latin="Nurbek Turdubaev", agency__name_en__startswith="Ministry")
    hidden = add_contact_channel(officer, kind="mobile", value="+996 555 000 111", visibility=Visibility.STAFF)
    response = sign_in(DEMO_OFFICER).get(f"/officers/{officer.uuid}/vcard/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/vcard")
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.fn.value == "Нурбек Турдубаев" and card.n.value.family == "Nurbek Turdubaev"
    assert card.org.value == [officer.agency.name_en]
    assert card.uid.value == f"urn:uuid:{officer.uuid}"
    shown = {line.value for line in card.contents.get("email", []) + card.contents.get("tel", [])}
    viewer = User.objects.get(username=DEMO_OFFICER)
    assert shown == set(visible_contacts(viewer, officer.contacts.all()).values_list("value", flat=True))
    assert hidden.value not in response.content.decode()
    export = ContactExport.objects.get()
    assert (export.kind, export.file_format, export.officer_count) == ("vcard", "vcf", 1)
    view = ContactAccessLog.objects.get(request_id=export.request_id)
    assert view.officer_uuid == officer.uuid and view.channel_count == len(shown)


def test_the_pages_offer_the_downloads(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    staff = sign_in(DEMO_STAFF)
    event = Event.objects.get(short_title="Drugs@Online")
    officer = Officer.objects.order_by("id").first()
    assert f"/events/{event.uuid}/attendance.csv" in staff.get(f"/events/{event.uuid}/").content.decode()
    assert 'href="/exports/officers/"' in staff.get("/countries/").content.decode()
    # (staff have no entry of their own, so the profile asks the graph for no introductions)
    assert f"/officers/{officer.uuid}/vcard/" in staff.get(f"/officers/{officer.uuid}/").content.decode()


def test_erasing_an_officer_tombstones_an_export_filter_that_names_them(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    from directory.services.officers import erase_officer

    officer = Officer.objects.get(name_latin="Mirlan Turdubaev")
    staff = sign_in(DEMO_STAFF)
    assert staff.get(EXPORT, {"name": officer.name_native, "format": "json"}).status_code == 200
    assert staff.get(EXPORT, {"country": "KG", "format": "csv"}).status_code == 200
    erase_officer(officer)
    filters = sorted(ContactExport.objects.values_list("filter", flat=True))
    assert filters == ["[erased]", "country=KG"]
    assert ContactExport.objects.filter(viewer_username=DEMO_STAFF).count() == 2, "who exported stays known"
