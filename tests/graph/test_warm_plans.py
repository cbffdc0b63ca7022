"""The worker's plan-making after a start of Neo4j: every graph question asked once, before users ask it."""

from __future__ import annotations

import re
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from answers.plans import warm_graph_plans
from answers.ranking import current_ranking
from directory.models import Officer
from directory.services.officers import update_officer
from graph.copy import GraphCopy
from graph.deadline import calls_under_way
from graph.driver import get_driver
from graph.profiling import forget_plans
from graph.projector import plan_writes
from graph.queries.projection import DELETE_UNLINKED_SHARED
from graph.queries.questions import NEIGHBOURHOOD
from graph.questions import NO_UUID, SMALL_GRAPH_EXPERTISE_LINKS, counterparts, coverage_gaps
from graph.search import search_names
from graph.shapes import SHAPES
from graph.warm import forget_warming, server_started, warm_plans, warming_done
from tests.processes import wait_for

pytestmark = [pytest.mark.django_db, pytest.mark.neo4j]

# The counterparts (by either plan), introductions, coverage (two kinds), name search, a neighbourhood of each kind of
# node, and the projection's writes.
QUESTIONS = 6 + len(NEIGHBOURHOOD) + 1


def test_the_plans_are_made_once_for_each_start_of_the_server() -> None:
    # given the worker has not made the plans for this start of the server
    forget_warming()
    # when its job runs, it begins making them, in a thread of its own
    assert warm_graph_plans() == 1
    assert warming_done(timeout=120)
    # then, for the same start, the next runs do nothing
    assert warm_graph_plans() == 0
    assert warm_graph_plans() == 0


def test_the_servers_start_is_read_from_the_server() -> None:
    started = server_started(get_driver())
    assert started == server_started(get_driver())
    assert started > 1_700_000_000_000  # milliseconds since the epoch, after 2023


def test_with_neo4j_unreachable_the_job_does_nothing_and_says_so_by_its_count(unused_port: int) -> None:
    forget_warming()
    with override_settings(NEO4J_URI=f"bolt://127.0.0.1:{unused_port}"):
        assert warm_graph_plans() == 0
    # and once the server answers again, the plans are made
    assert warm_graph_plans() == 1
    assert warming_done(timeout=120)


def test_the_command_with_neo4j_unreachable_fails_naming_the_server_and_the_fix(unused_port: int) -> None:
    with override_settings(NEO4J_URI=f"bolt://127.0.0.1:{unused_port}"), pytest.raises(CommandError) as refused:
        call_command("graph_plans")
    assert f"no answer from bolt://127.0.0.1:{unused_port}" in str(refused.value)
    assert "python manage.py neo4j start" in str(refused.value)


def test_the_command_says_how_many_questions_stayed_late_once_its_patience_ran_out() -> None:
    # given reads and writes that must answer at once: every question is late however often it is asked (a deadline
    # of 0 never lets the caller's thread wait, where one of a microsecond lets it wait for a fast answer on a loaded
    # machine: 9 of 15 questions answered in one CI run)
    said = StringIO()
    with override_settings(NEO4J_READ_DEADLINE=0, NEO4J_WRITE_DEADLINE=0):
        call_command("graph_plans", "--patience", "1", stdout=said)
        # (the calls the command stopped waiting for end before the settings' change closes the driver under them)
        wait_for(lambda: calls_under_way() == 0, "the late calls ended")
    # then the command ends after its patience and says how many stayed late, and why that is no failure (a call
    # that ends before the command looks at it counts as answered: on a loaded machine, one may)
    made, late = said.getvalue().splitlines()
    answered = re.fullmatch(rf"graph plans made: (\d+) of {QUESTIONS} questions answered", made)
    assert answered is not None, made
    assert int(answered[1]) < QUESTIONS
    assert late == (
        f"{QUESTIONS - int(answered[1])} still came late after 1 s (past NEO4J_READ_DEADLINE, or "
        "NEO4J_WRITE_DEADLINE for the projection's writes); Neo4j caches their plans once it has made them"
    )


def test_a_negative_patience_is_refused_naming_the_option() -> None:
    with pytest.raises(CommandError, match="--patience must be 0 or more seconds, not -1"):
        call_command("graph_plans", "--patience", "-1")


def sorted_graph() -> tuple[list[str], list[str]]:
    """Every node and relationship of the graph, as text in a fixed order."""
    copy = GraphCopy.take(get_driver())
    return sorted(map(repr, copy.nodes)), sorted(map(repr, copy.links))


def test_the_projections_writes_are_planned_in_transactions_rolled_back_that_leave_the_graph_as_it_was(
    demo: object,
) -> None:
    # given the first officer changed in the database and not yet in the graph (this test's writes never commit)
    first = Officer.objects.order_by("id").first()
    assert first is not None
    in_graph = first.position
    update_officer(first, position="Head of the new unit")
    before = sorted_graph()
    # when the projection's statements are planned, the officers' upsert with that officer's row
    ran = plan_writes(NO_UUID)
    # then every statement ran once: an upsert for each kind with a record, a delete for each kind, the shared clean-up
    assert ran == 2 * len(SHAPES) + len(DELETE_UNLINKED_SHARED)
    # and the graph is as it was, node for node and link for link: the officer still holds the projected position
    assert sorted_graph() == before
    records, _, _ = get_driver().execute_query(
        "MATCH (o:Officer {uuid: $uuid}) RETURN o.position AS position", uuid=str(first.uuid)
    )
    assert [record["position"] for record in records] == [in_graph]


# Forgetting the server's plans has it plan every question again (seconds of its CPU, and the tests after it plan
# theirs again too): one test, the file's last, follows the plans from the command through users to the worker's job.
def test_every_question_is_planned_by_the_command_and_users_and_the_job_asking_again_find_those_plans() -> None:
    # given the plans make run's set-up makes on a server that has planned nothing yet, and how many that is
    driver = get_driver()
    forget_plans(driver)
    call_command("graph_plans", stdout=StringIO())
    made = forget_plans(driver)
    assert made >= QUESTIONS
    # when the set-up makes them again, every question was asked and answered before the command returned
    said = StringIO()
    call_command("graph_plans", stdout=said)
    assert said.getvalue().splitlines() == [f"graph plans made: {QUESTIONS} of {QUESTIONS} questions answered"]
    # and users ask the same questions with longer lists and texts than the plans were made with
    every_country = ["KZ", "KG", "TJ", "UZ", "TM", "AF", "CN", "RU", "AZ", "IR", "PK", "MN"]
    coverage_gaps(driver, countries=every_country, topics=[str(uuid.UUID(int=n)) for n in range(1, 13)])
    coverage_gaps(driver, countries=every_country[:1])
    search_names(driver, "Gulnara Abdurakhmanovna Tashkentskaya of the Ministry of Internal Affairs of Uzbekistan")
    for links in (0, SMALL_GRAPH_EXPERTISE_LINKS + 1):  # the counterpart question on a small and on a large graph
        counterparts(
            driver, ranking=current_ranking(), topic=str(uuid.UUID(int=7)), country="UZ", language="ru", links=links
        )
    # and the worker's job asks every question with arguments that match nothing, each answered (with the suite's
    # patient deadline: a question planned afresh on a busy machine then answers instead of being late)
    assert warm_plans(driver, current_ranking()) == QUESTIONS
    # then each found the plan already made: none had to be planned again (Neo4j's default makes one per size class)
    assert forget_plans(driver) == made
