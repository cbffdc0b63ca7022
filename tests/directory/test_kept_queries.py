"""Querysets read with a statement kept for their shape: the records the ORM reads, with each query's own values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, F, Model, OuterRef, Prefetch, Q, QuerySet
from django.test.utils import CaptureQueriesContext

from directory.models import Agency, Expertise, Officer, Participation, Topic, kept_queries
from directory.models.kept_queries import KeptStatementIterable, keeping_statements
from directory.services import events
from tests.directory.compiling import compilations
from tests.factories import SmallWorld, build_small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallWorld:
    """The small world, Asel and Bakyt at its workshop."""
    world = build_small_world()
    for officer in (world.asel, world.bakyt):
        events.record_participation(officer, world.workshop)
    return world


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each SELECT the ORM compiles from now on, by its text, with no statement kept before."""
    kept_queries._STATEMENTS.clear()
    yield compilations(monkeypatch)
    kept_queries._STATEMENTS.clear()


def _columns(record: Model) -> dict[str, object]:
    """The columns a record holds, with their types, without loading any that were left out."""
    return {name: (value, type(value)) for name, value in vars(record).items() if not name.startswith("_")}


def _loaded(record: Model, back: str | None = None) -> dict[str, object]:
    """The columns a record holds, the related records cached on it, and its prefetched rows, as loaded (a
    prefetched row's way back to its record, `back`, left out)."""
    held = _columns(record)
    cached = record._state.fields_cache
    held["related"] = {
        name: _loaded(related) if related is not None else None for name, related in cached.items() if name != back
    }
    prefetched = getattr(record, "_prefetched_objects_cache", {})
    held["prefetched"] = {
        name: sorted(repr(sorted(_loaded(row, back="officer").items())) for row in rows)
        for name, rows in prefetched.items()
    }
    return held


def _profile(uuid: Any) -> QuerySet[Officer]:
    """One officer with agency and country, expertise and events: the API's one-officer question."""
    return (
        Officer.objects.filter(uuid=uuid)
        .select_related("agency__country")
        .only("uuid", "name_latin", "position", "agency__name_en", "agency__country__code")
        .prefetch_related(
            Prefetch("expertise", Expertise.objects.select_related("topic").only("level", "officer", "topic__slug")),
            Prefetch("participations", Participation.objects.select_related("event").only("role", "officer", "event")),
        )
    )


def test_one_officer_with_related_records_reads_as_the_orm_reads_it(world: SmallWorld, compiled: list[str]) -> None:
    # given the one-officer question for Bakyt, then for Asel, read with kept statements
    bakyt = keeping_statements(_profile(world.bakyt.uuid)).first()
    compiled_for_bakyt = len(compiled)
    with CaptureQueriesContext(connection) as reading:
        asel = keeping_statements(_profile(world.asel.uuid)).first()

    # then the second officer took no compilation, one statement each for the officer, expertise and events
    assert compiled_for_bakyt > 0
    assert len(compiled) == compiled_for_bakyt
    assert len(reading) == 3
    # and each holds exactly what the ORM reads: the same columns, related records and prefetched rows
    for found, officer in ((bakyt, world.bakyt), (asel, world.asel)):
        assert found is not None and found.uuid == officer.uuid
        expected = _profile(officer.uuid).first()
        assert expected is not None
        assert _loaded(found) == _loaded(expected)
        assert found.agency.country.code == officer.agency.country.code
        assert [p.event.title for p in found.participations.all()] == [world.workshop.title]
        assert sorted(e.topic.slug for e in found.expertise.all()) == sorted(
            e.topic.slug for e in officer.expertise.all()
        )


def test_each_query_of_a_shape_gets_its_own_values(world: SmallWorld, compiled: list[str]) -> None:
    # given one shape of query asked with different values: one, two, three (padded to four) and repeated ones
    officers = [world.asel, world.bakyt, world.dilnoza]
    asked = [
        [officers[0].pk],
        [officers[1].pk, officers[2].pk],
        [officers[2].pk, officers[0].pk, officers[1].pk],
        [officers[1].pk, officers[1].pk, officers[0].pk],
        [officers[2].pk, -1],
    ]

    def names(queryset: QuerySet[Officer]) -> list[str]:
        return sorted(officer.name_latin for officer in queryset)

    # when each is read with a kept statement, and by the ORM
    read = [names(keeping_statements(Officer.objects.filter(pk__in=pks))) for pks in asked]
    orm = [names(Officer.objects.filter(pk__in=pks)) for pks in asked]

    # then each read its own officers, with one statement per number of values
    assert read == orm
    assert read[3] == sorted([world.asel.name_latin, world.bakyt.name_latin])
    assert len(kept_queries._STATEMENTS) == 3  # one, two, and four values


