"""`make bench`: every benchmark of bench/ at one size, then each goal with its measured figure in one table.

    .venv/bin/python bench/run_all.py --officers 2000          # make bench
    .venv/bin/python bench/run_all.py --officers 100000        # make bench OFFICERS=100000

Each benchmark runs as its own process with its own command-line options (their output is shown as it comes).
A benchmark states its goals in a last `BENCH-GOALS {json}` line (bench/goals.py); for those that print only text
the figures are read from it here. graph_rebuild runs first: it generates the directory once and rebuilds the graph
every run, so the others find it projected; roster_intake runs last, as it projects its own 5,000 new officers.
The bench's Neo4j is BENCH_NEO4J_PORT's (7691 unless set).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import bench_environment, database_path
from goals import MARKER, Goal

ROOT = Path(__file__).resolve().parent.parent

Parser = Callable[[str], list[Goal]]


def _number(pattern: str, output: str) -> float | None:
    match = re.search(pattern, output)
    return float(match.group(1).replace(",", "")) if match else None


def rebuild_goals(output: str) -> list[Goal]:
    """graph_rebuild's offline rates (issue 15, goal 3), read from its text; the online projection is not held to it."""
    # The bench prints the online rebuild first, in the same words: its rates are not the goal's.
    offline = next((line for line in output.splitlines() if line.startswith("offline:")), "")
    rates = re.search(r"\(([\d,]+) nodes/s, ([\d,]+) relationships/s", offline)
    if rates is None:
        return []
    nodes, links = (float(rate.replace(",", "")) for rate in rates.groups())
    return [
        Goal("graph rebuild offline: nodes per second", nodes, 50_000, "/s", "at_least"),
        Goal("graph rebuild offline: relationships per second", links, 85_000, "/s", "at_least"),
    ]


def intake_goals(output: str) -> list[Goal]:
    """roster_intake's preview and commit times (the intake issue's goals), read from its text."""
    goals = []
    preview = _number(r"preview of \d+ mixed rows against \d+ officers: ([\d.]+) s", output)
    commit = _number(r"commit with projection: ([\d.]+) s", output)
    if preview is not None:
        goals.append(Goal("roster preview, mixed rows", preview, 10, "s"))
    if commit is not None:
        goals.append(Goal("roster commit with projection", commit, 30, "s"))
    return goals


@dataclass
class Benchmark:
    """One benchmark script, its options at a size, and how its goals are read when it prints no goals line."""

    script: str
    options: Callable[[int], list[str]]
    parse: Parser | None = None
    goals: list[Goal] = field(default_factory=list)
    seconds: float = 0.0
    failed: str = ""


def benchmarks(quick: bool) -> list[Benchmark]:
    """Every benchmark that runs on its own (load.py, page_weight.py and search.py need a server with the demo)."""
    rounds = ["--questions", "20", "--repeat", "2"] if quick else []
    return [
        Benchmark(
            "graph_rebuild.py", lambda n: ["--officers", str(n), "--seed", "1", "--batch-size", "20000"], rebuild_goals
        ),
        Benchmark("graphql_counterparts.py", lambda n: ["--officers", str(n), "--seed", "1", *rounds]),
        # The same where users have said "did they answer?" as often as there are officers: the ranking's figures
        # grow with the answers (docs/decisions/0038).
        Benchmark(
            "graphql_counterparts.py", lambda n: ["--officers", str(n), "--seed", "1", "--answers", str(n), *rounds]
        ),
        # The least graphql-core alone needs for the counterpart answer: the floor under the goal just above.
        Benchmark("graphql_floor.py", lambda n: []),
        Benchmark("peer_graphql.py", lambda n: ["--officers", str(n), "--seed", "1", *rounds]),
        Benchmark("memory.py", lambda n: ["--officers", str(n), "--seed", "1"]),
        Benchmark("coverage_gaps.py", lambda n: ["--officers", str(n), "--seed", "1", "--repeat", "1"]),
        Benchmark("duplicates_and_exports.py", lambda n: ["--officers", str(n), "--seed", "1"]),
        Benchmark("isolated_officer.py", lambda n: ["--officers", str(n), "--seed", "1", "--repeat", "1"]),
        Benchmark("digests.py", lambda n: ["--officers", str(n), "--seed", "1", "--looked-up", str(min(n, 20000))]),
        Benchmark("webhooks.py", lambda n: ["--officers", str(min(n, 2000))]),
        Benchmark("trusted_documents.py", lambda n: ["--requests", "300"]),
        Benchmark("roster_intake.py", lambda n: ["--officers", str(n), "--seed", "1", "--rows", "5000"], intake_goals),
    ]


