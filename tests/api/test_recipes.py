"""docs/api.md's recipes, run as written: the typed client's operations over HTTP, with a token bound to them."""

from __future__ import annotations

import datetime
import re

import pytest
from graphql import parse, print_ast

from directory.models import User
from directory.services import institutions, officers
from directory.services.webhooks import publish_changes
from tests.api.test_example_client import CLIENT_OPERATIONS, DOCS, bound_token, load_example
from tests.factories import SmallWorld, build_small_world

recipes = load_example("recipes")
connection = load_example("connection")
RECIPES = ("TrainingEvents", "PartnersAndCoverage", "Changes")


def recipe_section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    return text[text.index("## Recipes") : text.index("\n## ", text.index("## Recipes") + 1)]


def operations(text: str) -> dict[str, str]:
    """Each named operation of a text of GraphQL blocks or files, printed the one way."""
    document = parse(text)
    return {d.name.value: print_ast(d) for d in document.definitions if getattr(d, "name", None)}


def test_each_recipe_in_the_documentation_is_the_operation_the_client_runs() -> None:
    blocks = "\n".join(re.findall(r"```graphql\n(.*?)```", recipe_section(), re.DOTALL))
    documented = operations(blocks)
    client = operations("\n".join(path.read_text(encoding="utf-8") for path in CLIENT_OPERATIONS))
    assert set(documented) == set(RECIPES)
    for name in RECIPES:
        assert documented[name] == client[name], f"docs/api.md's {name} differs from clients/python/operations"
    for function in ("officers_trained_on", "partners_without_coverage", "changes_since"):
        assert f"{function}(" in recipe_section()


@pytest.fixture
def world() -> SmallWorld:
    return build_small_world()


@pytest.fixture
def client(world: SmallWorld, live_server):
    integration = User.objects.create_user("recipes", password="a-long-test-password", role="integration")
    return connection.make_client(live_server.url, bound_token(integration, "recipes")[1])


@pytest.mark.django_db(transaction=True)
def test_officers_trained_on_a_topic_in_a_country_since_a_date(world: SmallWorld, client) -> None:
    since = datetime.date(2017, 1, 1)
    # when
    in_kyrgyzstan = recipes.officers_trained_on(client, "crypto-laundering", "KG", since)
    # then Asel attended the Tashkent workshop on cryptocurrency laundering
    assert [(o.uuid, o.name_latin, o.events) for o in in_kyrgyzstan] == [
        (
            str(world.asel.uuid),
            "Asel Toktogulova",
            ["Investigation of Money Laundering with Cryptocurrencies (2017-11-27, participant)"],
        )
    ]
    assert [o.name_latin for o in recipes.officers_trained_on(client, "crypto-laundering", "KZ", since)] == [
        "Bakyt Tokayev"
    ]
    # and nobody was trained on it after the workshop, nor on another topic there
    assert recipes.officers_trained_on(client, "crypto-laundering", "KG", datetime.date(2017, 11, 28)) == []
    assert recipes.officers_trained_on(client, "darknet-drugs", "KG", since) == []


@pytest.mark.django_db(transaction=True)
def test_partners_with_no_coverage_in_a_country(world: SmallWorld, client) -> None:
    # given a second partner that covers nothing
    institutions.create_organisation(name_en="Programme office", kind="un_unit", country_code="KZ")
    # when
    uzbekistan = recipes.partners_without_coverage(client, "UZ")
    # then the directorate covers darknet drug trafficking in Uzbekistan; the new partner covers nothing there,
    # and nobody covers cryptocurrency laundering there
    assert [o.name_en for o in uzbekistan.partners_without_coverage] == ["Programme office"]
    assert [t.slug for t in uzbekistan.topics_without_partner] == ["crypto-laundering"]


@pytest.mark.django_db(transaction=True)
def test_changes_since_my_last_sync(world: SmallWorld, client) -> None:
    # given everything so far was synced once
    publish_changes()
    first, cursor = recipes.changes_since(client, None)
    assert len(first) > 20 and cursor is not None
    # when Asel moves agency
    officers.update_officer(world.asel, agency=world.kz_police)
    publish_changes()
    since, next_cursor = recipes.changes_since(client, cursor)
    # then only that change arrives, and the cursor moves on
    assert [(c.uuid, c.type_, c.fields) for c in since] == [(str(world.asel.uuid), "officer.moved_agency", ["agency"])]
    assert recipes.changes_since(client, next_cursor) == ([], next_cursor)
