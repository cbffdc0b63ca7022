"""Benchmark: the preview of a 5,000-row roster against 100,000 officers, and the commit of 5,000 new officers
with their projection to Neo4j.

Runs against its own SQLite files and its own Neo4j (var/bench/, BENCH_NEO4J_PORT, default 7691):

    .venv/bin/python bench/roster_intake.py --officers 100000 --rows 5000 --seed 1

The generated directory is made once and copied for each run, so the commit always starts from the same state.
Prints the figures recorded in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import ROOT, bench_environment, database_path

HEADERS = ["№", "ФИО", "Должность", "Ведомство", "Страна", "Эл. почта", "Телефон", "Языки", "Роль", "Оценка"]
SYLLABLES = ("ka", "ru", "zha", "bek", "tor", "mi", "sa", "nur", "dil", "gul", "an", "er", "tu", "lo", "xo", "vi")


def manage(*args: str, env: dict[str, str]) -> str:
    """Run a management command in its own process; fail loudly."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def spelled_otherwise(rng: random.Random, native: str, latin: str) -> str:
    """One person's name as another clerk would type it: other script, order, capitals, an initial or a typo."""
    words = (native if rng.random() < 0.5 else latin).split()
    choice = rng.randrange(5)
    if choice == 0:
        words.reverse()
    elif choice == 1:
        words[0] = words[0].upper()
    elif choice == 2 and len(words) > 1:
        words[-1] = words[-1][0] + "."
    elif choice == 3 and len(words[0]) > 5:
        letters = list(words[0])
        letters[4], letters[5] = letters[5], letters[4]
        words[0] = "".join(letters)
    return " ".join(words)


def made_up_name(rng: random.Random) -> str:
    """A name no generated officer bears: two words of random syllables."""
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize() + suffix for suffix in ("ov", "")
    )


def mixed_roster(rng: random.Random, rows: int) -> bytes:
    """A roster of existing officers in other spellings (60%), some with their agency, and new people (40%)."""
    from directory.models import Agency, Officer

    officers = list(
        Officer.objects.values_list("name_native", "name_latin", "agency__name_en", "agency__country__code")
    )
    agencies = list(Agency.objects.values_list("name_en", "country__code"))
    lines = []
    for number in range(1, rows + 1):
        if rng.random() < 0.6:
            native, latin, agency, country = rng.choice(officers)
            name = spelled_otherwise(rng, native, latin)
            agency = agency if rng.random() < 0.7 else ""
        else:
            name = made_up_name(rng)
            agency, country = rng.choice(agencies)
        lines.append([str(number), name, "", agency, country, "", "", "ru", "", rng.choice(["5", "4", ""])])
    return _csv(lines)


def new_roster(rng: random.Random, rows: int) -> bytes:
    """A roster of people none of whom is in the directory, each with an e-mail address."""
    from directory.models import Agency

    agencies = list(Agency.objects.values_list("name_en", "country__code"))
    lines = []
    for number in range(1, rows + 1):
        agency, country = rng.choice(agencies)
        email = f"officer{number}@intake.example.org"
        lines.append([str(number), made_up_name(rng), "Inspector", agency, country, email, "", "ru, en", "", "5"])
    return _csv(lines)


def _csv(lines: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(lines)
    return text.getvalue().encode("utf-8")


def measure(rows: int, seed: int) -> None:
    """Preview the mixed roster, then preview, commit and project the new one, printing each time."""
    from directory.models import Event, OutboxEvent, User
    from directory.rosters.preview import preview_roster
    from directory.rosters.reading import read_roster
    from directory.services.intake import commit_roster
    from graph.projector import project_pending

    rng = random.Random(seed)  # noqa: S311 (repeatable bench data, not a secret)
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"role": User.Role.STAFF})
    event = Event.objects.order_by("pk").first()
    assert event is not None

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    data = mixed_roster(rng, rows)
    started = time.perf_counter()
    preview = preview_roster(read_roster(data, "mixed.csv"), event=str(event.uuid))
    elapsed = time.perf_counter() - started
    print(f"preview of {rows} mixed rows against {_officers()} officers: {elapsed:.2f} s; {preview.counts}")

    data = new_roster(rng, rows)
    started = time.perf_counter()
    preview = preview_roster(read_roster(data, "new.csv"), event=str(event.uuid))
    previewed = time.perf_counter() - started
    print(f"preview of {rows} new rows: {previewed:.2f} s; {preview.counts}")
    started = time.perf_counter()
    done = commit_roster(preview, user=staff)
    committed = time.perf_counter() - started
    pending = OutboxEvent.objects.filter(applied_at__isnull=True).count()
    report = project_pending(batch_size=1000)
    projected = time.perf_counter() - started - committed
    print(
        f"commit of {done.created_count} new officers: {committed:.2f} s; projection of its {pending} outbox "
        f"events to Neo4j ({report.applied} applied, {report.pending} left): {projected:.2f} s; "
        f"commit with projection: {committed + projected:.2f} s"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def _officers() -> int:
    from directory.models import Officer

    return Officer.objects.count()


def main() -> None:
    """Generate (once), copy, start Neo4j, measure, stop."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    generated = database_path(options.officers, options.seed)
    env = bench_environment(generated)
    if not generated.exists():
        manage("migrate", "--noinput", env=env)
        manage("generate_directory", "--officers", str(options.officers), "--seed", str(options.seed), env=env)
    manage("migrate", "--noinput", env=env)
    working = generated.with_name(f"intake-{generated.name}")
    shutil.copyfile(generated, working)
    env = bench_environment(working)
    print(manage("neo4j", "start", env=env).strip())
    try:
        manage("graph_rebuild", "--no-progress", env=env)
        os.environ.update(env)
        import django

        django.setup()
        measure(options.rows, options.seed)
    finally:
        print(manage("neo4j", "stop", env=env).strip())


if __name__ == "__main__":
    main()
