"""In a real browser at 390 x 844 (a phone): a compact header, a menu that folds without script, nothing too wide."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from directory.demo import DEMO_OFFICER, DemoSummary
from directory.models import Officer
from tests.frontend.browser import accessibility_problems, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# The header may take at most this share of the first screen (it took about 40% before it folded).
HEADER_SHARE = 0.15

# Run in the page: the header's height, the page's and the window's widths.
MEASURE_JS = """
() => ({
  header: document.querySelector('.site-header').getBoundingClientRect().height,
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
})
"""


@pytest.fixture
def phone(browser: object, live_server: object) -> Iterator[object]:
    """A tab the size of a phone's screen, touch and all."""
    context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _phone_pages() -> dict[str, str]:
    officer = Officer.objects.filter(agency__country__code="KZ").order_by("id").first()
    return {
        "home": "/",
        "finder-results": "/?topic=cryptocurrency-laundering&scope=neighbours",
        "profile": f"/officers/{officer.uuid}/",
        "search": "/search/?q=Tashkent",
    }


def test_the_header_is_compact_and_nothing_is_wider_than_a_phone(
    phone: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(phone, live_server.url, DEMO_OFFICER)
    measured = {}
    for name, address in _phone_pages().items():
        phone.goto(f"{live_server.url}{address}", wait_until="load")
        measured[name] = phone.evaluate(MEASURE_JS)
        screenshot(phone, f"phone-{name}")
        # search stays one tap away; the links wait behind the menu
        assert phone.get_by_label("Search names").first.is_visible(), name
        assert not phone.get_by_role("link", name="Countries").is_visible(), name
        assert phone.get_by_text("Menu", exact=True).is_visible(), name
        assert accessibility_problems(phone) == {"unlabelled controls": [], "graphics without text": []}, name
    too_tall = {name: m["header"] for name, m in measured.items() if m["header"] > HEADER_SHARE * PHONE["height"]}
    too_wide = {name: m["page"] for name, m in measured.items() if m["page"] > m["window"]}
    assert too_tall == {}, measured
    assert too_wide == {}, measured


def test_the_menu_opens_and_leads_on_without_javascript(
    browser: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    context = browser.new_context(locale="en-GB", viewport=PHONE, is_mobile=True, java_script_enabled=False)
    phone = context.new_page()
    log_in(phone, live_server.url, DEMO_OFFICER)
    phone.get_by_text("Menu", exact=True).click()
    assert phone.get_by_role("link", name="Countries").is_visible()
    assert phone.get_by_role("button", name="Sign out").is_visible()
    screenshot(phone, "phone-menu-open")
    assert phone.evaluate(MEASURE_JS)["page"] <= PHONE["width"]
    phone.get_by_role("link", name="Countries").click()
    phone.get_by_role("heading", name="Countries", level=1).wait_for()
    # the language button is in the menu too, and works without script
    phone.get_by_text("Menu", exact=True).click()
    phone.get_by_role("button", name="Русский").click()
    phone.get_by_role("heading", name="Страны", level=1).wait_for()
    assert phone.locator("html").get_attribute("lang") == "ru"
    in_russian = phone.evaluate(MEASURE_JS)  # longer words, the same compact header
    assert in_russian["header"] <= HEADER_SHARE * PHONE["height"] and in_russian["page"] <= PHONE["width"]
    screenshot(phone, "phone-russian")
    phone.get_by_text("Меню", exact=True).click()
    phone.get_by_role("button", name="English").click()
    phone.get_by_role("heading", name="Countries", level=1).wait_for()
    context.close()
