"""A record read by its unique column in a statement written once: what the ORM would read, no more, no less."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import ApiToken, Officer, User
from directory.models.keyed_reads import KeyedRead
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


def test_a_keyed_read_refuses_a_column_that_names_many_records_or_a_relation_it_cannot_follow() -> None:
    with pytest.raises(ValueError, match=r"Officer\.name_latin: a keyed read needs a unique column"):
        KeyedRead(Officer, "name_latin")
    with pytest.raises(ValueError, match=r"ApiToken\.name: a keyed read follows a foreign key"):
        KeyedRead(ApiToken, "prefix", related="name")
