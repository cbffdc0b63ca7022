"""Fixtures for the pages: signed-in clients and a real browser (the demo directory is in tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from directory.models import User
from tests.frontend.browser import CHROMIUM, CHROMIUM_ARGS

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
# Screenshots are for a person to look over; where nobody will (CI sets LIAISON_TEST_SCREENSHOTS=0), they are not
# taken: they cost a browser test run about a third of its time, and no assertion reads them.
TAKE_SCREENSHOTS = os.environ.get("LIAISON_TEST_SCREENSHOTS", "1") != "0"


def save_screenshot(target: object, path: Path, **options: object) -> None:
    """A screenshot of a page or an element at `path`, unless screenshots are turned off."""
    if TAKE_SCREENSHOTS:
        target.screenshot(path=str(path), **options)  # type: ignore[attr-defined]


@pytest.fixture
def sign_in() -> Callable[[str], Client]:
    """A test client signed in as the named user."""

    def signed_in(username: str, *, language: str = "en") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(User.objects.get(username=username))
        return client

    return signed_in


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright (the Python package; no browser download)."""
    # Playwright's sync API keeps an event loop running in this thread while it is started, and Django then
    # refuses database calls from it; they are still synchronous, so allow them, for this module only.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser: object, live_server: object) -> Iterator[object]:
    """A fresh browser tab (own cookies) with English as its language."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """Save a full-page screenshot under tests/screenshots/ (git-ignored), named after the test and the step."""

    def save(tab: object, step: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        save_screenshot(tab, path, full_page=True)
        return path

    return save
