"""Each limit rejects a request with a clear error before any database work but signing in."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from directory.models import User

pytestmark = pytest.mark.django_db
# Loading the session and its user: signing in comes before every limit, so nobody unknown gets a document measured.
SIGN_IN_QUERIES = 2


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("limits", password="a-long-test-password", role="admin"))
    # A session's first request records its activity (the idle timeout); the requests measured below are later ones.
    client.get("/graphql")
    return client


def post(client: Client, body: object) -> tuple[int, dict]:
    response = client.post("/graphql", data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def first_error(answer: dict) -> str:
    return answer["errors"][0]["message"]


def deep_query(levels: int) -> str:
    inner = "uuid"
    for _ in range(levels):
        inner = f"neighbours {{ {inner} }}"
    return f"{{ countries(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


def test_too_deep(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(SIGN_IN_QUERIES):
        _, answer = post(client, {"query": deep_query(12)})
    assert "exceeds maximum operation depth" in first_error(answer)


def test_too_many_aliases_even_through_repeated_fragments(client: Client, django_assert_num_queries) -> None:
    aliases = " ".join(f"a{i}: uuid" for i in range(8))
    query = f"""query {{ me {{ ...F ...F ...F }} }}
      fragment F on Officer {{ {aliases} }}"""
    with django_assert_num_queries(SIGN_IN_QUERIES):
        _, answer = post(client, {"query": query})
    assert "24 aliases found. Allowed: 20" in first_error(answer)


def test_too_many_tokens(client: Client, django_assert_num_queries) -> None:
    fields = " ".join("uuid" for _ in range(2100))
    with django_assert_num_queries(SIGN_IN_QUERIES):
        _, answer = post(client, {"query": f"{{ me {{ {fields} }} }}"})
    assert "token" in first_error(answer).lower()


@pytest.mark.parametrize("size", [101, 5000])
def test_a_page_over_the_maximum(client: Client, django_assert_num_queries, size: int) -> None:
    with django_assert_num_queries(SIGN_IN_QUERIES):
        _, answer = post(client, {"query": f"{{ officers(first: {size}) {{ totalCount }} }}"})
    assert f"is {size}; the maximum page size is 100" in first_error(answer)
    with django_assert_num_queries(SIGN_IN_QUERIES):
        _, answer = post(
            client,
            {"query": "query P($n: Int) { officers(first: $n) { totalCount } }", "variables": {"n": size}},
        )
    assert "maximum page size is 100" in first_error(answer)


def test_nested_pages_that_could_fetch_too_much(client: Client, django_assert_num_queries) -> None:
    query = """{ events(first: 100) { edges { node { participations { officer { expertise { topic {
      children { children { uuid } } } } } } } } } }"""
    with django_assert_num_queries(SIGN_IN_QUERIES):
        _, answer = post(client, {"query": query})
    assert "more than the limit" in first_error(answer)


def test_a_batch_is_refused(client: Client, django_assert_num_queries) -> None:
    batch = [{"query": "{ me { uuid } }"}, {"query": "{ me { uuid } }"}]
    with django_assert_num_queries(SIGN_IN_QUERIES):
        response = client.post("/graphql", data=json.dumps(batch), content_type="application/json")
    assert response.status_code == 400
    assert "batch" in response.content.decode().lower()


def test_a_query_over_get_is_refused(client: Client, django_assert_num_queries) -> None:
    # a stranger's costs no query at all; a signed-in browser's costs only its session lookup
    for caller, queries in ((Client(), 0), (client, SIGN_IN_QUERIES)):
        with django_assert_num_queries(queries):
            response = caller.get("/graphql", {"query": "{ me { uuid } }"})
        assert response.status_code == 405
        assert "POST" in response.json()["errors"][0]["message"]


def test_an_oversized_body_is_refused(client: Client, django_assert_num_queries) -> None:
    for caller, queries in ((Client(), 0), (client, SIGN_IN_QUERIES)):
        with django_assert_num_queries(queries):
            status, answer = post(caller, {"query": "{ me { uuid } }", "padding": "x" * 70_000})
        assert status == 413
        assert "bytes" in first_error(answer)


def test_a_session_request_without_the_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_user("csrf", password="a-long-test-password", role="admin"))
    response = client.post("/graphql", data='{"query": "{ me { uuid } }"}', content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]


def test_introspection_is_off_outside_development(client: Client) -> None:
    _, answer = post(client, {"query": "{ __schema { types { name } } }"})
    assert "introspection" in first_error(answer).lower()


def test_field_suggestions_are_off_outside_development(client: Client) -> None:
    _, answer = post(client, {"query": "{ officer { uuid } }"})
    assert "Did you mean" not in first_error(answer)
