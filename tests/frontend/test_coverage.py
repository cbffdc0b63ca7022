"""Coverage: the partner × country × topic matrix with its gaps, and the map of the region drawn on the server."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable

import pytest
from django.test import Client

from directory.demo import DEMO_STAFF, DemoSummary
from directory.models import Agency, Country, Coverage, Organisation, Participation
from frontend.map import region_map
from tests.frontend.browser import accessibility_problems, log_in

# Each test only reads the demo, so it runs in a transaction rolled back (the live server's commit anyway).
pytestmark = [pytest.mark.django_db, pytest.mark.neo4j]  # the gaps come from the graph

DARKNET = "darknet-drug-trafficking"
DIRECTORATE = "Italian Central Counter-Narcotics Directorate"
DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not imply official endorsement "
    "or acceptance by the United Nations."
)
# The class of each country's outline on the map, by ISO code.
FILLS = re.compile(r'<path class="country fill-([a-z-]+)" data-code="([A-Z]{2})"')


def trained_on_darknet(code: str) -> int:
    """How many officers of a country attended an event on darknet drug trafficking, counted in the database."""
    attended = Participation.objects.filter(event__topics__slug=DARKNET, officer__agency__country__code=code)
    return attended.values("officer").distinct().count()


def darknet_state(code: str, *, has_partner: bool) -> str:
    """The map colour a country should have for darknet drug trafficking, worked out from the database."""
    if not has_partner and not Agency.objects.filter(country__code=code).exists():
        return "no-agencies"
    trained = trained_on_darknet(code) > 0
    if has_partner:
        return "covered" if trained else "no-officer"
    return "no-partner" if trained else "gap"


def test_the_coverage_pages_ask_to_sign_in_first(client: Client) -> None:
    for address in ["/coverage/", f"/coverage/map/?topic={DARKNET}"]:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_matrix_names_the_partner_and_marks_the_gaps(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_STAFF).get("/coverage/", {"topic": DARKNET})
    assert response.status_code == 200
    rows = response.context["rows"]
    # The topic, then the programme text's own subjects under it (new topics: the issue adds them).
    assert [row.topic.slug for row in rows] == [
        DARKNET,
        "darknet-markets",
        "onion-routing-and-vpns",
        "countering-online-drug-trafficking",
    ]
    cells = {cell.country.code: cell for cell in rows[0].cells}
    assert {"KZ", "KG", "TJ", "UZ"} <= set(cells)
    assert [o.name_en for o in cells["KZ"].partners] == [DIRECTORATE]
    assert cells["KG"].no_partner and cells["TJ"].no_partner
    assert cells["KG"].trained_officers == trained_on_darknet("KG") > 0
    html = response.content.decode()
    directorate = Organisation.objects.get(name_en=DIRECTORATE)
    assert f'href="/organisations/{directorate.uuid}/"' in html
    assert 'href="/countries/KG/"' in html and f'href="/topics/{DARKNET}/"' in html
    assert "Not covered: no partner" in html
    assert f'href="/coverage/map/?topic={DARKNET}"' in html
    assert '<th scope="col">' in html and '<th scope="row"' in html


def test_the_matrix_of_one_country_shows_its_partners(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_STAFF).get("/coverage/", {"country": "KG"})
    assert [country.code for country in response.context["countries"]] == ["KG"]
    partners = {row.organisation.name_en for row in response.context["partner_rows"]}
    expected = set(Coverage.objects.filter(country__code="KG").values_list("organisation__name_en", flat=True))
    assert partners == expected and DIRECTORATE not in partners
    darknet = next(row for row in response.context["rows"] if row.topic.slug == DARKNET)
    assert darknet.cells[0].no_partner


def test_an_unknown_or_hostile_choice_is_named_beside_its_field(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    hostile = "<script>alert(1)</script>' }) MATCH (n) DETACH DELETE n //"
    client = sign_in(DEMO_STAFF)
    before = Coverage.objects.count()
    for address in ["/coverage/", "/coverage/map/"]:
        for choice in ["no-such-topic", hostile]:
            response = client.get(address, {"topic": choice, "country": choice})
            assert response.status_code == 200, address
            assert response.context["form"].errors["topic"] == ["Choose a topic from the list."], address
            html = response.content.decode()
            assert 'id="id_topic_errors"' in html and "<script>alert(1)" not in html, address
    assert Coverage.objects.count() == before
    after = client.get("/coverage/", {"topic": DARKNET})
    kazakhstan = next(cell for cell in after.context["rows"][0].cells if cell.country.code == "KZ")
    assert [o.name_en for o in kazakhstan.partners] == [DIRECTORATE], "the graph still answers"


def test_the_map_colours_each_country_and_the_table_lists_the_gaps(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    response = sign_in(DEMO_STAFF).get("/coverage/map/", {"topic": DARKNET})
    assert response.status_code == 200
    html = response.content.decode()
    fills = {code: fill for fill, code in FILLS.findall(html)}
    assert set(fills) == set(region_map().shapes)
    in_directory = set(Country.objects.filter(code__in=fills).values_list("code", flat=True))
    assert {"KZ", "KG", "TJ", "UZ", "CN", "RU", "TM", "AF"} <= in_directory
    covered = set(Coverage.objects.filter(topic__slug=DARKNET).values_list("country__code", flat=True))
    for code in in_directory:
        assert fills[code] == darknet_state(code, has_partner=code in covered), code
    assert fills["KZ"] in {"covered", "no-officer"} and fills["KG"] in {"no-partner", "gap"}
    assert {fills[code] for code in set(fills) - in_directory} == {"outside"}
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="region-map"' in html
    assert 'role="img" aria-labelledby="map-title map-desc"' in html
    assert "<title>Kyrgyzstan — " in html
    assert DISCLAIMER in html and "Natural Earth" in html
    # The table beside the map gives the same data, gaps in words.
    rows = {row.code: row for row in response.context["table"]}
    assert [o.name_en for o in rows["KZ"].partners] == [DIRECTORATE]
    assert rows["KG"].partners == [] and rows["TJ"].partners == []
    assert rows["KG"].trained_officers == trained_on_darknet("KG")
    table = html[html.index('<table class="records coverage-by-country"') :]
    kyrgyzstan = table[table.index('data-code="KG"') :]
    assert '<a href="/countries/KG/">Kyrgyzstan</a>' in kyrgyzstan
    assert "Yes: no partner" in kyrgyzstan.split("</tr>")[0]


def test_the_map_without_a_topic_asks_for_one(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    response = sign_in(DEMO_STAFF).get("/coverage/map/")
    html = response.content.decode()
    fills = dict((code, fill) for fill, code in FILLS.findall(html))
    assert fills["KZ"] == "listed" and fills["IR"] == "outside"
    assert "Choose a topic to colour the map by its coverage." in html
    assert response.context["table"] == [] and DISCLAIMER in html


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_pages_say_so_when_the_graph_is_down(
    sign_in: Callable[..., Client], demo: DemoSummary, settings: object
) -> None:
    settings.NEO4J_URI = f"bolt://127.0.0.1:{closed_port()}"  # a real connection, refused: no mock
    client = sign_in(DEMO_STAFF)
    for address in ["/coverage/", "/coverage/map/"]:
        response = client.get(address, {"topic": DARKNET})
        assert response.status_code == 200, address
        assert "The network graph is not answering right now" in response.content.decode(), address


def test_a_staff_member_opens_the_coverage_map(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    log_in(page, live_server.url, DEMO_STAFF)
    page.get_by_role("link", name="Coverage", exact=True).click()
    page.get_by_role("heading", name="Coverage", exact=True).wait_for()
    screenshot(page, "matrix")
    page.get_by_role("link", name="See the coverage map").click()
    page.get_by_role("heading", name="Coverage map").wait_for()
    page.get_by_label("Topic").select_option(DARKNET)
    page.get_by_role("button", name="Colour the map").click()
    page.wait_for_url(f"**/coverage/map/?topic={DARKNET}")
    svg = page.get_by_role("img", name="Coverage of Drug trafficking via the internet in Central Asia")
    assert svg.is_visible()
    kazakhstan = page.locator('path[data-code="KZ"]')
    assert "fill-covered" in kazakhstan.get_attribute("class") or "fill-no-officer" in kazakhstan.get_attribute("class")
    coloured = page.evaluate(
        "() => [...document.querySelectorAll('path.country')].map(p => getComputedStyle(p).fill)"
        ".filter(fill => fill.startsWith('url(') || fill === 'rgb(77, 175, 74)' || fill === 'rgb(199, 233, 160)')"
    )
    assert len(coloured) >= 4, "the programme's countries are coloured by coverage"
    assert page.get_by_text(DISCLAIMER).is_visible()
    assert page.get_by_role("row", name=re.compile("Kyrgyzstan")).get_by_text("Yes: no partner").is_visible()
    screenshot(page, "darknet")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}
    assert scripts and all("htmx" in url for url in scripts), scripts
