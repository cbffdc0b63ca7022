"""Benchmark: the counterpart question through /graphql against the same Cypher run directly, side by side.

Uses the generated directory of bench/graph_rebuild.py (var/bench/, its own Neo4j on port 7691):

    .venv/bin/python bench/graph_rebuild.py --officers 100000 --seed 1     # once: generate and project
    .venv/bin/python bench/graphql_counterparts.py --officers 100000 --seed 1

The GraphQL side is the whole Django stack in-process (token authentication, validation, limits, the Cypher
round trip, loading the officers through the permission-filtered queryset, serialisation); the raw side is
the driver's execute_query with the same query and parameters. Prints p50/p95 of each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, generated_database, percentile

QUERY = """query Counterparts($topic: ID!, $officer: ID!, $limit: Int!) {
  counterparts(topic: $topic, officer: $officer, scope: NEIGHBOURS, limit: $limit) {
    score countryCode
    officer { uuid nameLatin nameNative position agency { nameEn } }
    reasons { kind text eventUuid officerUuid }
  }
}"""


def main() -> None:
    """Time both paths over the same questions and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=50)
    options = parser.parse_args()
    database = generated_database(options.officers, options.seed)
    os.environ.update(bench_environment(database))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from django.conf import settings
    from django.test import Client
    from neo4j import Query, RoutingControl

    from answers.ranking import current_ranking
    from directory.models import Expertise, Officer, User
    from directory.services.access import issue_api_token
    from graph.driver import get_driver
    from graph.queries.questions import COUNTERPARTS
    from graph.server import LocalServer

    server = LocalServer.from_settings()
    started_here = server.running_pid() is None
    print(server.start())
    try:
        nodes = get_driver().execute_query("MATCH (n:Officer) RETURN count(n) AS n").records[0]["n"]
        if nodes < Officer.objects.count():
            sys.exit("the graph is not projected: run bench/graph_rebuild.py first")
        user, _ = User.objects.get_or_create(username="bench-integration", defaults={"role": "integration"})
        _, token = issue_api_token(user=user, name=f"bench {time.time():.0f}", scopes=["read"], expires_in_days=1)
        rng = random.Random(options.seed)  # noqa: S311 - choosing sample questions, not secrets
        sample = list(
            Expertise.objects.order_by("?").values_list("officer__uuid", "topic__broader__uuid", "topic__uuid")[:500]
        )
        questions = [
            {"officer": str(officer), "topic": str(parent or topic), "limit": options.limit}
            for officer, parent, topic in rng.sample(sample, options.questions)
        ]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        # Time the Cypher round trip inside each GraphQL request too, so the added time is measured per request.
        cypher_seconds: list[float] = []
        driver_type = type(get_driver())
        real_execute_query = driver_type.execute_query

        def timed_execute_query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return real_execute_query(self, *args, **kwargs)
            finally:
                cypher_seconds.append(time.perf_counter() - began)

        driver_type.execute_query = timed_execute_query

        def through_graphql(variables: dict) -> int:
            response = client.post(
                "/graphql", data=json.dumps({"query": QUERY, "variables": variables}), content_type="application/json"
            )
            answer = response.json()
            assert "errors" not in answer, answer
            return len(answer["data"]["counterparts"])

        ranking = current_ranking()

        def through_driver(variables: dict) -> int:
            records, _, _ = get_driver().execute_query(
                Query(COUNTERPARTS, timeout=settings.NEO4J_QUERY_TIMEOUT),
                {
                    **variables,
                    "agency": None,
                    "country": None,
                    "scope": "neighbours",
                    "target_country": None,
                    "language": None,
                    **ranking.parameters(),
                },
                routing_=RoutingControl.READ,
                database_=settings.NEO4J_DATABASE,
            )
            return len(records)

        for variables in questions[:10]:  # warm up both paths (plans, pools, caches)
            through_graphql(variables)
            through_driver(variables)
        graphql_times: list[float] = []
        added_times: list[float] = []
        driver_times: list[float] = []
        sizes: list[int] = []
        for _ in range(options.repeat):
            for variables in questions:
                # Alternate the two so that neither enjoys a warmer cache.
                began = time.perf_counter()
                sizes.append(through_driver(variables))
                driver_times.append((time.perf_counter() - began) * 1000)
                cypher_seconds.clear()
                began = time.perf_counter()
                through_graphql(variables)
                graphql_times.append((time.perf_counter() - began) * 1000)
                added_times.append(graphql_times[-1] - sum(cypher_seconds) * 1000)
        driver_p50, driver_p95 = percentile(driver_times, 0.5), percentile(driver_times, 0.95)
        graphql_p50, graphql_p95 = percentile(graphql_times, 0.5), percentile(graphql_times, 0.95)
        print(
            f"{len(graphql_times)} questions, answers of {min(sizes)}-{max(sizes)} officers "
            f"(mean {statistics.mean(sizes):.1f}), limit {options.limit}"
        )
        print(f"raw Cypher  p50 {driver_p50:.2f} ms  p95 {driver_p95:.2f} ms")
        print(f"GraphQL     p50 {graphql_p50:.2f} ms  p95 {graphql_p95:.2f} ms")
        print(f"ratio p95 {graphql_p95 / driver_p95:.2f}x (p50 {graphql_p50 / driver_p50:.2f}x)")
        print(
            "added by GraphQL per request (its time less its own Cypher round trip): "
            f"p50 {percentile(added_times, 0.5):.2f} ms, p95 {percentile(added_times, 0.95):.2f} ms"
        )
    finally:
        if started_here:
            print(server.stop())


if __name__ == "__main__":
    main()
