"""Load: the read mix (finder, profile, GraphQL counterparts, GraphQL officers) at N clients for D seconds.

Runs against a Liaison already serving on loopback with the demo data (`make run`, or `make dev` to compare):

    .venv/bin/python bench/load.py --clients 16 --duration 60
    .venv/bin/python bench/load.py --clients 16 --duration 60 --writes-per-second 1     # and the outbox lag

Each client is a connection of its own in the demo officer's browser session and asks the four questions in
turn, one at a time, as fast as the answers come. Reports per endpoint: requests, errors (any status but 200, a
page showing the graph notice instead of the graph's answer, a GraphQL error, a broken connection), p50/p95/p99
latency and throughput, and how many of the graph's answers (finder page, GraphQL counterparts) found someone: a
graph that does not hold this database's directory answers every question with no one, quickly, and such a run
measures nothing. The script refuses to start when no topic finds a counterpart. With --writes-per-second, the
demo administrator changes an officer's position that often through GraphQL, and the script polls Neo4j until the
new position is there: the outbox lag from commit (the mutation's answer) to visible in the graph.

The server's GraphQL rate limit (600/m per user by default) must be raised for the run, as every client is the
same user: start the server with LIAISON_GRAPHQL_RATE_LIMIT=1000000/m.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import json
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from environment import percentile

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "liaison-demo"  # noqa: S105 (the demo accounts' published password, for the demo data only)

COUNTERPARTS = """query Counterparts($topic: ID!, $officer: ID!) {
  counterparts(topic: $topic, officer: $officer, scope: NEIGHBOURS, limit: 20) {
    score countryCode
    officer { uuid nameLatin nameNative position agency { nameEn } }
    reasons { kind text }
  }
}"""
OFFICERS = """query Officers {
  officers(first: 20) { edges { node { uuid nameLatin nameNative position agency { nameEn country { code } } } } }
}"""
SETUP = """query Setup {
  me { uuid }
  topics(first: 100) { edges { node { uuid slug } } }
  officers(first: 100) { edges { node { uuid } } }
}"""
MOVE = """mutation Move($officer: ID!, $position: String!) {
  updateOfficer(officer: $officer, changes: {position: $position}) { __typename ... on Officer { position } }
}"""
# The benchmark's own check of the graph, read-only and parameterised: the position Neo4j holds for one officer.
POSITION_IN_GRAPH = "MATCH (o:Officer {uuid: $uuid}) RETURN o.position AS position"


@dataclass
class Mix:
    """What the read mix asks about: the demo's topics, officers, and the signed-in officer's own entry."""

    cookies: dict[str, str]  # the signed-in browser session's cookies (session id, CSRF token)
    me: str
    topics: list[tuple[str, str]]  # (uuid, slug)
    officers: list[str]


@dataclass
class Results:
    """Latencies (seconds) and errors by endpoint, and the outbox lags measured."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: dict[str, str] = field(default_factory=dict)
    lags: list[float] = field(default_factory=list)
    lag_timeouts: int = 0
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # answers that named someone


