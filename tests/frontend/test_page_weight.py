"""The home page and a profile stay light on a first visit: at most 150 KB compressed, no graph or map library."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import Officer
from tests.frontend.browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET_BYTES = 150 * 1024


def first_visit(page: object, url: str) -> dict[str, int]:
    """Every resource a cold first load of `url` fetches, with its gzip-compressed size."""
    bodies: dict[str, int] = {}

    def weigh(response: object) -> None:
        if response.status == 200:
            bodies[response.url] = len(gzip.compress(response.body(), compresslevel=6))

    page.on("response", weigh)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", weigh)
    return bodies


@pytest.mark.parametrize("which", ["home", "profile"])
def test_a_first_visit_transfers_at_most_150_kb(
    which: str, browser: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    signing_in = browser.new_context()
    log_in(signing_in.new_page(), live_server.url, DEMO_OFFICER)
    session = signing_in.storage_state()
    signing_in.close()
    # A new context with only the session cookie has an empty cache: a true first visit, signed in.
    context = browser.new_context(storage_state=session)
    page = context.new_page()
    officer = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    url = {
        "home": f"{live_server.url}/?topic=cryptocurrency-laundering&scope=neighbours",
        "profile": f"{live_server.url}/officers/{officer.uuid}/",
    }[which]
    resources = first_visit(page, url)
    screenshot(page, which)
    context.close()
    assert sum(resources.values()) <= BUDGET_BYTES, resources
    assert not [url for url in resources if "cytoscape" in url or "/map" in url]
    assert any(url.endswith(".css") for url in resources) and any(url.endswith(".js") for url in resources)
