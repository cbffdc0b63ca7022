"""The network view: the records around one, drawn with Cytoscape and listed as links, within the viewer's rules."""

from __future__ import annotations

import json
import re
import socket
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.html import escape

from answers.questions import neighbourhood
from directory.demo import DEMO_OFFICER, DEMO_STAFF, DemoSummary
from directory.models import Agency, Country, Coverage, Officer, Organisation, Participation, User
from directory.services.officers import create_officer
from frontend.views.network_selection import NODE_BOUND, NODE_BOUND_MAX
from graph.projector import project_pending
from tests.frontend.browser import accessibility_problems, log_in
from tests.frontend.conftest import save_screenshot

# Each test only reads the demo, so it runs in a transaction rolled back (the live server's commit anyway).
pytestmark = [pytest.mark.django_db, pytest.mark.neo4j]  # the network is drawn from the graph


def _me() -> Officer:
    """The demo officer's own entry."""
    return User.objects.get(username=DEMO_OFFICER).officer


def _data(html: str) -> dict:
    """The nodes and links the page passes to the drawing."""
    found = re.search(r'<script id="network-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page carries the drawing's data"
    return json.loads(found.group(1))


def test_the_network_needs_a_signed_in_viewer(client: Client, demo: DemoSummary) -> None:
    response = client.get(f"/network/officer/{_me().uuid}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_an_officers_network_lists_their_agency_and_events(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = _me()
    response = sign_in(DEMO_OFFICER).get(f"/network/officer/{me.uuid}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'Network of <a href="/officers/{me.uuid}/">' in html
    line = re.search(r"<li[^>]*data-type=\"WORKS_AT\"[^>]*>(.*?)</li>", html, re.S).group(1)
    assert me.name_latin in line and "works at" in line
    assert f'<a href="/agencies/{me.agency.uuid}/">{me.agency.name_en}</a>' in line
    for participation in Participation.objects.filter(officer=me).select_related("event"):
        assert f'<a href="/events/{participation.event.uuid}/">{escape(participation.event.short_title)}</a>' in html
    assert "Who works where" in html and "Events attended" in html
    data = _data(html)
    assert data["centre"] == str(me.uuid)
    by_id = {node["id"]: node for node in data["nodes"]}
    # The drawing names the agency shortly (its kind and country); its full name is in the list and on hover.
    assert by_id[str(me.agency.uuid)] == {
        "id": str(me.agency.uuid),
        "label": "Ministry of interior · KG",
        "name": me.agency.name_en,
        "kind": "Agency",
        "kind_name": "Agency",
        "url": f"/agencies/{me.agency.uuid}/",
        "step": 1,
        "group": str(me.agency.country.uuid),
    }
    assert by_id[str(me.uuid)]["step"] == 0 and by_id[str(me.uuid)]["group"] == str(me.agency.uuid)
    assert {"source": str(me.uuid), "target": str(me.agency.uuid), "type": "WORKS_AT", "label": "works at"} in data[
        "edges"
    ]


def test_an_unverified_officer_sees_no_other_officer_in_a_network(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    agency = _me().agency
    newcomer = create_officer(name_native="Тест Новичок", name_latin="Test Novichok", agency=agency, is_demo=True)
    project_pending()
    User.objects.create_user(username="newcomer", password="x", role=User.Role.OFFICER, officer=newcomer)
    client = sign_in("newcomer")
    response = client.get(f"/network/agency/{agency.uuid}/")
    data = _data(response.content.decode())
    officers = {node["id"] for node in data["nodes"] if node["kind"] == "Officer"}
    assert officers == {str(newcomer.uuid)}
    assert _me().name_latin not in response.content.decode()
    assert client.get(f"/network/officer/{_me().uuid}/").status_code == 404
    # A verified colleague sees the whole agency, the newcomer included.
    everyone = _data(sign_in(DEMO_OFFICER).get(f"/network/agency/{agency.uuid}/").content.decode())
    assert len([node for node in everyone["nodes"] if node["kind"] == "Officer"]) == agency.officers.count()


def test_unknown_kinds_and_records_are_not_found(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    client = sign_in(DEMO_STAFF)
    agency = _me().agency
    for address in [
        f"/network/planet/{agency.uuid}/",
        f"/network/officer/{uuid.uuid4()}/",
        f"/network/agency/{uuid.uuid4()}/",
        f"/network/officer/{agency.uuid}/",  # a real uuid, but not an officer's
        f"/network/city/{agency.city.uuid}/",  # cities have no network page of their own
    ]:
        assert client.get(address).status_code == 404, address


def test_two_steps_reach_further_than_one(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    me = _me()
    client = sign_in(DEMO_OFFICER)
    near = _data(client.get(f"/network/officer/{me.uuid}/").content.decode())
    response = client.get(f"/network/officer/{me.uuid}/", {"depth": "2"})
    far = _data(response.content.decode())
    assert far["depth"] == 2
    near_ids, far_ids = {node["id"] for node in near["nodes"]}, {node["id"] for node in far["nodes"]}
    # The wider view keeps every direct link, and adds records linked to those: two steps away.
    assert near_ids < far_ids
    assert all(edge in far["edges"] for edge in near["edges"])
    # A language is an end, never a way through: each record two steps away is linked to a direct neighbour
    # other than one of the officer's languages (everyone else who speaks Russian is no relation).
    languages = {node["id"] for node in near["nodes"] if node["kind"] == "Language"}
    through = near_ids - languages - {str(me.uuid)}
    for record in far_ids - near_ids:
        assert any(
            {edge["source"], edge["target"]} & through
            for edge in far["edges"]
            if record in (edge["source"], edge["target"])
        ), record
    assert '<option value="2" selected>Two steps away</option>' in response.content.decode()
    # A depth the page does not offer is named as the problem, and the near network is shown.
    odd = client.get(f"/network/officer/{me.uuid}/", {"depth": "9"})
    assert odd.status_code == 200
    assert "Select a valid choice" in odd.content.decode()
    assert _data(odd.content.decode())["depth"] == 1


def test_a_partners_network_names_its_support_and_events(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    italy = Organisation.objects.get(name_en="Italian Central Counter-Narcotics Directorate")
    html = sign_in(DEMO_STAFF).get(f"/network/organisation/{italy.uuid}/").content.decode()
    for coverage in Coverage.objects.filter(organisation=italy).select_related("country", "topic"):
        assert f"Support from {italy.name_en} for {coverage.country.name_en} on {coverage.topic.name_en}" in html
        assert f'href="/coverage/?country={coverage.country.code}"' in html
    # In the drawing each support is named by its country and topic, not by the partner all of them share.
    drawn = {node["label"] for node in _data(html)["nodes"] if node["kind"] == "Coverage"}
    expected = {f"{c.country.name_en} · {c.topic.name_en}" for c in Coverage.objects.filter(organisation=italy)}
    assert drawn == expected and len(drawn) == Coverage.objects.filter(organisation=italy).count()
    assert "Drugs@Online</a>" in html and "was organised by" in html
    assert "Where partners are based" in html


def test_the_network_speaks_russian(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    agency = Agency.objects.exclude(name_ru="").filter(officers__isnull=False).order_by("id").first()
    html = sign_in(DEMO_STAFF, language="ru").get(f"/network/agency/{agency.uuid}/").content.decode()
    assert agency.name_ru in html
    assert agency.country.name_ru in html


def test_the_network_says_so_when_the_graph_is_down(
    sign_in: Callable[..., Client], demo: DemoSummary, settings: object
) -> None:
    with socket.socket() as probe:  # a local port nothing listens on: a real connection, refused, no mock
        probe.bind(("127.0.0.1", 0))
        settings.NEO4J_URI = f"bolt://127.0.0.1:{probe.getsockname()[1]}"
    response = sign_in(DEMO_OFFICER).get(f"/network/officer/{_me().uuid}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The network graph is not answering right now" in html
    assert _me().agency.name_en not in html and "cytoscape" not in html


def test_the_network_is_drawn_and_its_records_open_their_pages(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    me = _me()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "warning" else None)
    # Every script and style the pages ask for is there (the browser's own favicon request aside).
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    log_in(page, live_server.url, DEMO_OFFICER)
    # The graph library is loaded only where a graph is drawn.
    assert page.locator('script[src*="cytoscape"]').count() == 0
    assert page.evaluate("typeof window.cytoscape") == "undefined"

    page.goto(f"{live_server.url}/network/agency/{me.agency.uuid}/")
    page.locator('#network-canvas[data-state="drawn"] canvas').first.wait_for()
    assert me.agency.name_en in page.get_by_role("heading", level=1).inner_text()
    # The drawing is reached by keyboard, and says how to move in it.
    assert page.locator("#network-canvas").get_attribute("tabindex") == "0"
    assert "arrow keys" in page.locator("#network-keys").inner_text()
    assert "same records and links" in page.locator(".network-note").first.inner_text()
    links = page.locator(".network-links")
    assert links.get_by_role("link", name=me.name_latin).first.get_attribute("href") == f"/officers/{me.uuid}/"
    drawn = page.evaluate(
        "() => document.getElementById('network-canvas').cytoscape.nodes().map(n => [n.id(), n.data('url')])"
    )
    listed = set(links.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert {url for _, url in drawn if url} == listed
    screenshot(page, "agency-network")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}

    # Select the demo officer in the drawing, as a person would with the mouse.
    # Scroll the drawing into view, and let the scroll event reach Cytoscape (it caches where its canvas is).
    page.locator("#network-canvas").evaluate("canvas => canvas.scrollIntoView({block: 'center'})")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    where = page.evaluate(
        """(id) => {
          const cy = document.getElementById('network-canvas').cytoscape;
          const at = cy.getElementById(id).renderedPosition();
          const box = cy.container().getBoundingClientRect();
          return {x: box.left + at.x, y: box.top + at.y};
        }""",
        str(me.uuid),
    )
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url(f"{live_server.url}/officers/{me.uuid}/")
    assert me.name_latin in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "officer-opened-from-drawing")

    # From the profile, on to the officer's own network, two steps wide.
    page.get_by_role("link", name="See their network").click()
    page.get_by_label("How far").select_option("2")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"depth=2"))
    page.locator('#network-canvas[data-state="drawn"] canvas').first.wait_for()
    assert page.locator(".network-links").get_by_role("link", name=me.agency.name_en).count() >= 1
    screenshot(page, "officer-network-two-steps")
    assert problems == [], "no script errors, Cytoscape warnings or missing files"


def _largest_neighbourhood() -> tuple[int, str, str]:
    """The officer or partner with the most records two steps away, as programme staff see it."""
    staff = User.objects.get(username=DEMO_STAFF)
    sizes = [
        (len(neighbourhood(staff, kind=kind, uuid=str(uuid), depth=2).nodes), kind, str(uuid))
        for kind, model in (("officer", Officer), ("organisation", Organisation))
        for uuid in model.objects.order_by("id").values_list("uuid", flat=True)
    ]
    return max(sizes)


def _listed(html: str) -> set[str]:
    """The records the list beside the drawing names, by id."""
    return set(re.findall(r'data-source="([^"]+)"', html)) | set(re.findall(r'data-target="([^"]+)"', html))


def test_the_largest_network_is_bounded_and_shows_more_on_request(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    size, kind, centre = _largest_neighbourhood()
    assert size > NODE_BOUND, "the demo's largest neighbourhood is larger than the first bound"
    client = sign_in(DEMO_STAFF)
    first = client.get(f"/network/{kind}/{centre}/", {"depth": "2"}).content.decode()
    data = _data(first)
    assert len(data["nodes"]) == NODE_BOUND
    # The list holds the same records as the drawing, bound and all.
    assert _listed(first) == {node["id"] for node in data["nodes"]}
    # The nearest are kept: every direct neighbour is there before anything two steps away.
    steps = [node["step"] for node in data["nodes"]]
    assert steps == sorted(steps) and steps[0] == 0
    assert f"{size - NODE_BOUND} more records, further from the centre, are not shown." in first
    more = re.search(r'<a href="([^"]+)" class="network-more">Show more</a>', first)
    assert more, "a link shows more"
    wider = client.get(more.group(1).replace("&amp;", "&")).content.decode()
    wider_data = _data(wider)
    assert len(wider_data["nodes"]) == min(size, 2 * NODE_BOUND)
    assert {node["id"] for node in data["nodes"]} < {node["id"] for node in wider_data["nodes"]}
    assert _listed(wider) == {node["id"] for node in wider_data["nodes"]}
    # However the address is written, the page never shows more than its most.
    beyond = client.get(f"/network/{kind}/{centre}/", {"depth": "2", "shown": str(NODE_BOUND_MAX * 100)})
    assert beyond.status_code == 200 and len(_data(beyond.content.decode())["nodes"]) == NODE_BOUND


def test_filters_by_kind_of_record_and_of_link_work_without_script(
    sign_in: Callable[..., Client], demo: DemoSummary
) -> None:
    me = _me()
    client = sign_in(DEMO_OFFICER)
    everything = client.get(f"/network/officer/{me.uuid}/", {"depth": "2"}).content.decode()
    assert 'name="kinds" id="kind-officer" value="Officer" checked' in everything
    assert 'name="links" id="link-works_at" value="WORKS_AT" checked' in everything
    # Only officers and agencies: no event, topic or language in the drawing or the list.
    html = client.get(f"/network/officer/{me.uuid}/?depth=2&kinds=Officer&kinds=Agency").content.decode()
    data = _data(html)
    assert {node["kind"] for node in data["nodes"]} == {"Officer", "Agency"}
    assert _listed(html) == {node["id"] for node in data["nodes"]}
    assert 'value="Event">' in html and 'value="Event" checked' not in html, "the unticked kinds stay offered"
    assert "<h3>Events attended" not in html and "<h3>Who works where" in html
    # Only acquaintances: the officer and the people they know, nothing else.
    known = client.get(f"/network/officer/{me.uuid}/?links=KNOWS").content.decode()
    assert {edge["type"] for edge in _data(known)["edges"]} == {"KNOWS"}
    assert "<h3>Acquaintances" in known and "<h3>Who works where" not in known


def test_hostile_filters_are_refused_and_nothing_is_echoed(sign_in: Callable[..., Client], demo: DemoSummary) -> None:
    client = sign_in(DEMO_OFFICER)
    hostile = "<script>alert(1)</script>"
    response = client.get(
        f"/network/officer/{_me().uuid}/",
        {"kinds": [hostile, "Officer"], "links": "KNOWS' OR 1=1", "shown": "-1", "depth": "2"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert hostile not in html and "alert(1)" not in html
    assert "Select a valid choice" in html, "the bad choice is named"
    data = _data(html)
    assert 1 < len(data["nodes"]) <= NODE_BOUND, "the bad filters are set aside, the default bound holds"


def test_the_largest_network_draws_every_label_clear_of_the_others(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    _size, kind, centre = _largest_neighbourhood()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "warning" else None)
    log_in(page, live_server.url, DEMO_STAFF)
    for shown in (NODE_BOUND, NODE_BOUND_MAX):
        page.goto(f"{live_server.url}/network/{kind}/{centre}/?depth=2&shown={shown}")
        page.locator('#network-canvas[data-state="drawn"] canvas').first.wait_for()
        drawn = page.evaluate(
            """() => {
              const cy = document.getElementById('network-canvas').cytoscape;
              return cy.nodes().map(n => ({
                id: n.id(), label: n.data('label'), kind: n.data('kind'),
                box: n.renderedBoundingBox({includeLabels: true, includeOverlays: false}),
              }));
            }"""
        )
        overlapping = [
            (one["label"], other["label"])
            for index, one in enumerate(drawn)
            for other in drawn[index + 1 :]
            if one["box"]["x1"] < other["box"]["x2"]
            and other["box"]["x1"] < one["box"]["x2"]
            and one["box"]["y1"] < other["box"]["y2"]
            and other["box"]["y1"] < one["box"]["y2"]
        ]
        assert overlapping == [], f"labels drawn over one another at the default zoom ({shown} records at most)"
        assert all(node["label"] for node in drawn), "every record is labelled"
        # The centre is in the middle of the drawing.
        middle = page.evaluate(
            """(id) => {
              const cy = document.getElementById('network-canvas').cytoscape;
              const at = cy.getElementById(id).renderedPosition();
              return [at.x / cy.width(), at.y / cy.height()];
            }""",
            centre,
        )
        assert all(0.3 < share < 0.7 for share in middle), middle
        saved = screenshot(page, f"largest-network-{shown}")
        save_screenshot(page.locator("#network-canvas"), saved.with_name(f"{saved.stem}-drawing.png"))
    coverage = [node["label"] for node in drawn if node["kind"] == "Coverage"]
    countries = "|".join(re.escape(name) for name in Country.objects.values_list("name_en", flat=True))
    assert all(re.fullmatch(rf"({countries}) · .+", label) for label in coverage), coverage
    assert len(set(coverage)) == len(coverage), "no two supports read alike"
    assert problems == []


def test_the_drawing_is_reached_and_walked_by_keyboard(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    me = _me()
    log_in(page, live_server.url, DEMO_OFFICER)
    page.goto(f"{live_server.url}/network/officer/{me.uuid}/")
    page.locator('#network-canvas[data-state="drawn"] canvas').first.wait_for()
    canvas = page.locator("#network-canvas")
    # Tab reaches the drawing from the control before it; the centre takes the focus first, and says so.
    page.get_by_role("button", name="Show", exact=True).focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "network-canvas":
            break
    assert page.evaluate("document.activeElement.id") == "network-canvas"
    assert canvas.get_attribute("aria-label") == f"Drawing of the network of {me.name_native} ({me.name_latin})"
    focus = page.locator("#network-focus")
    assert focus.inner_text().startswith(f"Officer: {me.name_native} ({me.name_latin})")
    focused = "() => document.getElementById('network-canvas').cytoscape.nodes('.focused').map(n => n.id())"
    assert page.evaluate(focused) == [str(me.uuid)]
    # Arrow keys move the focus from record to record, visibly and in words.
    visited = set()
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
        visited.update(page.evaluate(focused))
    assert len(visited - {str(me.uuid)}) >= 2
    screenshot(page, "network-keyboard-focus")
    # Home goes back to the centre; Enter opens the focused record's page.
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Home")
    assert page.evaluate(focused) == [str(me.uuid)]
    page.keyboard.press("ArrowRight")
    target = page.evaluate(
        "() => document.getElementById('network-canvas').cytoscape.nodes('.focused').map(n => n.data('url'))[0]"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{target}")
