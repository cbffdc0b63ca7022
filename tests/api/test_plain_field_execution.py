"""The executor's short path for plain fields (scalars, objects, lists of objects) answers as graphql-core's whole way
does, errors included."""

from __future__ import annotations

import gc
import json
import weakref
from enum import Enum
from typing import Any

import pytest
import strawberry
import strawberry_django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry_django.fields.field import StrawberryDjangoField

from api.document_cache import cached_parsing
from api.execution import PlainFieldExecutor
from api.schema import schema as liaison_schema
from directory.models import Agency as AgencyModel
from directory.models import Officer as OfficerModel
from directory.models import User
from directory.services import officers
from tests.factories import build_small_world


@strawberry.enum
class Colour(Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Item:
    name: str
    nickname: str | None
    colour: Colour
    count: int
    broken: str | None


class Row:
    """What a resolver hands over: attributes read by the plain fields, some of them wrong on purpose."""

    def __init__(self, number: int, *, name: str | None = None, count: Any = 1, breaks: bool = False) -> None:
        self.name = f"item {number}" if name is None and number >= 0 else name
        self.nickname = None if number % 2 else f"nick {number}"
        self.colour = Colour.RED if number % 3 else Colour.GREEN
        self.count = count
        self._breaks = breaks

    @property
    def broken(self) -> str:
        if self._breaks:
            raise ValueError("this attribute breaks on purpose")
        return "fine"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Tagged(Named):
    """A type with an interface: graphql-core checks that each value is one (`is_type_of`)."""

    tag: str


class TaggedRow:
    def __init__(self, number: int) -> None:
        self.name = f"tagged {number}"
        self.tag = f"#{number}"


@strawberry.type
class Holder:
    """Objects and lists of objects read from attributes: the short path completes them in place."""

    item: Item
    maybe: Item | None
    items: list[Item]
    loose: list[Item | None] | None
    some: list[Item] | None
    tagged: Tagged | None


class HolderRow:
    """What a resolver hands over as a Holder: good objects unless told otherwise."""

    def __init__(self, number: int, **wrong: Any) -> None:
        self.item = Row(number)
        self.maybe = Row(number + 1) if number % 2 else None
        self.items = [Row(number + n) for n in range(3)]
        self.loose = [Row(number), None, Row(number + 2)]
        self.some = [Row(number)]
        self.tagged = Tagged(name=f"tagged {number}", tag=f"#{number}")
        for name, value in wrong.items():
            setattr(self, name, value)


class BrokenHolderRow(HolderRow):
    @property
    def maybe(self) -> Any:
        raise ValueError("this attribute breaks on purpose")

    @maybe.setter
    def maybe(self, _value: Any) -> None:
        pass


def sharing(rows: list[Row], bad: Row, breaking: Row) -> list[HolderRow]:
    """Holders that hold the same rows, rows that fail among them, as an answer holds the reasons alike."""
    return [
        HolderRow(0, item=rows[0], items=[*rows, breaking], some=rows[:1]),
        HolderRow(1, item=rows[0], items=rows, loose=[bad, rows[1]]),
        HolderRow(2, item=rows[1], items=[rows[2], bad], loose=[rows[1], bad]),
        HolderRow(3, item=rows[0], items=[breaking, *rows[:2]], loose=[bad]),
    ]


# Made afresh for each run: a generator is read once.
HOLDERS = {
    "good": lambda: [HolderRow(number) for number in range(20)],
    "null_object": lambda: [HolderRow(0), HolderRow(1, item=None)],
    "null_item_in_a_list": lambda: [HolderRow(0, items=[Row(0), None])],
    "nested_null": lambda: [
        HolderRow(0, item=Row(-1)),
        HolderRow(1, maybe=Row(-1)),
        HolderRow(2, items=[Row(1), Row(-1)]),
        HolderRow(3, some=[Row(1), Row(-1)]),
        HolderRow(4, loose=[Row(1), Row(-1)]),
    ],
    "raises": lambda: [HolderRow(0), BrokenHolderRow(1)],
    "not_of_the_type": lambda: [HolderRow(0, tagged=TaggedRow(0))],
    "generator": lambda: [HolderRow(0, items=(Row(n) for n in range(3)))],
    "wrong_kind": lambda: [HolderRow(0, items=Row(0))],
    "shared": lambda: sharing([Row(number) for number in range(3)], Row(-1), Row(5, breaks=True)),
}

ROWS = {
    "good": [Row(number) for number in range(50)],
    "null_in_non_null": [Row(0), Row(-1), Row(2)],
    "raises": [Row(0), Row(1, breaks=True)],
    "not_an_int": [Row(0, count="many"), Row(1)],
}


@strawberry.type
class Listing:
    rows: list[Item]


class CountedRow:
    """One row, listed many times over; it counts how often its `count` is read."""

    reads = 0
    name, nickname, colour, broken = "counted", None, Colour.RED, "fine"
    made: weakref.WeakSet[CountedRow] = weakref.WeakSet()  # each row for as long as something refers to it

    def __init__(self) -> None:
        type(self).made.add(self)

    @property
    def count(self) -> int:
        type(self).reads += 1
        return 1


@strawberry.type
class Query:
    @strawberry.field
    def items(self, kind: str) -> list[Item | None]:
        return ROWS[kind]  # type: ignore[return-value]

    @strawberry.field
    def strict_items(self, kind: str) -> list[Item]:
        return ROWS[kind]  # type: ignore[return-value]

    @strawberry.field
    def holders(self, kind: str) -> list[Holder | None]:
        return HOLDERS[kind]()  # type: ignore[return-value]

    @strawberry.field
    def repeated(self, times: int) -> Listing:
        return Listing(rows=[CountedRow()] * times)  # type: ignore[list-item]


class CountingExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's whole way, counting the resolve infos it builds (one per field it walks)."""

    infos = 0

    def build_resolve_info(self, *args: Any) -> Any:
        type(self).infos += 1
        return super().build_resolve_info(*args)


class CountingShortPath(PlainFieldExecutor):
    """The short path, counting the resolve infos it still builds."""

    infos = 0

    def build_resolve_info(self, *args: Any) -> Any:
        type(self).infos += 1
        return super().build_resolve_info(*args)


def both_ways(query: str, extensions: tuple = ()) -> tuple[Any, Any]:
    """The same document through graphql-core's whole way and through the short path."""
    answers = []
    for executor in (CountingExecutor, CountingShortPath):
        schema = strawberry.Schema(query=Query, execution_context_class=executor, extensions=list(extensions))
        answers.append(schema.execute_sync(query))
    return answers[0], answers[1]


def as_sent(result: Any) -> str:
    """The answer as a client receives it: data and errors (message, path, locations), keys in order."""
    errors = [
        {"message": e.message, "path": e.path, "locations": [tuple(x) for x in e.locations or []]}
        for e in result.errors or []
    ]
    return json.dumps({"data": result.data, "errors": errors})


FIELDS = "colour first: name nickname again: name count broken __typename"
# Plain objects around plain leaves, the leaves' order kept: an alias, a fragment, a leaf between objects.
HOLDER_FIELDS = """item { name count } again: item { nickname } maybe { name } __typename
  items { name ...on Item { colour } broken } loose { name } some { name } tagged { name ...on Tagged { tag } }"""


# How many errors each kind of holders gives a client (the same both ways, as the test checks).
HOLDER_ERRORS = {
    "good": 0,
    "null_object": 1,
    "null_item_in_a_list": 1,
    "nested_null": 5,
    "raises": 1,
    "not_of_the_type": 1,
    "generator": 0,
    "wrong_kind": 1,
    "shared": 5,
}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (f'{{ items(kind: "good") {{ {FIELDS} }} }}', 0),
        ('{ items(kind: "good") { name @skip(if: true) nickname @include(if: false) colour } }', 0),
        (f'{{ items(kind: "null_in_non_null") {{ {FIELDS} }} }}', 1),
        (f'{{ strictItems(kind: "null_in_non_null") {{ {FIELDS} }} }}', 1),
        (f'{{ items(kind: "raises") {{ {FIELDS} }} }}', 1),
        (f'{{ items(kind: "not_an_int") {{ {FIELDS} }} }}', 1),
        *((f'{{ holders(kind: "{kind}") {{ {HOLDER_FIELDS} }} }}', errors) for kind, errors in HOLDER_ERRORS.items()),
        ('{ holders(kind: "good") { item @include(if: true) { name } items @skip(if: false) { count } } }', 0),
    ],
    ids=[
        "plain",
        "skip-and-include",
        "null-where-a-value-is-promised",
        "null-spreading-up",
        "raises",
        "not-an-int",
        *(f"objects-{kind}" for kind in HOLDER_ERRORS),
        "objects-with-directives",
    ],
)
def test_the_short_path_answers_and_fails_exactly_as_the_whole_way(query: str, errors: int) -> None:
    # when the same document runs both ways
    whole_way, short_path = both_ways(query)
    # then the client receives the same bytes, errors and their places included
    assert as_sent(short_path) == as_sent(whole_way)
    assert len(short_path.errors or []) == errors


