"""Every contact value the API shows is logged: a query's views in one write, and none shown if they cannot be."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import ContactAccessLog, User
from directory.services import officers
from tests.factories import SmallWorld
from tests.locks import table_locked, wait_for_locks_at_most

# The lock is held from another connection, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

PAGE = """query Page { officers(first: 20) { edges { node { uuid contacts { kind value } } } } }"""
MOVE = """mutation Move($officer: ID!) { updateOfficer(officer: $officer, changes: {rank: "Major"}) {
  ... on Officer { uuid contacts { value } } } }"""


def asked(token: str, query: str, variables: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any], int]:
    """The response, its answer, and how many statements wrote to the contact view log."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    table = ContactAccessLog._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/graphql", data=json.dumps({"query": query, "variables": variables or {}}), content_type="application/json"
        )
    writes = [q for q in captured.captured_queries if q["sql"].startswith("INSERT") and table in q["sql"]]
    return response, response.json(), len(writes)


@pytest.fixture
def reachable(world: SmallWorld) -> dict[str, int]:
    """Twelve more officers with an email each, every other one for staff only: the values an integration sees."""
    seen = {str(world.bakyt.uuid): 2}  # Bakyt's signed-in email and verified mobile (world's contacts)
    for number in range(12):
        officer = officers.create_officer(
            name_native=f"Офицер {number}", name_latin=f"Officer {number:02}", agency=world.kz_police
        )
        visibility = ("signed_in", "staff")[number % 2]
        officers.add_contact_channel(
            officer, kind="email", value=f"officer{number}@demo.liaison.invalid", visibility=visibility
        )
        if visibility == "signed_in":
            seen[str(officer.uuid)] = 1
    return seen


def test_a_page_of_officers_logs_each_contact_view_in_one_write(
    reachable: dict[str, int], tokens: dict[str, str], people: dict[str, User]
) -> None:
    # when an integration reads a page of officers with their contacts
    response, answer, writes = asked(tokens["read"], PAGE)
    # then each officer whose contact values it was shown is logged, once, with how many it saw
    shown = {
        edge["node"]["uuid"]: sum(c["value"] is not None for c in edge["node"]["contacts"])
        for edge in answer["data"]["officers"]["edges"]
    }
    assert {uuid: count for uuid, count in shown.items() if count} == reachable
    logs = list(ContactAccessLog.objects.all())
    assert {str(log.officer_uuid): log.channel_count for log in logs} == reachable
    assert {(log.viewer, log.operation, log.request_id) for log in logs} == {
        (people["integration"], "graphql:Page", response["X-Request-ID"])
    }
    # and in one statement, not one per officer
    assert writes == 1


def test_a_query_whose_contact_views_cannot_be_logged_shows_no_contact_value(
    reachable: dict[str, int], tokens: dict[str, str]
) -> None:
    # given the token's use is recorded, another writer holds the log, and a lock is waited for a tenth of a second
    asked(tokens["read"], "{ __typename }")
    logged_before = ContactAccessLog.objects.count()
    wait_for_locks_at_most(100)
    with table_locked(ContactAccessLog):
        # when an integration reads a page of officers with their contacts
        response, answer, _ = asked(tokens["read"], PAGE)
    # then it is told the directory is busy and when to ask again, and sees no contact value
    assert (response.status_code, response["Retry-After"]) == (200, "2")
    assert answer["data"] is None
    assert [error["extensions"] for error in answer["errors"]] == [{"code": "DATABASE_BUSY", "retryAfter": 2}]
    assert "@demo.liaison.invalid" not in response.content.decode()
    assert ContactAccessLog.objects.count() == logged_before
    # and once the writer is done, the same read shows and logs them
    response, answer, _ = asked(tokens["read"], PAGE)
    assert "officer0@demo.liaison.invalid" in response.content.decode()
    assert ContactAccessLog.objects.count() == logged_before + len(reachable)


def test_a_mutations_contact_views_are_logged_as_it_answers(world: SmallWorld, tokens: dict[str, str]) -> None:
    # when an integration with write scope changes Bakyt and reads his contacts in the answer
    _, answer, writes = asked(tokens["write"], MOVE, {"officer": str(world.bakyt.uuid)})
    # then the view is logged like any other
    assert answer["data"]["updateOfficer"]["contacts"][0]["value"] == "bakyt@demo.liaison.invalid"
    (log,) = ContactAccessLog.objects.all()
    assert (str(log.officer_uuid), log.channel_count, log.operation) == (str(world.bakyt.uuid), 2, "graphql:Move")
    assert writes == 1
