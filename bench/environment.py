"""Where the benchmarks keep their data, and the environment that points Liaison at it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"


def database_path(officers: int, seed: int) -> Path:
    """The SQLite file of one generated directory."""
    return BENCH_VAR / f"directory-{officers}-{seed}.sqlite3"


def generated_database(officers: int, seed: int) -> Path:
    """The SQLite file of a directory bench/graph_rebuild.py generated; exits saying how to make it if missing."""
    database = database_path(officers, seed)
    if not database.exists():
        sys.exit(f"{database} is missing: run bench/graph_rebuild.py --officers {officers} first")
    return database


def bench_environment(database: Path) -> dict[str, str]:
    """The process environment with Liaison pointed at the benchmark's database and its own Neo4j (port 7691)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LIAISON_VAR_DIR": str(BENCH_VAR),
        "DATABASE_URL": f"sqlite:///{database}",
        "LIAISON_NEO4J_HOME": str(BENCH_VAR / "neo4j"),
        "NEO4J_PORT": os.environ.get("BENCH_NEO4J_PORT", "7691"),
        "LIAISON_NEO4J_HEAP": "4g",
        "LIAISON_NEO4J_PAGECACHE_MB": "2048",
        # A large graph queried many times earns back the optimising compiler's work, unlike the tests' server.
        "LIAISON_NEO4J_JAVA_OPTIONS": "-XX:+UseG1GC",
        "LIAISON_PROJECT_ON_COMMIT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    environment.pop("NEO4J_URI", None)
    return environment


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (NaN for no values)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")
