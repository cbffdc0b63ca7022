"""Records read from the database: what they hold, what they read later, how they save, who hears of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from directory.models import Agency, ApiToken, Officer, User
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


def _columns(record: Model) -> dict[str, object]:
    return {field.attname: getattr(record, field.attname) for field in record._meta.concrete_fields}


def test_an_officer_read_with_some_columns_reads_the_rest_when_asked_and_equals_one_read_whole() -> None:
    # given an officer of the small world, read whole and read with three columns and the agency's English name
    asel = build_small_world().asel
    whole = Officer.objects.select_related("agency").get(pk=asel.pk)
    part = Officer.objects.select_related("agency").only("uuid", "name_latin", "agency__name_en").get(pk=asel.pk)

    # then the loaded columns are there without a query, and each other one costs one query when read
    with CaptureQueriesContext(connection) as loaded:
        loaded_values = (part.uuid, part.name_latin, part.agency.name_en)
    assert loaded_values == (asel.uuid, "Asel Toktogulova", whole.agency.name_en)
    assert len(loaded) == 0
    with CaptureQueriesContext(connection) as later:
        assert part.position == whole.position
    assert len(later) == 1
    assert _columns(part) == _columns(whole)
    assert _columns(part.agency) == _columns(Agency.objects.get(pk=whole.agency_id))
    assert part.agency == whole.agency and part.pk == asel.pk


def test_a_record_read_is_saved_over_its_row_and_knows_its_database() -> None:
    # given an officer read from the database
    asel = build_small_world().asel
    read = Officer.objects.get(pk=asel.pk)
    assert read._state.db == "default" and read._state.adding is False

    # when their position changes and they are saved
    read.position = "Head of the cybercrime unit"
    read.save()

    # then the same row changed: no second officer was written
    assert Officer.objects.filter(name_latin="Asel Toktogulova").count() == 1
    assert Officer.objects.get(pk=asel.pk).position == "Head of the cybercrime unit"


def test_a_token_and_its_user_read_together_hold_what_the_database_holds() -> None:
    # given an integration's token
    user = User.objects.create_user("reader", password="a-long-test-password", role="integration")
    ApiToken.objects.create(user=user, name="reader", prefix="abcdefgh", key_hash="0" * 64, scopes="read")

    # when the token is read with its user, as each API request reads it
    token = ApiToken.objects.select_related("user").get(prefix="abcdefgh")

    # then both records hold their rows, the user's role, activity and password hash included
    assert token.user.role == "integration" and token.user.is_active
    assert token.user.username == "reader" and token.user.password == user.password
    assert _columns(token.user) == _columns(User.objects.get(pk=user.pk))
    assert token.scope_list == ["read"]


def test_a_listener_of_new_records_hears_of_each_record_read() -> None:
    # given a listener of the officers' post_init signal
    world = build_small_world()
    heard: list[Officer] = []

    def listen(sender: type[Officer], instance: Officer, **kwargs: object) -> None:
        heard.append(instance)

    post_init.connect(listen, sender=Officer)
    try:
        # when the officers are read
        read = list(Officer.objects.order_by("name_latin"))
    finally:
        post_init.disconnect(listen, sender=Officer)

    # then it heard of each, as Django's own way tells it
    assert heard == read and {o.pk for o in read} >= {world.asel.pk, world.bakyt.pk, world.dilnoza.pk}
    assert all(record is read[index] for index, record in enumerate(heard))
