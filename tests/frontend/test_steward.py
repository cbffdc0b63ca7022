"""Stewards' pages: what needs attention, corrections with errors beside their fields, verify, confirm, merge."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DEMO_STEWARD, DemoSummary
from directory.models import Agency, ChangeLog, Event, Officer, OutboxEvent, User
from directory.services.events import record_participation
from directory.services.officers import create_officer
from frontend.forms.steward import OfficerForm
from tests.frontend.browser import accessibility_problems, log_in


def _kyrgyz_officer(*, verified: bool | None = None) -> Officer:
    """A Kyrgyz entry other than the demo officer's own, verified or not when asked."""
    officers = Officer.objects.filter(agency__country__code="KG").exclude(
        pk=User.objects.get(username=DEMO_OFFICER).officer_id
    )
    if verified is not None:
        officers = officers.filter(verified_at__isnull=not verified)
    return officers.order_by("id").first()


def _kazakh_officer() -> Officer:
    """An entry of Kazakhstan, which the steward of Kyrgyzstan does not look after."""
    return Officer.objects.filter(agency__country__code="KZ").order_by("id").first()


def _posted(officer: Officer, **changes: Any) -> dict[str, Any]:
    """The edit form as a browser would post it: the stored entry, with these fields changed."""
    return {**OfficerForm.initial_for(officer), **changes}


def _stored(officer: Officer) -> tuple[Any, ...]:
    """What a failed save must leave exactly as it was: the row, its languages and expertise, the outbox."""
    officer = Officer.objects.get(pk=officer.pk)
    return (
        officer.name_native,
        officer.name_latin,
        officer.position,
        officer.rank,
        officer.agency_id,
        officer.version,
        sorted(officer.languages.values_list("code", flat=True)),
        sorted(officer.expertise.values_list("topic__slug", "level")),
        OutboxEvent.objects.count(),
        ChangeLog.objects.count(),
    )


