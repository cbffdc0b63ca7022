"""Hostile documents cost work in proportion to their size, and nobody unknown gets one parsed at all."""

from __future__ import annotations

import base64
import cProfile
import json
import pstats

import pytest
from django.test import Client
from graphql import OperationDefinitionNode, parse

from api.limits import MAX_FIELDS, MAX_FRAGMENT_NESTING, Weigher
from api.schema import schema
from api.shape import SATURATED, DocumentShape
from api.trusted_documents import operations_in
from directory.models import User
from directory.services.access import issue_api_token
from directory.services.trusted_documents import bind_trusted_documents, register_trusted_documents

pytestmark = pytest.mark.django_db

LEVELS = (10, 20, 40)


def fragment_chain(levels: int, spreads: int) -> str:
    """Each fragment spreads the next one `spreads` times: spread out, `spreads ** levels` copies of the last."""
    chain = " ".join(
        f"fragment F{level} on Query {{ {' '.join([f'...F{level + 1}'] * spreads)} }}" for level in range(levels)
    )
    return f"{{ ...F0 }} {chain} fragment F{levels} on Query {{ me {{ uuid }} }}"


def post(client: Client, query: str, **headers: str) -> tuple[int, dict, int, set[str]]:
    """POST `query`; the status, the answer, how many Python calls serving it took, and the files they ran in."""
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.post("/graphql", data=json.dumps({"query": query}), content_type="application/json", **headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    files = {filename for filename, _, _ in stats.stats}  # type: ignore[attr-defined]
    return response.status_code, response.json(), stats.total_calls, files  # type: ignore[attr-defined]


@pytest.fixture
def signed_in() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("hostile", password="a-long-test-password", role="admin"))
    return client


