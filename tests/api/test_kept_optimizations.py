"""The optimizer's work kept from one request for the next: the same answers and queries as without it, whoever
asked before, and never a record the viewer may not see."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition
from strawberry_django.utils.typing import get_django_definition

from api.optimizer import KEPT, viewer_scope
from api.schema import schema
from directory.models import User, kept_queries
from directory.services import events
from directory.visibility import act_through_token
from tests.api.conftest import GraphQL, call
from tests.factories import SmallWorld

EVENT = """query Event($uuid: ID!) { event(uuid: $uuid) { title participations { role officer { nameLatin } } } }"""
PROFILE = """query Profile($uuid: ID!) { officer(uuid: $uuid) { uuid nameLatin agency { nameEn country { code } }
  expertise { level topic { slug } } participations { role event { title } } } }"""
PAGE = """query Page($n: Int!) { officers(first: $n) { edges { node { nameLatin languages { code }
  participations { event { title } } } } } }"""
# A variable below the field decides what the optimizer loads with it.
EVENTS_IF = """query Maybe($uuid: ID!, $events: Boolean!) { officer(uuid: $uuid) { nameLatin
  ...Attended @include(if: $events) } } fragment Attended on Officer { participations { event { title } } }"""
HOOKS = {"Officer", "Participation", "WebhookEndpoint", "WebhookDelivery"}


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    KEPT.clear()
    yield
    KEPT.clear()


@pytest.fixture
def viewers(as_user: Callable[[str | None], GraphQL], as_token: Callable[[str], GraphQL]) -> dict[str, GraphQL]:
    """A caller for every kind of viewer, each past its first request (which may write its session's activity)."""
    callers = {who: as_user(who) for who in ("unverified", "verified", "staff", "steward_kz", "admin")}
    callers["token"] = as_token("read")
    for caller in callers.values():
        caller("{ __typename }")
    return callers


def asked(caller: GraphQL, query: str, variables: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answer, and the SQL statements it took."""
    with CaptureQueriesContext(connection) as captured:
        answer = caller(query, variables)
    assert "errors" not in answer, answer["errors"]
    # The session's and the token's own statements name the moment they are made.
    return answer, [q["sql"] for q in captured.captured_queries if not re.search("django_session|apitoken", q["sql"])]


def attendees(answer: dict[str, Any]) -> list[str]:
    return sorted(p["officer"]["nameLatin"] for p in answer["data"]["event"]["participations"])


@pytest.mark.django_db
def test_an_officer_who_may_see_only_their_own_entry_never_gets_what_was_kept_for_staff(
    world: SmallWorld, viewers: dict[str, GraphQL]
) -> None:
    # given Dilnoza (unverified: she sees only her own entry) at the workshop with Asel and Bakyt
    events.record_participation(world.dilnoza, world.workshop)
    workshop = {"uuid": str(world.workshop.uuid)}
    # when staff asks who attended, and then Dilnoza asks the same
    staff_first, _ = asked(viewers["staff"], EVENT, workshop)
    dilnoza_after, _ = asked(viewers["unverified"], EVENT, workshop)
    # and the other way round, from nothing kept
    KEPT.clear()
    dilnoza_first, _ = asked(viewers["unverified"], EVENT, workshop)
    staff_after, _ = asked(viewers["staff"], EVENT, workshop)
    # then each sees what they may, whoever asked first
    assert attendees(staff_first) == attendees(staff_after) == ["Asel Toktogulova", "Bakyt Tokayev", "Dilnoza Karimova"]
    assert attendees(dilnoza_after) == attendees(dilnoza_first) == ["Dilnoza Karimova"]


@pytest.mark.django_db
@pytest.mark.parametrize("document", ["event", "profile", "page", "events if"])
def test_every_viewer_gets_the_same_answer_and_queries_whoever_asked_before(
    document: str, world: SmallWorld, viewers: dict[str, GraphQL]
) -> None:
    # given a question asked with nothing kept, by every kind of viewer
    events.record_participation(world.dilnoza, world.workshop)
    query, variables = {
        "event": (EVENT, {"uuid": str(world.workshop.uuid)}),
        "profile": (PROFILE, {"uuid": str(world.bakyt.uuid)}),
        "page": (PAGE, {"n": 10}),
        "events if": (EVENTS_IF, {"uuid": str(world.dilnoza.uuid), "events": True}),
    }[document]
    fresh = {}
    for who, caller in viewers.items():
        KEPT.clear()
        fresh[who] = asked(caller, query, variables)
    # when each asks again after each other viewer asked it (their work kept)
    for who, caller in viewers.items():
        for before, other in viewers.items():
            KEPT.clear()
            asked(other, query, variables)
            # then the answer and the queries are those of a request with nothing kept
            assert asked(caller, query, variables) == fresh[who], f"{who} after {before}"


@pytest.mark.django_db
def test_a_variable_below_the_field_is_part_of_what_is_kept(world: SmallWorld, viewers: dict[str, GraphQL]) -> None:
    # given a profile whose events are asked for only when a variable says so
    dilnoza = str(world.dilnoza.uuid)
    events.record_participation(world.dilnoza, world.workshop)
    # when it is asked with the events, then without, then with again
    with_events, with_queries = asked(viewers["staff"], EVENTS_IF, {"uuid": dilnoza, "events": True})
    without, without_queries = asked(viewers["staff"], EVENTS_IF, {"uuid": dilnoza, "events": False})
    again, again_queries = asked(viewers["staff"], EVENTS_IF, {"uuid": dilnoza, "events": True})
    # then the events are loaded only when asked for, each time
    assert with_events["data"]["officer"]["participations"] == [{"event": {"title": world.workshop.title}}]
    assert "participations" not in without["data"]["officer"]
    assert (again, again_queries) == (with_events, with_queries)
    assert not any("directory_participation" in sql for sql in without_queries)


def _types_with_a_queryset_filter() -> dict[str, Any]:
    """Every record type of the schema whose get_queryset is its own (not strawberry-django's)."""
    found = {}
    for name, concrete in schema.schema_converter.type_map.items():
        definition = concrete.definition
        if isinstance(definition, StrawberryObjectDefinition) and "get_queryset" in vars(definition.origin):
            found[name] = definition.origin
    return found


@pytest.mark.django_db
def test_viewers_of_one_scope_get_the_same_queries_from_every_type_that_filters_by_viewer(
    world: SmallWorld, people: dict[str, User]
) -> None:
    # given every kind of viewer, an integration acting through its token among them
    viewers: dict[str, Any] = {"anonymous": AnonymousUser(), **people}
    viewers["token"] = act_through_token(User.objects.get(pk=people["integration"].pk), ["read"])
    # when each type that filters by viewer makes its query for each of them
    types = _types_with_a_queryset_filter()
    assert set(types) == HOOKS, "a type filters by viewer: make viewer_scope name everything its get_queryset reads"
    for name, origin in types.items():
        model: type[Any] = get_django_definition(origin, strict=True).model
        queries = {
            who: _sql(origin.get_queryset(model.objects.all(), _info_of(viewer))) for who, viewer in viewers.items()
        }
        # then two viewers of one scope get the same query
        for who, query in queries.items():
            for other, other_query in queries.items():
                if viewer_scope(viewers[who]) == viewer_scope(viewers[other]):
                    assert query == other_query, f"{name}: {who} and {other} share a scope, not a query"
    # and the scopes tell apart those who see differently
    assert len({viewer_scope(viewer) for viewer in viewers.values()}) >= 4


def _info_of(user: Any) -> Any:
    return SimpleNamespace(context=SimpleNamespace(request=SimpleNamespace(user=user)))


def _sql(queryset: Any) -> str:
    try:
        return str(queryset.query)
    except EmptyResultSet:
        return "no rows"


@pytest.mark.django_db
def test_nothing_is_kept_for_a_document_too_long_to_keep(world: SmallWorld, viewers: dict[str, GraphQL]) -> None:
    # given a profile asked with a long comment in its document (a request body may be 64 KB)
    long_profile = PROFILE + "\n#" + "x" * 10_000
    # when it is asked, then the short one
    long_answer, long_queries = asked(viewers["staff"], long_profile, {"uuid": str(world.bakyt.uuid)})
    kept_after_long = len(KEPT)
    short_answer, short_queries = asked(viewers["staff"], PROFILE, {"uuid": str(world.bakyt.uuid)})
    # then the long one is answered as the short one, and only the short one's work is kept
    assert (long_answer, long_queries) == (short_answer, short_queries)
    assert kept_after_long == 0 and len(KEPT) > 0


# One name for two fields of different selections, on the two types a node may turn out to be.
EITHER = """query Either($id: ID!) { node(id: $id) {
  ... on Event { items: participations { role } }
  ... on Officer { items: participations { role event { title } } } } }"""


@pytest.mark.django_db
def test_one_name_on_two_types_of_a_node_is_kept_apart(world: SmallWorld, viewers: dict[str, GraphQL]) -> None:
    # given an officer who attended a workshop, both reachable as a node
    events.record_participation(world.dilnoza, world.workshop)
    officer = relay.to_base64("Officer", world.dilnoza.uuid)
    workshop = relay.to_base64("Event", world.workshop.uuid)
    # and the officer's answer and queries when no one asked before
    alone, alone_queries = asked(viewers["staff"], EITHER, {"id": officer})
    KEPT.clear()
    # when the same document asks after the workshop first, then after the officer
    asked(viewers["staff"], EITHER, {"id": workshop})
    after, after_queries = asked(viewers["staff"], EITHER, {"id": officer})
    # then the officer's events are loaded with their participations as before, not one by one
    assert alone["data"]["node"]["items"] == [{"role": "PARTICIPANT", "event": {"title": world.workshop.title}}]
    assert (after, after_queries) == (alone, alone_queries)


@pytest.mark.django_db
def test_officers_who_see_only_their_own_entry_each_get_their_own_through_one_kept_statement(
    world: SmallWorld, people: dict[str, User]
) -> None:
    # given Dilnoza and Bakyt, neither verified: each sees only their own entry
    kept_queries._STATEMENTS.clear()
    bakyt = User.objects.create_user("bakyt", password="a-long-test-password", role="officer", officer=world.bakyt)
    callers = {}
    for name, user in (("dilnoza", people["unverified"]), ("bakyt", bakyt)):
        client = Client()
        client.force_login(user)
        callers[name] = client
    officers = {"dilnoza": world.dilnoza, "bakyt": world.bakyt}

    # when each asks for each profile, one after the other
    seen = {}
    for viewer, client in callers.items():
        for asked_for, officer in officers.items():
            answer = call(client, PROFILE, {"uuid": str(officer.uuid)})
            assert "errors" not in answer, answer["errors"]
            seen[viewer, asked_for] = answer["data"]["officer"]
    kept_after_all = len(kept_queries._STATEMENTS)

    # then each got their own profile and no one else's, from statements kept for the first of them
    assert seen["dilnoza", "dilnoza"]["nameLatin"] == "Dilnoza Karimova"
    assert seen["bakyt", "bakyt"]["nameLatin"] == "Bakyt Tokayev"
    assert seen["dilnoza", "bakyt"] is None and seen["bakyt", "dilnoza"] is None
    assert seen["bakyt", "bakyt"]["agency"]["country"]["code"] == world.bakyt.agency.country.code
    assert 0 < kept_after_all <= 3
