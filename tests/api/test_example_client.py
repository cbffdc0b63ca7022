"""The examples' typed client against a live server, with a token bound to its operations; docs/api.md's operations."""

from __future__ import annotations

import importlib.util
import re
import sys
from io import StringIO
from pathlib import Path
from types import ModuleType, SimpleNamespace

import graphql
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from api.limits import MAX_COST, MAX_PAGE_SIZE
from api.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, schema
from directory.models import ApiToken, User
from directory.services.access import issue_api_token, revoke_api_token
from graph.schema import ensure_schema
from tests.factories import SmallWorld, build_small_world

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CLIENT_OPERATIONS = sorted((ROOT / "clients" / "python" / "operations").glob("*.graphql"))
DOCS = ROOT / "docs" / "api.md"
GRAPHQL_BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)
SHARED_WORKSHOP = "both attended Crypto, Tashkent, November 2017"


def load_example(name: str) -> ModuleType:
    """Import examples/NAME.py as a script would run it (examples/ on the path, so it finds connection.py)."""
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


example = load_example("counterparts")


def bound_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A read token bound to the typed client's operations: the client is the trusted-documents example too."""
    token, plaintext = issue_api_token(user=user, name=name, scopes=["read"])
    call_command("api_documents", "register", *map(str, CLIENT_OPERATIONS), "--token", str(token.pk), stdout=StringIO())
    return token, plaintext


def documented_operations() -> list[str]:
    """Every ```graphql block of docs/api.md."""
    return GRAPHQL_BLOCK.findall(DOCS.read_text(encoding="utf-8"))


def operation_name(text: str) -> str:
    match = re.search(r"\b(?:query|mutation)\s+(\w+)", text)
    return match.group(1) if match else text[:30]


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture
def integration() -> User:
    return User.objects.create_user("example-integration", password="a-long-test-password", role="integration")


@pytest.fixture
def read_token(integration: User) -> tuple[ApiToken, str]:
    return bound_token(integration, "example client")


@pytest.fixture
def endpoint(live_server) -> str:
    return live_server.url + "/graphql"


@pytest.fixture
def client(endpoint: str, read_token: tuple[ApiToken, str]):
    return example.make_client(endpoint, read_token[1])


@pytest.mark.django_db(transaction=True)
def test_a_topic_slug_becomes_its_uuid(world: SmallWorld, client) -> None:
    # when
    found = {slug: example.find_topic(client, slug) for slug in ("cybercrime", "darknet-drugs", "no-such")}
    # then
    assert found == {
        "cybercrime": str(world.cybercrime.uuid),
        "darknet-drugs": str(world.darknet.uuid),
        "no-such": None,
    }


@pytest.mark.django_db(transaction=True)
def test_counterparts_in_the_countries_bordering_kyrgyzstan(world: SmallWorld, client) -> None:
    # given
    topic = example.find_topic(client, "cybercrime")
    # when
    found = example.counterparts(client, topic, "kg")
    # then: Kazakhstan and Uzbekistan border Kyrgyzstan; each counterpart says what they work on
    assert [(c.officer.name_latin, c.country_code) for c in found] == [
        ("Bakyt Tokayev", "KZ"),
        ("Dilnoza Karimova", "UZ"),
    ]
    assert [c.officer.uuid for c in found] == [str(world.bakyt.uuid), str(world.dilnoza.uuid)]
    assert all(c.reasons[0].kind == "EXPERTISE" for c in found)
    assert "works on Darknet drug trafficking (expert)" in [r.text for r in found[1].reasons]


@pytest.mark.django_db(transaction=True)
def test_asking_as_an_officer_adds_the_workshop_attended_together(world: SmallWorld, client) -> None:
    # given Asel (Kyrgyzstan) and Bakyt (Kazakhstan) both attended the Tashkent workshop; Dilnoza did not
    topic = example.find_topic(client, "cybercrime")
    # when
    found = example.counterparts(client, topic, "KG", officer_uuid=str(world.asel.uuid))
    # then
    bakyt, dilnoza = found
    assert bakyt.officer.uuid == str(world.bakyt.uuid) and bakyt.score > dilnoza.score
    assert ("SHARED_EVENT", SHARED_WORKSHOP) in [(reason.kind, reason.text) for reason in bakyt.reasons]
    assert "SHARED_EVENT" not in [reason.kind for reason in dilnoza.reasons]


