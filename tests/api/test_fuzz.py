"""Fuzzing /graphql from its SDL: any valid operation gets an answer a person can read, never a crash or a leak."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.execution import PlainFieldExecutor
from api.schema import schema
from directory.models import User
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db(transaction=True)  # graph fields read Neo4j, projected on commit

SDL = schema.as_str()
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# What MaskErrors answers for an exception nobody wrote a message for: the API's equivalent of a 500.
MASKED = "Unexpected error."
# What a message must never show: stack traces, SQL, Cypher, driver and Python exception names or messages.
LEAKS = (
    "Traceback",
    'File "',
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "sqlite",
    "psycopg",
    "MATCH (",
    "MERGE (",
    "Neo4jError",
    "KeyError",
    "AttributeError",
    "TypeError",
    "IndexError",
    "ValueError",
    "IntegrityError",
    "OperationalError",
    "DoesNotExist",
    "matching query does not exist",
    "Incorrect padding",
    "base64",
    "codec can't",
    "expected to contain only",
)


def _scalars(world: SmallWorld) -> dict[str, st.SearchStrategy[Any]]:
    """Scalar values that name real records as often as not, so resolvers past the lookups run too."""
    records = [
        world.asel,
        world.bakyt,
        world.dilnoza,
        world.kg_police,
        world.kz_police,
        world.uz_prosecutor,
        world.cybercrime,
        world.darknet,
        world.crypto,
        world.workshop,
        world.partner,
    ]
    uuids = [str(record.uuid) for record in records]
    global_ids = [relay.to_base64(type(record).__name__, record.uuid) for record in records]
    words = ["KZ", "UZ", "KG", "IT", "XX", "ru", "en", "ky", "cybercrime", "darknet-drugs", "Tokayev", "Асель", ""]
    text = st.text(max_size=40)
    # Well-formed base64 around a wrong type, a wrong key or a wrong offset: global ids and cursors alike.
    encoded = st.builds(
        relay.to_base64,
        st.sampled_from(["Officer", "Agency", "Topic", "Event", "Liaison", "arrayconnection"]),
        st.one_of(st.integers(), text),
    )
    return {
        "ID": st.one_of(st.sampled_from(uuids + global_ids), st.uuids().map(str), encoded, text).map(nodes.String),
        "String": st.one_of(st.sampled_from(words), encoded, text).map(nodes.String),
        "UUID": st.one_of(st.sampled_from(uuids), st.uuids().map(str)).map(nodes.String),
        "Date": st.dates().map(nodes.String),
        "DateTime": st.datetimes(timezones=st.sampled_from([datetime.UTC, None])).map(
            lambda moment: nodes.String(moment.isoformat())
        ),
    }


@pytest.fixture
def administrator(people: dict[str, User]) -> Client:
    """A browser session of an administrator, who may see and change everything."""
    client = Client()
    client.force_login(people["admin"])
    return client


def _messages(answer: Any) -> Iterator[str]:
    """Every message a person would read: top-level errors and the OperationInfo messages of mutations."""
    if isinstance(answer, dict):
        for key, value in answer.items():
            if key == "message" and isinstance(value, str):
                yield value
            else:
                yield from _messages(value)
    elif isinstance(answer, list):
        for item in answer:
            yield from _messages(item)


def _assert_answered_without_leaks(client: Client, operation: str) -> None:
    note(f"Operation:\n{operation}")
    response = client.post("/graphql", data=json.dumps({"query": operation}), content_type="application/json")
    assert response.status_code < 500, response.content.decode()[:2000]
    answer = response.json()
    assert isinstance(answer, dict)
    assert "data" in answer or "errors" in answer, answer
    for message in _messages(answer):
        assert message != MASKED, "an unexpected exception behind the mask (see the strawberry.execution log)"
        # A marker echoed back from the operation itself (a generated string) is not a leak.
        leaked = [
            marker for marker in LEAKS if marker.lower() in message.lower() and marker.lower() not in operation.lower()
        ]
        assert not leaked, f"{message!r} leaks {leaked}"


@FUZZ
@given(data=st.data())
def test_any_query_is_answered_without_a_crash_or_a_leak(
    data: st.DataObject, world: SmallWorld, administrator: Client
) -> None:
    operation = data.draw(queries(SDL, custom_scalars=_scalars(world)), label="query")
    _assert_answered_without_leaks(administrator, operation)


@FUZZ
@given(data=st.data())
def test_any_mutation_is_answered_without_a_crash_or_a_leak(
    data: st.DataObject, world: SmallWorld, administrator: Client
) -> None:
    operation = data.draw(mutations(SDL, custom_scalars=_scalars(world)), label="mutation")
    _assert_answered_without_leaks(administrator, operation)


# The root fields whose answer depends only on the records: asking twice answers the same, whichever way it runs.
READ_ONLY_ROOTS = [
    "officer",
    "event",
    "agency",
    "organisation",
    "country",
    "topic",
    "node",
    "countries",
    "cities",
    "topics",
    "agencies",
    "organisations",
    "programmes",
    "events",
    "coverage",
    "participations",
    "officers",
    "likelyDuplicates",
    "counterparts",
    "introductionPaths",
    "coverageGaps",
    "neighbourhood",
    "searchNames",
]


@FUZZ
@given(data=st.data())
def test_any_query_gets_the_same_bytes_through_the_short_path_as_the_whole_way(
    data: st.DataObject, world: SmallWorld, administrator: Client
) -> None:
    operation = data.draw(queries(SDL, fields=READ_ONLY_ROOTS, custom_scalars=_scalars(world)), label="query")
    note(f"Operation:\n{operation}")
    bodies = []
    for executor in (PlainFieldExecutor, StrawberryGraphQLCoreExecutionContext):
        schema.execution_context_class = executor
        try:
            response = administrator.post(
                "/graphql", data=json.dumps({"query": operation}), content_type="application/json"
            )
        finally:
            schema.execution_context_class = PlainFieldExecutor
        bodies.append(response.content.decode())
    assert bodies[0] == bodies[1]
