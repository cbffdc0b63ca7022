"""Bad input: a ValidationError naming the field, nothing written, no outbox event."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from directory.models import Acquaintance, Agency, City, ContactChannel, Event, OutboxEvent, Topic
from directory.services import events, geography, institutions, officers, topics
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def assert_rejected(write: Callable[[], object], field: str, *, model: type, words: str) -> ValidationError:
    """The write raises a ValidationError on `field` mentioning `words`; no row and no outbox event appear."""
    rows_before, events_before = model.objects.count(), OutboxEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        write()
    assert field in raised.value.message_dict, raised.value.message_dict
    assert words in " ".join(raised.value.message_dict[field])
    assert model.objects.count() == rows_before
    assert OutboxEvent.objects.count() == events_before
    return raised.value


def test_unknown_country_code(world: SmallWorld) -> None:
    assert_rejected(
        lambda: institutions.create_agency(country_code="XX", name_en="Customs", kind="customs"),
        "country",
        model=Agency,
        words="Unknown country code 'XX'",
    )
    assert_rejected(
        lambda: geography.create_city(country_code="kz1", name_en="Shymkent"),
        "country",
        model=City,
        words="ISO 3166-1",
    )


def test_unknown_border_code_leaves_the_new_country_unwritten(world: SmallWorld) -> None:
    from directory.models import Country

    assert_rejected(
        lambda: geography.create_country(code="TJ", name_en="Tajikistan", borders=["KG", "QQ"]),
        "borders",
        model=Country,
        words="QQ",
    )


def test_an_event_that_ends_before_it_starts(world: SmallWorld) -> None:
    assert_rejected(
        lambda: events.create_event(
            title="Drugs@Online",
            city=world.workshop.city,
            starts_on=datetime.date(2017, 11, 24),
            ends_on=datetime.date(2017, 11, 20),
        ),
        "ends_on",
        model=Event,
        words="before it starts",
    )


def test_an_officer_as_their_own_acquaintance(world: SmallWorld) -> None:
    assert_rejected(
        lambda: officers.record_acquaintance(world.asel, world.asel),
        "officer_b",
        model=Acquaintance,
        words="their own acquaintance",
    )


def test_a_duplicate_contact(world: SmallWorld) -> None:
    officers.add_contact_channel(world.asel, kind="email", value="asel@demo.liaison.invalid", visibility="verified")
    assert_rejected(
        lambda: officers.add_contact_channel(
            world.asel, kind="email", value=" asel@demo.liaison.invalid ", visibility="staff"
        ),
        "value",
        model=ContactChannel,
        words="already has",
    )


def test_a_topic_made_its_own_ancestor(world: SmallWorld) -> None:
    cybercrime = Topic.objects.get(slug="cybercrime")
    darknet = Topic.objects.get(slug="darknet-drugs")
    version_before = cybercrime.version
    assert_rejected(
        lambda: topics.update_topic(cybercrime, broader=[darknet]), "broader", model=Topic, words="sub-topics"
    )
    assert_rejected(
        lambda: topics.update_topic(cybercrime, broader=[cybercrime]), "broader", model=Topic, words="itself"
    )
    cybercrime.refresh_from_db()
    assert list(cybercrime.broader.all()) == [] and cybercrime.version == version_before


def test_an_expertise_level_out_of_range(world: SmallWorld) -> None:
    from directory.models import Officer

    assert_rejected(
        lambda: officers.create_officer(
            name_native="Тест", name_latin="Test", agency=world.kg_police, expertise={world.crypto: 7}
        ),
        "expertise",
        model=Officer,
        words="Level 7",
    )


def test_an_unknown_field_in_an_update(world: SmallWorld) -> None:
    with pytest.raises(ValidationError) as raised:
        institutions.update_agency(world.kg_police, nickname="MVD")
    assert "nickname" in raised.value.message_dict