@pytest.mark.django_db(transaction=True)
def test_name_search_finds_officers_and_topics_across_scripts(world: SmallWorld, client) -> None:
    ensure_schema(force=True)  # waits for the full-text index to catch up with the new records
    # when
    in_cyrillic = example.search_names(client, "Токаев", kinds=["OFFICER"])
    in_latin = example.search_names(client, "Dilnoza")
    topics = example.search_names(client, "cryptocurrency", kinds=["TOPIC"])
    # then
    assert in_cyrillic[0].uuid == str(world.bakyt.uuid) and in_cyrillic[0].name == "Bakyt Tokayev"
    assert in_latin[0].uuid == str(world.dilnoza.uuid)
    assert [match.uuid for match in topics] == [str(world.crypto.uuid)]


@pytest.mark.django_db(transaction=True)
def test_main_prints_counterparts_with_their_reasons(
    world: SmallWorld, live_server, read_token: tuple[ApiToken, str], monkeypatch, capsys
) -> None:
    # given
    monkeypatch.setenv("LIAISON_TOKEN", read_token[1])
    argv = ["--url", live_server.url, "--topic", "cybercrime", "--country", "KG", "--officer", str(world.asel.uuid)]
    # when
    status = example.main(argv)
    # then
    out = capsys.readouterr().out
    assert status == 0
    assert out.index("Bakyt Tokayev (Бакыт Токаев)") < out.index("Dilnoza Karimova")
    assert f"{SHARED_WORKSHOP} (shared_event)" in out
    assert str(world.bakyt.uuid) in out


@pytest.mark.django_db(transaction=True)
def test_main_explains_a_revoked_token(
    world: SmallWorld, live_server, read_token: tuple[ApiToken, str], monkeypatch, capsys
) -> None:
    # given
    token, plaintext = read_token
    revoke_api_token(token)
    monkeypatch.setenv("LIAISON_TOKEN", plaintext)
    # when
    status = example.main(["--url", live_server.url, "--topic", "cybercrime", "--country", "KG"])
    # then
    captured = capsys.readouterr()
    assert status != 0 and captured.out == ""
    assert "refused the token in LIAISON_TOKEN" in captured.err and "api_token issue" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.django_db(transaction=True)
def test_main_explains_a_missing_token(live_server, monkeypatch, capsys) -> None:
    # given
    monkeypatch.delenv("LIAISON_TOKEN", raising=False)
    # when
    status = example.main(["--url", live_server.url, "--topic", "cybercrime", "--country", "KG"])
    # then
    captured = capsys.readouterr()
    assert status != 0
    assert "No API token: set LIAISON_TOKEN" in captured.err and "Traceback" not in captured.err


@pytest.mark.django_db(transaction=True)
def test_main_explains_an_unknown_topic(
    world: SmallWorld, live_server, read_token: tuple[ApiToken, str], monkeypatch, capsys
) -> None:
    # given
    monkeypatch.setenv("LIAISON_TOKEN", read_token[1])
    # when
    status = example.main(["--url", live_server.url, "--topic", "darknet", "--country", "KG"])
    # then
    captured = capsys.readouterr()
    assert status != 0
    assert "Unknown topic 'darknet'; use one of these slugs: crypto-laundering, cybercrime, darknet-drugs" in (
        captured.err
    )


def test_the_documentation_shows_an_operation_for_every_kind_of_user() -> None:
    names = {operation_name(text) for text in documented_operations()}
    for needed in ("Counterparts", "Introductions", "CoverageGaps", "EventsWithRatings", "Officers"):
        assert needed in names
    for needed in ("VerifyOfficer", "UpdateOfficer", "MergeOfficers", "SearchNames", "SyncOfficers"):
        assert needed in names


def test_the_documented_limits_are_the_servers() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for row in (
        f"| body size | {settings.LIAISON_GRAPHQL_MAX_BODY_BYTES:,} bytes",
        f"| tokens | {MAX_TOKENS:,} lexical tokens",
        f"| depth | {MAX_DEPTH} levels",
        f"| aliases | {MAX_ALIASES} aliases",
        f"| page size | `first`, `last` and `limit` at most {MAX_PAGE_SIZE} |",
        f"| cost | about {MAX_COST:,} records",
    ):
        assert row in text


@pytest.mark.parametrize("text", documented_operations(), ids=operation_name)
def test_every_documented_operation_is_valid_against_the_schema(text: str) -> None:
    document = graphql.parse(text)
    assert graphql.validate(schema._schema, document) == []


@pytest.mark.parametrize("text", documented_operations(), ids=operation_name)
def test_every_documented_operation_passes_the_request_limits(text: str) -> None:
    # Signed out, an operation goes through every limit and stops only at the sign-in check.
    context = SimpleNamespace(request=SimpleNamespace(user=AnonymousUser()))
    result = schema.execute_sync(text, context_value=context)
    assert [error.message for error in result.errors or []] == [
        "Authentication required: sign in, or send an API token as 'Authorization: Bearer <token>'."
    ]