def run(benchmark: Benchmark, officers: int) -> None:
    """Run one benchmark, echoing its output, and keep its goals (from its goals line, else from its text)."""
    command = [sys.executable, f"bench/{benchmark.script}", *benchmark.options(officers)]
    print(f"\n=== {' '.join(command[1:])}", flush=True)
    began = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    process.wait()
    benchmark.seconds = time.monotonic() - began
    output = "".join(lines)
    if process.returncode != 0:
        benchmark.failed = f"exit {process.returncode}"
    marked = [line for line in lines if line.startswith(MARKER)]
    if marked:
        stated = json.loads(marked[-1][len(MARKER) :])["goals"]
        benchmark.goals = [Goal(g["goal"], g["measured"], g["target"], g["unit"], g["direction"]) for g in stated]
    elif benchmark.parse:
        benchmark.goals = benchmark.parse(output)


def table(done: list[Benchmark], officers: int) -> str:
    """Every goal with its figure, ratio and verdict, and the benchmarks that have none, as one text table."""
    rows = [("benchmark", "goal", "measured", "target", "ratio", "met")]
    for benchmark in done:
        name = benchmark.script.removesuffix(".py")
        for goal in benchmark.goals:
            sign = "<=" if goal.direction == "at_most" else ">="
            rows.append(
                (
                    name,
                    goal.goal,
                    f"{goal.measured:,.2f} {goal.unit}",
                    f"{sign} {goal.target:,.2f} {goal.unit}",
                    f"{goal.ratio:.2f}x",
                    "met" if goal.met else "NOT MET",
                )
            )
        if benchmark.failed:
            rows.append((name, f"failed ({benchmark.failed}) after {benchmark.seconds:.0f} s", "", "", "", "NOT MET"))
        elif not benchmark.goals:
            rows.append((name, f"no goal; ran in {benchmark.seconds:.0f} s, figures above", "", "", "", ""))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [f"Goals at {officers:,} generated officers (ratio: measured / target)"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def bench_neo4j(action: str, officers: int) -> None:
    """Start or stop the bench's Neo4j: started once after graph_rebuild (which stops its own), the others reuse it."""
    env = bench_environment(database_path(officers, 1))
    subprocess.run([sys.executable, "manage.py", "neo4j", action], cwd=ROOT, env=env, check=False)


def main() -> None:
    """Run the benchmarks in order and print the table; exit non-zero when a benchmark failed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--officers", type=int, default=2000)
    parser.add_argument("--only", default="", help="comma-separated script names (without .py) to run, in order")
    options = parser.parse_args()
    # Under a shared machine's load a cold question can outlast the 2 s read deadline, which is not what is measured.
    os.environ.setdefault("NEO4J_READ_DEADLINE", "60")
    # Nor the 10 s query timeout: at 100,000 officers a cold server's first counterpart question has outlasted it.
    os.environ.setdefault("NEO4J_QUERY_TIMEOUT", "60")
    chosen = benchmarks(quick=options.officers < 100_000)
    if options.only:
        wanted = options.only.split(",")
        chosen = [benchmark for benchmark in chosen if benchmark.script.removesuffix(".py") in wanted]
    load_before = os.getloadavg()[0]
    try:
        for benchmark in chosen:
            if benchmark.script != "graph_rebuild.py":
                bench_neo4j("start", options.officers)
            run(benchmark, options.officers)
    finally:
        bench_neo4j("stop", options.officers)
    print()
    print(table(chosen, options.officers))
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; the machine may be shared")
    if any(benchmark.failed for benchmark in chosen):
        sys.exit(1)


if __name__ == "__main__":
    main()