def test_the_short_path_builds_no_resolve_info_for_a_plain_field() -> None:
    CountingExecutor.infos = CountingShortPath.infos = 0
    # when 50 items of 7 plain fields (__typename one of them) are asked both ways
    whole_way, short_path = both_ways(f'{{ items(kind: "good") {{ {FIELDS} }} }}')
    # then the whole way walked 1 + 50 x 7 fields, the short path only the list
    assert whole_way.data == short_path.data and len(short_path.data["items"]) == 50
    assert CountingExecutor.infos == 1 + 50 * 7
    assert CountingShortPath.infos == 1


def test_the_short_path_builds_no_resolve_info_for_a_plain_object_or_list() -> None:
    CountingExecutor.infos = CountingShortPath.infos = 0
    # when 20 holders of an object and a list of 3 objects, 1 plain field each, are asked both ways
    whole_way, short_path = both_ways('{ holders(kind: "good") { item { name } items { count } } }')
    # then the whole way walked the list, and for each holder its 2 fields and their 4 leaves; the short path the list
    assert whole_way.data == short_path.data and len(short_path.data["holders"]) == 20
    assert CountingExecutor.infos == 1 + 20 * (2 + 1 + 3)
    assert CountingShortPath.infos == 1


class CountingObjects(PlainFieldExecutor):
    """The short path, counting the objects it leaves to graphql-core's completion, one object at a time."""

    objects = 0

    def complete_object_value(self, *args: Any) -> Any:
        type(self).objects += 1
        return super().complete_object_value(*args)


