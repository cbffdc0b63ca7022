"""Trusted documents: a bound token runs its registered operations and nothing else; hashes stand for texts."""

from __future__ import annotations

import json
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from api.trusted_documents import sha256_of
from directory.models import ApiToken, ContactAccessLog, Officer, TrustedDocument, User
from directory.services.access import issue_api_token
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

OPERATIONS = """
query TopicSlugs($first: Int = 10) {
  topics(first: $first) { edges { node { ...Slug } } }
}

fragment Slug on Topic { slug }

query Contacts($country: String!) {
  officers(country: $country, first: 10) { edges { node { nameLatin contacts { kind value } } } }
}
"""
FREE_FORM = "query Me { me { uuid } }"


@pytest.fixture
def operations_file(tmp_path: Path) -> Path:
    path = tmp_path / "integration.graphql"
    path.write_text(OPERATIONS, encoding="utf-8")
    return path


@pytest.fixture
def integration(world: SmallWorld) -> User:
    return User.objects.create_user("case-system", password="a-long-test-password", role="integration")


@pytest.fixture
def bound(integration: User, operations_file: Path, capsys) -> tuple[ApiToken, str]:
    """A read token bound to the two operations of the file, registered by the command an administrator runs."""
    token, plaintext = issue_api_token(user=integration, name="case system", scopes=["read"])
    call_command("api_documents", "register", str(operations_file), "--token", str(token.pk))
    capsys.readouterr()
    return token, plaintext


def hashes() -> dict[str, str]:
    return dict(TrustedDocument.objects.values_list("operation_name", "sha256"))


def post(body: dict[str, Any] | list[Any] | str, token: str | None = None, **headers: str) -> Any:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    response = Client().post("/graphql", data=data, content_type="application/json", **auth, **headers)
    return response


def persisted(sha256: str, **rest: Any) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256}}, **rest}


