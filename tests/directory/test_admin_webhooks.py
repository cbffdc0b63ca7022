"""The admin's worker and webhook pages: administrators only; the secret shown once; the delivery log readable."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings

from directory.models import Country, JobRun, User, WebhookDelivery, WebhookEndpoint
from directory.services import officers
from directory.services.webhooks import publish_changes, register_webhook_endpoint
from directory.webhooks.secrets import decrypt_secret
from directory.worker import periodic_jobs, run_due_jobs
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db
# This module's tests have no Neo4j: the worker runs its other jobs.
WITHOUT_THE_GRAPH = [
    {"name": "change_publication", "every_seconds": 1, "function": "directory.services.webhooks.publish_changes"},
    {"name": "webhook_delivery", "every_seconds": 1, "function": "directory.webhooks.delivery.deliver_due"},
]


def _client(role: str, **extra: object) -> Client:
    user = User.objects.create_user(f"{role}-user", password="a-long-test-password", role=role, is_staff=True, **extra)
    client = Client()
    client.force_login(user)
    return client


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True)
def test_an_administrator_registers_an_endpoint_and_sees_its_secret_once() -> None:
    build_small_world()
    admin = _client("admin", is_superuser=True)
    response = admin.post(
        "/admin/directory/webhookendpoint/add/",
        {
            "name": "case-system",
            "url": "http://127.0.0.1:9/hook",
            "event_types": ["officer.updated", "officer.moved_agency"],
            "countries": [Country.objects.get(code="KZ").pk],
            "active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    endpoint = WebhookEndpoint.objects.get()
    shown = [str(message) for message in get_messages(response.wsgi_request)] or [response.content.decode()]
    secret = next(word.split("<")[0] for text in shown for word in text.split() if word.startswith("whsec_"))
    assert decrypt_secret(endpoint.secret_encrypted) == secret
    assert endpoint.event_types == ["officer.updated", "officer.moved_agency"]
    assert [c.code for c in endpoint.countries.all()] == ["KZ"]
    # the endpoint's page never shows the secret again
    page = admin.get(f"/admin/directory/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert secret not in page and secret[6:] not in page


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=False)
def test_the_admin_form_refuses_a_private_target_naming_the_url() -> None:
    admin = _client("admin", is_superuser=True)
    response = admin.post(
        "/admin/directory/webhookendpoint/add/",
        {"name": "metadata", "url": "https://169.254.169.254/latest/", "active": "on"},
    )
    assert response.status_code == 200
    assert "link-local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


@override_settings(LIAISON_WEBHOOK_ALLOW_LOOPBACK=True)
def test_the_delivery_log_and_job_runs_show_to_administrators_and_to_no_steward() -> None:
    world = build_small_world()
    register_webhook_endpoint(name="case-system", url="http://127.0.0.1:9/hook")
    officers.update_officer(world.asel, rank="Major")
    publish_changes()
    with override_settings(LIAISON_PERIODIC_JOBS=WITHOUT_THE_GRAPH):
        run_due_jobs(periodic_jobs())
    admin = _client("admin", is_superuser=True)
    steward = _client("steward", country=Country.objects.get(code="KG"))
    log = admin.get("/admin/directory/webhookdelivery/")
    assert log.status_code == 200 and "case-system" in log.content.decode()
    jobs = admin.get("/admin/directory/jobrun/")
    assert jobs.status_code == 200 and "webhook_delivery" in jobs.content.decode()
    for page in ("webhookdelivery", "webhookendpoint", "jobrun"):
        assert steward.get(f"/admin/directory/{page}/").status_code == 403
    # and the retry action makes a given-up delivery due again
    WebhookDelivery.objects.update(status=WebhookDelivery.Status.GIVEN_UP)
    admin.post(
        "/admin/directory/webhookdelivery/",
        {"action": "retry_now", "_selected_action": list(WebhookDelivery.objects.values_list("pk", flat=True))},
    )
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {WebhookDelivery.Status.PENDING}
    assert JobRun.objects.filter(name="webhook_delivery").exists()
