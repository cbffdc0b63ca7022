"""Benchmark: the duplicate finder and the exports over a generated directory (default 100,000 officers).

Uses its own SQLite file under var/bench/ (generated once, shared with the other benchmarks); Neo4j is not needed:

    .venv/bin/python bench/duplicates_and_exports.py --officers 100000 --seed 1

Prints the figures recorded in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, database_path


def _timed(label: str, work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> None:
    """Generate (once), then time the finder per country and each export format at the row cap."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    database = database_path(options.officers, options.seed)
    env = bench_environment(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    existed = database.exists()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    if not existed:
        command = ["generate_directory", "--officers", str(options.officers), "--seed", str(options.seed)]
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count

    import directory.duplicates as finder
    from directory.exports.formats import as_csv, as_json, as_xlsx
    from directory.exports.officers import officers_table
    from directory.models import Country, Officer, User

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": User.Role.ADMIN})
    print(f"{Officer.objects.count()} officers")
    countries = Country.objects.annotate(officers=Count("agencies__officers")).order_by("-officers")
    compared = {"pairs": 0}
    original = finder.score_pair

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        compared["pairs"] += 1
        return original(*args, **kwargs)

    finder.score_pair = counting  # counts the comparisons the index lets through
    for country in countries[:3]:
        compared["pairs"] = 0
        pairs = _timed(
            f"likely duplicates of {country.code} ({country.officers} officers)",
            lambda country=country: finder.likely_duplicates(admin, country_id=country.pk),
        )
        print(f"  {compared['pairs']} pairs compared, {len(pairs)} shown")
    compared["pairs"] = 0
    pairs = _timed("likely duplicates of every country", lambda: finder.likely_duplicates(admin))
    print(f"  {compared['pairs']} pairs compared, {len(pairs)} shown")
    rows = int(os.environ.get("BENCH_EXPORT_ROWS", "5000"))
    chosen = Officer.objects.filter(pk__in=list(Officer.objects.order_by("pk").values_list("pk", flat=True)[:rows]))
    table = _timed(
        f"export table of {rows} officers (visible rows and contacts, 4 queries)", lambda: officers_table(admin, chosen)
    )
    _timed("  as CSV", lambda: as_csv(table))
    _timed("  as XLSX", lambda: as_xlsx(table, "bench"))
    _timed("  as JSON", lambda: as_json({"rows": table.rows}))


if __name__ == "__main__":
    main()
