"""An isolated officer's profile costs Neo4j little, and no more in a directory five times larger (db hits, PROFILE)."""

from __future__ import annotations

import pytest

from directory.generator import generate_directory
from directory.models import Agency, Officer, Participation
from directory.services.officers import create_officer
from graph.driver import get_driver
from graph.profiling import Cost, profile
from graph.projector import project_pending
from graph.queries import questions as cypher

pytestmark = pytest.mark.django_db

# Db hits an isolated officer's questions may cost: a handful of index and degree look-ups for the introductions,
# and for the network its own few links plus at most the bounded number of paths two steps out.
INTRODUCTIONS_BOUND = 50
NEIGHBOURHOOD_BOUND = {1: 50, 2: 500}


def profile_page_costs(viewer: str, isolated: str) -> dict[str, Cost]:
    """What each graph question behind the isolated officer's profile (and its network page) costs."""
    driver = get_driver()
    return {
        "introductions to them": profile(
            driver, cypher.INTRODUCTION_PATHS, from_officer=viewer, to_officer=isolated, max_hops=4, limit=5
        ),
        "introductions from them": profile(
            driver, cypher.INTRODUCTION_PATHS, from_officer=isolated, to_officer=viewer, max_hops=4, limit=5
        ),
        **{
            f"network, depth {depth}": profile(
                driver, cypher.NEIGHBOURHOOD["officer"], uuid=isolated, depth=depth, max_paths=200
            )
            for depth in (1, 2)
        },
    }


def bound(question: str) -> int:
    """The most db hits this profile question may cost for an isolated officer."""
    return INTRODUCTIONS_BOUND if question.startswith("introductions") else NEIGHBOURHOOD_BOUND[int(question[-1])]


def test_an_isolated_officers_profile_questions_stay_small_as_the_directory_grows() -> None:
    # given a generated directory of 300 officers and one new officer who knows no one and attended nothing
    generate_directory(officers=300, seed=1)
    isolated = create_officer(
        name_native="Айбек Новиков",
        name_latin="Aibek Novikov",
        agency=Agency.objects.order_by("id").first(),
        languages=["ru"],
    )
    viewer = str(Participation.objects.order_by("id").values_list("officer__uuid", flat=True).first())
    assert project_pending().pending == 0
    # when
    small = profile_page_costs(viewer, str(isolated.uuid))
    # and when the directory grows to 1,500 officers
    generate_directory(officers=1200, seed=2)
    assert project_pending().pending == 0
    assert Officer.objects.count() == 1501
    large = profile_page_costs(viewer, str(isolated.uuid))
    # then no question found a chain to them, and each cost stayed under its small bound at both sizes
    assert small["introductions to them"].rows == large["introductions to them"].rows == 0
    for question in small:
        assert small[question].db_hits <= bound(question), f"{question}: {small[question]} at 300 officers"
        assert large[question].db_hits <= bound(question), f"{question}: {large[question]} at 1,500 officers"
