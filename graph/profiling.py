"""How much work a graph question costs the server: its query run under PROFILE, with the db hits added up."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from neo4j import Driver, RoutingControl

from graph.queries import FORGET_PLANS, REFRESH_STATISTICS


@dataclass(frozen=True)
class Cost:
    """What one run of a query cost: db hits (the server's unit of work), rows returned, wall-clock seconds."""

    db_hits: int
    rows: int
    seconds: float
    # The rows the plan expected to return: it tells for which graph the plan was made.
    estimated_rows: float


def _db_hits(plan: Mapping[str, Any]) -> int:
    """The db hits of a profiled plan and of every operator under it."""
    own = plan.get("dbHits", plan.get("args", {}).get("DbHits", 0))
    return int(own) + sum(_db_hits(child) for child in plan.get("children", ()))


def profile(driver: Driver, query: str, **parameters: Any) -> Cost:
    """Run a read query under PROFILE and return its cost (the query's answer is read and dropped)."""
    started = time.perf_counter()
    records, summary, _ = driver.execute_query(
        f"PROFILE {query}", parameters, routing_=RoutingControl.READ, database_=settings.NEO4J_DATABASE
    )
    seconds = time.perf_counter() - started
    if summary.profile is None:
        raise RuntimeError("the server returned no profile for a PROFILE query")
    estimated = float(summary.profile.get("args", {}).get("EstimatedRows", 0.0))
    return Cost(_db_hits(summary.profile), len(records), seconds, estimated)


def profile_afresh(driver: Driver, query: str, **parameters: Any) -> Cost:
    """Profile a read query with a plan made for the graph as it is now, leaving the server's other plans alone."""
    # A plan cached for a smaller graph is kept for a while after the graph grew, so a measurement could read the old
    # plan. `replan=force` plans this query again and only this one; dropping every cached plan instead
    # (forget_plans) had every other question planned again afterwards, seconds each on a busy server. A new text
    # alone (a comment) is not enough: Neo4j may reuse the plan of the same parsed query if it finds the statistics
    # close enough, and on a loaded server the index statistics lag behind the graph (two measurements failed so).
    return profile(driver, f"CYPHER replan=force {query}", **parameters)


def forget_plans(driver: Driver) -> int:
    """Drop the server's cached plans, so that the next run of each query is planned for the graph as it is now;
    return how many there were."""
    # A plan cached for a smaller graph is kept for a while after the graph grew (until the statistics drift far
    # enough and a few seconds have passed): profiling a larger graph right after would measure the old plan.
    records, _, _ = driver.execute_query(FORGET_PLANS, database_=settings.NEO4J_DATABASE)
    # Neo4j says "Query caches successfully cleared of 12 queries." or "Query cache already empty."
    counted = re.search(r"cleared of (\d+) quer", records[0]["said"])
    return int(counted.group(1)) if counted else 0


def refresh_statistics(driver: Driver, seconds: int = 60) -> None:
    """Have the server sample every index again and wait for it, so that the next plans are made for the graph as it
    is now (this drops the cached plans too)."""
    # On a loaded server the background sampling lags behind a graph that just grew: in one whole-suite run both
    # plans of a measurement were made expecting 0 rows, and read 5,913 and 14,111 db hits against 2,932 and 11,130.
    driver.execute_query(REFRESH_STATISTICS, seconds=seconds, database_=settings.NEO4J_DATABASE)
