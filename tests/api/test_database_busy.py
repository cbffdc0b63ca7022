"""A write that cannot get its lock in time is a typed, retryable error that wrote nothing, not "Unexpected error"."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from directory.models import Officer, User
from directory.services.access import issue_api_token
from tests.factories import SmallWorld
from tests.locks import officer_row_locked, wait_for_locks_at_most

# The lock is held from another connection, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

UPDATE_RANK = """
mutation($o: ID!) {
  updateOfficer(officer: $o, changes: {rank: "Colonel"}) {
    __typename
    ... on Officer { rank }
  }
}
"""


def _update_rank(token: str, officer: Officer) -> tuple[int, str | None, dict]:
    response = Client().post(
        "/graphql",
        data=json.dumps({"query": UPDATE_RANK, "variables": {"o": str(officer.uuid)}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.headers.get("Retry-After"), response.json()


def test_a_mutation_that_cannot_get_the_lock_in_time_says_busy_and_when_to_retry(
    world: SmallWorld, people: dict[str, User], tokens: dict[str, str]
) -> None:
    # given a token just used (its use is recorded) and a fresh one (its first use is a write of its own),
    # another writer holding the officer's row, and a lock wait of a tenth of a second
    _update_rank(tokens["write"], world.asel)
    _, fresh = issue_api_token(user=people["integration"], name="fresh", scopes=["write"])
    wait_for_locks_at_most(100)
    with officer_row_locked(world.bakyt):
        # when an integration changes that officer, with either token
        answers = [_update_rank(token, world.bakyt) for token in (tokens["write"], fresh)]

    # then each answer names the condition with a stable code and a retry hint, and nothing was written
    for status, retry_after, answer in answers:
        assert (status, retry_after) == (200, "2")
        [error] = answer["errors"]
        assert error["extensions"] == {"code": "DATABASE_BUSY", "retryAfter": 2}
        assert "busy" in error["message"] and "nothing was saved" in error["message"]
    assert Officer.objects.get(pk=world.bakyt.pk).rank != "Colonel"

    # and once the other writer is done, the same request succeeds
    status, retry_after, answer = _update_rank(fresh, world.bakyt)
    assert (status, retry_after) == (200, None)
    assert answer == {"data": {"updateOfficer": {"__typename": "Officer", "rank": "Colonel"}}}
