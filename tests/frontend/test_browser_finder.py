"""In a real browser: sign in, find counterparts, open a profile, switch to Russian, search, by keyboard too."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from directory.demo import DEMO_OFFICER, DEMO_STAFF, DemoSummary
from directory.models import ContactChannel, Officer
from tests.frontend.browser import accessibility_problems, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_results_only_in(page: object, country: str) -> None:
    """Wait until the results shown (htmx swaps them in after each change) are all in this country."""
    page.wait_for_function(  # type: ignore[attr-defined]
        """country => {
            const links = [...document.querySelectorAll(".result a[href^='/countries/']")];
            return links.length > 0 && links.every(link => link.innerText.trim() === country);
        }""",
        arg=country,
    )


def test_an_officer_finds_counterparts_and_opens_a_profile(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    assert page.get_by_role("heading", name="Find counterparts").is_visible()
    assert "Searching from" in page.locator(".starting-point").inner_text()
    screenshot(page, "home")
    page.get_by_label("Topic").select_option("cryptocurrency-laundering")
    # htmx swaps in the results without a page load; the address follows the question.
    page.get_by_role("heading", name="counterparts found").wait_for()
    assert "topic=cryptocurrency-laundering" in page.url
    reasons = page.locator(".reasons").all_inner_texts()
    assert any("both attended Crypto & MTS, Tashkent, November 2017" in text for text in reasons)
    assert any("works on" in text for text in reasons)
    screenshot(page, "results")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}

    first = page.locator(".result a").first
    name = first.inner_text()
    first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert name.split(" (")[0] in page.get_by_role("heading", level=1).inner_text()
    officer = Officer.objects.get(uuid=page.url.rstrip("/").rsplit("/", 1)[1])
    contacts = page.locator(".contacts").inner_text() if page.locator(".contacts").count() else ""
    for channel in officer.contacts.all():
        allowed = channel.visibility in (ContactChannel.Visibility.SIGNED_IN, ContactChannel.Visibility.VERIFIED)
        assert (channel.value in contacts) == allowed, channel
    assert page.get_by_role("heading", name="Who can introduce me").is_visible()
    screenshot(page, "profile")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}


def test_the_finder_works_by_keyboard_alone(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_label("Topic").focus()
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "id_topic":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_topic"
    page.keyboard.press("Tab")  # on to the language box, and back: the topic box is reachable by Tab
    page.keyboard.press("Shift+Tab")
    page.select_option("#id_topic", "darknet-drug-trafficking")  # a select changes with arrow keys; same event
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Enter in the form submits it
    page.get_by_role("heading", name="counterparts found").wait_for()
    screenshot(page, "keyboard-results")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in {"A", "INPUT", "SELECT", "BUTTON"}


def test_the_interface_switches_to_russian(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_role("button", name="Русский").click()  # one button, named in the language it switches to
    page.get_by_role("heading", name="Найти коллег").wait_for()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("link", name="Страны").is_visible()
    page.get_by_label("Тема").select_option("cryptocurrency-laundering")
    page.get_by_role("heading", name="Найдено").wait_for()
    assert any("оба участвовали" in text for text in page.locator(".reasons").all_inner_texts())
    screenshot(page, "russian-results")
    page.goto(f"{live_server.url}/officers/00000000-0000-0000-0000-000000000000/")
    assert page.get_by_role("heading", name="Не найдено").is_visible()
    screenshot(page, "russian-404")


def test_a_hostile_search_finds_nothing_without_an_error_page(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_label("Search names").fill('"\'}) MATCH (n) DETACH DELETE n // " OR 1=1 --')
    page.get_by_label("Search names").press("Enter")
    page.locator(".no-results").wait_for()
    assert "Nothing is named like" in page.locator(".no-results").inner_text()
    screenshot(page, "hostile-search")
    page.get_by_label("Search names").fill("Дилноза")
    page.get_by_label("Search names").press("Enter")
    page.locator(".search-results").wait_for()
    assert page.locator(".search-results a").count() >= 1
    assert Officer.objects.count() == demo.officers


def test_the_finder_works_without_javascript(
    browser: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_label("Topic").select_option("cryptocurrency-laundering")
    page.get_by_label("One country").check()
    page.get_by_label("Country to search").select_option("UZ")
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_role("heading", name="counterparts found").wait_for()
    assert "scope=country" in page.url and "country=UZ" in page.url
    countries = page.locator(".result a[href^='/countries/']").all_inner_texts()
    assert countries and set(countries) == {"Uzbekistan"}
    screenshot(page, "no-javascript")
    context.close()


def test_no_error_before_the_question_is_submitted(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_OFFICER)
    page.get_by_label("Topic").select_option("cryptocurrency-laundering")
    page.get_by_role("heading", name="counterparts found").wait_for()
    # choosing "One country" asks again, but the question is not finished: a hint, no error
    page.get_by_label("One country").check()
    page.get_by_text("Finish the question, then press Find.").wait_for()
    assert page.get_by_text("Please correct the question").count() == 0
    assert page.locator(".field-error").count() == 0
    screenshot(page, "unfinished-question")
    page.get_by_label("Country to search").select_option("UZ")
    page.get_by_role("heading", name="counterparts found").wait_for()
    wait_for_results_only_in(page, "Uzbekistan")
    assert set(page.locator(".result a[href^='/countries/']").all_inner_texts()) == {"Uzbekistan"}
    # pressing Find on an unfinished question names what is missing
    page.get_by_label("Country to search").select_option("")
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_text("Please correct the question").wait_for()
    assert "Choose the country to search" in page.locator("#finder-results").inner_text()


def test_programme_staff_choose_a_country_or_search_all_without_an_error(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_STAFF)
    assert page.get_by_label("Every country").is_checked()
    page.get_by_label("Topic").select_option("cybercrime")
    page.get_by_role("heading", name="counterparts found").wait_for()
    assert page.get_by_text("Please correct the question").count() == 0
    page.get_by_label("One country").check()
    page.get_by_label("Country to search").select_option("KZ")
    page.get_by_role("heading", name="counterparts found").wait_for()
    page.get_by_role("button", name="Find", exact=True).click()
    page.get_by_role("heading", name="counterparts found").wait_for()
    # the heading of the earlier answer may still show while the new one is on its way
    wait_for_results_only_in(page, "Kazakhstan")
    assert page.get_by_text("Please correct the question").count() == 0
    assert set(page.locator(".result a[href^='/countries/']").all_inner_texts()) == {"Kazakhstan"}
    # the reasons read kind first, and the score is a sentence
    first_reason = page.locator(".reasons li").first.inner_text()
    assert first_reason.startswith("Expertise:")
    assert " points" in page.locator(".result .score").first.inner_text()
    screenshot(page, "staff-one-country")
