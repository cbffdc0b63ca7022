"""Steps shared by the browser tests."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background connections would be refused on a closed network; these switch them off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def log_in(page: object, base_url: str, username: str, password: str | None = None) -> None:
    """Sign in through the login form, as a person would (with the demo password unless told otherwise)."""
    if password is None:
        from directory.demo import DEMO_PASSWORD  # here, so that bench/ can use these steps without Django

        password = DEMO_PASSWORD
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


# Run in the page: the visible form controls without a name a screen reader can announce.
UNLABELLED_CONTROLS_JS = """
() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
  .filter(el => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
    if (el.labels && el.labels.length) return false;
    const isButton = el.tagName === 'BUTTON' || ['submit', 'button'].includes(el.type);
    if (isButton && (el.textContent.trim() || el.value)) return false;
    return true;
  })
  .map(el => el.outerHTML.slice(0, 120))
"""

# Run in the page: images and graphics without a text alternative.
UNDESCRIBED_GRAPHICS_JS = """
() => [
  ...[...document.querySelectorAll('img')].filter(img => !img.hasAttribute('alt')),
  ...[...document.querySelectorAll('svg')].filter(svg => svg.getAttribute('aria-hidden') !== 'true'
      && !(svg.getAttribute('role') === 'img' && (svg.querySelector('title') || svg.getAttribute('aria-label')
           || svg.getAttribute('aria-labelledby')))),
  ...[...document.querySelectorAll('canvas')].filter(c => c.closest('[aria-hidden="true"]') === null
      && !c.getAttribute('aria-label')),
].map(el => el.outerHTML.slice(0, 120))
"""


def accessibility_problems(page: object) -> dict[str, list[str]]:
    """Unlabelled form controls and graphics without text alternatives on the page now shown."""
    return {
        "unlabelled controls": page.evaluate(UNLABELLED_CONTROLS_JS),
        "graphics without text": page.evaluate(UNDESCRIBED_GRAPHICS_JS),
    }
