"""`/metrics`: what a monitoring system reads after real requests, and who may read it."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from directory.models import OutboxEvent, User
from directory.services.jobs import claim_job_run, finish_job_run
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
SCRAPE_KEY = "a-scrape-key-of-the-monitoring-system"
# A proxy on the same host makes every request a loopback one; without LIAISON_METRICS_ALLOW_LOOPBACK (off in
# production) only the key or an administrator's session opens the metrics.
CLOSED = override_settings(LIAISON_METRICS_ALLOW_LOOPBACK=False, LIAISON_METRICS_TOKEN=SCRAPE_KEY)


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition, or 0 when it is not there."""
    for line in text.splitlines():
        if line.startswith(name + ("{" if labels else " ")) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def scrape(client: Client | None = None, **headers: str) -> str:
    response = (client or Client()).get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.content.decode()


@pytest.fixture
def people(django_user_model: type) -> dict[str, User]:
    return {
        role: django_user_model.objects.create_user(f"metrics-{role}", password=PASSWORD, role=role)
        for role in ("officer", "staff", "steward", "admin")
    }


def test_the_metrics_show_the_request_just_answered_by_view(people: dict[str, User]) -> None:
    # given the count of sign-in pages answered so far
    before = sample(scrape(), "liaison_http_request_duration_seconds_count", view="login")
    # when someone opens the sign-in page
    assert Client().get("/login/").status_code == 200
    # then the metrics count it under the page's name, with its latency and status
    text = scrape()
    assert sample(text, "liaison_http_request_duration_seconds_count", view="login") == before + 1
    assert sample(text, "liaison_http_request_duration_seconds_bucket", view="login", le="+Inf") >= before + 1
    assert sample(text, "liaison_http_responses_total", view="login", method="GET", status="200") >= 1


def test_a_graphql_request_is_counted_by_its_operation_not_the_name_the_client_gave(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["officer"])
    document = "query AnyNameAtAll { countries(first: 2) { edges { node { code } } } }"
    response = client.post("/graphql", {"query": document}, content_type="application/json")
    assert response.status_code == 200 and "errors" not in response.json(), response.content
    text = scrape()
    assert sample(text, "liaison_http_request_duration_seconds_count", view="graphql", operation="query countries") >= 1
    assert "AnyNameAtAll" not in text


def test_the_outbox_depth_and_its_oldest_event_age_are_read_at_the_scrape(people: dict[str, User]) -> None:
    OutboxEvent.objects.filter(applied_at__isnull=True).delete()
    assert sample(scrape(), "liaison_outbox_pending_events") == 0
    assert sample(scrape(), "liaison_outbox_oldest_pending_seconds") == 0
    # writes whose projection waits (a test's writes are not projected unless they commit)
    build_small_world()
    text = scrape()
    assert sample(text, "liaison_outbox_pending_events") == OutboxEvent.objects.filter(applied_at__isnull=True).count()
    assert sample(text, "liaison_outbox_pending_events") > 0
    assert sample(text, "liaison_outbox_oldest_pending_seconds") >= 0
    families = ("liaison_projection_failures", "liaison_worker_job_failures", "liaison_neo4j_query_duration_seconds")
    for family in families:
        assert f"# TYPE {family}" in text


def test_a_failed_sign_in_is_counted(people: dict[str, User]) -> None:
    before = sample(scrape(), "liaison_sign_in_failures_total")
    response = Client().post("/login/", {"username": "metrics-officer", "password": "wrong"}, REMOTE_ADDR="10.9.9.1")
    assert response.status_code == 200  # the form again, with its error
    assert sample(scrape(), "liaison_sign_in_failures_total") == before + 1


