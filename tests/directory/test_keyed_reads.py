"""A record read by its unique column in a statement written once: what the ORM would read, no more, no less."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import ApiToken, Event, Officer, Topic, User
from directory.models.keyed_reads import KeyedRead, prepared_keys
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


def _columns(record: Model) -> dict[str, object]:
    return {field.attname: (getattr(record, field.attname)) for field in record._meta.concrete_fields}


def _typed(record: Model) -> dict[str, object]:
    return {name: type(value) for name, value in _columns(record).items()}


def test_a_token_read_by_its_prefix_holds_what_the_orm_reads_and_its_user_costs_no_query() -> None:
    # given a revoked token that expires, of an inactive integration user
    user = User.objects.create_user("keyed", password="a-long-test-password", role="integration", is_active=False)
    expires = timezone.now() + datetime.timedelta(days=3)
    ApiToken.objects.create(
        user=user, name="keyed", prefix="kEyEd123", key_hash="1" * 64, scopes="read", expires_at=expires
    )
    ApiToken.objects.filter(prefix="kEyEd123").update(revoked_at=timezone.now())

    # when it is read by its prefix with its user, in one query
    tokens = KeyedRead(ApiToken, "prefix", related="user")
    with CaptureQueriesContext(connection) as reading:
        token = tokens.get("kEyEd123")
        assert token is not None
        name, active, role = token.user.username, token.user.is_active, token.user.role
    assert len(reading) == 1

    # then it is the row the ORM reads, value by value and type by type: aware datetimes, booleans, nothing left out
    orm = ApiToken.objects.select_related("user").get(prefix="kEyEd123")
    assert _columns(token) == _columns(orm) and _typed(token) == _typed(orm)
    assert _columns(token.user) == _columns(orm.user) and _typed(token.user) == _typed(orm.user)
    assert (name, active, role) == ("keyed", False, "integration")
    assert token.expires_at == expires and timezone.is_aware(token.revoked_at)
    assert token.state == "revoked"
    assert token._state.adding is False and token._state.db == "default"


def test_a_record_without_its_related_record_has_none_and_one_with_it_has_both_ways() -> None:
    # given a user linked to an officer of the small world, and one linked to no officer
    asel = build_small_world().asel
    linked = User.objects.create_user("asel-keyed", password="a-long-test-password", officer=asel)
    User.objects.create_user("nobody-keyed", password="a-long-test-password")
    users = KeyedRead(User, "username", related="officer")

    # when each is read with its officer
    with CaptureQueriesContext(connection) as reading:
        alone = users.get("nobody-keyed")
        found = users.get("asel-keyed")
        assert alone is not None and found is not None
        officers = (alone.officer, found.officer, found.officer.user)

    # then the first has none, the second its officer, who leads back to it, in one query each
    assert len(reading) == 2
    assert officers[0] is None
    assert _columns(officers[1]) == _columns(Officer.objects.get(pk=asel.pk))
    assert officers[2] is found and found.pk == linked.pk


def test_no_row_reads_as_none_and_a_hostile_key_is_only_a_value() -> None:
    # given a token
    user = User.objects.create_user("guarded", password="a-long-test-password", role="integration")
    ApiToken.objects.create(user=user, name="guarded", prefix="gUaRd123", key_hash="2" * 64, scopes="read")
    tokens = KeyedRead(ApiToken, "prefix", related="user")

    # then an unknown prefix, and one written to change the statement, find nothing and change nothing
    assert tokens.get("nOnE1234") is None
    assert tokens.get("' OR '1'='1") is None
    assert tokens.get('x"; DROP TABLE directory_apitoken; --') is None
    assert ApiToken.objects.filter(prefix="gUaRd123").count() == 1
    # and the primary key reads its record too
    by_id = KeyedRead(ApiToken, "id").get(ApiToken.objects.get(prefix="gUaRd123").pk)
    assert by_id is not None and by_id.prefix == "gUaRd123"


OFFICER_UUID = "941365ed-d77a-4eb2-b608-6719d33c629c"


@pytest.mark.parametrize(
    "key",
    [
        OFFICER_UUID,  # as the graph names officers
        OFFICER_UUID.upper(),
        OFFICER_UUID.replace("-", ""),
        "{" + OFFICER_UUID + "}",
        "urn:uuid:" + OFFICER_UUID,
        uuid.UUID(OFFICER_UUID),
        OFFICER_UUID + "\n",
        OFFICER_UUID[:-1] + "g",
        OFFICER_UUID[:-1],
        "' OR '1'='1",
    ],
)
def test_a_uuid_key_is_written_as_django_writes_it_for_the_database_in_use(key: object) -> None:
    # given the uuid column of the officers, and a key as it may arrive
    field = Officer._meta.get_field("uuid")

    def djangos() -> object:
        return field.get_db_prep_value(key, connection, prepared=False)

    # when it is made a statement's parameter, then it is what Django's own would be, or refused as Django refuses it
    try:
        expected = djangos()
    except ValidationError:
        with pytest.raises(ValidationError):
            prepared_keys(field, [key], connection)
        return
    assert prepared_keys(field, [key], connection) == [expected]
    assert type(prepared_keys(field, [key], connection)[0]) is type(expected)


def test_a_keyed_read_refuses_a_column_that_names_many_records_or_a_relation_it_cannot_follow() -> None:
    with pytest.raises(ValueError, match=r"Officer\.name_latin: a keyed read needs a unique column"):
        KeyedRead(Officer, "name_latin")
    with pytest.raises(ValueError, match=r"ApiToken\.name: a keyed read follows a foreign key"):
        KeyedRead(ApiToken, "prefix", related="name")
    with pytest.raises(ValueError, match=r"Topic\.broader: a keyed read follows a foreign key"):
        KeyedRead(Topic, "uuid", related="broader")


def test_many_keys_read_every_record_named_once_in_groups_and_none_when_none_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given the small world's topics, and an event of theirs with its city
    world = build_small_world()
    topics = KeyedRead(Topic, "uuid")
    asked = [str(topic.uuid) for topic in Topic.objects.all()]
    unknown = "00000000-0000-4000-8000-000000000000"

    # when they are read by their uuids, one named twice and one unknown among them, in groups of 512 and of 2
    whole = topics.all_of([*asked, asked[0], unknown])
    monkeypatch.setattr("directory.models.keyed_reads.MOST_KEYS_AT_ONCE", 2)
    grouped = topics.all_of([*asked, unknown])

    # then each topic is read once, as the ORM reads it, either way
    expected = {str(topic.uuid): _columns(topic) for topic in Topic.objects.filter(uuid__in=asked)}
    assert len(expected) == len(asked) >= 3
    assert sorted(str(topic.uuid) for topic in whole) == sorted(expected)
    assert {str(topic.uuid): _columns(topic) for topic in whole} == expected
    assert {str(topic.uuid): _columns(topic) for topic in grouped} == expected
    # and asking for nothing asks the database nothing
    with CaptureQueriesContext(connection) as nothing:
        assert topics.all_of([]) == []
    assert len(nothing) == 0

    # and an event comes with its city, which costs no query more
    with CaptureQueriesContext(connection) as reading:
        (event,) = KeyedRead(Event, "uuid", related="city").all_of({world.workshop.uuid})
        city = event.city.name_en
    assert len(reading) == 1
    assert city == world.workshop.city.name_en and _columns(event) == _columns(world.workshop)
