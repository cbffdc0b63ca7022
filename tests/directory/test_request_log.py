"""The request log: one record per request, under the id the response carries, with no credential in its path."""

from __future__ import annotations

import io
import json
import logging
import secrets
from collections.abc import Iterator

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "liaison.requests"]


def test_each_request_is_logged_once_under_the_id_its_response_carries(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="liaison.requests"):
        response = Client().get("/login/?next=/officers/", HTTP_X_REQUEST_ID="trace-7")
    (record,) = request_records(caplog)
    assert response["X-Request-ID"] == "trace-7"
    assert (record.request_id, record.method, record.path, record.status) == ("trace-7", "GET", "/login/", 200)
    assert record.duration_ms >= 0


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured log handler writes (the settings' JSON format and filters), as text."""
    (configured,) = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    written = io.StringIO()
    copy = logging.StreamHandler(written)
    copy.setFormatter(configured.formatter)
    for each in configured.filters:
        copy.addFilter(each)
    logging.getLogger().addHandler(copy)
    yield written
    logging.getLogger().removeHandler(copy)


def test_a_confirmation_links_credential_never_reaches_the_log(
    caplog: pytest.LogCaptureFixture, log_lines: io.StringIO
) -> None:
    token = secrets.token_urlsafe(32)
    with caplog.at_level(logging.INFO, logger="liaison.requests"):
        Client().get(f"/confirm/{token}/")
        Client().get(f"/unsubscribe/{token}/")
    paths = [record.path for record in request_records(caplog)]
    assert paths == ["/confirm/[redacted]/", "/unsubscribe/[redacted]/"]
    # what the log really holds: the JSON lines, Django's own "Not Found" lines among them
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert {line["logger"] for line in lines} >= {"liaison.requests", "django.request"}
    assert all(token not in json.dumps(line) for line in lines)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert all(line["request_id"] and "[redacted]" in line["message"] for line in not_found)