def _shown(moment: datetime.datetime) -> str:
    """A date as the pages show it."""
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _field_block(html: str, field_id: str) -> str:
    """The `<div class="field">` holding this control: its label, the control and the errors beside it."""
    match = re.search(rf'<div class="field">(?:(?!<div class="field">).)*?id="{field_id}".*?</div>', html, re.S)
    assert match, f"no field block for {field_id}"
    return match.group(0)


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    for url in ("/steward/", f"/officers/{officer.uuid}/edit/", f"/officers/{officer.uuid}/merge/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_stewardship_page_lists_the_entries_of_the_stewards_country_that_need_attention(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    unverified = _kyrgyz_officer(verified=False)
    stale = _kyrgyz_officer(verified=True)
    Officer.objects.filter(pk=stale.pk).update(last_confirmed_at=timezone.now() - datetime.timedelta(days=400))
    twin = create_officer(
        name_native=unverified.name_native, name_latin=unverified.name_latin.upper(), agency=unverified.agency
    )
    kazakh = Officer.objects.filter(agency__country__code="KZ", verified_at__isnull=True).first()

    response = sign_in(DEMO_STEWARD).get("/steward/")
    html = response.content.decode()
    assert response.status_code == 200
    assert unverified in response.context["unverified"] and kazakh not in response.context["unverified"]
    assert {o.agency.country.code for o in response.context["unverified"]} == {"KG"}
    assert [o.pk for o in response.context["out_of_date"]] == [stale.pk]
    pairs = [{pair.first.pk, pair.second.pk} for pair in response.context["duplicates"]]
    assert {unverified.pk, twin.pk} in pairs, "the same name in capitals is the same name"
    first, second = sorted([unverified, twin], key=lambda officer: officer.pk)
    assert f'href="/officers/{unverified.uuid}/edit/"' in html
    assert f'action="/officers/{unverified.uuid}/verify/"' in html
    assert f'action="/officers/{stale.uuid}/confirm/"' in html
    assert f"/steward/duplicates/{first.uuid}/{second.uuid}/" in html
    assert "csrfmiddlewaretoken" in html
    assert kazakh.name_latin not in html

    everything = sign_in(DEMO_ADMIN).get("/steward/")
    assert kazakh in everything.context["unverified"]


def test_a_steward_corrects_an_entry_and_the_profile_shows_it(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    steward = sign_in(DEMO_STEWARD)
    form = steward.get(f"/officers/{officer.uuid}/edit/")
    assert form.status_code == 200
    assert f'value="{officer.name_latin}"' in form.content.decode()
    offered = {agency.country.code for agency in form.context["form"]._agencies.values()}
    assert offered == {"KG"}

    changes = {
        "position": "Head of the cybercrime unit",
        "rank": "Colonel of police",
        "languages": ["ky", "ru", "en"],
        "expertise_electronic-money": "3",
    }
    response = steward.post(f"/officers/{officer.uuid}/edit/", _posted(officer, **changes), follow=True)
    assert response.redirect_chain == [(f"/officers/{officer.uuid}/", 302)]
    html = response.content.decode()
    assert "Saved" in html
    assert "Colonel of police, Head of the cybercrime unit" in html
    assert "English" in html and "Electronic money</a>: expert" in html
    change = ChangeLog.objects.filter(record_uuid=officer.uuid, action=ChangeLog.Action.UPDATE).first()
    assert change.actor_username == DEMO_STEWARD
    assert change.before["position"] == officer.position and change.after["position"] == changes["position"]


def test_an_empty_latin_name_is_named_beside_its_field_and_nothing_is_saved(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    response = sign_in(DEMO_STEWARD).post(
        f"/officers/{officer.uuid}/edit/", _posted(officer, name_latin="  ", position="Changed", languages=["en"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "This field is required." in _field_block(html, "id_name_latin")
    assert "field-error" not in _field_block(html, "id_position")
    assert 'value="Changed"' in html, "the steward's other corrections are kept in the form"
    assert _stored(officer) == before


def test_a_name_too_long_for_the_directory_is_refused_by_the_service_and_nothing_is_saved(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    # The languages are written before the name is checked: the whole change must still be undone.
    posted = _posted(officer, name_native="Б" * 201, languages=["de", "fr"], **{"expertise_electronic-money": "2"})
    response = sign_in(DEMO_STEWARD).post(f"/officers/{officer.uuid}/edit/", posted)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters (it has 201)." in _field_block(html, "id_name_native")
    assert 'maxlength="200"' in _field_block(html, "id_name_native")
    assert _stored(officer) == before


def test_an_agency_of_another_country_posted_by_hand_is_refused_beside_the_field(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    kazakh_agency = Agency.objects.filter(country__code="KZ").first()
    response = sign_in(DEMO_STEWARD).post(
        f"/officers/{officer.uuid}/edit/", _posted(officer, agency=str(kazakh_agency.uuid))
    )
    assert "Select a valid choice." in _field_block(response.content.decode(), "id_agency")
    assert _stored(officer) == before


def test_a_steward_may_not_touch_an_entry_of_another_country(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kazakh_officer()
    before = _stored(officer)
    steward = sign_in(DEMO_STEWARD)
    refused = steward.get(f"/officers/{officer.uuid}/edit/")
    assert refused.status_code == 403
    assert "You may not do this, because stewards change only the entries of their own country (Kyrgyzstan)." in (
        refused.content.decode()
    )
    for url, data in (
        (f"/officers/{officer.uuid}/edit/", _posted(officer, position="Changed by the wrong steward")),
        (f"/officers/{officer.uuid}/verify/", {}),
        (f"/officers/{officer.uuid}/confirm/", {}),
        (f"/officers/{officer.uuid}/merge/", {"duplicate": str(_kyrgyz_officer().uuid), "same_person": "on"}),
    ):
        assert steward.post(url, data).status_code == 403, url
    assert _stored(officer) == before
    assert Officer.objects.filter(pk=_kyrgyz_officer().pk).exists()


@pytest.mark.neo4j  # one of these requests renders the profile, which asks the graph for introductions
def test_a_plain_officer_is_refused_the_stewards_pages(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer()
    before = _stored(officer)
    plain = sign_in(DEMO_OFFICER)
    home = plain.get("/steward/")
    assert home.status_code == 403
    assert "only stewards and administrators look after the directory" in home.content.decode()
    assert plain.get(f"/officers/{officer.uuid}/edit/").status_code == 403
    assert plain.post(f"/officers/{officer.uuid}/edit/", _posted(officer, rank="General")).status_code == 403
    assert plain.get(f"/officers/{officer.uuid}/merge/").status_code == 403
    assert plain.post(f"/officers/{officer.uuid}/verify/").status_code == 403
    assert plain.post(f"/officers/{officer.uuid}/confirm/").status_code == 403
    assert _stored(officer) == before
    assert "Stewardship" not in plain.get(f"/officers/{officer.uuid}/").content.decode()


def test_verifying_and_confirming_set_the_dates_shown_on_the_profile(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    officer = _kyrgyz_officer(verified=False)
    steward = sign_in(DEMO_STEWARD)
    assert "Not yet verified by a steward" in steward.get(f"/officers/{officer.uuid}/").content.decode()

    response = steward.post(f"/officers/{officer.uuid}/verify/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(f"/officers/{officer.uuid}/", 302)]
    officer.refresh_from_db()
    assert officer.verified_by.username == DEMO_STEWARD
    assert f"{_shown(officer.verified_at)} · {DEMO_STEWARD}" in html
    assert "Not yet verified" not in html and "Verified: " in html

    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    Officer.objects.filter(pk=officer.pk).update(last_confirmed_at=a_year_ago)
    response = steward.post(f"/officers/{officer.uuid}/confirm/", {"next": "/steward/"}, follow=True)
    assert response.redirect_chain == [("/steward/", 302)]
    assert "Confirmed as current" in response.content.decode()
    officer.refresh_from_db()
    assert officer.last_confirmed_at.date() == timezone.now().date()
    profile = steward.get(f"/officers/{officer.uuid}/").content.decode()
    assert _shown(officer.last_confirmed_at) in profile


def test_an_officer_confirms_their_own_entry_but_no_one_elses(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    Officer.objects.filter(pk=me.pk).update(last_confirmed_at=timezone.now() - datetime.timedelta(days=400))
    officer = sign_in(DEMO_OFFICER)
    assert officer.post(f"/officers/{me.uuid}/confirm/").status_code == 302
    me.refresh_from_db()
    assert me.last_confirmed_at.date() == timezone.now().date()
    assert officer.post(f"/officers/{_kyrgyz_officer().uuid}/confirm/").status_code == 403


def test_verify_and_confirm_accept_only_a_posted_form(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    officer = _kyrgyz_officer(verified=False)
    steward = sign_in(DEMO_STEWARD)
    assert steward.get(f"/officers/{officer.uuid}/verify/").status_code == 405
    assert steward.get(f"/officers/{officer.uuid}/confirm/").status_code == 405
    officer.refresh_from_db()
    assert officer.verified_at is None


def test_unknown_entries_are_not_found(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    steward = sign_in(DEMO_STEWARD)
    nobody = "00000000-0000-0000-0000-000000000000"
    assert steward.get(f"/officers/{nobody}/edit/").status_code == 404
    assert steward.post(f"/officers/{nobody}/verify/").status_code == 404


def test_merging_two_entries_leaves_one_with_everything_of_both(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    keep = _kyrgyz_officer(verified=True)
    duplicate = create_officer(
        name_native=keep.name_native, name_latin=keep.name_latin, agency=keep.agency, languages=["de"], is_demo=True
    )
    event = Event.objects.exclude(participations__officer=keep).first()
    record_participation(duplicate, event)
    officers = Officer.objects.count()
    steward = sign_in(DEMO_STEWARD)

    form = steward.get(f"/officers/{keep.uuid}/merge/?duplicate={duplicate.uuid}")
    html = form.content.decode()
    assert f'<option value="{duplicate.uuid}" selected>' in html
    assert keep.agency.name_en in html and "This cannot be undone." in html
    assert f'<option value="{keep.uuid}"' not in html

    unticked = steward.post(f"/officers/{keep.uuid}/merge/", {"duplicate": str(duplicate.uuid)})
    assert "Tick this box" in unticked.content.decode()
    assert Officer.objects.count() == officers

    response = steward.post(
        f"/officers/{keep.uuid}/merge/", {"duplicate": str(duplicate.uuid), "same_person": "on"}, follow=True
    )
    assert response.redirect_chain == [(f"/officers/{keep.uuid}/", 302)]
    html = response.content.decode()
    assert "Merged:" in html and "German" in html and escape(event.short_title) in html
    assert Officer.objects.count() == officers - 1
    assert "de" in keep.languages.values_list("code", flat=True)
    assert keep.participations.filter(event=event).exists()
    assert steward.get(f"/officers/{duplicate.uuid}/").status_code == 404


def test_merging_refuses_the_entry_itself_and_an_entry_the_steward_may_not_change(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    keep = _kyrgyz_officer()
    officers = Officer.objects.count()
    steward = sign_in(DEMO_STEWARD)
    itself = steward.post(f"/officers/{keep.uuid}/merge/", {"duplicate": str(keep.uuid), "same_person": "on"})
    assert "An entry cannot be merged into itself" in _field_block(itself.content.decode(), "id_duplicate")
    foreign = steward.post(
        f"/officers/{keep.uuid}/merge/", {"duplicate": str(_kazakh_officer().uuid), "same_person": "on"}
    )
    message = "You may not change that entry, because stewards change only the entries of their own country"
    assert message in _field_block(foreign.content.decode(), "id_duplicate")
    assert Officer.objects.count() == officers


def test_in_a_browser_a_steward_fixes_an_entry_after_a_validation_error(
    page: Any, live_server: Any, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_STEWARD)
    page.get_by_role("link", name="Stewardship").click()
    page.get_by_role("heading", name="Stewardship", level=1).wait_for()
    assert page.get_by_role("heading", name="Not yet verified").is_visible()
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}
    screenshot(page, "stewardship")

    page.locator(".steward-table a", has_text="Edit").first.click()
    page.get_by_role("heading", name="Edit").wait_for()
    officer = Officer.objects.get(uuid=page.url.rstrip("/").split("/")[-2])
    assert page.get_by_label("Name in Latin script").input_value() == officer.name_latin
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}
    screenshot(page, "edit-form")

    page.get_by_label("Name in Latin script").fill("")
    page.get_by_label("Rank").fill("Colonel of police")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_name_latin_errors")
    error.wait_for()
    assert error.inner_text() == "This field is required."
    # The message sits right after its own box, inside the same field, not in a list at the top of the page.
    assert error.evaluate("e => e.previousElementSibling.id") == "id_name_latin"
    assert page.locator(".field", has=page.locator("#id_name_latin")).locator(".field-error").count() == 1
    assert page.locator(".field-error").count() == 1
    assert page.get_by_label("Rank").input_value() == "Colonel of police"
    officer.refresh_from_db()
    assert officer.rank != "Colonel of police"
    screenshot(page, "error-beside-field")

    corrected = f"{officer.name_latin} Corrected"
    page.get_by_label("Name in Latin script").fill(corrected)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/officers/{officer.uuid}/")
    assert page.locator(".message").inner_text() == "Saved"
    assert corrected in page.get_by_role("heading", level=1).inner_text()
    assert "Colonel of police" in page.locator(".profile header").inner_text()
    screenshot(page, "profile-after-save")
