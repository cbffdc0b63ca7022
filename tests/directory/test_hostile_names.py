"""Hostile names: hidden characters are refused naming the field, nothing is written, and names are stored NFC."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from directory.models import ChangeLog, Country, Officer, OutboxEvent, User
from directory.services import events, geography, institutions, officers, topics
from frontend.forms.steward import OfficerForm
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db

# (what is hidden in the name, the character the error must name)
HOSTILE = [
    ("Asel\x00 Toktogulova", "U+0000"),
    ("\u202eavolugotkoT lesA", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Asel \u2066Toktogulova\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("Asel\u202a Toktogulova", "U+202A LEFT-TO-RIGHT EMBEDDING"),
    ("Asel\nToktogulova", "U+000A"),
    ("Asel\x85Toktogulova", "U+0085"),  # C1: NEXT LINE
    ("Asel\u200bToktogulova", "U+200B ZERO WIDTH SPACE"),
    ("Asel\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\u200dAsel", "U+200D ZERO WIDTH JOINER"),  # a joiner joins nothing at the start
    ("Asel \u200cToktogulova", "U+200C ZERO WIDTH NON-JOINER"),  # nor beside a space
]


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def written() -> tuple[int, int, int]:
    """What any write would move: officers, outbox events, change-log rows."""
    return Officer.objects.count(), OutboxEvent.objects.count(), ChangeLog.objects.count()


def refused(write: Callable[[], object], field: str, character: str) -> str:
    """The write is refused on `field`, naming `character` and saying what to remove; nothing is written."""
    before = written()
    with pytest.raises(ValidationError) as raised:
        write()
    errors = raised.value.error_dict
    assert list(errors) == [field], raised.value
    [error] = errors[field]
    assert error.code == "hidden_character"
    message = error.messages[0]
    assert message.startswith(f"Remove the hidden character {character}"), message
    assert written() == before
    return message


@pytest.mark.parametrize(("name", "character"), HOSTILE)
def test_a_new_officer_with_a_hidden_character_in_the_name_is_refused(
    world: SmallWorld, name: str, character: str
) -> None:
    refused(
        lambda: officers.create_officer(name_native="Асель", name_latin=name, agency=world.kg_police),
        "name_latin",
        character,
    )


def test_the_error_says_where_the_character_is(world: SmallWorld) -> None:
    message = refused(lambda: officers.update_officer(world.asel, position="Head of \u202eunit"), "position", "U+202E")
    assert "at position 9" in message
    world.asel.refresh_from_db()
    assert world.asel.position == ""


def test_every_free_text_field_about_agencies_events_and_organisations_is_checked(world: SmallWorld) -> None:
    bidi = "\u202e"
    refused(lambda: institutions.update_agency(world.kg_police, name_ru=f"МВД{bidi}"), "name_ru", "U+202E")
    refused(lambda: institutions.create_organisation(name_en=f"ICMEC{bidi}", kind="ngo"), "name_en", "U+202E")
    refused(lambda: events.update_event(world.workshop, title="Crypto\x00"), "title", "U+0000")
    refused(
        lambda: events.record_coverage(
            organisation=world.partner, country_code="KG", topic=world.crypto, note=f"note{bidi}"
        ),
        "note",
        "U+202E",
    )
    refused(lambda: topics.create_topic(slug="osint", name_en=f"OSINT{bidi}"), "name_en", "U+202E")
    refused(lambda: geography.create_city(country_code="KZ", name_en=f"Almaty{bidi}"), "name_en", "U+202E")
    refused(
        lambda: officers.add_contact_channel(world.asel, kind="email", value=f"asel@{bidi}mvd.kg", visibility="staff"),
        "value",
        "U+202E",
    )


def test_every_field_at_fault_is_named_at_once(world: SmallWorld) -> None:
    with pytest.raises(ValidationError) as raised:
        officers.update_officer(world.asel, name_latin="Asel\x00", rank="Major\u2067")
    assert sorted(raised.value.error_dict) == ["name_latin", "rank"]


def test_names_are_stored_nfc_normalised(world: SmallWorld) -> None:
    # "Й" typed as "И" + combining breve, "é" as "e" + combining acute: stored as the single characters
    officer = officers.create_officer(name_native="Ахмедов И\u0306", name_latin="Akhmedov Y", agency=world.kz_police)
    officer.refresh_from_db()
    assert officer.name_native == "Ахмедов Й"
    officers.update_officer(officer, name_native="Тоқаев И\u0306", position="Caf\u0065\u0301 liaison")
    officer.refresh_from_db()
    assert officer.name_native == "Тоқаев Й" and officer.position == "Café liaison"
    assert ChangeLog.objects.filter(record_uuid=officer.uuid).latest("id").after["name_native"] == "Тоқаев Й"
    agency = institutions.create_agency(country_code="KZ", name_en="Cafe\u0301 police", kind="other")
    assert agency.name_en == "Café police"


def test_joiners_inside_a_word_are_kept_where_scripts_need_them(world: SmallWorld) -> None:
    # Persian-script Tajik writes some names with a zero-width non-joiner between letters.
    name = "فرخ\u200cزاد"
    officer = officers.create_officer(name_native=name, name_latin="Farrokhzad", agency=world.kg_police)
    officer.refresh_from_db()
    assert officer.name_native == name


def test_through_graphql_it_is_the_typed_field_error_and_nothing_is_written(world: SmallWorld) -> None:
    client = Client()
    client.force_login(User.objects.create_user("admin", role="admin"))
    before = written()
    answer = client.post(
        "/graphql",
        data=json.dumps(
            {
                "query": "mutation($o: ID!, $c: OfficerChanges!) { updateOfficer(officer: $o, changes: $c) {"
                " __typename ... on OperationInfo { messages { kind field code message } } } }",
                "variables": {"o": str(world.asel.uuid), "c": {"nameLatin": "\u202eavolugotkoT lesA"}},
            }
        ),
        content_type="application/json",
    ).json()
    result = answer["data"]["updateOfficer"]
    assert result["__typename"] == "OperationInfo"
    [message] = result["messages"]
    assert (message["kind"], message["field"], message["code"]) == ("VALIDATION", "nameLatin", "hidden_character")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at position 1" in message["message"]
    assert written() == before
    world.asel.refresh_from_db()
    assert world.asel.name_latin == "Asel Toktogulova"


def _field_block(html: str, field_id: str) -> str:
    match = re.search(rf'<div class="field">(?:(?!<div class="field">).)*?id="{field_id}".*?</div>', html, re.S)
    assert match, f"no field block for {field_id}"
    return match.group(0)


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Remove the hidden character U+202E"), ("ru", "Уберите скрытый символ U+202E")],
)
def test_on_the_stewards_edit_page_the_error_is_beside_the_field(world: SmallWorld, language: str, words: str) -> None:
    steward = User.objects.create_user("kg-steward", role="steward", country=Country.objects.get(code="KG"))
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(steward)
    officer = world.asel
    before = written()
    posted: dict[str, Any] = {**OfficerForm.initial_for(officer), "name_native": "Асель\u202e Токтогулова"}
    response = client.post(f"/officers/{officer.uuid}/edit/", posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert words in _field_block(html, "id_name_native")
    assert "field-error" not in _field_block(html, "id_name_latin")
    assert written() == before
    officer.refresh_from_db()
    assert officer.name_native == "Асель Токтогулова"
