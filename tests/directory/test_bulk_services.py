"""Bulk writes (the demo, the generator, roster imports): every row checked, then rows, outbox and log together."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from directory.models import Agency, ChangeLog, Expertise, Officer, OutboxEvent
from directory.services.bulk import add_links, create_records
from directory.services.publishing import Aggregate
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def _officer(world: SmallWorld, name: str, **extra: object) -> Officer:
    return Officer(name_native=name, name_latin=name, agency=world.kz_police, **extra)


def _counts() -> tuple[int, int, int]:
    return Officer.objects.count(), OutboxEvent.objects.count(), ChangeLog.objects.count()


def test_records_are_written_with_their_outbox_events_and_change_log(world: SmallWorld) -> None:
    # given three new officers
    officers, events, changes = _counts()
    decomposed = "Айгерим Сеи\u0306това"  # й as и plus a combining breve, as some keyboards type it
    rows = [_officer(world, decomposed), _officer(world, "Bolat Nurlanov"), _officer(world, "Dana Amirova")]

    # when they are written in batches of two
    create_records(Aggregate.OFFICER, rows, batch_size=2)

    # then each is stored, published once, logged as created, searchable by its Latin form
    assert _counts() == (officers + 3, events + 3, changes + 3)
    stored = Officer.objects.get(uuid=rows[0].uuid)
    assert stored.version == 1
    assert stored.name_native == "Айгерим Сейтова"  # stored NFC-normalised
    assert stored.name_ascii == "Aygerim Seytova"
    assert set(OutboxEvent.objects.filter(aggregate=Aggregate.OFFICER).values_list("aggregate_uuid", flat=True)) >= {
        row.uuid for row in rows
    }
    log = ChangeLog.objects.get(record_uuid=rows[1].uuid)
    assert (log.action, log.after["name_latin"]) == ("create", "Bolat Nurlanov")


def test_one_bad_row_writes_nothing_and_the_error_names_the_row_and_the_field(world: SmallWorld) -> None:
    before = _counts()
    rows = [
        _officer(world, "Good Name"),
        _officer(world, ""),
        _officer(world, "x" * 201),
        _officer(world, "Evil\u202eeman"),
    ]

    with pytest.raises(ValidationError) as raised:
        create_records(Aggregate.OFFICER, rows)

    messages = raised.value.message_dict
    assert any(message.startswith("Row 2:") for message in messages["name_native"])
    assert any(message.startswith("Row 3:") for message in messages["name_native"])
    assert any(message.startswith("Row 4: Remove the hidden character") for message in messages["name_native"])
    assert _counts() == before


def test_a_row_given_twice_or_already_stored_is_refused(world: SmallWorld) -> None:
    before = Agency.objects.count()
    twice = [
        Agency(name_en="Customs Office of Almaty", kind="customs", country=world.kz_police.country),
        Agency(name_en="Customs Office of Almaty", kind="customs", country=world.kz_police.country),
    ]
    stored = [Agency(name_en=world.kz_police.name_en, kind="interior", country=world.kz_police.country)]

    with pytest.raises(ValidationError) as first:
        create_records(Aggregate.AGENCY, twice)
    with pytest.raises(ValidationError) as second:
        create_records(Aggregate.AGENCY, stored)

    assert "Row 2 repeats row 1" in " ".join(first.value.messages)
    assert "Row 1 is in the directory already" in " ".join(second.value.messages)
    assert Agency.objects.count() == before


def test_links_are_checked_before_any_is_written(world: SmallWorld) -> None:
    before = Expertise.objects.count()
    rows = [
        Expertise(officer=world.asel, topic=world.darknet, level=2),
        Expertise(officer=world.bakyt, topic=world.crypto, level=7),
    ]

    with pytest.raises(ValidationError) as raised:
        add_links(rows)

    assert any(message.startswith("Row 2:") for message in raised.value.message_dict["level"])
    assert Expertise.objects.count() == before


def test_a_link_without_its_record_is_refused_by_name(world: SmallWorld) -> None:
    with pytest.raises(ValidationError) as raised:
        add_links([Expertise(topic=world.darknet, level=1)])

    assert "Row 1: Give the officer." in raised.value.message_dict["officer"]