def loopback_only(url: str) -> None:
    """Refuse any address but this machine's own: the script is a load generator."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"{url}: only loopback addresses (127.0.0.1, ::1, localhost) may be loaded")


@dataclass
class Answer:
    """A response, read whole: its status and body."""

    status_code: int
    text: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.text)


# aiohttp, not httpx: the script shares the machine with the server it measures, and aiohttp took 0.56 ms of CPU a
# request against httpx's 1.68 ms (bench/RESULTS.md, 2026-12-05).
class Client:
    """One connection to the server, with cookies of its own."""

    def __init__(self, url: str, cookies: dict[str, str] | None = None, timeout: float = 60) -> None:
        self.url = url
        # unsafe: keep cookies from an IP address (127.0.0.1), which aiohttp otherwise drops.
        jar = aiohttp.CookieJar(unsafe=True)
        self.session = aiohttp.ClientSession(
            base_url=url,
            cookie_jar=jar,
            cookies=cookies,
            headers={"Accept-Language": "en"},
            timeout=aiohttp.ClientTimeout(total=timeout),
            connector=aiohttp.TCPConnector(limit=1),
        )

    def cookies(self) -> dict[str, str]:
        return {cookie.key: cookie.value for cookie in self.session.cookie_jar}

    async def request(self, method: str, path: str, **options: Any) -> Answer:
        async with self.session.request(method, path, allow_redirects=False, **options) as response:
            return Answer(response.status, await response.text())

    async def get(self, path: str, params: dict[str, str] | None = None) -> Answer:
        return await self.request("GET", path, params=params)

    async def aclose(self) -> None:
        await self.session.close()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exception: object) -> None:
        await self.aclose()


async def signed_in(url: str, username: str) -> Client:
    """A client with a browser session of its own, signed in through the sign-in page."""
    client = Client(url)
    await client.get("/login/")
    response = await client.request(
        "POST",
        "/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": client.cookies()["csrftoken"]},
        headers={"Referer": url + "/login/"},
    )
    if response.status_code != 302:
        await client.aclose()
        sys.exit(f"signing in as {username} failed ({response.status_code}); is the demo loaded?")
    return client


async def graphql(client: Client, query: str, **variables: object) -> Answer:
    return await client.request(
        "POST",
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"X-CSRFToken": client.cookies().get("csrftoken", ""), "Referer": client.url},
    )


async def prepare(url: str, username: str) -> Mix:
    client = await signed_in(url, username)
    data = (await graphql(client, SETUP)).json()["data"]
    mix = Mix(
        cookies=client.cookies(),
        me=data["me"]["uuid"],
        topics=[(edge["node"]["uuid"], edge["node"]["slug"]) for edge in data["topics"]["edges"]],
        officers=[edge["node"]["uuid"] for edge in data["officers"]["edges"]],
    )
    for topic, _ in mix.topics:
        if found_someone(await graphql(client, COUNTERPARTS, topic=topic, officer=mix.me), "GQL"):
            break
    else:
        await client.aclose()
        sys.exit(
            f"no topic of {len(mix.topics)} finds {username} a counterpart: the graph does not hold this database's "
            "directory (`manage.py graph_check` compares them, `graph_rebuild` makes the graph again)"
        )
    await client.aclose()
    return mix


def requests_of(mix: Mix, rng: random.Random) -> list[tuple[str, object]]:
    """The four requests of one round, with fresh choices of topic and officer."""
    topic_uuid, slug = rng.choice(mix.topics)
    return [
        ("finder page", ("GET", "/", {"topic": slug, "scope": "neighbours", "find": ""})),
        ("profile page", ("GET", f"/officers/{rng.choice(mix.officers)}/", None)),
        ("graphql counterparts", ("GQL", COUNTERPARTS, {"topic": topic_uuid, "officer": mix.me})),
        ("graphql officers", ("GQL", OFFICERS, {})),
    ]


# What a page shows instead of the graph's answer when Neo4j is refused or late: the page is a 200, the answer is not.
GRAPH_NOTICE = "The network graph is not answering right now"


# What a finder page lists its results in, and the GraphQL answer's list.
RESULTS_LIST = '<ol class="results">'
GRAPH_ANSWERS = ("finder page", "graphql counterparts")


def found_someone(response: Answer, kind: str) -> bool:
    """Whether a graph answer (a finder page, a GraphQL counterparts answer) names anyone."""
    if kind == "GET":
        return RESULTS_LIST in response.text
    return bool(((response.json().get("data") or {}).get("counterparts")) or [])


def failure(response: Answer, kind: str) -> str | None:
    """Why an answer is an error, or None."""
    if response.status_code != 200:
        return f"status {response.status_code}"
    if kind == "GET" and GRAPH_NOTICE in response.text:
        return "the page shows the graph notice instead of the graph's answer"
    if kind == "GQL":
        body = response.json()
        if body.get("errors"):
            return json.dumps(body["errors"][0])[:300]
    return None


async def reader(url: str, mix: Mix, until: float, results: Results, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (choosing questions, not secrets)
    # One session for all: signing in is deliberately slow (password hashing), and is not what is measured.
    client = Client(url, mix.cookies)
    try:
        while True:
            round_of_four = requests_of(mix, rng)
            # Clients start on different endpoints, so the four are asked side by side from the first moment.
            shift = seed % len(round_of_four)
            for name, (kind, what, arguments) in round_of_four[shift:] + round_of_four[:shift]:
                if time.monotonic() >= until:
                    return
                started = time.monotonic()
                try:
                    if kind == "GET":
                        response = await client.get(what, params=arguments)
                    else:
                        response = await graphql(client, what, **arguments)
                    why = failure(response, kind)
                    if why is None and name in GRAPH_ANSWERS:
                        results.found[name] += found_someone(response, kind)
                except (TimeoutError, aiohttp.ClientError) as error:
                    why = f"{type(error).__name__}: {error}"
                results.latencies[name].append(time.monotonic() - started)
                if why:
                    results.errors[name] += 1
                    results.examples.setdefault(name, why)
    finally:
        await client.aclose()


def graph_driver() -> object:
    """A read-only look at the Neo4j the server projects into (the local one unless NEO4J_URI names another)."""
    from neo4j import GraphDatabase

    uri = os.environ.get("NEO4J_URI") or f"bolt://127.0.0.1:{os.environ.get('NEO4J_PORT', '7687')}"
    password = os.environ.get("NEO4J_PASSWORD") or (ROOT / "var" / "neo4j_password").read_text().strip()
    return GraphDatabase.driver(uri, auth=(os.environ.get("NEO4J_USER", "neo4j"), password))


def wait_until_visible(
    driver: object, uuid: str, position: str, answered: float, patience: float = 30.0
) -> float | None:
    """Seconds from the write's answer until Neo4j holds the new position, or None when it did not in time."""
    while time.monotonic() - answered < patience:
        records, _, _ = driver.execute_query(POSITION_IN_GRAPH, uuid=uuid, routing_="r")  # type: ignore[attr-defined]
        if records and records[0]["position"] == position:
            return time.monotonic() - answered
        time.sleep(0.01)
    return None