def test_and_or_and_not_of_plain_comparisons_are_kept_and_read_right(world: SmallWorld, compiled: list[str]) -> None:
    # given queries that join, negate and combine comparisons of columns with values
    kyrgyz = world.kg_police.country

    def shapes(first: Officer, second: Officer) -> dict[str, QuerySet[Officer]]:
        return {
            "or": Officer.objects.filter(Q(uuid=first.uuid) | Q(uuid=second.uuid)),
            "not": Officer.objects.exclude(agency=first.agency).filter(agency__country=kyrgyz),
            "joined": Officer.objects.filter(agency__name_en=first.agency.name_en).order_by("-name_latin"),
            "sliced": Officer.objects.filter(uuid__in=[first.uuid, second.uuid]).order_by("name_latin")[1:2],
        }

    # when each is read three times with other values, then compared with the ORM
    compiled_for_kept = 0
    for first, second in ((world.asel, world.bakyt), (world.dilnoza, world.asel), (world.bakyt, world.dilnoza)):
        for name, queryset in shapes(first, second).items():
            before = len(compiled)
            read = [officer.uuid for officer in keeping_statements(queryset._chain())]
            compiled_for_kept += len(compiled) - before
            # then each reads what the ORM reads, in its order
            assert read == [officer.uuid for officer in queryset], name
    # and each shape was compiled for its first values only (twice: with two sets of values no record holds)
    assert len(kept_queries._STATEMENTS) == 4
    assert compiled_for_kept == 4 * 2


def test_a_query_beyond_plain_comparisons_is_read_the_orms_way(world: SmallWorld, compiled: list[str]) -> None:
    # given queries whose statements depend on more than their shape and values
    with_expertise = Expertise.objects.filter(officer=OuterRef("pk"))
    querysets: dict[str, QuerySet[Any]] = {
        "subquery": Officer.objects.filter(Exists(with_expertise)),
        "in a query": Officer.objects.filter(agency__in=Agency.objects.filter(name_en=world.kg_police.name_en)),
        "annotated": Officer.objects.annotate(topics=Count("expertise")).order_by("pk"),
        "distinct": Officer.objects.filter(expertise__topic=world.crypto).distinct(),
        "none": Officer.objects.none(),
        "null": Officer.objects.filter(uuid__in=[None]),
        "extra": Officer.objects.extra(where=["1 = 1"]),
        "values": Officer.objects.filter(pk=world.asel.pk).values("name_latin"),
        "by a column": Officer.objects.filter(name_latin=F("name_native")),
        "greater": Officer.objects.filter(pk__gt=world.asel.pk),
    }

    # when each is read with kept statements where it can be
    for name, queryset in querysets.items():
        read = list(keeping_statements(queryset._chain()))
        # then it reads what the ORM reads, and nothing is kept for it
        assert read == list(queryset), name
    assert len(kept_queries._STATEMENTS) == 0
    assert [getattr(o, "topics", None) for o in keeping_statements(querysets["annotated"]._chain())] == [
        o.topics for o in querysets["annotated"]
    ]


def test_hostile_values_are_parameters_and_bad_ones_are_refused_as_by_the_orm(
    world: SmallWorld, compiled: list[str]
) -> None:
    # given topic names that read as SQL, and the name of a real one
    hostile = ["x' OR '1'='1", "'); DROP TABLE directory_topic; --", "%s %%s \\", world.crypto.slug]

    # when each is asked as a value of a kept shape
    found = [[topic.slug for topic in keeping_statements(Topic.objects.filter(slug=slug))] for slug in hostile]

    # then only the real one is found and the table is whole
    assert found == [[], [], [], [world.crypto.slug]]
    assert Topic.objects.filter(pk=world.crypto.pk).exists()
    # and a number no key can be finds no one, as with the ORM, rather than failing in the database
    assert [list(keeping_statements(Officer.objects.filter(pk=pk))) for pk in (2**70, -(2**70))] == [[], []]
    assert [o.pk for o in keeping_statements(Officer.objects.filter(pk=world.asel.pk))] == [world.asel.pk]
    # and a uuid that is not one is refused before any statement, as the ORM refuses it
    with pytest.raises(ValidationError):
        list(keeping_statements(Officer.objects.filter(uuid="not-a-uuid")))


def test_only_querysets_that_make_records_are_given_kept_statements(world: SmallWorld) -> None:
    # given a queryset of records with a prefetch, and one of values
    records = keeping_statements(Officer.objects.prefetch_related(Prefetch("expertise", Expertise.objects.all())))
    values = keeping_statements(Officer.objects.values_list("uuid", flat=True))

    # then the records' queryset and its prefetch's read with kept statements, the values' the ORM's way
    assert records._iterable_class is KeptStatementIterable  # type: ignore[attr-defined]
    prefetch = records._prefetch_related_lookups[0]  # type: ignore[attr-defined]
    assert prefetch.queryset._iterable_class is KeptStatementIterable
    assert values._iterable_class is not KeptStatementIterable  # type: ignore[attr-defined]
    assert sorted(values) == sorted(Officer.objects.values_list("uuid", flat=True))
