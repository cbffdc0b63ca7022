"""Steps shared by the browser tests."""

from __future__ import annotations

from directory.demo import DEMO_PASSWORD


def log_in(page: object, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")