@pytest.mark.parametrize("spreads", [2, 3])
def test_measuring_a_fragment_chain_takes_work_linear_in_its_size(spreads: int) -> None:
    # given chains of 10, 20 and 40 fragments, each spreading the next one two or three times
    documents = {levels: parse(fragment_chain(levels, spreads)) for levels in LEVELS}
    # when the shape and the cost of each are measured
    shape_visits, cost_visits = {}, {}
    for levels, document in documents.items():
        (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        shapes = DocumentShape(document)
        shape = shapes.of(operation)
        shape_visits[levels] = shapes.visits
        fragments = {d.name.value: d for d in document.definitions if d is not operation}
        weigher = Weigher(fragments, {}, frozenset())  # type: ignore[arg-type]
        weigher.cost(operation.selection_set, schema._schema.query_type)
        cost_visits[levels] = weigher.visits
        # then the numbers are right, however large
        assert shape.fields == min(spreads**levels * 2, SATURATED)
        assert shape.nesting == levels + 1
    # and the work grows with the number of spreads written, not with the number spread out
    for levels in LEVELS:
        written = levels * spreads + 3  # every selection and spread in the document
        assert shape_visits[levels] <= 2 * written, shape_visits
        assert cost_visits[levels] <= written, cost_visits
    assert shape_visits[40] <= 4.2 * shape_visits[10] and cost_visits[40] <= 4.2 * cost_visits[10]


@pytest.mark.parametrize("token", ["junk", "lsn_" + "A" * 40])
def test_a_fragment_bomb_with_a_bad_token_is_refused_before_it_is_parsed(token: str) -> None:
    # given the 20-level chain with three spreads each that ran for more than 20 CPU-minutes
    bomb = fragment_chain(20, 3)
    # when it is sent with a token nobody issued
    status, answer, _, files = post(Client(), bomb, HTTP_AUTHORIZATION=f"Bearer {token}")
    # then it is answered UNAUTHENTICATED, and neither parser, validation nor any limit looked at it
    assert status == 200 and answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    looked_at_it = [f for f in files if f.endswith(("graphql/language/parser.py", "api/shape.py", "api/limits.py"))]
    assert looked_at_it == [] and not any("graphql/validation" in f for f in files)


def test_a_fragment_bomb_without_credentials_is_refused_before_it_is_parsed() -> None:
    status, answer, _, files = post(Client(), fragment_chain(19, 2))
    assert status == 200 and answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert not any(f.endswith("graphql/language/parser.py") for f in files)


@pytest.mark.parametrize("spreads", [2, 3])
def test_a_signed_in_fragment_bomb_is_refused_in_work_linear_in_its_size(signed_in: Client, spreads: int) -> None:
    # given a signed-in user, warmed up
    post(signed_in, "{ me { uuid } }")
    calls = {}
    for levels in LEVELS:
        # when each chain is sent
        _, answer, calls[levels], _ = post(signed_in, fragment_chain(levels, spreads))
        # then it is refused naming the limits broken and how to stay within them
        messages = " ".join(error["message"] for error in answer["errors"])
        assert answer["data"] is None
        assert f"more than the limit of {MAX_FRAGMENT_NESTING}" in messages
        if spreads**levels * 2 > MAX_FIELDS:
            assert f"fields once its fragments are spread, more than the limit of {MAX_FIELDS}" in messages
            assert "spread each fragment fewer times" in messages
        assert {error["extensions"]["code"] for error in answer["errors"]} == {"LIMIT_EXCEEDED"}
    # and the whole request's work (every Python call serving it) grows at most with the document's size
    sizes = {levels: len(fragment_chain(levels, spreads)) for levels in LEVELS}
    assert calls[40] / calls[10] <= sizes[40] / sizes[10], (calls, sizes)
    assert calls[20] / calls[10] <= sizes[20] / sizes[10], (calls, sizes)


@pytest.mark.parametrize("as_hash", [False, True])
def test_a_fragment_bomb_from_a_token_bound_to_documents_is_refused_in_work_linear_in_its_size(as_hash: bool) -> None:
    # given a token bound to one harmless document, warmed up
    integration = User.objects.create_user("bound", password="a-long-test-password", role="integration")
    token, plaintext = issue_api_token(user=integration, name="bound", scopes=["read"])
    [(document, _)] = register_trusted_documents(
        operations_in("query Me { me { uuid } }", schema._schema), registered_by="t"
    )
    bind_trusted_documents(token, [document])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    post(Client(), "query Me { me { uuid } }", **headers)
    calls = {}
    for levels in LEVELS:
        # when each chain is sent as its text, or with a hash it does not match
        bomb = fragment_chain(levels, 3)
        body = {
            "query": bomb,
            **({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": document.sha256}}} if as_hash else {}),
        }
        profiler = cProfile.Profile()
        profiler.enable()
        response = Client().post("/graphql", data=json.dumps(body), content_type="application/json", **headers)
        profiler.disable()
        calls[levels] = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
        # then it is refused as not trusted, or as not the document its hash names, and never executed
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == ("INVALID_INPUT" if as_hash else "DOCUMENT_NOT_TRUSTED")
    sizes = {levels: len(fragment_chain(levels, 3)) for levels in LEVELS}
    assert calls[40] / calls[10] <= sizes[40] / sizes[10], (calls, sizes)


def test_fragments_nested_past_the_limit_are_refused_naming_it(signed_in: Client) -> None:
    # given fragments each spreading the next once: small once spread, but nested 12 deep
    levels = MAX_FRAGMENT_NESTING + 1
    chain = " ".join(f"fragment F{level} on Query {{ ...F{level + 1} }}" for level in range(levels))
    query = f"{{ ...F0 }} {chain} fragment F{levels} on Query {{ me {{ uuid }} }}"
    # when it is sent
    _, answer, _, _ = post(signed_in, query)
    # then the limit is named, with the way around it
    (error,) = answer["errors"]
    assert error["message"] == (
        f"'anonymous' spreads fragments inside fragments {levels + 1} levels deep, more than the limit of "
        f"{MAX_FRAGMENT_NESTING}; write the innermost fragments' fields out instead."
    )
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "fragment_nesting"}


def test_a_fragment_within_the_limits_is_answered(signed_in: Client) -> None:
    query = "query Mine { ...Me ...Me } fragment Me on Query { me { ...Names } } fragment Names on Officer { uuid }"
    _, answer, _, _ = post(signed_in, query)
    assert "errors" not in answer, answer
    assert answer["data"] == {"me": None}  # an administrator with no officer entry of their own


def test_a_fragment_that_spreads_itself_is_refused_clearly(signed_in: Client) -> None:
    query = "{ ...A } fragment A on Query { me { uuid } ...B } fragment B on Query { ...A }"
    _, answer, _, _ = post(signed_in, query)
    assert answer["errors"][0]["message"] == (
        "Fragment 'A' spreads itself through 'B'; a fragment cannot contain itself, "
        "so spread it only outside its own selections."
    )


def encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("offset", ["99999999999999999999", "2147483648", "²", "-1"])
def test_a_cursor_past_any_list_is_a_typed_cursor_error(signed_in: Client, offset: str) -> None:
    query = "query($a: String) { officers(first: 1, after: $a) { totalCount } }"
    response = signed_in.post(
        "/graphql",
        data=json.dumps({"query": query, "variables": {"a": encoded(f"arrayconnection:{offset}")}}),
        content_type="application/json",
    )
    (error,) = response.json()["errors"]
    assert error["message"] == (
        "Argument 'after' of 'officers' is not a cursor this list gave out; use a cursor from pageInfo or an edge."
    )
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "after"}


def test_a_global_id_past_any_record_is_a_typed_id_error(signed_in: Client) -> None:
    query = f'{{ node(id: "{encoded("Officer:99999999999999999999")}") {{ id }} }}'
    _, answer, _, _ = post(signed_in, query)
    assert answer["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "id"}
    assert "Unexpected" not in answer["errors"][0]["message"]


@pytest.mark.parametrize("client_kind", ["signed_in", "anonymous"])
def test_a_body_that_is_not_utf8_gets_a_json_400(signed_in: Client, client_kind: str) -> None:
    client = signed_in if client_kind == "signed_in" else Client()
    body = b'{"query": "{ me { uuid } }", "x": "\xff\xfe"}'
    response = client.post("/graphql", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "errors": [{"message": "The request body is not UTF-8 text; send the JSON encoded as UTF-8."}]
    }


# Python calls that serving a plain `{ me { uuid } }` takes, about: the yardstick for the worst documents below.
PLAIN_REQUEST_CALLS = 10_000


@pytest.mark.parametrize(
    "query",
    [
        "{ me { " + " ".join(["uuid"] * 1990) + " } }",
        "{ me { "
        + " ".join(f"...A{i}" for i in range(10))
        + " } } "
        + " ".join(f"fragment A{i} on Officer {{ {' '.join(['uuid'] * 150)} }}" for i in range(10)),
    ],
    ids=["one field 1990 times", "ten fragments of 150 fields"],
)
def test_the_costliest_documents_within_the_token_limit_are_refused_in_bounded_work(
    signed_in: Client, query: str
) -> None:
    # given the documents that make graphql-core compare the most fields pairwise (within the 2000 tokens)
    post(signed_in, "{ me { uuid } }")
    # when one is sent
    _, answer, calls, _ = post(signed_in, query)
    # then graphql-core's budget for comparisons stops it, and the answer says what to change
    assert answer["errors"][0]["message"] == (
        "The operation has too many fields of the same name to check that they merge; select each field once, "
        "or split the operation."
    )
    assert calls < 150 * PLAIN_REQUEST_CALLS, calls


@pytest.mark.parametrize(
    ("query", "variables", "refusal"),
    [
        ("{ oficers { uuid } }", {}, "Cannot query field 'oficers' on type 'Query'."),
        ("{ officers(frist: 1) { totalCount } }", {}, "Unknown argument 'frist' on field 'Query.officers'."),
        ("query($n: Itn) { officers(first: $n) { totalCount } }", {}, "Unknown type 'Itn'."),
        (
            'query($s: CounterpartScope!) { counterparts(topic: "x", scope: $s) { score } }',
            {"s": "AL"},
            "Variable '$s' has invalid value: Value 'AL' does not exist in 'CounterpartScope' enum.",
        ),
    ],
    ids=["field", "argument", "type", "enum value in a variable"],
)
def test_misspelled_names_get_no_suggestions_outside_development(
    signed_in: Client, query: str, variables: dict, refusal: str
) -> None:
    response = signed_in.post(
        "/graphql", data=json.dumps({"query": query, "variables": variables}), content_type="application/json"
    )
    (error,) = response.json()["errors"]
    assert error["message"] == refusal
