"""Plans made before users ask: a Neo4j that has just started plans each question afresh (1-3 s on a busy machine)."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

from django.db import connections
from neo4j import Driver

from graph import queries
from graph.errors import GraphQuestionError
from graph.projector import plan_writes
from graph.queries.questions import NEIGHBOURHOOD
from graph.questions import (
    NO_UUID,
    SMALL_GRAPH_EXPERTISE_LINKS,
    Ranking,
    counterparts,
    coverage_gaps,
    introduction_paths,
    neighbourhood,
)
from graph.reads import SERVER_FAILURES, guarded_read
from graph.search import search_names

logger = logging.getLogger(__name__)

# A second uuid no record has, for the questions that need two different ones.
OTHER_UUID = str(uuid.UUID(int=1))

_lock = threading.Lock()
# The starts of the servers whose plans this process made: a cluster's members each have their own, and a routed
# read may reach any of them.
_warmed_starts: set[int] = set()
_warming: threading.Thread | None = None


def server_started(driver: Driver) -> int:
    """When the Neo4j server's JVM started (ms since the epoch), within the reads' deadline."""
    records = guarded_read(driver, queries.SERVER_STARTED)
    return int(records[0]["started"])


def plan_questions(driver: Driver, ranking: Ranking) -> list[Callable[[], object]]:
    """Each question the pages and the API ask, with arguments that match nothing, and the projection's writes."""
    # The kinds of the arguments are those of users' questions (uuids, codes, lists of codes), so the plans made here
    # are the ones their questions find in the cache; the answers are empty and cost nothing to compute.
    return [
        # Both plans of the counterpart question: a graph that grows past the size that chooses finds the other made.
        *(
            lambda links=links: counterparts(
                driver, ranking=ranking, topic=NO_UUID, officer=NO_UUID, scope="neighbours", links=links
            )
            for links in (0, SMALL_GRAPH_EXPERTISE_LINKS + 1)
        ),
        lambda: introduction_paths(driver, from_officer=NO_UUID, to_officer=OTHER_UUID),
        lambda: coverage_gaps(driver, countries=["KZ", "KG"], topics=[NO_UUID]),
        lambda: coverage_gaps(driver, countries=["KZ", "KG"]),
        lambda: search_names(driver, "Liaison"),
        *(lambda kind=kind: neighbourhood(driver, kind=kind, uuid=NO_UUID) for kind in NEIGHBOURHOOD),
        # and the projection's writes, so that the first write after a start is in the graph as soon as the others
        lambda: plan_writes(NO_UUID),
    ]


def warm_plans(driver: Driver, ranking: Ranking) -> int:
    """Ask each question once, so that Neo4j plans it and caches the plan; how many were answered."""
    answered = 0
    for question in plan_questions(driver, ranking):
        try:
            question()
            answered += 1
        except SERVER_FAILURES:
            pass  # late (the server goes on planning, and caches the plan), or the server went away meanwhile
        except GraphQuestionError:
            logger.exception("a plan-warming question was refused; its arguments no longer suit it")
    return answered


def warm_plans_after_a_start(driver: Driver, ranking: Callable[[], Ranking]) -> int:
    """Once for each start of the server, make the plans in a thread of this process; 1 if it began, else 0."""
    # A thread: the questions may each take a read's deadline on a server planning them, and the worker's loop
    # (the projection among its jobs) must not wait that long.
    global _warming
    try:
        started = server_started(driver)
    except SERVER_FAILURES:
        return 0  # Neo4j is down: the projection's job says so; the plans are made once it is back
    with _lock:
        if started in _warmed_starts:
            return 0
        _warmed_starts.add(started)
        _warming = threading.Thread(target=_warm_in_thread, args=(driver, ranking()), name="graph-plans", daemon=True)
        _warming.start()
    return 1


def _warm_in_thread(driver: Driver, ranking: Ranking) -> None:
    try:
        warm_plans(driver, ranking)
    finally:
        # The projection's writes read one record of each kind: this thread's database connection ends with it.
        connections.close_all()


def warming_done(timeout: float) -> bool:
    """Wait for this process's plan-making to end (at most `timeout` seconds); whether none is under way."""
    thread = _warming
    if thread is not None:
        thread.join(timeout)
    return thread is None or not thread.is_alive()


def forget_warming() -> None:
    """Make the next job run make the plans again, as after a start of the server."""
    with _lock:
        _warmed_starts.clear()