@pytest.mark.parametrize(("kind", "left"), [("good", 0), ("raises", 2)], ids=["good", "one-object-raises"])
def test_a_list_of_plain_objects_is_completed_in_one_pass(kind: str, left: int) -> None:
    CountingObjects.objects = 0
    schema = strawberry.Schema(query=Query, execution_context_class=CountingObjects)
    # when holders, their objects and lists of objects are asked
    answer = schema.execute_sync(f'{{ holders(kind: "{kind}") {{ {HOLDER_FIELDS} }} }}')
    # then the whole list is completed in one pass, unless an object is wrong: each holder is then completed on its
    # own, and the error is reported in its place
    assert CountingObjects.objects == left
    assert as_sent(answer) == as_sent(both_ways(f'{{ holders(kind: "{kind}") {{ {HOLDER_FIELDS} }} }}')[0])
    assert len(answer.data["holders"]) == len(HOLDERS[kind]())


class CountingSteps(PlainFieldExecutor):
    """The short path, counting the steps of one pass it works out (from the selections) instead of finding kept."""

    made = 0

    def _objects_step(self, *args: Any) -> Any:
        type(self).made += 1
        return super()._objects_step(*args)


def test_an_operation_sent_again_finds_its_list_step_kept() -> None:
    # given the parser cache, which gives the same text the same operation
    schema = strawberry.Schema(query=Query, execution_context_class=CountingSteps, extensions=[cached_parsing])
    document = (
        f'{{ holders(kind: "good") {{ {HOLDER_FIELDS} some {{ ...Named }} }} }} fragment Named on Item {{ name }}'
    )
    CountingSteps.made = 0
    # when the same operation is sent three times
    answers = [schema.execute_sync(document) for _ in range(3)]
    # then the steps of its list and of the objects under it were worked out once, and each answer is the same
    assert CountingSteps.made == 1 + 7  # the holders, and under each: item, again, maybe, items, loose, some, tagged
    assert answers[0].errors is None and as_sent(answers[0]) == as_sent(answers[1]) == as_sent(answers[2])


