"""The graph questions answer the facts of the 2017 programme correctly, on the demo data."""

from __future__ import annotations

import pytest

from answers.ranking import current_ranking
from directory.demo import DEMO_OFFICER
from directory.models import Country, Event, Officer, Organisation, Participation, Topic, User
from graph.check import find_drift
from graph.driver import get_driver
from graph.questions import counterparts, coverage_gaps, neighbourhood
from graph.search import search_names

pytestmark = pytest.mark.django_db  # the demo graph is the session's; each test only reads it


def linked(kind: str, uuid: str, link_type: str) -> set[str]:
    """Names of what one record links to with `link_type`, read through the neighbourhood question."""
    return {
        link.target_name if link.source == uuid else link.source_name
        for link in neighbourhood(get_driver(), kind=kind, uuid=uuid, depth=1)
        if link.type == link_type
    }


def test_the_demo_graph_matches_the_database(demo: None) -> None:
    assert find_drift() == []


def test_the_neighbours_of_tajikistan(demo: None) -> None:
    tajikistan = Country.objects.get(code="TJ")
    assert linked("country", str(tajikistan.uuid), "BORDERS") == {"Afghanistan", "China", "Kyrgyzstan", "Uzbekistan"}


def test_the_partners_of_the_almaty_workshop(demo: None) -> None:
    almaty = Event.objects.get(city__name_en="Almaty")
    trainers = linked("event", str(almaty.uuid), "TRAINED_BY")
    assert {name for name in trainers if "Exploited Children" in name} == {
        "International Centre for Missing & Exploited Children",
        "Canadian Police Centre for Missing and Exploited Children",
    }
    assert "Federal Bureau of Investigation" in trainers
    assert {"Australian Police", "United States Department of Justice"} <= trainers
    organisers = linked("event", str(almaty.uuid), "ORGANISED_BY")
    assert "UNODC Programme for Central Asia" in organisers


def test_counterparts_on_cryptocurrency_for_a_kyrgyz_officer(demo: None) -> None:
    me = User.objects.get(username=DEMO_OFFICER).officer
    assert me is not None and me.agency.country.code == "KG"
    crypto = Topic.objects.get(slug="cryptocurrency-laundering")
    tashkent = Event.objects.get(city__name_en="Tashkent")
    found = counterparts(
        get_driver(), ranking=current_ranking(), topic=str(crypto.uuid), officer=str(me.uuid), limit=100
    )
    assert found, "the Tashkent workshop trained officers of Kyrgyzstan's neighbours on cryptocurrency"
    neighbours = set(Country.objects.get(code="KG").neighbours.values_list("code", flat=True))
    assert {c.country for c in found} <= neighbours
    my_events = set(Participation.objects.filter(officer=me).values_list("event__uuid", flat=True))
    for counterpart in found:
        officer = Officer.objects.get(uuid=counterpart.officer)
        their_events = set(Participation.objects.filter(officer=officer).values_list("event__uuid", flat=True))
        shared = {reason.event for reason in counterpart.reasons if reason.kind == "shared_event"}
        assert shared == {str(uuid) for uuid in my_events & their_events}
    at_tashkent = [c for c in found if any(r.event == str(tashkent.uuid) for r in c.reasons)]
    assert at_tashkent, "some counterparts attended the Tashkent workshop with the officer"
    reason = next(r for r in at_tashkent[0].reasons if r.event == str(tashkent.uuid))
    assert (reason.event_title, reason.city, reason.starts_on) == ("Crypto & MTS", "Tashkent", str(tashkent.starts_on))
    assert found == sorted(found, key=lambda c: -c.score)


def test_the_coverage_gaps_of_the_region(demo: None) -> None:
    darknet = Topic.objects.get(slug="darknet-drug-trafficking")
    cells = {cell.country: cell for cell in coverage_gaps(get_driver(), topics=[str(darknet.uuid)])}
    assert set(cells) >= {"KZ", "KG", "TJ", "UZ"}
    directorate = Organisation.objects.get(name_en="Italian Central Counter-Narcotics Directorate")
    assert cells["KZ"].partners == [str(directorate.uuid)]
    assert cells["KG"].has_no_partner and cells["TJ"].has_no_partner
    attended_drugs_online = (
        Participation.objects.filter(event__short_title="Drugs@Online", officer__agency__country__code="KG")
        .values("officer")
        .distinct()
        .count()
    )
    assert cells["KG"].trained_officers == attended_drugs_online > 0


def test_a_demo_officer_is_found_from_either_script(demo: None) -> None:
    officer = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    assert officer is not None and officer.is_demo
    family_latin = officer.name_latin.split()[-1]
    family_native = officer.name_native.split()[-1]
    assert str(officer.uuid) in [m.uuid for m in search_names(get_driver(), family_latin, limit=50)]
    assert str(officer.uuid) in [m.uuid for m in search_names(get_driver(), family_native, limit=50)]
