"""Every page in every language, at a desktop's and a phone's width: nothing wider than the window, no text cut off.

The screenshots land in tests/screenshots/<language>/<width>/ (git-ignored), for a person to look over.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from directory.demo import DEMO_ADMIN, DemoSummary
from tests.frontend.browser import log_in
from tests.frontend.conftest import SCREENSHOTS, save_screenshot
from tests.frontend.test_every_page import every_page

pytestmark = [pytest.mark.django_db, pytest.mark.neo4j, pytest.mark.browser]  # the pages include the graph's answers

LANGUAGES = [code for code, _name in settings.LANGUAGES]
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# Run in the page: what a reader would see spill over. The page wider than the window (a sideways scroll), and each
# visible element holding text whose text is wider than its box: cut off (overflow hidden or clipped, an ellipsis)
# or running over its neighbours. A wide table inside a container that scrolls sideways (overflow-x: auto) scrolls
# by design and is not counted; nor are visually hidden texts for screen readers (a 1-pixel clipped box).
OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const problems = [];
  const label = (element) => {
    const classes = element.classList.length ? '.' + [...element.classList].join('.') : '';
    const text = element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60);
    return `<${element.tagName.toLowerCase()}${classes}> "${text}"`;
  };
  const scrolls = (style) => ['auto', 'scroll'].includes(style.overflowX);
  const insideScroller = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(getComputedStyle(up))) return true;
    }
    return false;
  };
  if (root.scrollWidth > root.clientWidth) {
    // Name the culprits: the elements that reach past the window while their parent does not.
    const past = (element) => element.getBoundingClientRect().right > root.clientWidth + 1;
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((element) => past(element) && !past(element.parentElement) && !insideScroller(element))
      .map((element) => label(element)).slice(0, 5);
    problems.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window: ${culprits.join(', ')}`);
  }
  for (const element of document.body.querySelectorAll('*')) {
    if (!(element instanceof HTMLElement) || element.closest('select, svg, [hidden], [aria-hidden="true"]')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.display === 'inline' || style.visibility !== 'visible') continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.clip !== 'auto' || style.clipPath !== 'none') continue;
    const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (!ownText || scrolls(style) || insideScroller(element)) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      const cut = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
      problems.push(`${label(element)} ${cut ? 'is cut off' : 'runs out of its box'}: ` +
                    `${element.scrollWidth}px of text in ${element.clientWidth}px`);
    }
  }
  return problems;
}
"""


@pytest.fixture
def signed_in_state(browser: object, live_server: object, tmp_path: Path) -> Iterator[str]:
    """A signed-in session saved once, for every language's and width's browser context to reuse."""
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    log_in(context.new_page(), live_server.url, DEMO_ADMIN)
    state = tmp_path / "signed-in.json"
    context.storage_state(path=str(state))
    context.close()
    yield str(state)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_wider_than_the_window_or_cuts_its_text(
    browser: object, live_server: object, demo: DemoSummary, signed_in_state: str, language: str
) -> None:
    pages = every_page()
    problems: dict[str, list[str]] = {}
    for width_name, viewport in WIDTHS.items():
        context = browser.new_context(
            storage_state=signed_in_state, viewport=viewport, is_mobile=width_name == "phone", locale="en-GB"
        )
        context.set_default_timeout(15_000)
        host = live_server.url.split("//", 1)[1].split(":", 1)[0]
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}])
        tab = context.new_page()
        folder = SCREENSHOTS / language / str(viewport["width"])
        folder.mkdir(parents=True, exist_ok=True)
        for name, address in pages.items():
            response = tab.goto(f"{live_server.url}{address}", wait_until="load")
            assert response.status == 200, name
            assert tab.locator("html").get_attribute("lang") == language, name
            # JPEG: a whole page encodes several times faster than as PNG, and reads as well for a person
            save_screenshot(tab, folder / f"{name.replace(' ', '-')}.jpg", full_page=True, type="jpeg", quality=70)
            found = tab.evaluate(OVERFLOW_JS)
            if found:
                problems[f"{name} at {viewport['width']}px"] = found
        context.close()
    assert problems == {}, "\n".join(f"{where}: {found}" for where, found in problems.items())


def test_the_check_names_what_spills_over_and_spares_what_scrolls_by_design(browser: object) -> None:
    context = browser.new_context(viewport=WIDTHS["phone"], is_mobile=True)
    tab = context.new_page()
    tab.set_content(
        """<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0">
        <p style="width:100px;overflow:hidden;white-space:nowrap">Противодействие незаконному обороту</p>
        <div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">"""
        + "Кең кесте " * 40
        + """</td></tr></table></div>
        <span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Жасырын</span>
        <div style="width:600px">Oʻzbekiston</div></body>"""
    )
    problems = tab.evaluate(OVERFLOW_JS)
    context.close()
    assert len(problems) == 2, problems
    assert problems[0].startswith("the page is 600px wide in a 390px window") and "Oʻzbekiston" in problems[0]
    assert problems[1].startswith('<p> "Противодействие незаконному обороту" is cut off')
