"""Benchmark: a gunicorn web worker's memory (RSS) after 1,000 mixed requests, against the goal of 150 MB.

    .venv/bin/python bench/memory.py --officers 2000 --seed 1

Uses (or first makes, through bench/graph_rebuild.py) the generated directory of N officers and the bench's Neo4j
(BENCH_NEO4J_PORT), starts Liaison under gunicorn with one web process (its usual threads), so that one process
serves every request, and sends bench/load.py's read mix (the finder page, a profile page, GraphQL counterparts and
the GraphQL officer list, in turn) from 4 concurrent clients signed in as an officer of the directory. Prints the
worker's RSS after its first request and after all of them; with --trace, also the worker's largest allocations
(tracemalloc) at the end, which is how to find why it grew.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load
from environment import bench_environment
from goals import Goal, print_goals
from peer_graphql import prepare_directory
from servers import free_port, liaison_in_process, start_liaison, stop

GOAL_MB = 150.0
USERNAME = "bench-officer"


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's child processes (its web workers)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pid: int) -> float:
    """A process's resident memory in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def signed_in_officer() -> None:
    """An officer's account in the generated directory, signed in by the load script with the demo password."""
    from django.core.management import call_command

    from directory.models import Officer, User
    from directory.services.officers import verify_officer

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        officer = Officer.objects.filter(user__isnull=True).order_by("id").first()
        user = User.objects.create_user(USERNAME, password=load.PASSWORD, role=User.Role.OFFICER, officer=officer)
    # The generated entries are unverified, and an officer whose own entry is unverified sees only themselves: the
    # mix's answers would all be empty, which the load script refuses to measure.
    if user.officer.verified_at is None:
        steward, _ = User.objects.get_or_create(username="bench-steward", defaults={"role": User.Role.ADMIN})
        verify_officer(user.officer, by=steward)
    call_command("graph_sync", verbosity=0)  # the graph learns of it before the first question


async def send_mix(url: str, requests: int, clients: int, seed: int) -> dict[str, int]:
    """Send `requests` requests of the read mix from `clients` concurrent clients; count them by endpoint."""
    mix = await load.prepare(url, USERNAME)
    left = requests
    sent: dict[str, int] = {}

    async def client_loop(number: int) -> None:
        nonlocal left
        rng = random.Random(seed + number)  # noqa: S311 - choosing questions, not secrets
        async with load.Client(url, mix.cookies, timeout=120) as client:
            while left > 0:
                for name, (kind, what, arguments) in load.requests_of(mix, rng):
                    if left <= 0:
                        return
                    left -= 1
                    if kind == "GET":
                        response = await client.get(what, params=arguments)  # type: ignore[arg-type]
                    else:
                        response = await load.graphql(client, what, **arguments)  # type: ignore[arg-type]
                    why = load.failure(response, kind)
                    if why:
                        sys.exit(f"{name}: {why}")
                    sent[name] = sent.get(name, 0) + 1

    await asyncio.gather(*(client_loop(number) for number in range(clients)))
    return sent


def main() -> None:
    """Start one web process, measure its RSS before and after the mix, print it against the goal."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--officers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args()

    database = prepare_directory(options.officers, options.seed)
    env = bench_environment(database)
    liaison_in_process(env)
    from graph.server import LocalServer

    server = LocalServer.from_settings()
    started_here = server.running_pid() is None
    print(server.start())
    signed_in_officer()
    port = free_port()
    process = start_liaison(env, port, workers=1)
    try:
        url = f"http://127.0.0.1:{port}"
        asyncio.run(send_mix(url, 4, 1, options.seed))
        (worker,) = worker_pids(process.pid)
        first = rss_mb(worker)
        began = time.monotonic()
        sent = asyncio.run(send_mix(url, options.requests, options.clients, options.seed))
        seconds = time.monotonic() - began
        after = rss_mb(worker)
        if worker_pids(process.pid) != [worker]:
            sys.exit("the web process was replaced during the run (max_requests?): measure again")
        print(f"{sum(sent.values())} requests in {seconds:.1f} s by {options.clients} clients: {sent}")
        print(f"web worker RSS: {first:.1f} MB after its first requests, {after:.1f} MB after the mix")
        print(f"load average {os.getloadavg()[0]:.1f}")
    finally:
        stop(process)
        if started_here:
            print(server.stop())
    print_goals(
        "memory",
        [Goal(f"web worker RSS after {options.requests} mixed requests", round(after, 1), GOAL_MB, "MB")],
        {
            "rss_first_mb": round(first, 1),
            "rss_after_mb": round(after, 1),
            "requests": sent,
            "officers": options.officers,
        },
    )


if __name__ == "__main__":
    main()
