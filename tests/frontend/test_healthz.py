"""`/healthz` names each dependency and answers 503 while Neo4j is down."""

from __future__ import annotations

import time
from importlib.metadata import version

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.neo4j  # every check asks the real server


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_neo4j_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {"database": {"status": "ok"}, "neo4j": {"status": "ok"}}
    assert "queues" in body["worker"]
    assert body["version"] == version("liaison")  # pyproject.toml's, through the installed package's metadata


@pytest.mark.django_db
def test_healthz_is_503_naming_neo4j_when_nothing_listens(client: Client, unused_port: int) -> None:
    with override_settings(NEO4J_URI=f"bolt://127.0.0.1:{unused_port}"):
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["neo4j"]["status"] == "down"
    assert f"127.0.0.1:{unused_port}" in body["checks"]["neo4j"]["reason"]
    assert elapsed < 6, "the health check must never hang"
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_names_bad_credentials(client: Client) -> None:
    with override_settings(NEO4J_USER="no-such-user"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "NEO4J_PASSWORD" in response.json()["checks"]["neo4j"]["reason"]


@pytest.mark.django_db
def test_healthz_shows_the_workers_queues_and_each_jobs_last_run(client: Client) -> None:
    from directory.services import officers
    from directory.worker import periodic_jobs, run_due_jobs
    from graph.warm import warming_done
    from tests.factories import build_small_world

    # given changes waiting for the worker
    with override_settings(LIAISON_PROJECT_ON_COMMIT=False):
        world = build_small_world()
        officers.update_officer(world.asel, rank="Major")
    waiting = client.get("/healthz").json()["worker"]
    assert waiting["queues"]["graph_projection"]["pending"] > 0
    assert waiting["queues"]["graph_projection"]["oldest_pending_seconds"] >= 0
    assert waiting["queues"]["change_publication"]["pending"] > 0
    assert waiting["jobs"] == {}
    # when the worker has run once
    run_due_jobs(periodic_jobs())
    # then the queues are empty and each job's last run shows
    body = client.get("/healthz").json()["worker"]
    assert body["queues"]["graph_projection"] == {"pending": 0, "oldest_pending_seconds": None}
    assert body["queues"]["change_publication"]["pending"] == 0
    assert set(body["jobs"]) == {
        "graph_projection",
        "graph_plans",
        "change_publication",
        "webhook_delivery",
        "confirmation_reminders",
        "follow_up_questions",
        "daily_digests",
        "weekly_digests",
        "pruning",
        "idempotency_pruning",
    }
    assert body["jobs"]["graph_projection"]["state"] == "ok"
    assert body["jobs"]["graph_projection"]["last_result"] > 0
    assert body["jobs"]["graph_plans"]["state"] == "ok"
    assert warming_done(timeout=120)  # its questions go on in a thread: none outlives the test