def test_an_operation_whose_selection_follows_its_variables_answers_each_request_by_its_own() -> None:
    # given the parser cache, and an operation that skips a field when a variable says so
    schema = strawberry.Schema(query=Query, execution_context_class=CountingSteps, extensions=[cached_parsing])
    document = """query Holders($hide: Boolean!) {
      holders(kind: "good") {
        items { name @skip(if: $hide) count } item { ... on Item @skip(if: $hide) { name } } some { ...Counted }
      }
    }
    fragment Counted on Item { count @include(if: $hide) }"""
    # when it is sent with the fields shown, hidden, then shown again
    answers = [schema.execute_sync(document, variable_values={"hide": hide}) for hide in (False, True, False)]
    # then each answer follows its own request's variable
    first = [answer.data["holders"][0] for answer in answers]
    shown = [("name" in holder["items"][0], holder["item"], holder["some"][0]) for holder in first]
    assert shown == [(True, {"name": "item 0"}, {}), (False, {}, {"count": 1}), (True, {"name": "item 0"}, {})]
    whole_way = strawberry.Schema(query=Query, execution_context_class=CountingExecutor)
    assert as_sent(answers[1]) == as_sent(whole_way.execute_sync(document, variable_values={"hide": True}))


def test_the_short_path_completes_an_object_listed_many_times_once() -> None:
    # when one object listed 50 times is asked both ways
    reads = []
    for executor in (CountingExecutor, CountingShortPath):
        CountedRow.reads = 0
        schema = strawberry.Schema(query=Query, execution_context_class=executor)
        answers = [schema.execute_sync("{ repeated(times: 50) { rows { name count colour } } }") for _ in range(2)]
        assert answers[0].errors is None and answers[0].data == answers[1].data
        reads.append(CountedRow.reads)
    # then both give the same 50 items, and the short path reads the object once an answer
    assert len(answers[1].data["repeated"]["rows"]) == 50
    assert reads == [2 * 50, 2 * 1]


class RememberedShortPath(PlainFieldExecutor):
    """The short path, each of its executors remembered for as long as something else refers to it."""

    made: weakref.WeakSet[PlainFieldExecutor] = weakref.WeakSet()
    built = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        type(self).made.add(self)
        type(self).built += 1


def test_an_answers_objects_are_let_go_once_its_response_is_built() -> None:
    # given Python's collection of cyclic garbage held off, and a row listed 50 times, which the short path completes
    # once and keeps while the operation runs
    schema = strawberry.Schema(query=Query, execution_context_class=RememberedShortPath)
    gc.collect()
    gc.disable()
    CountedRow.reads, RememberedShortPath.built = 0, 0
    try:
        # when the answer is built
        answer = schema.execute_sync("{ repeated(times: 50) { rows { name count colour } } }")

        # then it holds the row's values 50 times, from one executor that read the row once
        assert answer.errors is None and len(answer.data["repeated"]["rows"]) == 50
        assert (CountedRow.reads, RememberedShortPath.built) == (1, 1)
        # and the row and the executor are already freed by their references alone, with no collection
        assert len(CountedRow.made) == 0 and len(RememberedShortPath.made) == 0
    finally:
        gc.enable()


class EveryField(SchemaExtension):
    """An extension that sees each field resolved, as a middleware would."""

    seen: list[str] = []

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        type(self).seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


def test_with_a_middleware_every_field_goes_the_whole_way() -> None:
    seen = []
    for executor in (CountingExecutor, PlainFieldExecutor):
        EveryField.seen = []
        schema = strawberry.Schema(query=Query, execution_context_class=executor, extensions=[EveryField])
        assert schema.execute_sync('{ items(kind: "good") { name count } }').errors is None
        seen.append(EveryField.seen)
    assert seen[0] == seen[1] and len(seen[1]) == 1 + 50 * 2


# Plain fields before, between and after the others, under aliases too: the answer keeps the order asked.
PAGE = """query Page { officers(first: 60) { edges { cursor node {
  agency { country { code nameEn } nameEn } uuid languages { nameEn code } nameLatin latin: nameLatin
  expertise { topic { slug nameEn } level } nameNative position __typename } } totalCount } }"""


