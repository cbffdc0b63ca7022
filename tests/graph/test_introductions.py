"""Introductions on the real Neo4j: the fewest steps first, then the stronger links, each step named."""

from __future__ import annotations

import datetime

import pytest

from directory.models import Event, Officer
from directory.services import events, officers
from graph.driver import get_driver
from graph.questions import introduction_paths
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def newcomer(world: SmallWorld, name: str) -> Officer:
    return officers.create_officer(name_native=name, name_latin=name, agency=world.kg_police)


def workshop(world: SmallWorld, title: str, month: int) -> Event:
    return events.create_event(
        title=title,
        short_title=title,
        city=world.workshop.city,
        starts_on=datetime.date(2019, month, 2),
        ends_on=datetime.date(2019, month, 5),
    )


def paths_between(start: Officer, goal: Officer, **options: int) -> list[list[str]]:
    found = introduction_paths(get_driver(), from_officer=str(start.uuid), to_officer=str(goal.uuid), **options)
    return [[str(Officer.objects.get(uuid=uuid).name_latin) for uuid in path.officers] for path in found]


def test_two_steps_through_events_come_before_three_through_acquaintances(world: SmallWorld) -> None:
    # given Dilnoza reachable from Asel in three steps of acquaintances (Asel–Bakyt–Farhod–Dilnoza) ...
    farhod = newcomer(world, "Farhod Nazarov")
    officers.record_acquaintance(world.bakyt, farhod)
    officers.record_acquaintance(farhod, world.dilnoza)
    # ... and in two steps through events: Asel met Aibek at a workshop, Aibek attended another with Dilnoza
    aibek = newcomer(world, "Aibek Osmonov")
    spring, autumn = workshop(world, "Spring", 3), workshop(world, "Autumn", 10)
    for officer, event in ((world.asel, spring), (aibek, spring), (aibek, autumn), (world.dilnoza, autumn)):
        events.record_participation(officer, event)
    # when Asel asks how to reach Dilnoza
    found = introduction_paths(get_driver(), from_officer=str(world.asel.uuid), to_officer=str(world.dilnoza.uuid))
    # then the two-step chain is offered, and each step names its event, city and month
    assert paths_between(world.asel, world.dilnoza) == [["Asel Toktogulova", "Aibek Osmonov", "Dilnoza Karimova"]]
    hops = found[0].hops
    assert [(hop.reason.kind, hop.reason.event_title, hop.reason.city, hop.reason.starts_on) for hop in hops] == [
        ("attended_together", "Spring", "Tashkent", "2019-03-02"),
        ("attended_together", "Autumn", "Tashkent", "2019-10-02"),
    ]


def test_among_equally_short_chains_acquaintances_come_first(world: SmallWorld) -> None:
    # given two ways from Asel to Dilnoza in two steps: through Aaron (events only), through Zarina (acquaintances)
    aaron, zarina = newcomer(world, "Aaron Abdulov"), newcomer(world, "Zarina Yusupova")
    spring, autumn = workshop(world, "Spring", 3), workshop(world, "Autumn", 10)
    for officer, event in ((world.asel, spring), (aaron, spring), (aaron, autumn), (world.dilnoza, autumn)):
        events.record_participation(officer, event)
    officers.record_acquaintance(world.asel, zarina)
    officers.record_acquaintance(zarina, world.dilnoza, source="met_at_event", event=autumn)
    # when Asel asks, then Zarina's chain comes first though Aaron's name sorts before hers
    assert paths_between(world.asel, world.dilnoza) == [
        ["Asel Toktogulova", "Zarina Yusupova", "Dilnoza Karimova"],
        ["Asel Toktogulova", "Aaron Abdulov", "Dilnoza Karimova"],
    ]
    # and the limit keeps the first ones
    assert paths_between(world.asel, world.dilnoza, limit=1) == [
        ["Asel Toktogulova", "Zarina Yusupova", "Dilnoza Karimova"]
    ]


def test_three_and_four_steps_when_nothing_shorter(world: SmallWorld) -> None:
    # given a chain of acquaintances Asel–Bakyt–Farhod–Gulnara–Dilnoza and nothing shorter
    farhod, gulnara = newcomer(world, "Farhod Nazarov"), newcomer(world, "Gulnara Saidova")
    officers.record_acquaintance(world.bakyt, farhod)
    officers.record_acquaintance(farhod, gulnara)
    officers.record_acquaintance(gulnara, world.dilnoza)
    four = ["Asel Toktogulova", "Bakyt Tokayev", "Farhod Nazarov", "Gulnara Saidova", "Dilnoza Karimova"]
    assert paths_between(world.asel, world.dilnoza) == [four]
    assert paths_between(world.asel, world.dilnoza, max_hops=3) == []
    # when Farhod also comes to know Dilnoza, then the three-step chain replaces it
    officers.record_acquaintance(farhod, world.dilnoza)
    assert paths_between(world.asel, world.dilnoza) == [[*four[:3], four[-1]]]


def test_officers_who_know_each_other_get_one_step(world: SmallWorld) -> None:
    found = introduction_paths(get_driver(), from_officer=str(world.asel.uuid), to_officer=str(world.bakyt.uuid))
    assert len(found) == 1 and len(found[0].hops) == 1
    reason = found[0].hops[0].reason
    assert (reason.kind, reason.source, reason.event_title, reason.city) == (
        "knows",
        "met_at_event",
        "Crypto",
        "Tashkent",
    )
