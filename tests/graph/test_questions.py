"""The graph questions, answered by the real Neo4j over a small directory written through the services."""

from __future__ import annotations

import datetime
import logging
import uuid

import pytest
from django.conf import settings

from answers.ranking import current_ranking
from directory.services import events, geography, institutions, officers
from graph.driver import get_driver
from graph.errors import GraphQuestionError
from graph.questions import counterparts, coverage, coverage_gaps, introduction_paths, neighbourhood
from graph.search import search_names
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


def node_count() -> int:
    records, _, _ = get_driver().execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.NEO4J_DATABASE)
    return records[0]["n"]


def test_counterparts_in_neighbouring_countries_ranked_with_reasons(world: SmallWorld) -> None:
    found = counterparts(
        get_driver(), ranking=current_ranking(), topic=str(world.cybercrime.uuid), officer=str(world.asel.uuid)
    )
    assert [c.officer for c in found] == [str(world.bakyt.uuid), str(world.dilnoza.uuid)]
    bakyt = found[0]
    assert bakyt.country == "KZ" and bakyt.agency == str(world.kz_police.uuid)
    kinds = [reason.kind for reason in bakyt.reasons]
    assert kinds[0] == "expertise" and "shared_event" in kinds and "already_known" in kinds
    shared = next(reason for reason in bakyt.reasons if reason.kind == "shared_event")
    assert shared.event == str(world.workshop.uuid)
    assert (shared.event_title, shared.city, shared.starts_on) == ("Crypto", "Tashkent", "2017-11-27")
    assert bakyt.score > found[1].score


def test_each_shared_event_names_its_own_city(world: SmallWorld) -> None:
    # given Asel and Bakyt met again, at a later workshop in another city
    almaty = geography.create_city(country_code="KZ", name_en="Almaty", name_ru="Алматы", name_local="Almaty")
    follow_up = events.create_event(
        title="Follow-up", city=almaty, starts_on=datetime.date(2018, 5, 14), ends_on=datetime.date(2018, 5, 16)
    )
    for officer in (world.asel, world.bakyt):
        events.record_participation(officer, follow_up)
    # then each event Bakyt shares with Asel is said with its own city
    found = counterparts(
        get_driver(), ranking=current_ranking(), topic=str(world.cybercrime.uuid), officer=str(world.asel.uuid)
    )
    bakyt = next(c for c in found if c.officer == str(world.bakyt.uuid))
    shared = [(r.event, r.event_title, r.city) for r in bakyt.reasons if r.kind == "shared_event"]
    assert shared == [(str(world.workshop.uuid), "Crypto", "Tashkent"), (str(follow_up.uuid), "Follow-up", "Almaty")]


def test_counterparts_filtered_by_language_sub_topic_and_country(world: SmallWorld) -> None:
    driver = get_driver()
    english = counterparts(
        driver, ranking=current_ranking(), topic=str(world.cybercrime.uuid), officer=str(world.asel.uuid), language="en"
    )
    assert [c.officer for c in english] == [str(world.dilnoza.uuid)]
    assert any(reason.kind == "speaks" and reason.language == "en" for reason in english[0].reasons)
    crypto = counterparts(driver, ranking=current_ranking(), topic=str(world.crypto.uuid), officer=str(world.asel.uuid))
    assert [c.officer for c in crypto] == [str(world.bakyt.uuid)]
    in_uzbekistan = counterparts(
        driver,
        ranking=current_ranking(),
        topic=str(world.cybercrime.uuid),
        country="KG",
        scope="country",
        target_country="uz",
    )
    assert [c.officer for c in in_uzbekistan] == [str(world.dilnoza.uuid)]


def test_counterparts_from_an_agency_exclude_its_own_country(world: SmallWorld) -> None:
    found = counterparts(
        get_driver(), ranking=current_ranking(), topic=str(world.darknet.uuid), agency=str(world.kz_police.uuid)
    )
    # Kazakhstan borders Kyrgyzstan and Uzbekistan here; Bakyt works in Kazakhstan itself.
    assert [c.officer for c in found] == [str(world.dilnoza.uuid)]


def test_counterpart_arguments_are_checked(world: SmallWorld) -> None:
    with pytest.raises(GraphQuestionError) as raised:
        counterparts(
            get_driver(),
            ranking=current_ranking(),
            topic=str(world.cybercrime.uuid),
            officer=str(world.asel.uuid),
            scope="galaxy",
        )
    assert raised.value.field == "scope"
    with pytest.raises(GraphQuestionError) as raised:
        counterparts(get_driver(), ranking=current_ranking(), topic=str(world.cybercrime.uuid))
    assert raised.value.field == "scope"
    with pytest.raises(GraphQuestionError) as raised:
        counterparts(
            get_driver(), ranking=current_ranking(), topic=str(world.cybercrime.uuid), country="KG", limit=1000
        )
    assert raised.value.field == "limit"


def test_introduction_paths_through_acquaintances_and_shared_events(world: SmallWorld) -> None:
    driver = get_driver()
    direct = introduction_paths(driver, from_officer=str(world.asel.uuid), to_officer=str(world.bakyt.uuid))
    assert len(direct) == 1 and direct[0].hops[0].reason.kind == "knows"
    assert direct[0].hops[0].reason.source == "met_at_event"
    assert introduction_paths(driver, from_officer=str(world.asel.uuid), to_officer=str(world.dilnoza.uuid)) == []
    # given Bakyt also knows Dilnoza, and a new officer attended the Tashkent workshop with Asel
    officers.record_acquaintance(world.bakyt, world.dilnoza)
    newcomer = officers.create_officer(name_native="Тимур Алиев", name_latin="Timur Aliev", agency=world.kg_police)
    events.record_participation(newcomer, world.workshop)
    # then
    two_hops = introduction_paths(driver, from_officer=str(world.asel.uuid), to_officer=str(world.dilnoza.uuid))
    assert [p.officers for p in two_hops] == [[str(world.asel.uuid), str(world.bakyt.uuid), str(world.dilnoza.uuid)]]
    assert [hop.reason.source for hop in two_hops[0].hops] == ["met_at_event", "declared"]
    via_event = introduction_paths(driver, from_officer=str(newcomer.uuid), to_officer=str(world.asel.uuid))
    assert via_event[0].hops[0].reason.kind == "attended_together"
    assert via_event[0].hops[0].reason.event == str(world.workshop.uuid)


