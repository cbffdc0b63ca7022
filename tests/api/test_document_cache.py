"""A document sent again is served from the caches without being walked: its cost does not grow with its size."""

from __future__ import annotations

import cProfile
import json
import pstats

import pytest
from django.test import Client

from directory.models import User

pytestmark = pytest.mark.django_db

# A valid document of some size (each alias of `me` a field of its own, within the limit of aliases).
DOCUMENT = "{ " + " ".join(f"me{index}: me {{ uuid nameLatin position }}" for index in range(15)) + " }"


def functions_run(client: Client, query: str) -> set[tuple[str, str]]:
    """POST `query` (expecting an answer without errors); the (file, function) of every Python call serving it."""
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.post("/graphql", data=json.dumps({"query": query}), content_type="application/json")
    profiler.disable()
    assert response.status_code == 200 and "errors" not in response.json(), response.json()
    return {(filename, name) for filename, _, name in pstats.Stats(profiler).stats}  # type: ignore[attr-defined]


def test_a_document_sent_again_is_not_walked_to_find_it_among_those_validated() -> None:
    # given a signed-in client that has sent a document once (parsed and validated then)
    client = Client()
    client.force_login(User.objects.create_user("cached", password="a-long-test-password", role="admin"))
    first = functions_run(client, DOCUMENT)
    # when it sends the same document again
    again = functions_run(client, DOCUMENT)
    # then it is answered without validating it again, and without hashing its nodes to look it up (graphql-core's
    # nodes hash their whole subtree, each location included, at every lookup)
    assert any("graphql/validation" in filename for filename, _ in first)
    assert not any("graphql/validation" in filename for filename, _ in again)
    hashing_nodes = {(f, n) for f, n in again if f.endswith("graphql/language/ast.py") and n == "__hash__"}
    assert hashing_nodes == set()