def test_the_projection_job_failures_come_from_the_worker_record(people: dict[str, User]) -> None:
    assert claim_job_run("graph_projection", 2)
    finish_job_run("graph_projection", result=None, error="ServiceUnavailable: Neo4j is not answering")
    text = scrape()
    assert sample(text, "liaison_projection_failures_total") == 1
    assert sample(text, "liaison_worker_job_failures_total", job="graph_projection") == 1
    assert sample(text, "liaison_worker_job_runs_total", job="graph_projection") == 1


@CLOSED
def test_only_the_scrape_key_or_an_administrator_opens_the_metrics(people: dict[str, User]) -> None:
    assert Client().get("/metrics").status_code == 403
    for role in ("officer", "staff", "steward"):
        client = Client()
        client.force_login(people[role])
        refused = client.get("/metrics")
        assert refused.status_code == 403, role
        assert refused.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        assert "LIAISON_METRICS_TOKEN" in refused.json()["errors"][0]["message"]
    admin = Client()
    admin.force_login(people["admin"])
    assert "liaison_http_request_duration_seconds" in scrape(admin)
    assert "liaison_outbox_pending_events" in scrape(HTTP_AUTHORIZATION=f"Bearer {SCRAPE_KEY}")


@CLOSED
def test_a_wrong_key_is_told_so(people: dict[str, User]) -> None:
    for header in (f"Bearer {SCRAPE_KEY}x", "Bearer ", f"Basic {SCRAPE_KEY}", "Bearer " + "x" * 5000):
        response = Client().get("/metrics", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@override_settings(LIAISON_METRICS_ALLOW_LOOPBACK=True, LIAISON_METRICS_TOKEN="")
def test_while_developing_loopback_reads_them_but_not_through_a_proxy_or_from_elsewhere(
    people: dict[str, User],
) -> None:
    assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="::1").status_code == 200
    assert Client().get("/metrics", REMOTE_ADDR="10.0.0.7").status_code == 403
    proxied = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.status_code == 403
    assert Client().get("/metrics", REMOTE_ADDR="not an address").status_code == 403


def test_junk_query_strings_change_nothing_and_only_get_and_head_are_answered(people: dict[str, User]) -> None:
    client = Client()
    for junk in ("name[]=liaison_outbox_pending_events", "%ff%fe=%00", "a=" + "b" * 4000, "format=openmetrics"):
        response = client.get(f"/metrics?{junk}")
        assert response.status_code == 200, junk
        assert "liaison_outbox_pending_events" in response.content.decode()
    assert client.head("/metrics").status_code == 200
    for method in ("post", "put", "patch", "delete", "options", "trace"):
        assert getattr(client, method)("/metrics").status_code == 405, method


@override_settings(LIAISON_METRICS_RATE_LIMIT="3/m")
def test_scrapes_are_throttled_per_address(people: dict[str, User]) -> None:
    client = Client(REMOTE_ADDR="127.0.0.99")
    answers = [client.get("/metrics") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1
    assert answers[-1].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_junk_paths_and_methods_do_not_grow_the_label_set(people: dict[str, User]) -> None:
    client = Client()
    for path in ("/no-such-page-1/", "/no-such-page-2/", "/%00%ff/"):
        client.generic("BREW", path)
        client.get(path)
    text = scrape()
    assert "no-such-page" not in text and "BREW" not in text
    assert sample(text, "liaison_http_responses_total", view="unmatched", method="other", status="404") >= 3
    # every view label is a URL's name, never a path someone typed
    assert all("/" not in label for label in re.findall(r'view="([^"]*)"', text))


@pytest.mark.neo4j
def test_a_graph_question_is_timed_by_its_name(demo: object, sign_in: object) -> None:
    client = sign_in("demo-officer")  # type: ignore[operator]
    before = sample(scrape(), "liaison_neo4j_query_duration_seconds_count", question="search_names", outcome="ok")
    assert client.get("/search/", {"q": "Tashkent"}).status_code == 200
    after = sample(scrape(), "liaison_neo4j_query_duration_seconds_count", question="search_names", outcome="ok")
    assert after == before + 1
