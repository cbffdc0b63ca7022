"""Records read by a column's values with a statement compiled once: what the ORM's filter reads, no more, no less."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.db.models import Count, Model, QuerySet
from django.test.utils import CaptureQueriesContext

from directory.models import Agency, Officer, Topic, User, kept_statements
from directory.models.kept_statements import filter_by_keys
from directory.visibility import visible_officers_by_uuid
from tests.directory.compiling import compilations
from tests.factories import build_small_world

pytestmark = pytest.mark.django_db


def _loaded(record: Model) -> dict[str, object]:
    """The columns a record holds, with their types, without loading any that were left out."""
    return {name: (value, type(value)) for name, value in vars(record).items() if not name.startswith("_")}


def _orm(queryset: QuerySet[Officer], uuids: list[str]) -> dict[str, Officer]:
    return {str(officer.uuid): officer for officer in queryset.filter(uuid__in=uuids)}


def test_officers_with_their_agencies_and_chosen_columns_read_as_the_orm_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given the small world's officers, asked with their agencies and a few columns, as an API answer loads them
    world = build_small_world()
    officers = (world.asel, world.bakyt, world.dilnoza)
    queryset = Officer.objects.order_by().select_related("agency").only("uuid", "name_latin", "agency__name_en")
    first = [str(officers[0].uuid), str(officers[1].uuid)]
    second = [str(officers[2].uuid), str(uuid.uuid4())]  # one that no officer has
    compiled = compilations(monkeypatch)

    # when two different pairs are read, one query each
    with CaptureQueriesContext(connection) as reading:
        found_first = {str(officer.uuid): officer for officer in filter_by_keys(queryset, "uuid", first)}
        found_second = {str(officer.uuid): officer for officer in filter_by_keys(queryset, "uuid", second)}
        agencies = [officer.agency.name_en for officer in (*found_first.values(), *found_second.values())]
    assert len(reading) == 2

    # then the statement was compiled for the first pair only, and each record holds what the ORM's holds
    assert len(compiled) == 1
    expected = _orm(queryset, first) | _orm(queryset, second)
    found = found_first | found_second
    assert sorted(found) == sorted(expected) == sorted(str(officer.uuid) for officer in officers)
    for key, record in found.items():
        assert _loaded(record) == _loaded(expected[key])
        assert _loaded(record.agency) == _loaded(expected[key].agency)
        assert record._state.adding is False and record._state.db == "default"
    assert sorted(agencies) == sorted(officer.agency.name_en for officer in officers)

    # and a column left out loads when read, as on the ORM's records
    with CaptureQueriesContext(connection) as deferred:
        positions = {key: record.position for key, record in found.items()}
    assert len(deferred) == 3
    assert positions == {str(officer.uuid): officer.position for officer in officers}

    # and read whole, with agency and country, every value and its type is the ORM's (aware datetimes among them)
    whole = Officer.objects.order_by().select_related("agency__country")
    read_whole = {str(officer.uuid): officer for officer in filter_by_keys(whole, "uuid", [*first, *second])}
    expected_whole = _orm(whole, [*first, *second])
    assert read_whole.keys() == expected_whole.keys()
    for key, record in read_whole.items():
        assert _loaded(record) == _loaded(expected_whole[key])
        assert _loaded(record.agency.country) == _loaded(expected_whole[key].agency.country)
    assert any(type(value) is datetime.datetime for value, _ in _loaded(record).values())


def test_a_queryset_that_filters_annotates_or_prefetches_is_read_the_orms_way() -> None:
    # given the small world and querysets whose statements depend on more than their shape
    world = build_small_world()
    uuids = [str(world.asel.uuid), str(world.bakyt.uuid), str(world.dilnoza.uuid)]
    kyrgyz = world.kg_police.country_id
    querysets = {
        "filtered": Officer.objects.filter(agency__country_id=kyrgyz),
        "none": Officer.objects.none(),
        "annotated": Officer.objects.annotate(topics=Count("expertise")),
        "prefetched": Officer.objects.prefetch_related("expertise"),
        "sliced": Officer.objects.order_by("name_latin")[:1],
        "distinct": Officer.objects.distinct(),
    }

    kept = len(kept_statements._STATEMENTS)

    # when each is read by the same uuids
    for name, queryset in querysets.items():
        if name == "sliced":
            # a sliced queryset cannot be filtered, by the ORM's way or this one
            with pytest.raises(TypeError):
                filter_by_keys(queryset, "uuid", uuids)
            continue
        found = filter_by_keys(queryset, "uuid", uuids)

        # then each gives what its own filter gives, and no statement of theirs was kept
        assert sorted(str(o.uuid) for o in found) == sorted(map(str, _orm(queryset, uuids))), name
    assert len(kept_statements._STATEMENTS) == kept
    assert sorted(o.topics for o in filter_by_keys(querysets["annotated"], "uuid", uuids)) == sorted(
        o.topics for o in querysets["annotated"].filter(uuid__in=uuids)
    )


def test_many_values_one_twice_and_an_unknown_one_read_each_record_once() -> None:
    # given the small world's topics
    build_small_world()
    topics = list(Topic.objects.all())
    names = [topic.slug for topic in topics]

    # when 600 values are asked (over one statement's most), and then 3 with one twice and one unknown
    many = filter_by_keys(Topic.objects.all(), "slug", [*names, *(f"no such topic {n}" for n in range(600))])
    few = filter_by_keys(Topic.objects.order_by(), "slug", [names[0], names[0], "no such topic"])

    # then each record comes once, as the ORM reads it; no values, no query
    assert sorted(topic.pk for topic in many) == sorted(topic.pk for topic in topics)
    assert [topic.pk for topic in few] == [topics[0].pk]
    with CaptureQueriesContext(connection) as reading:
        assert filter_by_keys(Topic.objects.all(), "slug", []) == []
    assert len(reading) == 0

    # and a column of a kind it has no statement for (a time) is read the ORM's way, with the same answer
    times = [topic.created_at for topic in topics[:2]]
    assert sorted(t.pk for t in filter_by_keys(Topic.objects.order_by(), "created_at", times)) == sorted(
        t.pk for t in Topic.objects.filter(created_at__in=times)
    )


def test_a_hostile_value_is_only_a_value() -> None:
    # given the small world's agencies
    build_small_world()
    agencies = Agency.objects.count()
    hostile = ["x') OR 1=1 --", "'; DELETE FROM directory_agency; --", "%", "_"]

    # when they are read by names written to change the statement
    found = filter_by_keys(Agency.objects.order_by(), "name_en", hostile)

    # then nothing is found and nothing changed; a uuid that is not one is refused as the ORM refuses it
    assert found == [] and Agency.objects.count() == agencies
    with pytest.raises(Exception, match="is not a valid UUID") as refused:
        filter_by_keys(Officer.objects.order_by(), "uuid", ["not-a-uuid"])
    with pytest.raises(type(refused.value)):
        list(Officer.objects.filter(uuid__in=["not-a-uuid"]))


def test_an_unverified_officer_still_sees_only_their_own_entry() -> None:
    # given an officer whose own entry no steward has verified yet, and a verified one
    world = build_small_world()

    world.bakyt.verified_at = None
    world.bakyt.save(update_fields=["verified_at"])
    unverified = User.objects.create_user("kept-unverified", password="a-long-test-password", officer=world.bakyt)
    verified = User.objects.create_user("kept-staff", password="a-long-test-password", role="staff")
    uuids = {str(world.asel.uuid), str(world.bakyt.uuid), str(world.dilnoza.uuid)}

    # when each asks for all three, twice (the second time with the statement kept)
    for _ in range(2):
        own = visible_officers_by_uuid(unverified, uuids)
        every = visible_officers_by_uuid(verified, uuids)

        # then the unverified officer sees their own entry only, staff all three, each with agency and country
        assert set(own) == {str(world.bakyt.uuid)}
        assert set(every) == uuids
        with CaptureQueriesContext(connection) as reading:
            countries = {officer.agency.country.code for officer in every.values()}
        assert len(reading) == 0 and len(countries) == 3
