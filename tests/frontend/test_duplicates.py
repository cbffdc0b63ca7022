"""The duplicate finder's pages: the likely pairs, side by side with differences, merged or dismissed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STAFF, DEMO_STEWARD, DemoSummary
from directory.models import ContactAccessLog, DuplicateDismissal, Event, Officer, Topic
from directory.services import events, officers
from tests.frontend.browser import accessibility_problems, log_in

LIST = "/steward/duplicates/"


def _twins(name: str) -> tuple[Officer, Officer]:
    first, second = Officer.objects.filter(name_latin=name).order_by("id")
    return first, second


def _compare(first: Officer, second: Officer) -> str:
    return f"{LIST}{first.uuid}/{second.uuid}/"


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, demo: DemoSummary) -> None:
    first, second = _twins("Nurbek Turdubaev")
    for url in (LIST, _compare(first, second)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert client.post(f"{_compare(first, second)}dismiss/").status_code == 302
    assert not DuplicateDismissal.objects.exists()


def test_a_steward_sees_the_likely_duplicates_of_their_country(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    first, second = _twins("Nurbek Turdubaev")
    response = sign_in(DEMO_STEWARD).get(LIST, {"country": "UZ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Entries of Kyrgyzstan that may be one person entered twice" in html
    assert _compare(first, second) in html
    assert "Usmonov" not in html, "a steward cannot ask for another country"
    assert "names 100% alike" in html and "80%" in html
    home = sign_in(DEMO_STEWARD).get("/steward/").content.decode()
    assert _compare(first, second) in home and 'href="/steward/duplicates/"' in home


def test_programme_staff_choose_any_country(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    staff = sign_in(DEMO_STAFF, language="ru")
    html = staff.get(LIST, {"country": "UZ"}).content.decode()
    first, second = _twins("Sherzod Usmonov")
    assert _compare(first, second) in html and "Turdubaev" not in html
    assert "то же ведомство" in html
    unchosen = staff.get(LIST)
    assert unchosen.context["pairs"] == [], "one country at a time"
    assert "Выберите страну, чтобы увидеть её возможные дубликаты." in unchosen.content.decode()
    assert "Turdubaev" in staff.get(LIST, {"country": "KG"}).content.decode()


def test_officers_see_no_duplicates(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    first, second = _twins("Nurbek Turdubaev")
    officer = sign_in(DEMO_OFFICER)
    for url in (LIST, _compare(first, second)):
        response = officer.get(url)
        assert response.status_code == 403, url
    assert officer.post(f"{_compare(first, second)}dismiss/").status_code == 403
    assert not DuplicateDismissal.objects.exists()


def test_the_comparison_marks_the_differences_and_logs_the_contacts_shown(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    first, second = _twins("Nurbek Turdubaev")
    with CaptureQueriesContext(connection) as captured:
        response = sign_in(DEMO_STEWARD).get(_compare(first, second))
    assert response.status_code == 200
    log_table = ContactAccessLog._meta.db_table
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(f'INSERT INTO "{log_table}"')]
    assert len(writes) == 1, "both entries' contact views are logged in one write"
    rows = {row.label: row for row in response.context["rows"]}
    assert rows["Agency"].differs, "one is at the Ministry of Internal Affairs, the other at the Prosecutor's Office"
    assert not rows["Name in Latin script"].differs
    html = response.content.decode()
    assert html.count('class="differs"') >= 3
    assert first.contacts.get(kind="email").value in html and second.contacts.get(kind="email").value in html
    views = ContactAccessLog.objects.filter(operation="page:duplicate comparison")
    assert {view.officer_uuid for view in views} == {first.uuid, second.uuid}
    assert f'action="/officers/{first.uuid}/merge/"' in html
    # Keeping the other entry instead is one link away, and the page then merges that way round.
    assert f'href="?keep={second.uuid}"' in html
    other_way = sign_in(DEMO_STEWARD).get(_compare(first, second), {"keep": str(second.uuid)}).content.decode()
    assert f'action="/officers/{second.uuid}/merge/"' in other_way and f'value="{first.uuid}"' in other_way


def test_the_preview_is_the_entry_the_merge_makes(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    # given two entries of one person, each with languages, contacts and events the other lacks
    first, second = _twins("Nurbek Turdubaev")
    steward = sign_in(DEMO_STEWARD)
    # when the steward looks at the comparison, then merges the way it previews
    preview = steward.get(_compare(first, second), {"keep": str(second.uuid)}).context["rows"]
    steward.post(f"/officers/{second.uuid}/merge/", {"duplicate": str(first.uuid), "same_person": "on"})
    # then the merged entry, compared with itself, reads exactly as the preview's last column did
    assert not Officer.objects.filter(pk=first.pk).exists()
    merged = Officer.objects.get(pk=second.pk)
    after = sign_in(DEMO_ADMIN).get(_compare(merged, merged)).context["rows"]
    assert {row.label: row.merged for row in preview} == {row.label: row.first for row in after}
    rows = {row.label: row for row in preview}
    for label in ("Languages", "Contact details", "Events attended"):
        # the merged entry holds everything either entry had
        assert set(rows[label].merged.split("; " if label != "Languages" else ", ")) >= {
            *filter(None, rows[label].first.split("; " if label != "Languages" else ", ")),
            *filter(None, rows[label].second.split("; " if label != "Languages" else ", ")),
        }, label
    assert rows["Agency"].merged == rows["Agency"].second, "the kept entry's own agency stays"


def test_a_steward_merges_a_pair_from_the_comparison(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    first, second = _twins("Nurbek Turdubaev")
    steward = sign_in(DEMO_STEWARD)
    posted = {"duplicate": str(second.uuid), "same_person": "on"}
    response = steward.post(f"/officers/{first.uuid}/merge/", posted, follow=True)
    assert response.redirect_chain[-1][0] == f"/officers/{first.uuid}/"
    assert not Officer.objects.filter(pk=second.pk).exists()
    assert "Nurbek Turdubaev" not in steward.get(LIST).content.decode()


def test_not_the_same_person_stops_the_pair_showing(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    first, second = _twins("Nurbek Turdubaev")
    steward = sign_in(DEMO_STEWARD)
    response = steward.post(f"{_compare(first, second)}dismiss/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LIST}?country=KG"
    html = response.content.decode()
    assert "Recorded: Nurbek Turdubaev and Nurbek Turdubaev are different people." in html
    assert _compare(first, second) not in html
    dismissal = DuplicateDismissal.objects.get()
    assert dismissal.dismissed_by.username == DEMO_STEWARD


def test_only_the_steward_of_the_pair_may_decide(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    first, second = _twins("Sherzod Usmonov")
    steward = sign_in(DEMO_STEWARD)
    assert steward.get(_compare(first, second)).status_code == 403
    assert steward.post(f"{_compare(first, second)}dismiss/").status_code == 403
    staff = sign_in(DEMO_STAFF)
    comparison = staff.get(_compare(first, second)).content.decode()
    assert "/merge/" not in comparison and "/dismiss/" not in comparison
    assert staff.post(f"{_compare(first, second)}dismiss/").status_code == 403
    assert not DuplicateDismissal.objects.exists()
    assert sign_in(DEMO_ADMIN).post(f"{_compare(first, second)}dismiss/").status_code == 302
    assert DuplicateDismissal.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        f"{LIST}00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000001/",
        f"{LIST}not-a-uuid/also-not/",
    ],
)
def test_unknown_entries_are_not_found(sign_in: Callable[..., Client], demo: DemoSummary, url: str) -> None:
    assert sign_in(DEMO_ADMIN).get(url).status_code == 404


def test_hostile_country_and_the_same_entry_twice(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    admin = sign_in(DEMO_ADMIN)
    assert admin.get(LIST, {"country": "KG' OR 1=1 --" * 50}).status_code == 200
    first, _second = _twins("Nurbek Turdubaev")
    response = admin.post(f"{_compare(first, first)}dismiss/")
    assert response.status_code == 403
    assert "an entry is always the same person as itself" in response.content.decode().lower()
    assert not DuplicateDismissal.objects.exists()


def test_markup_in_a_name_is_shown_as_text(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    original = Officer.objects.get(name_latin="Mirlan Turdubaev")
    from directory.services.officers import create_officer

    twin = create_officer(
        name_native="Мирлан Турдубаев<script>alert(1)</script>",
        name_latin="Mirlan Turdubaev<img src=x onerror=alert(1)>",
        agency=original.agency,
    )
    admin = sign_in(DEMO_ADMIN)
    listed = admin.get(LIST, {"country": "KG"}).content.decode()
    compared = admin.get(_compare(original, twin)).content.decode()
    for html in (listed, compared):
        assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in compared


def test_the_comparison_in_the_browser_shows_the_merged_entry_before_the_merge(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    first, second = _twins("Nurbek Turdubaev")
    log_in(page, live_server.url, DEMO_STEWARD)
    page.goto(f"{live_server.url}{_compare(first, second)}")
    table = page.locator("table.comparison")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[3].startswith("After the merge, keeping Nurbek Turdubaev")
    agency = table.locator("tbody tr", has=page.get_by_role("rowheader", name="Agency (differs)"))
    cells = agency.locator("td").all_inner_texts()
    assert cells[0] != cells[1] and cells[2] == cells[0], "the kept entry's agency stays"
    # Differences are marked in words for screen readers, not by colour alone.
    assert table.locator(".differs-mark").count() >= 3
    screenshot(page, "duplicate-comparison-with-merge")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}
    # Keeping the other entry instead changes the preview and the button the steward confirms.
    page.get_by_role("link", name="Keep Nurbek Turdubaev").click()
    page.wait_for_url(f"**keep={second.uuid}")
    cells = table.locator("tbody tr", has=page.get_by_role("rowheader", name="Agency (differs)")).locator("td")
    assert cells.nth(2).inner_text() == cells.nth(1).inner_text()
    page.get_by_label("I have checked that both entries are the same person.").check()
    page.get_by_role("button", name="and merge the other into it").click()
    page.wait_for_url(f"{live_server.url}/officers/{second.uuid}/")
    assert not Officer.objects.filter(pk=first.pk).exists()


def test_the_comparison_takes_the_same_queries_however_many_events_and_topics_the_entries_have(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    # given the twins, then the same twins with three more events and topics each
    first, second = _twins("Nurbek Turdubaev")
    steward = sign_in(DEMO_STEWARD)
    steward.get(_compare(first, second))  # the session's first page records its activity
    with CaptureQueriesContext(connection) as before:
        steward.get(_compare(first, second))
    added_events = Event.objects.exclude(participations__officer__in=[first, second]).order_by("starts_on")[:3]
    added_topics = Topic.objects.exclude(expertise__officer__in=[first, second]).order_by("slug")[:3]
    for officer in (first, second):
        for event in added_events:
            events.record_participation(officer, event, rating="good")
        officers.set_expertise(
            officer, {**{e.topic: e.level for e in officer.expertise.all()}, **dict.fromkeys(added_topics, 2)}
        )
    # when the steward compares them again
    with CaptureQueriesContext(connection) as after:
        page = steward.get(_compare(first, second)).content.decode()
    # then the new events and topics are listed, in as many queries
    assert all(escape(str(event)) in page for event in added_events)
    assert all(escape(topic.name_en) in page for topic in added_topics)
    reads = [[q for q in c.captured_queries if q["sql"].startswith("SELECT")] for c in (before, after)]
    assert len(reads[0]) == len(reads[1]), [q["sql"][:100] for q in reads[1]]
