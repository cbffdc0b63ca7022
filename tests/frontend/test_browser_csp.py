"""In a real browser, under the Content-Security-Policy: sign-in, the finder, the network and GraphiQL still work."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import include, path

from api.schema import schema
from api.views import LiaisonGraphQLView
from directory.demo import DEMO_ADMIN, DEMO_OFFICER, DemoSummary
from directory.models import Officer
from tests.frontend.browser import log_in
from tests.frontend.test_every_page import every_page

pytestmark = pytest.mark.django_db(transaction=True)

# Run before any page script: every violation the browser reports also reaches the console, with what was blocked.
REPORT_VIOLATIONS_JS = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline'));
});
"""

# The development GraphiQL page is routed only where introspection is on; this URL conf routes it for one test.
urlpatterns = [
    path("graphql", LiaisonGraphQLView.as_view(schema=schema, graphql_ide="graphiql")),
    path("", include("config.urls")),
]


@pytest.fixture
def violations(page: object) -> list[str]:
    """What the browser says against the policy headers while the test runs: blocked content, unknown features."""
    found: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS_JS)

    def note(message: object) -> None:
        text = message.text
        if any(topic in text for topic in ("Content Security Policy", "CSP violation", "Permissions-Policy")):
            found.append(f"{page.url}: {text}")

    page.on("console", note)
    return found


def test_sign_in_the_finder_and_the_network_work_without_a_violation(
    page: object, live_server: object, demo: DemoSummary, violations: list[str], screenshot: Callable[..., object]
) -> None:
    # when: an officer signs in, asks the finder (htmx swaps the answer in) and opens a network drawing
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_label("Topic").select_option("cryptocurrency-laundering")
    page.get_by_role("heading", name="counterparts found").wait_for()
    officer = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    page.goto(f"{live_server.url}/network/officer/{officer.uuid}/")
    page.locator('#network-canvas[data-state="drawn"] canvas').first.wait_for()
    screenshot(page, "network")
    # then: each worked, and the browser blocked nothing
    assert page.url.endswith(f"/network/officer/{officer.uuid}/")
    assert page.evaluate("document.getElementById('network-canvas').cytoscape.nodes().length") > 1
    assert violations == []


def test_no_page_or_admin_page_breaks_the_policy(
    page: object, live_server: object, demo: DemoSummary, violations: list[str]
) -> None:
    # given
    log_in(page, live_server.url, DEMO_ADMIN)
    officer = Officer.objects.filter(contacts__isnull=False).order_by("id").first()
    addresses = {
        **every_page(),
        "admin": "/admin/",
        "admin officers": "/admin/directory/officer/",
        "admin officer": f"/admin/directory/officer/{officer.pk}/change/",
        "admin contact log": "/admin/directory/contactaccesslog/",
    }
    # when
    for name, address in addresses.items():
        # "load", not "networkidle" (half a second of quiet more a page): no page fetches anything after its load
        # event. One turn of the event loop lets a violation event queued during the load reach the console.
        response = page.goto(f"{live_server.url}{address}", wait_until="load")
        assert response.status == 200, name
        page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")
    # then
    assert violations == []


def test_the_policy_blocks_a_script_written_into_a_page(
    page: object, live_server: object, demo: DemoSummary, violations: list[str]
) -> None:
    # given: a signed-in page, as if a stored value had slipped a script into it
    log_in(page, live_server.url, DEMO_OFFICER)
    # when
    page.evaluate(
        """() => {
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)  # the violation event is queued as a task; let it reach the console
    # then
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in violation for violation in violations), violations


def test_graphiql_runs_a_query_under_the_policy(
    page: object, live_server: object, demo: DemoSummary, violations: list[str], settings: object
) -> None:
    # given: the development GraphiQL page, routed
    settings.ROOT_URLCONF = __name__
    log_in(page, live_server.url, DEMO_ADMIN)
    # when
    page.goto(f"{live_server.url}/graphql", wait_until="networkidle")
    page.locator(".graphiql-container").wait_for()
    page.locator(".graphiql-query-editor .CodeMirror").evaluate(
        "editor => editor.CodeMirror.setValue('{ countries(first: 1) { totalCount } }')"
    )
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    # then
    page.locator(".result-window", has_text=f'"totalCount": {demo.countries}').wait_for()
    assert violations == []
