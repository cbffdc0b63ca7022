"""Benchmark: the coverage question (three states, coverage through training) against the stated-only one it replaced.

Uses the generated directory of bench/graph_rebuild.py (var/bench/, its own Neo4j; BENCH_NEO4J_PORT to move it):

    .venv/bin/python bench/graph_rebuild.py --officers 100000 --seed 1     # once: generate and project
    .venv/bin/python bench/coverage_gaps.py --officers 100000 --seed 1

Asks both questions the way the pages do: the whole matrix (every country with agencies × every topic) and one
broad topic across the countries (the map). Prints p50/p95 of each, alternating the two so neither has the
warmer cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, generated_database, percentile

# The question before issue 11: stated coverage of the topic or a broader one, trained officers; no states.
STATED_ONLY = """
MATCH (country:Country)
WHERE CASE WHEN $countries IS NULL THEN EXISTS { (country)<-[:IN_COUNTRY]-(:Agency) }
           ELSE country.code IN $countries END
MATCH (topic:Topic)
WHERE $topics IS NULL OR topic.uuid IN $topics
WITH country, topic,
     COLLECT {
       MATCH (country)<-[:FOR_COUNTRY]-(coverage:Coverage)-[:BY]->(organisation:Organisation)
       WHERE EXISTS { (coverage)-[:ON_TOPIC]->(:Topic)<-[:SUBTOPIC_OF*0..]-(topic) }
       RETURN DISTINCT organisation.uuid
     } AS partners,
     COUNT {
       MATCH (country)<-[:IN_COUNTRY]-(:Agency)<-[:WORKS_AT]-(officer:Officer)
       WHERE EXISTS { (officer)-[:ATTENDED]->(:Event)-[:ABOUT]->(:Topic)-[:SUBTOPIC_OF*0..]->(topic) }
       RETURN DISTINCT officer
     } AS trained_officers
RETURN country.code AS country, topic.uuid AS topic, topic.name_en AS topic_name, partners, trained_officers
ORDER BY country, topic_name
"""


def main() -> None:
    """Time both questions over the same graph and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds each question may take")
    options = parser.parse_args()
    database = generated_database(options.officers, options.seed)
    os.environ.update(bench_environment(database))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from neo4j import Query, RoutingControl

    from directory.models import Event, Officer, Topic
    from graph.driver import get_driver
    from graph.queries.questions import COVERAGE_GAPS
    from graph.server import LocalServer

    server = LocalServer.from_settings()
    print(server.start())
    try:
        nodes = get_driver().execute_query("MATCH (n:Officer) RETURN count(n) AS n").records[0]["n"]
        if nodes < Officer.objects.count():
            sys.exit("the graph is not projected: run bench/graph_rebuild.py first")
        broad = str(Topic.objects.get(slug="cybercrime").uuid)
        print(f"{nodes} officers, {Event.objects.count()} events, {Topic.objects.count()} topics")

        def ask(query: str, topics: list[str] | None) -> float:
            began = time.perf_counter()
            get_driver().execute_query(
                # The pages' own deadline (NEO4J_QUERY_TIMEOUT) is lifted: this measures, it does not serve.
                Query(query, timeout=options.timeout),
                {"countries": None, "topics": topics},
                routing_=RoutingControl.READ,
                database_=settings.NEO4J_DATABASE,
            )
            return (time.perf_counter() - began) * 1000

        cases = {"matrix (every topic)": None, "map (cybercrime)": [broad]}
        for topics in cases.values():  # warm up: plans and caches
            ask(STATED_ONLY, topics)
            ask(COVERAGE_GAPS, topics)
        for case, topics in cases.items():
            before: list[float] = []
            after: list[float] = []
            for _ in range(options.repeat):
                before.append(ask(STATED_ONLY, topics))
                after.append(ask(COVERAGE_GAPS, topics))
            for name, times in (("stated only (before)", before), ("three states (now)", after)):
                print(
                    f"{case:22} {name:22} p50 {statistics.median(times):8.1f} ms  p95 {percentile(times, 0.95):8.1f} ms"
                )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