def only_error(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["data"] is None, body
    (error,) = body["errors"]
    return error


def test_register_prints_each_operation_with_its_hash_and_binds_the_token(
    integration: User, operations_file: Path, capsys
) -> None:
    # given
    token, _ = issue_api_token(user=integration, name="case system", scopes=["read"])
    # when
    call_command("api_documents", "register", str(operations_file), "--token", token.prefix)
    # then each named operation is its own document, known by the hash of its normalised text
    out = capsys.readouterr().out
    documents = {document.operation_name: document for document in TrustedDocument.objects.all()}
    assert set(documents) == {"TopicSlugs", "Contacts"}
    assert "fragment Slug on Topic" in documents["TopicSlugs"].text and "fragment" not in documents["Contacts"].text
    for document in documents.values():
        assert document.sha256 == sha256_of(document.text)
        assert f"{document.sha256}  query {document.operation_name}  (registered)" in out
        assert document.source == "integration.graphql" and document.registered_by.startswith("system account")
    token.refresh_from_db()
    assert token.documents_only and token.trusted_documents.count() == 2
    # and registering the same file again changes nothing
    call_command("api_documents", "register", str(operations_file))
    assert "(already registered)" in capsys.readouterr().out and TrustedDocument.objects.count() == 2


def test_a_bound_token_runs_its_documents_by_text_or_by_hash(bound: tuple[ApiToken, str]) -> None:
    _, token = bound
    # by text, spaced and ordered differently from the file: the same operation once normalised
    text = (
        "fragment Slug on Topic { slug }\n"
        "query TopicSlugs($first: Int = 10) { topics(first: $first) { edges { node { ...Slug } } } }"
    )
    by_text = post({"query": text, "variables": {"first": 2}}, token).json()
    by_hash = post(persisted(hashes()["TopicSlugs"], variables={"first": 2}), token).json()
    assert (
        by_text
        == by_hash
        == {"data": {"topics": {"edges": [{"node": {"slug": "crypto-laundering"}}, {"node": {"slug": "cybercrime"}}]}}}
    )


def test_a_bound_token_runs_nothing_else(bound: tuple[ApiToken, str]) -> None:
    _, token = bound
    # a free-form query, valid and harmless, is refused, naming `query` and the way out
    error = only_error(post({"query": FREE_FORM}, token))
    assert error["extensions"] == {"code": "DOCUMENT_NOT_TRUSTED", "field": "query"}
    assert "runs only the trusted documents bound to it" in error["message"]
    assert "manage.py api_documents register" in error["message"]
    # and so is a registered document bound to another token only, and a document that does not parse
    other = issue_api_token(user=User.objects.get(username="case-system"), name="other", scopes=["read"])[0]
    call_command("api_documents", "register", "--token", str(other.pk), _file(FREE_FORM))
    assert only_error(post(persisted(hashes()["Me"]), token))["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
    assert only_error(post({"query": "query {"}, token))["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
    assert only_error(post([{"query": FREE_FORM}], token))["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"


def test_officers_staff_and_unbound_tokens_keep_free_form_queries(
    world: SmallWorld, bound: tuple[ApiToken, str], integration: User
) -> None:
    _, unbound = issue_api_token(user=integration, name="unbound", scopes=["read"])
    staff = Client()
    staff.force_login(User.objects.create_user("staff", password="a-long-test-password", role="staff"))
    assert "errors" not in post({"query": "{ topics(first: 1) { totalCount } }"}, unbound).json()
    answer = staff.post(
        "/graphql", data={"query": "{ topics(first: 1) { totalCount } }"}, content_type="application/json"
    )
    assert answer.json() == {"data": {"topics": {"totalCount": 3}}}
    # and they may send a registered document by its hash, as any client may
    assert "errors" not in post(persisted(hashes()["TopicSlugs"]), unbound).json()


def test_an_unknown_hash_is_not_found_and_bad_extensions_are_typed_errors(bound: tuple[ApiToken, str]) -> None:
    _, token = bound
    error = only_error(post(persisted("0" * 64), token))
    assert error["extensions"] == {"code": "PERSISTED_QUERY_NOT_FOUND", "field": "extensions.persistedQuery.sha256Hash"}
    for body, field in [
        (persisted("A" * 60_000), "extensions.persistedQuery.sha256Hash"),
        (persisted("g" * 64), "extensions.persistedQuery.sha256Hash"),
        (persisted(None), "extensions.persistedQuery.sha256Hash"),
        (
            {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}},
            "extensions.persistedQuery.version",
        ),
        (
            {"extensions": {"persistedQuery": {"version": True, "sha256Hash": "0" * 64}}},
            "extensions.persistedQuery.version",
        ),
        ({"extensions": {"persistedQuery": "yes"}}, "extensions.persistedQuery"),
        ({"extensions": {"persistedQuery": ["x"] * 1000}}, "extensions.persistedQuery"),
    ]:
        error = only_error(post(body, token))
        assert error["extensions"] == {"code": "INVALID_INPUT", "field": field, "reason": "malformed_persisted_query"}
        assert len(error["message"]) < 300  # the hostile value is not echoed back


def test_a_query_that_is_not_the_document_its_hash_names_is_refused(
    bound: tuple[ApiToken, str], integration: User
) -> None:
    _, unbound = issue_api_token(user=integration, name="unbound", scopes=["read"])
    for token in (bound[1], unbound):
        error = only_error(post(persisted(hashes()["TopicSlugs"], query=FREE_FORM), token))
        assert error["extensions"] == {"code": "INVALID_INPUT", "field": "query", "reason": "persisted_query_mismatch"}
        error = only_error(post(persisted(hashes()["TopicSlugs"], operationName="Contacts"), token))
        assert error["extensions"]["field"] == "operationName"


@override_settings(LIAISON_GRAPHQL_RATE_LIMIT="2/m")
def test_rate_limits_count_persisted_queries_like_any_request(bound: tuple[ApiToken, str]) -> None:
    _, token = bound
    answers = [post(persisted(hashes()["TopicSlugs"]), token) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_request_limits_apply_to_persisted_queries(bound: tuple[ApiToken, str]) -> None:
    _, token = bound
    error = only_error(post(persisted(hashes()["TopicSlugs"], variables={"first": 1000}), token))
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "first"}
    assert "the maximum page size is 100" in error["message"]


def test_contact_views_through_a_persisted_query_are_logged_under_its_name(
    world: SmallWorld, bound: tuple[ApiToken, str]
) -> None:
    # given Bakyt's channels open to the signed-in and to the verified (tests/api/conftest.py)
    _, token = bound
    body = post(persisted(hashes()["Contacts"], variables={"country": "KZ"}), token).json()
    shown = [c for edge in body["data"]["officers"]["edges"] for c in edge["node"]["contacts"] if c["value"]]
    assert {c["kind"] for c in shown} == {"EMAIL", "MOBILE"}
    log = ContactAccessLog.objects.get(officer_uuid=world.bakyt.uuid)
    assert (log.viewer_username, log.operation, log.channel_count) == ("case-system", "graphql:Contacts", 2)


def test_unbinding_the_last_document_leaves_the_token_running_nothing_until_freed(
    bound: tuple[ApiToken, str], capsys
) -> None:
    token, plaintext = bound
    call_command("api_documents", "unbind", "--token", str(token.pk), "TopicSlugs", "Contacts")
    assert "(none: it runs nothing)" in capsys.readouterr().out
    assert (
        only_error(post(persisted(hashes()["TopicSlugs"]), plaintext))["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
    )
    call_command("api_documents", "unbind", "--token", str(token.pk), "--free")
    assert "errors" not in post({"query": FREE_FORM}, plaintext).json()


def test_list_shows_hashes_and_the_tokens_bound(bound: tuple[ApiToken, str], capsys) -> None:
    token, _ = bound
    call_command("api_documents", "list", "--token", token.prefix)
    out = capsys.readouterr().out
    assert hashes()["Contacts"] in out and "q:Contacts" in out and f"API token #{token.pk} 'case system'" in out


def _file(text: str, name: str = "ops.graphql") -> str:
    path = Path(tempfile.mkdtemp()) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("query Broken { topics(first: 1) { ", "does not parse: Syntax Error"),
        ("query Wrong { nothingHere }", "does not validate against the schema: Cannot query field 'nothingHere'"),
        ("query A { me { uuid } }\n{ me { uuid } }", "holds 2 operations, 1 without a name; name every operation"),
        ("{ me { uuid } }", "holds an operation without a name"),
        ("fragment F on Topic { slug }", "holds no operation"),
    ],
)
def test_register_refuses_a_bad_document_naming_the_file_and_registers_nothing(
    world: SmallWorld, tmp_path: Path, text: str, says: str
) -> None:
    good, bad = tmp_path / "good.graphql", tmp_path / "bad.graphql"
    good.write_text("query Fine { me { uuid } }", encoding="utf-8")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("api_documents", "register", str(good), str(bad))
    assert str(refused.value).startswith(f"FILE.graphql: '{bad}' ") and says in str(refused.value)
    assert TrustedDocument.objects.count() == 0


def test_register_and_bind_name_the_argument_they_refuse(world: SmallWorld, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^FILE.graphql: '.*missing.graphql' is not a file"):
        call_command("api_documents", "register", str(tmp_path / "missing.graphql"))
    (tmp_path / "latin1.graphql").write_bytes("query Ä { me { uuid } }".encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("api_documents", "register", str(tmp_path / "latin1.graphql"))
    with pytest.raises(CommandError, match=r"^--token: no API token matches 'nope'"):
        call_command("api_documents", "bind", "--token", "nope", "TopicSlugs")
    with pytest.raises(CommandError, match=r"^--by: no user named 'ghost'"):
        call_command("api_documents", "register", "--by", "ghost", _file("query Fine { me { uuid } }"))
    integration = User.objects.create_user("x", password="a-long-test-password", role="integration")
    token, _ = issue_api_token(user=integration, name="x", scopes=["read"])
    with pytest.raises(CommandError, match=r"^HASH_OR_NAME: no trusted document matches 'Unknown'"):
        call_command("api_documents", "bind", "--token", str(token.pk), "Unknown")
    token.refresh_from_db()
    assert not token.documents_only


def test_a_mutation_sent_by_hash_with_an_idempotency_key_runs_once(world: SmallWorld, integration: User) -> None:
    # given a write token bound to a registered mutation
    token, plaintext = issue_api_token(user=integration, name="writer", scopes=["read", "write"])
    mutation = (
        "mutation CreateOfficer($agency: ID!, $name: String!) {\n"
        "  createOfficer(input: {nameNative: $name, nameLatin: $name, agency: $agency}) { ... on Officer { uuid } }\n}"
    )
    call_command("api_documents", "register", "--token", str(token.pk), _file(mutation), stdout=StringIO())
    body = persisted(
        hashes()["CreateOfficer"], variables={"agency": str(world.kg_police.uuid), "name": "Aibek Sydykov"}
    )
    # when it is sent by its hash twice with one key
    first, retry = (post(body, plaintext, HTTP_IDEMPOTENCY_KEY='"create-aibek"') for _ in range(2))
    # then the officer is created once and the retry gets the first answer
    assert first.json()["data"]["createOfficer"]["uuid"] == retry.json()["data"]["createOfficer"]["uuid"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Officer.objects.filter(name_latin="Aibek Sydykov").count() == 1
