"""Benchmark: `graph_rebuild` and `graph_check` over a generated directory (default 100,000 officers).

Runs against its own SQLite file and its own Neo4j (var/bench/, port 7691) so nothing else is touched:

    .venv/bin/python bench/graph_rebuild.py --officers 100000 --seed 1

Prints the figures recorded in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, database_path


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


def main() -> None:
    """Generate (once), rebuild, check, and print the measurements."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    options = parser.parse_args()

    database = database_path(options.officers, options.seed)
    env = bench_environment(database)
    existed = database.exists()
    manage("migrate", "--noinput", env=env)
    if not existed:
        _, generated = manage(
            "generate_directory", "--officers", str(options.officers), "--seed", str(options.seed), env=env
        )
        print(f"generated {options.officers} officers in {generated:.1f} s")
    print(manage("neo4j", "start", env=env)[0].strip())
    try:
        output, wall = manage("graph_rebuild", "--no-progress", "--batch-size", str(options.batch_size), env=env)
        print(output.strip(), f"(wall clock with process start: {wall:.1f} s)")
        check_output, check_wall = manage("graph_check", env=env)
        print(check_output.strip().splitlines()[-1], f"(wall clock: {check_wall:.1f} s)")
        figures = re.search(r"\(([\d,]+) nodes/s, ([\d,]+) relationships/s\)", output)
        if figures:
            nodes_rate, relationships_rate = (int(value.replace(",", "")) for value in figures.groups())
            print(
                f"goal ratios: nodes {nodes_rate / 50_000:.2f}x of 50k/s, "
                f"relationships {relationships_rate / 85_000:.2f}x of 85k/s"
            )
    finally:
        print(manage("neo4j", "stop", env=env)[0].strip())


if __name__ == "__main__":
    main()
