"""Benchmark: the search box's one Cypher round trip (three full-text indexes), over the first-hit table's queries.

Runs against the directory and Neo4j Liaison is configured for (the demo after `make run`, or any other):

    .venv/bin/python bench/search.py --repeat 20

Prints p50/p95/max of search_names over every query of tests/graph/test_search_table.py, and how many of them
give the expected first hit on this directory (all of them on the demo).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from environment import percentile

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Time every table query `repeat` times after one warm-up pass and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from graph.driver import get_driver
    from graph.search import search_names
    from tests.graph.test_search_table import TABLE

    driver = get_driver()
    first_hits = sum(
        1 for text, kind, name in TABLE if [(m.kind, m.name) for m in search_names(driver, text)][:1] == [(kind, name)]
    )
    timings: list[float] = []
    for _ in range(options.repeat):
        for text, _, _ in TABLE:
            started = time.perf_counter()
            search_names(driver, text)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{len(TABLE)} queries × {options.repeat}: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; "
        f"expected first hit for {first_hits} of {len(TABLE)}"
    )


if __name__ == "__main__":
    main()
