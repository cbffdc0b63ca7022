"""Benchmark: Liaison's GraphQL side by side with @neo4j/graphql on the same Neo4j and the same generated directory.

    .venv/bin/python bench/peer_graphql.py --officers 2000 --seed 1

Uses (or first makes, through bench/graph_rebuild.py) the generated directory of N officers, starts the bench's
Neo4j (BENCH_NEO4J_PORT), Liaison under gunicorn and the peer (bench/peers/neo4j-graphql, node; `npm ci` on first
use) on loopback, and asks both, over HTTP, the same three questions:

  (a) officers of a country with expertise in a topic, its sub-topics included, with agency and languages,
      the first 50 by name;
  (b) one officer by id with agency, country, expertise and events;
  (c) the counterpart question: the peer runs Liaison's own Cypher (written to a file it reads at start-up)
      through a `@cypher` field.

Each at 1 and at 8 concurrent clients, each client one request at a time on a connection it keeps (opened by a
request that is not timed), the sides taking turns round by round: p50 and p95 of each side and the ratio. Before
timing, every question's answers are compared officer by officer, so that both sides do the same work, and each
timed question is asked untimed for --warm-up seconds, so that a Neo4j just started has compiled its work. Goal:
Liaison's p95 at or below the peer's on every question.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import BENCH_VAR, ROOT, bench_environment, database_path, percentile
from goals import Goal, print_goals
from peer_questions import LIAISON, PEER, answers_agree
from servers import free_port, liaison_in_process, start_liaison, start_peer, stop

# The counterpart question's arguments that change with each question; every other parameter is fixed for a run.
PER_QUESTION = ("topic", "officer", "limit")
# Fixed for the run too, though each call computes it afresh: the stale cutoff moves by microseconds between calls.
MOMENTS = ("stale_before",)


@dataclass(frozen=True)
class Question:
    """One question of a kind, as each side's GraphQL variables."""

    kind: str
    liaison: dict[str, Any]
    peer: dict[str, Any]


def prepare_directory(officers: int, seed: int) -> Path:
    """The generated directory's SQLite file, generated and projected first by bench/graph_rebuild.py if missing."""
    database = database_path(officers, seed)
    if not database.exists():
        command = [sys.executable, "bench/graph_rebuild.py", "--officers", str(officers), "--seed", str(seed)]
        subprocess.run(command, cwd=ROOT, check=True)
    return database


