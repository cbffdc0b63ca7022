"""In a real browser: programme staff import the example roster, filtering and deciding with htmx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from directory.demo import DEMO_STAFF, DemoSummary
from directory.models import RosterImport
from tests.frontend.browser import accessibility_problems, log_in

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "workshop-roster.csv"


def test_staff_import_the_example_roster(
    page: object, live_server: object, demo: DemoSummary, screenshot: Callable[..., object]
) -> None:
    log_in(page, live_server.url, DEMO_STAFF)
    page.get_by_role("link", name="Import a roster").click()
    page.get_by_label("Roster file (.xlsx or .csv)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Read the file").click()
    page.get_by_role("heading", name="Roster preview: workshop-roster.csv").wait_for()
    # htmx swaps the table in place; the address follows the filter.
    page.get_by_role("link", name="All rows").click()
    page.get_by_text("6 rows").wait_for()
    assert "status=all" in page.url
    screenshot(page, "roster preview")
    assert accessibility_problems(page) == {"unlabelled controls": [], "graphics without text": []}
    for choice in page.locator("input[type=radio][value=new]").all():
        choice.check()
    page.get_by_role("button", name="Save the decisions on these rows").click()
    page.get_by_text("6 rows").wait_for()
    page.get_by_label("Leave out the invalid rows").check()
    page.get_by_role("button", name="Import: write everything in one go").click()
    page.get_by_role("heading", name="Roster imported: workshop-roster.csv").wait_for()
    record = RosterImport.objects.get()
    assert record.created_count + record.skipped_count == 6 and record.created_count >= 1