def test_coverage_and_gaps(world: SmallWorld) -> None:
    driver = get_driver()
    entries = coverage(driver, countries=["UZ"])
    assert [(e.organisation, e.country, e.topic) for e in entries] == [
        (str(world.partner.uuid), "UZ", str(world.darknet.uuid))
    ]
    cells = {(cell.country, cell.topic): cell for cell in coverage_gaps(driver)}
    assert {country for country, _ in cells} == {"KG", "KZ", "UZ"}  # countries with agencies
    assert cells[("UZ", str(world.darknet.uuid))].partners == [str(world.partner.uuid)]
    assert cells[("KG", str(world.darknet.uuid))].has_no_partner
    assert cells[("KG", str(world.crypto.uuid))].trained_officers == 1
    assert cells[("KG", str(world.cybercrime.uuid))].trained_officers == 1  # a sub-topic's training counts
    assert cells[("UZ", str(world.crypto.uuid))].has_no_trained_officer


def test_neighbourhood_of_an_officer(world: SmallWorld) -> None:
    links = neighbourhood(get_driver(), kind="officer", uuid=str(world.asel.uuid), depth=1)
    described = {
        (link.type, link.target_kind, link.target_name) for link in links if link.source == str(world.asel.uuid)
    }
    assert ("WORKS_AT", "Agency", "Ministry of Internal Affairs") in described
    assert ("SPEAKS", "Language", "ky") in described
    assert ("ATTENDED", "Event", "Crypto") in described
    assert any(link.type == "KNOWS" for link in links)
    wider = neighbourhood(get_driver(), kind="officer", uuid=str(world.asel.uuid), depth=2)
    assert len(wider) > len(links)
    with pytest.raises(GraphQuestionError) as raised:
        neighbourhood(get_driver(), kind="Officer) DETACH DELETE (n", uuid="x")
    assert raised.value.field == "kind"


def test_name_search_across_scripts_and_spellings(world: SmallWorld) -> None:
    driver = get_driver()
    cyrillic_only = officers.create_officer(
        name_native="Ерлан Токаев", name_latin="Erlan Toqaev", agency=world.kz_police
    )
    from graph.schema import ensure_schema

    ensure_schema(force=True)  # waits for the full-text index to catch up
    by_latin = search_names(driver, "Tokayev")
    assert str(cyrillic_only.uuid) in [match.uuid for match in by_latin]
    by_cyrillic = search_names(driver, "Дилноза")
    assert by_cyrillic[0].uuid == str(world.dilnoza.uuid)
    agencies = search_names(driver, "ministry interior", kinds=["Agency"])
    assert {match.uuid for match in agencies} >= {str(world.kg_police.uuid), str(world.kz_police.uuid)}


@pytest.mark.parametrize(
    "text", ["'\"", "}) MATCH (n) DETACH DELETE n //", "\\", "*~?:^[]{}()!", "x' OR 1=1 --", "AND OR NOT"]
)
def test_hostile_search_text_matches_nothing_and_changes_nothing(world: SmallWorld, text: str) -> None:
    before = node_count()
    assert search_names(get_driver(), text) == []
    assert node_count() == before
    institutions.create_organisation(name_en=f"Probe {before}", kind="other")  # the graph still takes writes


def test_a_property_the_graph_has_never_held_is_read_without_a_warning_per_question(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given a property no node of this server has ever had, as `last_confirmed_at` in a new directory where no one
    # was confirmed current yet (the counterpart question reads it for every candidate)
    never_held = f"never_held_{uuid.uuid4().hex}"
    # when a question reads it
    with caplog.at_level(logging.INFO, logger="neo4j.notifications"):
        records, _, _ = get_driver().execute_query(
            f"MATCH (o:Officer) RETURN count(o.{never_held}) AS n", database_=settings.NEO4J_DATABASE
        )
    # then it is answered, and the log holds no notice from Neo4j about the unknown property: one warning line with
    # the whole query text for every question asked, that no one can act on
    assert records[0]["n"] == 0
    assert [record.getMessage()[:200] for record in caplog.records if record.name == "neo4j.notifications"] == []


def test_a_value_the_driver_cannot_read_is_named_not_passed_on() -> None:
    # given rows whose values are plain, and a row holding a date past the year 9999, which Python cannot hold
    from neo4j.exceptions import BrokenRecordError

    from graph.questions import _read

    plain = _read(get_driver(), "UNWIND range(1, 3) AS n RETURN n, {square: n * n} AS facts, [n, 'x'] AS list")
    assert plain == [{"n": n, "facts": {"square": n * n}, "list": [n, "x"]} for n in range(1, 4)]

    # when that row is read
    with pytest.raises(BrokenRecordError) as broken:
        _read(get_driver(), "RETURN 1 AS n, date('+10000-01-01') AS starts_on")

    # then the driver's own error says which value it could not read, and no row is answered with it
    assert "starts_on" in str(broken.value)
