"""Benchmark: the digest and "did they answer?" jobs over a generated directory.

    .venv/bin/python bench/digests.py --officers 10000 --seed 1 --subscribers 200 --looked-up 20000

Generates the directory into its own SQLite file under var/bench/ (once), so its change log holds every record
created within the week. Then it adds subscribers (each following one country and one topic, weekly) and contact
look-ups eight days old, and times `send_weekly_digests` and `ask_due_follow_ups` with e-mails kept in memory.
No Neo4j is needed: nothing is projected.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.environment import BENCH_VAR, ROOT, bench_environment, database_path


def prepare(officers: int, seed: int) -> Path:
    """The generated directory's database, made once."""
    database = database_path(officers, seed)
    if not database.exists():
        BENCH_VAR.mkdir(parents=True, exist_ok=True)
        environment = bench_environment(database)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=environment, check=True)
        subprocess.run(
            [*manage, "generate_directory", "--officers", str(officers), "--seed", str(seed)],
            env=environment,
            check=True,
        )
    return database


def main() -> None:
    """Time the jobs and print one Markdown row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--looked-up", type=int, default=20000)
    arguments = parser.parse_args()
    database = prepare(arguments.officers, arguments.seed)
    os.environ.update(bench_environment(database))
    os.environ["EMAIL_HOST"] = ""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from directory.models import ContactAccessLog, ContactFollowUp, Country, Officer, Subscription, Topic, User
    from directory.services.digests import send_weekly_digests
    from directory.services.followups import ask_due_follow_ups

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A running worker has its URL map loaded (importing it builds the GraphQL schema): load it before timing.
    reverse("home")
    rng = random.Random(arguments.seed)  # noqa: S311 (sample data, not secrets)
    now = timezone.now()
    with transaction.atomic():
        # A fresh run each time: the same subscribers and look-ups, rolled back at the end.
        countries, topics = list(Country.objects.filter(code__in=["KZ", "KG", "TJ", "UZ"])), list(Topic.objects.all())
        officers = list(Officer.objects.values_list("uuid", flat=True)[:5000])
        users = [
            User.objects.create(username=f"bench-{index}", email=f"bench-{index}@liaison.example", role="staff")
            for index in range(arguments.subscribers)
        ]
        for user in users:
            Subscription.objects.create(user=user, kind="country", country=rng.choice(countries), frequency="weekly")
            Subscription.objects.create(user=user, kind="topic", topic=rng.choice(topics), frequency="weekly")
        Subscription.objects.update(created_at=now - datetime.timedelta(days=7, minutes=5))
        ContactAccessLog.objects.bulk_create(
            ContactAccessLog(
                viewer=rng.choice(users),
                viewer_username="bench",
                officer_uuid=rng.choice(officers),
                channel_count=2,
                operation="page:officer profile",
            )
            for _ in range(arguments.looked_up)
        )
        ContactAccessLog._base_manager.filter(viewer_username="bench").update(at=now - datetime.timedelta(days=8))
        with CaptureQueriesContext(connection) as digest_queries:
            started = time.perf_counter()
            sent = send_weekly_digests(now=now)
            digest_seconds = time.perf_counter() - started
        with CaptureQueriesContext(connection) as ask_queries:
            started = time.perf_counter()
            asked = ask_due_follow_ups(now=now)
            ask_seconds = time.perf_counter() - started
        assert ContactFollowUp.objects.count() == asked
        transaction.set_rollback(True)
    print(
        f"| {arguments.officers:,} officers | {arguments.subscribers} subscribers: {sent} digests in "
        f"{digest_seconds:.1f} s ({len(digest_queries)} queries) | {arguments.looked_up:,} look-ups: "
        f"{asked:,} questions in {ask_seconds:.1f} s ({len(ask_queries)} queries) |"
    )


if __name__ == "__main__":
    main()
