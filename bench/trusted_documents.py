"""Benchmark: what trusted documents add to a request, free-form against bound text and bound hash, side by side.

    .venv/bin/python bench/trusted_documents.py [--requests 300]

Uses its own SQLite database under var/bench/ (no Neo4j: the operation reads only the database). The whole Django
stack runs in-process (token authentication, the rate limit, the trusted-document lookup, validation, limits,
execution, serialisation); each round sends the same operation three ways, in turn. Prints p50/p95 of each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import BENCH_VAR, ROOT, bench_environment, percentile

OPERATION = """query TopicPage($first: Int!) {
  topics(first: $first) { totalCount edges { node { uuid slug nameEn nameRu } } }
}"""


def main() -> None:
    """Time the three ways over the same operation and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    options = parser.parse_args()
    database = BENCH_VAR / "trusted-documents.sqlite3"
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    os.environ.update(bench_environment(database))
    os.environ["LIAISON_GRAPHQL_RATE_LIMIT"] = "1000000/m"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from api.schema import schema
    from api.trusted_documents import operations_in
    from directory.models import User
    from directory.services import topics
    from directory.services.access import issue_api_token
    from directory.services.trusted_documents import bind_trusted_documents, register_trusted_documents

    call_command("migrate", "--noinput", verbosity=0)
    for index in range(20):
        topics.create_topic(slug=f"topic-{index}", name_en=f"Topic {index}", name_ru=f"Тема {index}")
    # Integration accounts act only through tokens: their password is made unusable whatever is given.
    integration = User.objects.create_user("bench", password=None, role="integration")
    _, free = issue_api_token(user=integration, name="free", scopes=["read"])
    bound_token, bound = issue_api_token(user=integration, name="bound", scopes=["read"])
    [(document, _)] = register_trusted_documents(operations_in(OPERATION, schema._schema), registered_by="bench")
    bind_trusted_documents(bound_token, [document])
    variables = {"first": 20}
    ways = {
        "free-form, unbound token": (free, {"query": OPERATION, "variables": variables}),
        "text, bound token": (bound, {"query": OPERATION, "variables": variables}),
        "hash only, bound token": (
            bound,
            {"variables": variables, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": document.sha256}}},
        ),
    }
    client = Client()
    timings: dict[str, list[float]] = {name: [] for name in ways}
    for round_ in range(options.requests + 20):
        for name, (token, body) in ways.items():
            started = time.perf_counter()
            response = client.post(
                "/graphql", data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
            elapsed = time.perf_counter() - started
            answer = response.json()
            assert "errors" not in answer and answer["data"]["topics"]["totalCount"] == 20, answer
            if round_ >= 20:  # the first rounds warm caches and imports up
                timings[name].append(elapsed * 1000)
    print(f"{options.requests} requests each way, topics(first: 20) of 20 topics, in-process")
    print("| way | p50 ms | p95 ms |")
    print("| --- | --- | --- |")
    for name, values in timings.items():
        print(f"| {name} | {percentile(values, 0.5):.2f} | {percentile(values, 0.95):.2f} |")


if __name__ == "__main__":
    main()