@pytest.mark.django_db
def test_liaisons_schema_answers_a_page_of_officers_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    # given officers with agencies, languages and expertise
    world = build_small_world()
    for number in range(40):
        officers.create_officer(
            name_native=f"Офицер {number}",
            name_latin=f"Officer {number:03}",
            agency=world.kz_police,
            languages=["ru", "en"][: 1 + number % 2],
            expertise={world.crypto: 1 + number % 3},
        )
    client = Client()
    client.force_login(User.objects.create_user("reader", password="a-long-test-password", role="staff"))
    assert liaison_schema.execution_context_class is PlainFieldExecutor

    def page() -> bytes:
        response = client.post("/graphql", data=json.dumps({"query": PAGE}), content_type="application/json")
        assert response.status_code == 200 and b'"errors"' not in response.content, response.content
        return response.content

    # when the page is asked through the short path, then through graphql-core's whole way
    short_path = page()
    monkeypatch.setattr(liaison_schema, "execution_context_class", StrawberryGraphQLCoreExecutionContext)
    whole_way = page()
    # then both bodies are the same, byte for byte
    assert short_path == whole_way
    assert short_path.count(b'"nameLatin"') >= 40


@strawberry_django.type(AgencyModel)
class AgencyRecord:
    """A related record's column."""

    name_en: strawberry.auto


@strawberry_django.type(OfficerModel)
class OfficerRecord:
    """Columns of a Django record and its related record, read by strawberry-django's fields."""

    uuid: strawberry.auto
    name_latin: strawberry.auto
    position: strawberry.auto
    agency: AgencyRecord


@strawberry.type
class RecordQuery:
    @strawberry.field
    def officers(self, loaded: bool) -> list[OfficerRecord]:
        records = OfficerModel.objects.order_by("name_latin")
        # Loaded whole with their agencies, or with only the uuid: the other columns and the agency are then read
        # from the database when asked.
        return list(records.select_related("agency") if loaded else records.only("uuid"))  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize("loaded", [True, False], ids=["loaded-columns", "columns-not-loaded"])
def test_a_records_columns_read_on_the_short_path_answer_as_strawberry_djangos_resolver(
    loaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the small world's officers, loaded whole or with only their uuid
    build_small_world()
    reads = []
    real_get_result = StrawberryDjangoField.get_result

    def counted(self: StrawberryDjangoField, *args: Any, **kwargs: Any) -> Any:
        reads.append(self.name)
        return real_get_result(self, *args, **kwargs)

    monkeypatch.setattr(StrawberryDjangoField, "get_result", counted)
    selection = "uuid nameLatin position agency { nameEn }"
    document = f"{{ officers(loaded: {'true' if loaded else 'false'}) {{ {selection} }} }}"

    # when their columns are asked both ways
    answers, queries, resolver_reads = [], [], []
    for executor in (StrawberryGraphQLCoreExecutionContext, PlainFieldExecutor):
        schema = strawberry.Schema(query=RecordQuery, execution_context_class=executor)
        reads.clear()
        with CaptureQueriesContext(connection) as asked:
            answers.append(schema.execute_sync(document))
        queries.append(len(asked))
        resolver_reads.append(len(reads))

    # then the client receives the same answer, columns loaded later included, with the same queries
    assert answers[0].errors is None and as_sent(answers[1]) == as_sent(answers[0])
    officers = answers[1].data["officers"]
    assert len(officers) == OfficerModel.objects.count() >= 3
    assert {officer["nameLatin"] for officer in officers} >= {"Asel Toktogulova"}
    by_name = OfficerModel.objects.order_by("name_latin").select_related("agency")
    assert [officer["agency"]["nameEn"] for officer in officers] == [record.agency.name_en for record in by_name]
    # (not loaded: each officer's position and name, its agency's key, and its agency)
    assert queries[0] == queries[1] == (1 if loaded else 1 + 4 * len(officers))
    # and a loaded column or related record is read from the record itself; one not loaded is left to
    # strawberry-django, which loads it (the agency it loads has its columns, read from it)
    assert resolver_reads[0] == 5 * len(officers)
    assert resolver_reads[1] == (0 if loaded else 3 * len(officers))
