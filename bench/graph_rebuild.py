"""Benchmark: `graph_rebuild` online and `--offline`, side by side, each followed by `graph_check`.

Runs against its own SQLite file and its own Neo4j (var/bench/, port 7691 unless --neo4j-port or BENCH_NEO4J_PORT
says otherwise) so nothing else is touched:

    .venv/bin/python bench/graph_rebuild.py --officers 100000 --seed 1

Prints the figures recorded in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, database_path

NODE_GOAL, RELATIONSHIP_GOAL = 50_000, 85_000
# "N nodes in X s and M relationships in Y s (A nodes/s, B relationships/s" in both commands' summaries.
FIGURES = re.compile(
    r"(\d+) nodes in ([\d.]+) s and (\d+) relationships\s+in ([\d.]+) s \(([\d,]+) nodes/s, ([\d,]+) relationships/s"
)


def manage(*args: str, env: dict[str, str]) -> tuple[str, float]:
    """Run a management command, return its output and wall-clock seconds; fail loudly."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout, elapsed


def rebuild_and_check(name: str, arguments: list[str], env: dict[str, str]) -> list[str]:
    """One rebuild and the drift check after it: a row of the side-by-side table."""
    output, wall = manage("graph_rebuild", "--no-progress", *arguments, env=env)
    print(f"{name}: {output.strip()} (wall clock with process start: {wall:.1f} s)")
    check_output, check_wall = manage("graph_check", env=env)
    verdict = check_output.strip().splitlines()[-1]
    print(f"{name} graph_check: {verdict} (wall clock: {check_wall:.1f} s)")
    figures = FIGURES.search(output)
    if figures is None:
        sys.exit(f"no figures in the output of graph_rebuild {' '.join(arguments)}")
    nodes, node_seconds, relationships, relationship_seconds, node_rate, relationship_rate = figures.groups()
    node_rate_value, relationship_rate_value = (int(value.replace(",", "")) for value in (node_rate, relationship_rate))
    return [
        name,
        f"{int(nodes):,}",
        f"{node_seconds} s",
        f"{node_rate_value:,} ({node_rate_value / NODE_GOAL:.2f}x)",
        f"{int(relationships):,}",
        f"{relationship_seconds} s",
        f"{relationship_rate_value:,} ({relationship_rate_value / RELATIONSHIP_GOAL:.2f}x)",
        f"{wall:.1f} s",
        "clean" if "matches" in verdict else verdict,
    ]


def main() -> None:
    """Generate (once), rebuild online, rebuild offline, check after each, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=20000)
    parser.add_argument("--neo4j-port", default=os.environ.get("BENCH_NEO4J_PORT", "7691"))
    parser.add_argument("--only", choices=("online", "offline"), help="run one of the two rebuilds")
    options = parser.parse_args()

    database = database_path(options.officers, options.seed)
    env = {**bench_environment(database), "NEO4J_PORT": options.neo4j_port}
    existed = database.exists()
    manage("migrate", "--noinput", env=env)
    if not existed:
        _, generated = manage(
            "generate_directory", "--officers", str(options.officers), "--seed", str(options.seed), env=env
        )
        print(f"generated {options.officers} officers in {generated:.1f} s")
    print(manage("neo4j", "start", env=env)[0].strip())
    rows = []
    try:
        batch = ["--batch-size", str(options.batch_size)]
        if options.only != "offline":
            rows.append(rebuild_and_check("online", batch, env))
        if options.only != "online":
            rows.append(rebuild_and_check("offline", ["--offline", *batch], env))
    finally:
        print(manage("neo4j", "stop", env=env)[0].strip())
    print(f"\nload average after the runs: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}\n")
    print(
        "| rebuild | nodes | node phase | nodes/s (of 50k goal) | relationships | link phase "
        "| relationships/s (of 85k goal) | whole command | graph_check |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
