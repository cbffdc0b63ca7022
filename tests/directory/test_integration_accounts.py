"""Integration accounts act only through API tokens: no password, no sign-in, no browser session."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from directory.demo import DEMO_INTEGRATION, DEMO_PASSWORD
from directory.demo.accounts import create_demo_users
from directory.models import ChangeLog, Officer, OutboxEvent, User
from directory.services.access import issue_api_token
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ME = "query { officers(first: 5) { totalCount } }"
UPDATE_OFFICER = """mutation($o: ID!) { updateOfficer(officer: $o, changes: {rank: "Major"}) {
  __typename ... on OperationInfo { messages { kind message } } } }"""


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture
def integration(world: SmallWorld) -> User:
    return User.objects.create_user("case-system", password=PASSWORD, role=User.Role.INTEGRATION)


def graphql(client: Client, query: str, variables: dict | None = None, **headers: str):
    return client.post(
        "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )


def test_the_demo_integration_cannot_sign_in_with_the_demo_password(client: Client, world: SmallWorld) -> None:
    # given the demo accounts
    create_demo_users()
    # when the integration tries the demo password at the sign-in page
    response = client.post("/login/", {"username": DEMO_INTEGRATION, "password": DEMO_PASSWORD})
    # then nobody is signed in, and the people's accounts still sign in with it
    assert response.status_code == 200
    assert "That username and password do not match an account" in response.content.decode()
    assert client.get("/").status_code == 302
    assert Client().login(username="demo-officer", password=DEMO_PASSWORD)


def test_an_integration_never_keeps_a_usable_password(integration: User) -> None:
    # given an integration created with a password, and an officer's account later turned into one
    person = User.objects.create_user("former-officer", password=PASSWORD, role=User.Role.OFFICER)
    person.role = User.Role.INTEGRATION
    person.save(update_fields=["role"])
    # then neither can sign in with the password it was given
    for username in ("case-system", "former-officer"):
        assert not User.objects.get(username=username).has_usable_password()
        assert not Client().login(username=username, password=PASSWORD)


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "This is an integration account"), ("ru", "учётная запись интеграции")]
)
def test_an_integration_with_a_password_set_behind_the_models_back_is_refused_clearly(
    integration: User, language: str, expected: str
) -> None:
    # given a password written straight into the database (the model would have refused it)
    User.objects.filter(pk=integration.pk).update(password=make_password(PASSWORD))
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    # when it signs in with that password
    response = client.post("/login/", {"username": "case-system", "password": PASSWORD})
    # then the page says why it may not, and no session begins
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer lsn_not-a-token"}])
def test_a_forced_session_of_an_integration_is_ended_on_the_pages(
    integration: User, world: SmallWorld, headers: dict[str, str]
) -> None:
    # given a browser session for the integration, however it came about
    client = Client()
    client.force_login(integration)
    # when it opens a page about a person (an Authorization header, which pages ignore, changes nothing)
    response = client.get(f"/officers/{world.asel.uuid}/", HTTP_ACCEPT="text/html", **headers)
    # then it is sent to sign in, and the session is over
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/officers/")
    assert "_auth_user_id" not in client.session
    assert client.get("/", HTTP_ACCEPT="text/html")["Location"] == "/login/?next=/"


def test_a_forced_session_of_an_integration_is_refused_by_graphql(integration: User, world: SmallWorld) -> None:
    client = Client()
    client.force_login(integration)
    before = (OutboxEvent.objects.count(), ChangeLog.objects.count())
    response = graphql(client, UPDATE_OFFICER, {"o": str(world.asel.uuid)})
    assert response.status_code == 401
    assert "API token" in response.json()["errors"][0]["message"]
    assert "_auth_user_id" not in client.session
    assert (OutboxEvent.objects.count(), ChangeLog.objects.count()) == before
    # and a read, on the session that is now over, gets nothing about anyone
    assert graphql(client, ME).json()["data"] is None


def test_the_same_integration_works_through_its_token(integration: User, world: SmallWorld) -> None:
    _, token = issue_api_token(user=integration, name="case system", scopes=["read"])
    answer = graphql(Client(), ME, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert answer["data"]["officers"]["totalCount"] == 3


@pytest.mark.parametrize("role", [User.Role.ADMIN, User.Role.STEWARD])
def test_a_read_only_token_cannot_write_whatever_the_accounts_role(world: SmallWorld, role: str) -> None:
    # given a read-only token of an administrator (or of the Kyrgyz officer's steward)
    account = User.objects.create_user(
        f"{role}-script", password=PASSWORD, role=role, country=world.kg_police.country, is_superuser=role == "admin"
    )
    _, token = issue_api_token(user=account, name="reporting", scopes=["read"])
    before = (OutboxEvent.objects.count(), ChangeLog.objects.count())
    # when it tries to change an entry the account itself could change
    answer = graphql(Client(), UPDATE_OFFICER, {"o": str(world.asel.uuid)}, HTTP_AUTHORIZATION=f"Bearer {token}")
    # then the token's scope refuses it, and nothing is written
    result = answer.json()["data"]["updateOfficer"]
    assert result["__typename"] == "OperationInfo"
    assert result["messages"][0]["kind"] == "PERMISSION" and "read-only" in result["messages"][0]["message"]
    assert Officer.objects.get(pk=world.asel.pk).rank == ""
    assert (OutboxEvent.objects.count(), ChangeLog.objects.count()) == before
