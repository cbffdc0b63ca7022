"""Production cannot be opened by one variable: DJANGO_DEBUG=1 turns on no GraphQL development aid."""

from __future__ import annotations

import json
import secrets

from tests.shell import run_manage

# Run inside the production settings: what the GraphQL endpoint answers to people probing the schema.
PROBE = """
import json
from types import SimpleNamespace
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from api.schema import schema

context = SimpleNamespace(request=SimpleNamespace(user=AnonymousUser()))
probes = {
    "introspection": "{ __schema { types { name } } }",
    "field": "{ oficers { uuid } }",
    "argument": "{ officers(frist: 1) { totalCount } }",
    "enum value": '{ counterparts(topic: "x", scope: AL) { score } }',
    "type": "query($n: Itn) { officers(first: $n) { totalCount } }",
    "fragment type": "{ ...F } fragment F on Querry { me { uuid } }",
}
answers = {name: [e.message for e in schema.execute_sync(text, context_value=context).errors or []]
           for name, text in probes.items()}
client = Client()
print(json.dumps({
    "debug": settings.DEBUG,
    "introspection": settings.LIAISON_GRAPHQL_INTROSPECTION,
    "mask_errors": settings.LIAISON_GRAPHQL_MASK_ERRORS,
    "graphiql": client.get("/graphql", HTTP_ACCEPT="text/html", secure=True).status_code,
    "get_query": client.get("/graphql", {"query": "{ me { uuid } }"}, secure=True).status_code,
    "answers": answers,
}))
"""


def probe(**env: str) -> dict:
    """What the GraphQL endpoint shows under the production settings with `env` set."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PROBE,
        DJANGO_SETTINGS_MODULE="config.settings_production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        LIAISON_TOKEN_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_debug_and_the_graphql_variables_open_nothing_in_production() -> None:
    # given production settings with every development switch turned on from the environment
    shown = probe(DJANGO_DEBUG="1", LIAISON_GRAPHQL_INTROSPECTION="1", LIAISON_GRAPHQL_MASK_ERRORS="0")
    # then debugging, introspection and unmasked errors stay off
    assert (shown["debug"], shown["introspection"], shown["mask_errors"]) == (False, False, True)
    # and neither GraphiQL nor a query over GET is served
    assert shown["graphiql"] == 405 and shown["get_query"] == 405
    # and introspection is refused
    assert "introspection has been disabled" in shown["answers"]["introspection"][0]


def test_misspelled_names_get_no_suggestions_in_production() -> None:
    shown = probe(DJANGO_DEBUG="1")
    answers = shown["answers"]
    # each misspelling is refused, naming what was wrong...
    assert answers["field"] == ["Cannot query field 'oficers' on type 'Query'."]
    assert answers["argument"] == ["Unknown argument 'frist' on field 'Query.officers'."]
    assert answers["enum value"][0].startswith("Value 'AL' does not exist in 'CounterpartScope' enum.")
    assert answers["type"] == ["Unknown type 'Itn'."]
    assert answers["fragment type"] == ["Unknown type 'Querry'."]
    # ...and nothing guesses at the schema's names
    for name, messages in answers.items():
        assert messages, name
        assert not any("Did you mean" in message for message in messages), (name, messages)
