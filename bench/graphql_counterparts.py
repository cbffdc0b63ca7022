"""Benchmark: the counterpart question through /graphql, and its plan against the reference, side by side.

Uses the generated directory of bench/graph_rebuild.py (var/bench/, its own Neo4j on port 7691, or
BENCH_NEO4J_PORT):

    .venv/bin/python bench/graph_rebuild.py --officers 100000 --seed 1     # once: generate and project
    .venv/bin/python bench/graphql_counterparts.py --officers 100000 --seed 1
    .venv/bin/python bench/graphql_counterparts.py --officers 100000 --seed 1 --profile 30   # where GraphQL's time goes
    .venv/bin/python bench/graphql_counterparts.py --officers 100000 --seed 1 --answers 100000  # users have said

`--answers N` asks on a copy of the directory where 200 users have said, N times over the last 500 days, whether an
officer answered them: the figures the ranking counts with every question (directory/responsiveness.py).

The GraphQL side is the whole Django stack in-process (token authentication, validation, limits, the Cypher
round trip, loading the officers through the permission-filtered queryset, serialisation), in a process readied as
gunicorn readies a web process, timed until the response is ready (the client's reading of it left out); the raw
sides are the driver's execute_query with the plan Liaison asks (COUNTERPARTS) and with the straightforward
reference (COUNTERPARTS_REFERENCE), on the same parameters, whose answers must agree. Each round asks every
question of the two raw sides, one right after the other, then every question through GraphQL, each after the raw
plan of its question. Prints p50/p95 of each and their ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime
import json
import os
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, generated_database, percentile
from goals import Goal, print_goals

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
    parser.add_argument("--answers", type=int, default=0, help="users' answers to 'did they answer?' to add first")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="ROWS", help="profile the GraphQL requests (cProfile) and print ROWS"
    )
    options = parser.parse_args()
    database = generated_database(options.officers, options.seed)
    if options.answers:
        database = with_answers(database, options.answers, options.seed)
    os.environ.update(bench_environment(database))
    # The first questions plan the queries and fill the page cache of a cold server, which on a busy machine has taken
    # over the 2 s a read may take in production, and over 10 s: the warm-up would fail, not the measurement.
    os.environ.setdefault("NEO4J_READ_DEADLINE", "60")
    os.environ.setdefault("NEO4J_QUERY_TIMEOUT", "60")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from django.conf import settings
    from django.http import HttpResponse
    from django.test import Client
    from neo4j import Query, RoutingControl

    import graph.reads
    from answers.ranking import current_ranking
    from config.wsgi import load_before_serving
    from directory.models import Expertise, Officer, User
    from directory.services.access import issue_api_token
    from graph.driver import get_driver
    from graph.queries.counterparts import COUNTERPARTS, COUNTERPARTS_REFERENCE
    from graph.questions import counterpart_parameters
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
        # Time the Cypher round trip inside each GraphQL request too, so the added time is measured per request:
        # every read the process sends goes through graph.reads.read_records.
        cypher_seconds: list[float] = []
        real_read_records = graph.reads.read_records

        def timed_read_records(*args, **kwargs):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return real_read_records(*args, **kwargs)
            finally:
                cypher_seconds.append(time.perf_counter() - began)

        graph.reads.read_records = timed_read_records

        def post(variables: dict) -> HttpResponse:
            return client.post(
                "/graphql", data=json.dumps({"query": QUERY, "variables": variables}), content_type="application/json"
            )

        def officers_in(response: HttpResponse) -> int:
            answer = response.json()
            assert "errors" not in answer, answer
            return len(answer["data"]["counterparts"])

        def through_graphql(variables: dict) -> int:
            return officers_in(post(variables))

        ranking = current_ranking()
        if options.answers:
            counted = len(ranking.responses)
            print(f"{options.answers} answers of 200 users: the ranking counts the figures of {counted} officers")

        def through_driver(query: str, variables: dict) -> list[tuple]:
            records, _, _ = get_driver().execute_query(
                Query(query, timeout=settings.NEO4J_QUERY_TIMEOUT),
                counterpart_parameters(ranking=ranking, **variables),
                routing_=RoutingControl.READ,
                database_=settings.NEO4J_DATABASE,
            )
            return [(record["officer"], record["score"], record["facts"]) for record in records]

        for variables in questions[:10]:  # warm up every path (plans, pools, caches)
            through_graphql(variables)
            through_driver(COUNTERPARTS, variables)
            through_driver(COUNTERPARTS_REFERENCE, variables)
        # Then ready the process as gunicorn readies a web process (config/gunicorn.py): what is loaded is left out of
        # Python's collections, which otherwise walked it every few hundred requests.
        load_before_serving()
        if options.profile:
            profile_graphql(through_graphql, questions, options.profile)
            return
        times: dict[str, list[float]] = {"reference": [], "plan": [], "graphql": [], "added": []}
        sizes: list[int] = []
        disagreements = 0
        for _ in range(options.repeat):
            for variables in questions:
                # The plan right after the reference, so that neither enjoys a warmer cache.
                began = time.perf_counter()
                expected = through_driver(COUNTERPARTS_REFERENCE, variables)
                times["reference"].append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                answer = through_driver(COUNTERPARTS, variables)
                times["plan"].append((time.perf_counter() - began) * 1000)
                disagreements += answer != expected
                sizes.append(len(answer))
            # GraphQL in a pass of its own, each request after the raw plan of its question (Neo4j as warm for it).
            # Right after the reference, a brute-force read of 300-600 ms that no web request sends, each request
            # added about 1 ms more: not Neo4j's work (its processor time during the request was the same), but the
            # bench's process, idle through that read, finding its code and data gone from the processors' caches
            # (bench/RESULTS.md, 2026-12-06, stop 54).
            for variables in questions:
                through_driver(COUNTERPARTS, variables)
                cypher_seconds.clear()
                began = time.perf_counter()
                response = post(variables)
                times["graphql"].append((time.perf_counter() - began) * 1000)
                officers_in(response)  # the client's reading of the answer is not the server's time
                times["added"].append(times["graphql"][-1] - sum(cypher_seconds) * 1000)
        print(
            f"{len(sizes)} questions, answers of {min(sizes)}-{max(sizes)} officers "
            f"(mean {statistics.mean(sizes):.1f}), limit {options.limit}; "
            f"plan and reference disagreed on {disagreements}"
        )
        p50 = {path: percentile(values, 0.5) for path, values in times.items()}
        p95 = {path: percentile(values, 0.95) for path, values in times.items()}
        print(f"raw Cypher, reference  p50 {p50['reference']:.2f} ms  p95 {p95['reference']:.2f} ms")
        print(f"raw Cypher, plan       p50 {p50['plan']:.2f} ms  p95 {p95['plan']:.2f} ms")
        print(f"GraphQL (plan)         p50 {p50['graphql']:.2f} ms  p95 {p95['graphql']:.2f} ms")
        ratio_p50, ratio_p95 = p50["plan"] / p50["reference"], p95["plan"] / p95["reference"]
        print(f"plan / reference: p95 {ratio_p95:.2f}x (p50 {ratio_p50:.2f}x)")
        print(f"plan p95 against the goal of 100 ms: {p95['plan'] / 100:.2f}x")
        print(
            "added by GraphQL per request (its time less its own Cypher round trip): "
            f"p50 {p50['added']:.2f} ms, p95 {p95['added']:.2f} ms (goal 8 ms: {p95['added'] / 8:.2f}x)"
        )
        where = f", with {options.answers:,} answers" if options.answers else ""
        print_goals(
            "graphql_counterparts",
            [
                Goal(f"counterparts, raw Cypher p95{where}", round(p95["plan"], 2), 100, "ms"),
                Goal(f"counterparts, time GraphQL adds, p95{where}", round(p95["added"], 2), 8, "ms"),
            ],
            {"disagreements": disagreements, "answers": options.answers},
        )
        if disagreements:
            sys.exit(f"the plan answered {disagreements} questions differently from the reference")
    finally:
        if started_here:
            print(server.stop())


def with_answers(database: Path, answers: int, seed: int) -> Path:
    """A copy of the generated directory where 200 users have said whether officers answered, `answers` times."""
    copy = database.with_name(f"{database.stem}-answers-{answers}.sqlite3")
    if copy.exists():
        return copy
    partial = copy.with_suffix(".partial")
    shutil.copyfile(database, partial)
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    with contextlib.closing(sqlite3.connect(partial)) as connection, connection:
        officers = [row[0] for row in connection.execute("SELECT id FROM directory_officer")]
        connection.executemany(
            "INSERT INTO directory_user (password, is_superuser, username, first_name, last_name, email, is_staff,"
            " is_active, date_joined, role) VALUES ('!', 0, ?, '', '', '', 0, 1, ?, 'staff')",
            [(f"bench-asker-{index}", str(now)) for index in range(200)],
        )
        users = [
            row[0] for row in connection.execute("SELECT id FROM directory_user WHERE username LIKE 'bench-asker-%'")
        ]
        rows = []
        for _ in range(answers):
            viewed = now - datetime.timedelta(days=rng.uniform(3, 500))
            answer = rng.choices(["answered", "no_answer", "wrong_contact"], [6, 3, 1])[0]
            said = viewed + datetime.timedelta(days=3)
            rows.append((str(viewed), str(viewed), answer, str(said), rng.choice(officers), rng.choice(users)))
        connection.executemany(
            "INSERT OR IGNORE INTO directory_contactfollowup (viewed_at, asked_at, answer, answered_at, officer_id,"
            " viewer_id) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    partial.rename(copy)
    return copy


def profile_graphql(ask: Callable[[dict], int], questions: list[dict], rows: int) -> None:
    """Ask every question through /graphql under cProfile; print the functions that took the most time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for variables in questions:
        ask(variables)
    profiler.disable()
    print(f"{len(questions)} GraphQL requests under cProfile:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(rows)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(rows)


if __name__ == "__main__":
    main()