def captured_counterparts(sample: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Cypher and parameters Liaison sends for a counterpart question, recorded from Liaison's own code."""
    from answers.ranking import current_ranking
    from graph import questions
    from graph.driver import get_driver

    # The plan depends on the graph's size: the one Liaison asks of this graph.
    links = questions.expertise_links(get_driver())
    calls: list[tuple[str, dict[str, Any]]] = []
    real_read = questions._read

    def recording_read(driver: Any, query: str, **parameters: Any) -> list[dict[str, Any]]:
        calls.append((query, parameters))
        return []

    questions._read = recording_read
    try:
        questions.counterparts(None, ranking=current_ranking(), links=links, **sample)  # type: ignore[arg-type]
    finally:
        questions._read = real_read
    return calls[0]


def counterparts_file(questions_: list[dict[str, Any]]) -> Path:
    """Write Liaison's counterpart Cypher and its fixed parameters for the peer; refuse if any other varies."""
    statement, first = captured_counterparts(questions_[0])
    for question in questions_[1:]:
        _, parameters = captured_counterparts(question)
        fixed_names = [name for name in parameters if name not in PER_QUESTION + MOMENTS]
        varying = sorted(name for name in fixed_names if parameters[name] != first[name])
        if varying:
            sys.exit(f"the counterpart question's parameters {varying} vary by question: make them peer arguments")
    fixed = {name: value for name, value in first.items() if name not in PER_QUESTION}
    path = BENCH_VAR / "peer-counterparts.json"
    # JSON has one kind of number, and JavaScript sends every number to Neo4j as a float: the peer is told which
    # parameters Liaison sends as integers (a LIMIT takes no float, and toString(3.0) is not toString(3)).
    integers = sorted(name for name, value in fixed.items() if _integral(value))
    path.write_text(json.dumps({"statement": statement, "parameters": fixed, "integers": integers}))
    return path


def _integral(value: Any) -> bool:
    """An integer, or a non-empty list of integers (a bool is neither)."""
    values = value if isinstance(value, list) and value else [value]
    return all(isinstance(item, int) and not isinstance(item, bool) for item in values)


def topic_depth() -> int:
    """How many SUBTOPIC_OF steps the deepest topic is below a root: the peer's topic filter nests that deep."""
    from graph.driver import get_driver

    deepest = "MATCH path = (:Topic)-[:SUBTOPIC_OF*]->(:Topic) RETURN max(length(path)) AS n"
    return int(get_driver().execute_query(deepest).records[0]["n"] or 0)


def peer_topic_filter(topic: str, depth: int) -> dict[str, Any]:
    """The peer's filter for "the topic or any topic under it", written out to the hierarchy's depth."""
    conditions: list[dict[str, Any]] = [{"uuid": {"eq": topic}}]
    nested: dict[str, Any] = {"uuid": {"eq": topic}}
    for _ in range(depth):
        nested = {"broader": {"some": nested}}
        conditions.append(nested)
    return {"OR": conditions}


def choose_questions(count: int, seed: int, depth: int) -> dict[str, list[Question]]:
    """The questions of each kind, drawn from the directory with a fixed seed."""
    from directory.models import Agency, Expertise, Officer, Topic

    rng = random.Random(seed)  # noqa: S311 - choosing sample questions, not secrets
    countries = sorted(set(Agency.objects.values_list("country__code", flat=True)))
    broad = list(Topic.objects.filter(narrower__isnull=False).distinct().order_by("slug").values_list("uuid", "slug"))
    listing = []
    for _ in range(count):
        country = rng.choice(countries)
        uuid, slug = rng.choice(broad)
        peer_where = {"country": {"eq": country}, "expertise": {"some": peer_topic_filter(str(uuid), depth)}}
        listing.append(Question("a", {"country": country, "topic": slug}, {"where": peer_where}))
    officers = [str(uuid) for uuid in Officer.objects.order_by("?").values_list("uuid", flat=True)[:count]]
    profiles = [Question("b", {"uuid": uuid}, {"uuid": uuid}) for uuid in officers]
    sample = list(
        Expertise.objects.order_by("?").values_list("officer__uuid", "topic__broader__uuid", "topic__uuid")[: count * 5]
    )
    counterparts = []
    for officer, parent, topic in rng.sample(sample, min(count, len(sample))):
        variables = {"officer": str(officer), "topic": str(parent or topic), "limit": 50}
        counterparts.append(Question("c", variables, variables))
    return {"a": listing, "b": profiles, "c": counterparts}


def http_client(headers: dict[str, str]) -> aiohttp.ClientSession:
    """One client of the bench: one connection, kept between its requests, with these headers on each.

    aiohttp, not httpx: this process shares the two cores with both servers, and httpx took 4.05 ms of its CPU a
    one-officer request at 8 clients, more than either server (Liaison 3.76 ms, the peer 3.26 ms and Neo4j 1.62 ms),
    against aiohttp's 0.35 ms. What the bench timed at 8 clients was then mostly its own queue (bench/RESULTS.md,
    stop 64)."""
    return aiohttp.ClientSession(
        headers=headers, timeout=aiohttp.ClientTimeout(total=120), connector=aiohttp.TCPConnector(limit=1)
    )


async def ask(client: aiohttp.ClientSession, url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """One GraphQL request; its data, or exit with the errors (a failed request is not a measurement)."""
    async with client.post(url, json={"query": query, "variables": variables}) as response:
        status = response.status
        body = json.loads(await response.read())
    if status != 200 or body.get("errors"):
        sys.exit(f"{url} answered {status}: {json.dumps(body)[:600]}")
    return body["data"]


def _asked_of(side: str, kind: str, asked: list[Question]) -> tuple[str, list[dict[str, Any]]]:
    """The question kind's document in the side's GraphQL, and each question's variables for it."""
    if side == "liaison":
        return LIAISON[kind], [question.liaison for question in asked]
    return PEER[kind], [question.peer for question in asked]


async def timed_round(
    made: list[aiohttp.ClientSession], url: str, query: str, variables: list[dict[str, Any]]
) -> list[tuple[int, float]]:
    """Ask every question once, each client one request at a time; each question's index and its milliseconds."""
    pending = list(reversed(list(enumerate(variables))))
    latencies: list[tuple[int, float]] = []

    async def client_loop(client: aiohttp.ClientSession) -> None:
        while pending:
            index, question = pending.pop()
            began = time.perf_counter()
            await ask(client, url, query, question)
            latencies.append((index, (time.perf_counter() - began) * 1000))

    await asyncio.gather(*(client_loop(client) for client in made))
    return latencies


async def timed_rounds(
    sides: dict[str, tuple[str, dict[str, str]]], kind: str, asked: list[Question], clients: int, repeat: int
) -> dict[str, dict[int, list[float]]]:
    """Each side's milliseconds by question over `repeat` rounds, the sides taking turns. Each round has clients of its
    own, each of which opens its connection with a request that is not timed before any question is timed."""
    times: dict[str, dict[int, list[float]]] = {side: defaultdict(list) for side in sides}
    for _ in range(repeat):
        for side, (url, headers) in sides.items():
            query, variables = _asked_of(side, kind, asked)
            # Made before any request is timed: making one takes this process's time, which requests already under
            # way would wait out as if the server were slow.
            made = [http_client(headers) for _ in range(clients)]
            try:
                # Each connection's first request was timed too: at 8 clients and 20 questions, 40% of the timed
                # requests, all 8 sent at once while the server accepted the connections, and slower on both sides
                # (bench/RESULTS.md, stop 62). Clients keep their connections, as any HTTP client's pool does; a
                # fresh set each round still lets the server spread them over its processes afresh.
                await asyncio.gather(*(ask(client, url, query, variables[0]) for client in made))
                for index, milliseconds in await timed_round(made, url, query, variables):
                    times[side][index].append(milliseconds)
            finally:
                for client in made:
                    await client.close()
    return times


async def warm_up(
    sides: dict[str, tuple[str, dict[str, str]]], questions: dict[str, list[Question]], clients: int, seconds: float
) -> dict[str, int]:
    """Untimed rounds of each question kind for `seconds`, the sides taking turns with clients kept throughout; how
    many requests each side answered.

    A Neo4j just started answers slower for its first few thousand questions, as its JIT compiles them: the peer's
    one-officer question took p50 9.0, 6.5 and 6.2 ms in three runs of 1,200 one after the other on one server, and
    5.4-5.7 ms on a server that had answered for an hour (bench/RESULTS.md, stop 63). Liaison answers that question
    from its database, so a bench that starts Neo4j and times at once measures the peer's start-up, not its pace."""
    answered = dict.fromkeys(sides, 0)
    made = {side: [http_client(headers) for _ in range(clients)] for side, (_, headers) in sides.items()}
    try:
        for kind, asked in questions.items():
            ends = time.monotonic() + seconds
            while time.monotonic() < ends:
                for side, (url, _) in sides.items():
                    query, variables = _asked_of(side, kind, asked)
                    answered[side] += len(await timed_round(made[side], url, query, variables))
    finally:
        for clients_of_side in made.values():
            for client in clients_of_side:
                await client.close()
    return answered


def ratio_interval(
    ours: dict[int, list[float]], theirs: dict[int, list[float]], share: float, resamples: int = 1000
) -> tuple[float, float]:
    """Where the ratio of the two sides' `share` percentiles falls in 95% of resamples: each question's times drawn
    again with replacement, on each side, so every resample asks the same questions as the run did."""
    rng = random.Random(0)  # noqa: S311 - resampling measurements, not secrets

    def resampled(side: dict[int, list[float]]) -> list[float]:
        return [rng.choice(times) for times in side.values() for _ in times]

    ratios = [percentile(resampled(ours), share) / percentile(resampled(theirs), share) for _ in range(resamples)]
    return percentile(ratios, 0.025), percentile(ratios, 0.975)


async def check_agreement(sides: dict[str, tuple[str, dict[str, str]]], questions: dict[str, list[Question]]) -> None:
    """Ask every question of both sides once and exit on the first answer that names other officers."""
    liaison_url, liaison_headers = sides["liaison"]
    peer_url, peer_headers = sides["peer"]
    async with http_client(liaison_headers) as liaison, http_client(peer_headers) as peer:
        for kind, asked in questions.items():
            for question in asked:
                ours = await ask(liaison, liaison_url, LIAISON[kind], question.liaison)
                theirs = await ask(peer, peer_url, PEER[kind], question.peer)
                why = answers_agree(kind, ours, theirs)
                if why:
                    sys.exit(f"question ({kind}) {question.liaison}: the two sides disagree: {why}")


def measure(
    sides: dict[str, tuple[str, dict[str, str]]],
    questions: dict[str, list[Question]],
    concurrency: list[int],
    repeat: int,
    report: Callable[[str], None],
) -> dict[str, dict[str, Any]]:
    """p50 and p95 (ms) per side, question kind and number of clients; rounds alternate the sides."""
    figures: dict[str, dict[str, Any]] = {}
    for kind, asked in questions.items():
        for clients in concurrency:
            times = asyncio.run(timed_rounds(sides, kind, asked, clients, repeat))
            every = {
                side: [value for values in by_question.values() for value in values]
                for side, by_question in times.items()
            }
            row = {
                f"{side}_{name}": round(percentile(values, share), 2)
                for side, values in every.items()
                for name, share in (("p50", 0.5), ("p95", 0.95))
            }
            row["ratio_p95"] = round(row["liaison_p95"] / row["peer_p95"], 3)
            low, high = ratio_interval(times["liaison"], times["peer"], 0.95)
            row["ratio_p95_interval"] = [round(low, 3), round(high, 3)]
            figures[f"{kind}@{clients}"] = row
            report(
                f"({kind}) {clients} client(s), {len(every['liaison'])} requests a side: "
                f"Liaison p50 {row['liaison_p50']:.1f} ms p95 {row['liaison_p95']:.1f} ms | "
                f"peer p50 {row['peer_p50']:.1f} ms p95 {row['peer_p95']:.1f} ms | ratio p95 {row['ratio_p95']:.2f} "
                f"({low:.2f}-{high:.2f} in 95% of resamples)"
            )
    return figures


def main() -> None:
    """Prepare, start both servers, check they agree, time them, print the comparison and the goals."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--officers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--questions", type=int, default=20, help="questions of each kind")
    # 6 rounds of 20 questions: a p95 of 120 requests a side. With 40, the 38th moved by more than the goal's margin
    # from one run to the next (bench/RESULTS.md, 2026-12-05, stop 39).
    parser.add_argument("--repeat", type=int, default=6, help="rounds of all questions per side and concurrency")
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument(
        "--kinds", default="a,b,c", help="the question kinds to time, comma-separated (all are checked)"
    )
    parser.add_argument(
        "--warm-up",
        type=float,
        default=15,
        metavar="SECONDS",
        help="untimed requests of each timed question kind before timing (0: none)",
    )
    parser.add_argument("--liaison-port", type=int, default=int(os.environ.get("BENCH_HTTP_PORT", "0")) or None)
    options = parser.parse_args()
    concurrency = [int(value) for value in options.clients.split(",")]
    kinds = options.kinds.split(",")
    if not kinds or set(kinds) - {"a", "b", "c"}:
        sys.exit(f"--kinds: {options.kinds!r} is not a comma-separated choice of a, b and c")

    database = prepare_directory(options.officers, options.seed)
    env = bench_environment(database)
    liaison_in_process(env, query_timeout=True)
    from django.conf import settings

    from directory.models import Officer, User
    from directory.services.access import issue_api_token
    from graph.driver import get_driver
    from graph.server import LocalServer

    server = LocalServer.from_settings()
    started_here = server.running_pid() is None
    print(server.start())
    processes: list[subprocess.Popen[bytes]] = []
    try:
        projected = get_driver().execute_query("MATCH (n:Officer) RETURN count(n) AS n").records[0]["n"]
        if projected < Officer.objects.count():
            sys.exit("the graph is not projected: run bench/graph_rebuild.py first")
        user, _ = User.objects.get_or_create(username="bench-integration", defaults={"role": "integration"})
        _, token = issue_api_token(user=user, name=f"peer bench {time.time():.0f}", scopes=["read"], expires_in_days=1)
        questions = choose_questions(options.questions, options.seed, topic_depth())
        statement_file = counterparts_file([question.liaison for question in questions["c"]])
        liaison_port = options.liaison_port or free_port()
        peer_port = free_port()
        peer_env = {
            **env,
            "NEO4J_URI": server.uri,
            "NEO4J_USER": settings.NEO4J_USER,
            "NEO4J_PASSWORD": settings.NEO4J_PASSWORD,
        }
        processes.append(start_liaison(env, liaison_port))
        processes.append(start_peer(peer_env, peer_port, statement_file))
        # The answers as they are from both: the peer never compresses, and Liaison gzips for an HTTP client's default
        # Accept-Encoding, which cost it the compressing and the client the inflating on loopback.
        same_transport = {"Accept-Encoding": "identity"}
        sides = {
            "liaison": (
                f"http://127.0.0.1:{liaison_port}/graphql",
                {**same_transport, "Authorization": f"Bearer {token}"},
            ),
            "peer": (f"http://127.0.0.1:{peer_port}/", same_transport),
        }
        asyncio.run(check_agreement(sides, questions))
        print(f"both sides answer the same officers to all {sum(map(len, questions.values()))} questions")
        timed = {kind: asked for kind, asked in questions.items() if kind in kinds}
        if options.warm_up > 0:
            answered = asyncio.run(warm_up(sides, timed, max(concurrency), options.warm_up))
            print(f"warmed up for {options.warm_up:g} s a question kind: {answered['liaison']} requests a side")
        load_before = os.getloadavg()
        figures = measure(sides, timed, concurrency, options.repeat, print)
        load_after = os.getloadavg()
        print(f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    finally:
        for process in reversed(processes):
            stop(process)
        if started_here:
            print(server.stop())
    names = {"a": "officers of a country in a topic", "b": "one officer", "c": "counterparts"}
    goals = [
        Goal(
            f"peer ({key[0]}) {names[key[0]]}, {key.split('@')[1]} client(s): Liaison p95 <= peer p95",
            row["liaison_p95"],
            row["peer_p95"],
            "ms",
        )
        for key, row in figures.items()
    ]
    figures_out: dict[str, object] = {**figures, "load_average": [round(load_before[0], 1), round(load_after[0], 1)]}
    print_goals("peer_graphql", goals, figures_out)


if __name__ == "__main__":
    main()