async def writer(url: str, mix: Mix, until: float, per_second: float, results: Results) -> None:
    """Change an officer's position `per_second` times a second; measure how soon each is in the graph."""
    client = await signed_in(url, "demo-admin")
    driver = graph_driver()
    # The look itself asked once first: a server just started plans a query it has not seen for up to seconds,
    # which is the script's own delay, not the outbox's.
    await asyncio.to_thread(driver.execute_query, POSITION_IN_GRAPH, uuid="", routing_="r")  # type: ignore[attr-defined]
    pending: list[asyncio.Task[float | None]] = []
    try:
        for number in itertools.count():
            moment = time.monotonic()
            if moment >= until:
                break
            officer = mix.officers[number % len(mix.officers)]
            position = f"Analyst (load test {int(time.time())}-{number})"
            response = await graphql(client, MOVE, officer=officer, position=position)
            answer = response.json().get("data") or {}
            if response.status_code != 200 or (answer.get("updateOfficer") or {}).get("position") != position:
                results.errors["write"] += 1
                results.examples.setdefault("write", response.text[:300])
            else:
                answered = time.monotonic()
                looking = asyncio.to_thread(wait_until_visible, driver, officer, position, answered)
                pending.append(asyncio.create_task(looking))
            await asyncio.sleep(max(0.0, 1 / per_second - (time.monotonic() - moment)))
        for lag in await asyncio.gather(*pending):
            if lag is None:
                results.lag_timeouts += 1
            else:
                results.lags.append(lag)
    finally:
        await client.aclose()
        driver.close()  # type: ignore[attr-defined]


