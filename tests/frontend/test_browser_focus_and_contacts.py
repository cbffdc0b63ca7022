"""In a real browser: every control shows where the focus is; a steward adds, then removes, a contact channel."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from directory.demo import DEMO_OFFICER, DEMO_STEWARD, DemoSummary
from directory.models import ContactAccessLog, Officer, User
from tests.frontend.browser import accessibility_problems, log_in

pytestmark = pytest.mark.django_db(transaction=True)

# Run in the page: the focused element and whether it draws a solid ring at least 2 px wide. Pico's own ring is a
# half-transparent box-shadow of the buttons' blue, which hides on them: only an outline counts.
FOCUSED_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    element: el.outerHTML.slice(0, 80),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
             && style.outlineColor !== 'rgba(0, 0, 0, 0)',
    shown: el.getBoundingClientRect().width > 2 && el.getBoundingClientRect().height > 2,
  };
}
"""


def test_every_control_in_the_header_and_a_form_shows_a_focus_ring(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    page.locator("body").focus()
    seen, unringed = [], []
    for _ in range(30):  # the header's controls, then the finder's form
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused["element"].startswith("<body"):
            break  # past the last control: the browser's own toolbar is next
        seen.append(focused["element"])
        if not (focused["outline"] and focused["shown"]):  # no ring, or a control too small to see
            unringed.append(focused["element"])
        if "Search" in focused["element"] and "button" in focused["element"]:
            screenshot(page, "focus-on-the-blue-search-button")
    assert unringed == []
    assert any("site-search-text" in element for element in seen)
    assert any('value="ru"' in element for element in seen)
    assert any('id="id_topic"' in element for element in seen)
    assert any('name="find"' in element for element in seen)


def test_a_steward_adds_then_removes_a_contact_channel(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    own = User.objects.get(username=DEMO_OFFICER).officer_id
    officer = Officer.objects.filter(agency__country__code="KG").exclude(pk=own).order_by("id").first()
    log_in(page, live_server.url, DEMO_STEWARD)
    page.goto(f"{live_server.url}/officers/{officer.uuid}/")
    page.get_by_role("link", name="Add, change or remove contact details").click()
    page.get_by_role("heading", name="Contact details of").wait_for()
    views_before = ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count()

    # a wrong number is named beside its field, and nothing is added
    page.get_by_label("Kind of channel").select_option("mobile")
    page.get_by_label("Address or number").fill("+996 55")
    page.get_by_label("Who may see it").select_option("staff")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("#id_value_errors").wait_for()
    assert "write 6 to 15 digits" in page.locator("#id_value_errors").inner_text()
    screenshot(page, "wrong-number")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}

    page.get_by_label("Address or number").fill("+996 555 12 34 56")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Contact channel added.").wait_for()
    row = page.locator("table.contact-channels tr", has_text="+996 555 12 34 56")
    assert row.locator("a[href='tel:+996555123456']").count() == 1
    assert "Programme staff and stewards" in row.inner_text()
    screenshot(page, "added")
    assert officer.contacts.filter(value="+996 555 12 34 56", kind="mobile", visibility="staff").exists()

    page.get_by_role("button", name="Remove +996 555 12 34 56").click()
    page.get_by_text("Contact channel removed.").wait_for()
    assert page.locator("table.contact-channels", has_text="+996 555 12 34 56").count() == 0
    screenshot(page, "removed")
    assert not officer.contacts.filter(value="+996 555 12 34 56").exists()
    # every showing of the channels was a logged contact view
    assert ContactAccessLog.objects.filter(officer_uuid=officer.uuid).count() > views_before