def report(results: Results, seconds: float, clients: int) -> dict[str, object]:
    rows = {}
    for name, values in sorted(results.latencies.items()):
        rows[name] = {
            "requests": len(values),
            "errors": results.errors.get(name, 0),
            "p50_ms": round(percentile(values, 0.50) * 1000),
            "p95_ms": round(percentile(values, 0.95) * 1000),
            "p99_ms": round(percentile(values, 0.99) * 1000),
            "per_second": round(len(values) / seconds, 1),
        }
    everything = [value for values in results.latencies.values() for value in values]
    summary: dict[str, object] = {
        "clients": clients,
        "seconds": round(seconds, 1),
        "requests": len(everything),
        "errors": sum(row["errors"] for row in rows.values()),
        "per_second": round(len(everything) / seconds, 1),
        "p95_ms": round(percentile(everything, 0.95) * 1000),
        "endpoints": rows,
        "found_someone": {name: results.found.get(name, 0) for name in GRAPH_ANSWERS},
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    if results.lags or results.lag_timeouts or results.errors.get("write"):
        summary["outbox_lag"] = {
            "writes": len(results.lags) + results.lag_timeouts,
            "write_errors": results.errors.get("write", 0),
            "not_visible_within_30_s": results.lag_timeouts,
            "p50_ms": round(percentile(results.lags, 0.50) * 1000),
            "p95_ms": round(percentile(results.lags, 0.95) * 1000),
            "max_ms": round(max(results.lags, default=float("nan")) * 1000),
            # Which writes (numbered from 0 in the order sent) took over a second: at the start, or throughout.
            "over_1_s": {number: round(lag * 1000) for number, lag in enumerate(results.lags) if lag > 1},
        }
    if results.examples:
        summary["first_errors"] = results.examples
    return summary


def print_table(summary: dict[str, object]) -> None:
    print(f"{summary['clients']} clients, {summary['seconds']} s, load average {summary['load_average']}")
    print(f"{'endpoint':<22} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
    for name, row in summary["endpoints"].items():  # type: ignore[attr-defined]
        print(
            f"{name:<22} {row['requests']:>8} {row['errors']:>6} {row['p50_ms']:>7} {row['p95_ms']:>7} "
            f"{row['p99_ms']:>7} {row['per_second']:>7}"
        )
    print(
        f"{'all':<22} {summary['requests']:>8} {summary['errors']:>6} {'':>7} {summary['p95_ms']:>7} {'':>7} ", end=""
    )
    print(f"{summary['per_second']:>7}")
    found = summary["found_someone"]
    rows = summary["endpoints"]
    print(
        "graph answers that named someone: "
        + ", ".join(f"{name} {found[name]} of {rows[name]['requests']}" for name in found if name in rows)  # type: ignore[index]
    )
    if "outbox_lag" in summary:
        print("outbox lag (commit to visible in Neo4j):", summary["outbox_lag"])
    if "first_errors" in summary:
        print("first error of each endpoint:", json.dumps(summary["first_errors"], indent=1))


async def run(options: argparse.Namespace) -> dict[str, object]:
    mix = await prepare(options.url, options.user)
    results = Results()
    # Every client signs in first; the clock starts once all are ready.
    until = time.monotonic() + options.duration + 5.0
    started = time.monotonic() + 5.0
    tasks = [
        asyncio.create_task(reader(options.url, mix, until, results, seed=index)) for index in range(options.clients)
    ]
    if options.writes_per_second:
        tasks.append(asyncio.create_task(writer(options.url, mix, until, options.writes_per_second, results)))
    await asyncio.sleep(max(0.0, started - time.monotonic()))
    # What was answered before the start (signing in, the first requests) does not count.
    for values in results.latencies.values():
        values.clear()
    results.errors.clear()
    results.examples.clear()
    results.found.clear()
    await asyncio.gather(*tasks)
    return report(results, time.monotonic() - started, options.clients)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients, each one request at a time")
    parser.add_argument("--duration", type=float, default=60, help="seconds of measured load")
    parser.add_argument("--user", default="demo-officer")
    parser.add_argument("--writes-per-second", type=float, default=0.0, help="also write, and measure outbox lag")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    loopback_only(options.url)
    if not 1 <= options.clients <= 200 or not 1 <= options.duration <= 600:
        sys.exit("--clients must be 1-200 and --duration 1-600 seconds")
    summary = asyncio.run(run(options))
    print(json.dumps(summary, indent=1)) if options.json else print_table(summary)
    if summary["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
