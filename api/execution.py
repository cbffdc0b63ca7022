"""GraphQL execution that completes a plain field in one step, without graphql-core's machinery per field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from operator import attrgetter
from typing import Any, NamedTuple, cast

from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor, ForwardOneToOneDescriptor
from django.db.models.query_utils import DeferredAttribute
from graphql import (
    ExecutionResult,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLString,
    OperationDefinitionNode,
    OperationType,
    Undefined,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField
from strawberry_django.fields.field import StrawberryDjangoField

from api.document_cache import CACHED_DOCUMENTS

DEFINITION_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF
# Values of these types are never awaited: checked by type first, most of an answer's values skip the call.
SETTLED = frozenset({type(None), bool, int, float, str, list, dict})
# What a short path answers when it leaves the field to graphql-core's whole way.
WHOLE_WAY = object()


class PlainLeaf(NamedTuple):
    """A field whose value is an attribute of its parent, shown as a scalar or an enum: its key and how to read it."""

    response_name: str
    read: Callable[[Any], Any]
    leaf_type: GraphQLLeafType
    non_null: bool


class PlainObjects(NamedTuple):
    """A field whose value is an attribute of its parent holding an object, or a list of objects, of one type."""

    response_name: str
    read: Callable[[Any], Any]
    field_type: GraphQLOutputType
    object_type: GraphQLObjectType
    non_null: bool
    item_type: GraphQLOutputType | None  # a list's item type as declared; None for a single object


def plain_leaf(response_name: str, field: GraphQLField | None) -> PlainLeaf | None:
    """The field as a PlainLeaf, or None where it takes arguments, runs a resolver of its own, or has sub-fields."""
    if not _reads_an_attribute(field):
        return None
    field = cast(GraphQLField, field)
    leaf_type = get_nullable_type(field.type)
    if not is_leaf_type(leaf_type):
        return None
    return PlainLeaf(response_name, attribute_reader(field), leaf_type, is_non_null_type(field.type))


def plain_objects(
    response_name: str, field: GraphQLField | None, field_details_list: FieldDetailsList
) -> PlainObjects | None:
    """The field as PlainObjects: an attribute read, an object type or a list of one, no directive on the field."""
    # A directive (`@stream` among them) takes the whole way, which knows what it means.
    if not _reads_an_attribute(field) or any(details.node.directives for details in field_details_list):
        return None
    field = cast(GraphQLField, field)
    nullable = get_nullable_type(field.type)
    if is_object_type(nullable):
        return PlainObjects(
            response_name, attribute_reader(field), field.type, nullable, is_non_null_type(field.type), None
        )
    if is_list_type(nullable):
        item_type = nullable.of_type
        item = get_nullable_type(item_type)
        if is_object_type(item):
            return PlainObjects(
                response_name, attribute_reader(field), field.type, item, is_non_null_type(field.type), item_type
            )
    return None


def attribute_reader(field: GraphQLField) -> Callable[[Any], Any]:
    """How to read a plain field's value from its parent: what its default resolver reads, in fewer steps.

    A 50-officer counterpart answer reads about 500 such values; strawberry's default resolver and strawberry-django's
    each take several calls and checks for one attribute (bench/RESULTS.md). A field of strawberry's own is read as
    `getattr`, its default resolver; a column of a Django record from the record's loaded values, and a related record
    from those loaded with it, with one not loaded raising KeyError, which sends the field the whole way (where
    strawberry-django loads it). Any other field keeps its resolver. Worked out once per field of the schema.
    """
    known = _READERS.get(id(field))
    if known is not None:
        return known[1]
    definition = field.extensions.get(DEFINITION_BACKREF)
    reader: Callable[[Any], Any]
    if type(definition) is StrawberryField and definition.default_resolver is getattr:
        reader = attrgetter(definition.python_name)
    elif (
        isinstance(definition, StrawberryDjangoField)
        and type(definition).get_result is StrawberryDjangoField.get_result
        and not definition.is_async
    ):
        reader = _ColumnReader(definition.django_name or definition.python_name, field.resolve)
    else:
        resolve = field.resolve
        reader = lambda source: resolve(source, None)  # type: ignore[misc]  # noqa: E731  # a plain field's is set
    _READERS[id(field)] = (field, reader)  # the field kept with it, so that its id cannot be reused
    return reader


# Each plain field's reader, by the field's id: the schema's fields live as long as the process.
_READERS: dict[int, tuple[GraphQLField, Callable[[Any], Any]]] = {}
# How a _ColumnReader reads a record of a class: its loaded column, or its field's resolver.
_COLUMN, _RESOLVER = "column", "resolver"
# Django's descriptors of a foreign key (and a one-to-one) read from the record that holds the key.
_FORWARD_RELATIONS = (ForwardManyToOneDescriptor, ForwardOneToOneDescriptor)


class _ColumnReader:
    """A Django record's loaded column, or its related record loaded with it, by name; anything else (a property, a
    relation not loaded) through the field's resolver."""

    def __init__(self, name: str, resolve: Any) -> None:
        self.name = name
        self.resolve = resolve
        # By the record's class: a column, a foreign key (its field) or the resolver.
        self._ways: dict[type, Any] = {}

    def __call__(self, source: Any) -> Any:
        way = self._ways.get(type(source))
        if way is None:
            way = self._ways[type(source)] = self._way(type(source))
        if way is _COLUMN:
            return source.__dict__[self.name]  # KeyError when not loaded: the whole way loads it
        if way is _RESOLVER:
            return self.resolve(source, None)
        return way.get_cached_value(source)  # KeyError when not loaded with the record: the whole way loads it

    def _way(self, model: type) -> Any:
        attribute: Any = getattr(model, self.name, None)
        # Only Django's plain column descriptor gives back the loaded value as it is (a file field's wraps it).
        if type(attribute) is DeferredAttribute:
            return _COLUMN
        # What strawberry-django's own resolver answers for a related record that was loaded with this one.
        if type(attribute) in _FORWARD_RELATIONS:
            return attribute.field
        return _RESOLVER


# The steps of resolvers' lists of objects, by operation, fragments, type and selection, with whether the operation's
# selections carry a directive (then its step is made for each request); the operation is one the parser cache gives
# again for the same text. Bounded as that cache is: each entry keeps its operation alive.
MOST_LIST_STEPS = CACHED_DOCUMENTS
_LIST_STEPS: dict[tuple[int, tuple[int, ...], int, tuple[int, ...]], tuple[Any, ...]] = {}


def _without_directives(operation: OperationDefinitionNode, fragments: tuple[FragmentDefinitionNode, ...]) -> bool:
    """Whether no selection of the operation or of its fragments carries a directive: then which fields it selects,
    and so a step made for it, depends on nothing a request sends with it (`@skip(if: $hide)` would)."""
    pending = [operation.selection_set, *(fragment.selection_set for fragment in fragments)]
    while pending:
        for selection in pending.pop().selections:
            if selection.directives:
                return False
            if getattr(selection, "selection_set", None) is not None:
                pending.append(selection.selection_set)  # type: ignore[attr-defined]
    return True


def _reads_an_attribute(field: GraphQLField | None) -> bool:
    """Whether the field has no arguments and strawberry's default resolver, which reads the parent's attribute."""
    return field is not None and not field.args and getattr(field.resolve, "_is_default", False)


def _plain_field(
    response_name: str,
    parent_type: GraphQLObjectType,
    field_name: str,
    fields: dict[str, GraphQLField],
    field_details_list: FieldDetailsList,
) -> PlainLeaf | PlainObjects | None:
    """The field as a PlainLeaf or PlainObjects; `__typename`, which clients add to every selection, is a leaf."""
    if field_name == "__typename":
        type_name = parent_type.name
        return PlainLeaf(response_name, lambda _source: type_name, GraphQLString, True)
    field = fields.get(field_name)
    return plain_leaf(response_name, field) or plain_objects(response_name, field, field_details_list)


class _ObjectsStep(NamedTuple):
    """How one pass completes a plain field holding an object, or a list of objects, of one type."""

    is_type_of: Callable[[Any, Any], Any] | None
    plan: tuple[_Step, ...]  # the object's own fields
    is_list: bool
    item_non_null: bool  # an object listed (or the object) must not be null
    only_leaves: bool  # its fields are all leaves: an object met again gives what it gave


class _Step(NamedTuple):
    """One plain field as one pass completes it: a leaf's coercion, or the objects' step."""

    response_name: str
    read: Callable[[Any], Any]
    non_null: bool
    coerce: Callable[[Any], Any] | None  # a leaf's; None for objects
    objects: _ObjectsStep | None


class _Irregular(Exception):
    """A value one pass leaves to the field-by-field way, which reports it in its place."""


class _Subfields(NamedTuple):
    """One selection of a type: its fields (None where it defers some), and whether they are all plain leaves."""

    field_details_list: FieldDetailsList  # kept alive with the entry, so that its id cannot be reused
    fields: GroupedFieldSet | None
    only_leaves: bool


class PlainFieldExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with a short path for an object's plain fields: scalars, and objects read as attributes.

    A 50-officer counterpart answer has about 1,200 fields; for each, graphql-core builds a resolve info, a path and
    two checks for awaitables before it reads one attribute (bench/RESULTS.md, issue 15 item 2). A plain field needs
    none of them unless its value is wrong, so each is read here: a scalar or an enum is coerced, an object's (or
    each listed object's) own fields are completed as graphql-core would. A field whose value is wrong (its resolver
    raises, it is null where the schema promises a value, its type rejects it, it must be awaited, an object is not of
    its type) goes the whole way instead, before anything of it has run, and graphql-core reports it as it always has.

    Where every field of a selection, and of the objects under it, is plain, an object (and a resolver's list of them)
    is completed in one pass with a plan made once per operation, without a path, a check for awaitables or a call per
    object in between; a value that pass cannot take sends that object back to the field-by-field way above, which
    reads it again (every field is a read) and reports what is wrong in its place.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each grouped field set (graphql-core memoizes them by selection) with its plain fields; the set is kept
        # alive with them, so that its id cannot be reused while this operation runs.
        self._plain_fields: dict[int, tuple[GroupedFieldSet, dict[str, PlainLeaf | PlainObjects]]] = {}
        middleware = self.middleware_manager
        # A middleware wraps every resolver, so with one (none is installed today) every field takes the whole way.
        self._short_path = middleware is None or middleware.get_field_resolver(plain_leaf) is plain_leaf
        # Objects whose selection is plain leaves only, completed on the short path, by object and selection (each
        # kept alive with its answer, so that its id cannot be reused): an answer that holds one object many times
        # (a counterpart answer's reasons alike) completes it once. Queries only: a mutation or a subscription's next
        # event may change an object between its fields.
        self._completed_leaves: dict[tuple[int, int], tuple[Any, ...]] | None = (
            {} if self._short_path and self.operation.operation == OperationType.QUERY else None
        )
        self._subfield_sets: dict[tuple[str, int], _Subfields] = {}
        # Each grouped field set's plan for one pass (None where a field is not plain or a part is deferred), the set
        # kept alive with it.
        self._plans: dict[int, tuple[GroupedFieldSet, tuple[_Step, ...] | None]] = {}
        self._whole_ways = 0  # how many fields took the whole way so far

    def build_response(self, data: dict[str, Any] | None) -> Any:
        """The response, as graphql-core builds it; once nothing of the operation is left to run, the executor can be
        freed as soon as nothing refers to it."""
        response = super().build_response(data)
        if isinstance(response, ExecutionResult):
            # graphql-core's executor refers to itself (its async helpers hold its own methods), so only Python's
            # cyclic collection freed it, with everything it held: the completed objects kept above (a counterpart
            # answer's agencies and reasons), the selections it collected. That was 373 of the 490 objects a
            # counterpart answer left to the collector, which ran in nearly every request (bench/RESULTS.md). Each
            # resolve info keeps its own reference to the helpers, so a late call through one still works.
            del self.async_helpers
        return response

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """Complete the fields in the order asked: plain ones here, the rest (and any that fails) the whole way."""
        plain = self._plain_fields_of(parent_type, grouped_field_set)
        if plain and position_context is None:
            plan = self._plan_of(parent_type, grouped_field_set)
            if plan is not None:
                try:
                    return self._one_pass(plan, source_value)
                except Exception:  # noqa: S110  # the field-by-field way below meets it again and reports it
                    pass
        if not plain:
            self._whole_ways += 1
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                shortcut = plain.get(response_name)
                if isinstance(shortcut, PlainLeaf):
                    result = self._leaf(shortcut, source_value)
                elif shortcut is not None:
                    result = self._objects(
                        shortcut, parent_type, source_value, path, field_details_list, position_context
                    )
                else:
                    result = WHOLE_WAY
                if result is WHOLE_WAY:
                    self._whole_ways += 1
                    field_path = Path(path, response_name, parent_type.name)
                    result = self.execute_field(
                        parent_type, source_value, field_details_list, field_path, position_context
                    )
                    if result is Undefined:
                        continue
                results[response_name] = result
                if type(result) not in SETTLED and self.is_awaitable(result):
                    awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                # As graphql-core does: what other fields began still settles, as it may fail too.
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self._results_later(results, awaitable_fields)

    def _one_pass(self, plan: tuple[_Step, ...], source: Any) -> dict[str, Any]:
        """The object's fields and those of the objects under it, completed in one pass; _Irregular (or what a read
        raised) for any value the field-by-field way must look at: null where a value is promised, a value its type
        rejects, an awaitable, an object not of its type. Every field is a read, so reading again there is safe."""
        completed: dict[str, Any] = {}
        for response_name, read, non_null, coerce, objects in plan:
            value = read(source)
            if value is None:
                if non_null:
                    raise _Irregular
                completed[response_name] = None
            elif coerce is not None:
                if type(value) not in SETTLED and self.is_awaitable(value):
                    getattr(value, "close", lambda: None)()  # read again, awaited, the whole way
                    raise _Irregular
                coerced = coerce(value)
                if coerced is None or coerced is Undefined:
                    raise _Irregular
                completed[response_name] = coerced
            elif objects.is_list:  # type: ignore[union-attr]  # a step has a coercion or objects
                if type(value) is not list and type(value) is not tuple:
                    raise _Irregular  # an iterable that may not be read twice, or not one at all
                completed[response_name] = self._listed(objects, value)  # type: ignore[arg-type]
            else:
                completed[response_name] = self._one_object(objects, value)  # type: ignore[arg-type]
        return completed

    def _listed(self, step: _ObjectsStep, values: list[Any] | tuple[Any, ...]) -> list[dict[str, Any] | None]:
        """A list of objects under a plain field completed in one pass; those already completed as they were."""
        known = self._completed_leaves if step.only_leaves else None
        if known is None:
            return [self._one_object(step, value) for value in values]
        # Looked up here first: most of a counterpart answer's 170 reasons are one of its 5 to 25 distinct ones.
        plan = id(step.plan)
        completed = []
        for value in values:
            found = known.get((id(value), plan))
            completed.append(self._one_object(step, value) if found is None else found[1])
        return completed

    def _one_object(self, step: _ObjectsStep, value: Any) -> dict[str, Any] | None:
        """One object of a plain field completed in one pass, or _Irregular."""
        if value is None:
            if step.item_non_null:
                raise _Irregular
            return None
        known = self._completed_leaves if step.only_leaves else None
        if known is not None:
            found = known.get((id(value), id(step.plan)))
            if found is not None:
                return found[1]  # checked and completed when first met
        is_type_of = step.is_type_of
        if is_type_of is None:
            if self.is_awaitable(value):
                getattr(value, "close", lambda: None)()
                raise _Irregular
        else:
            matches = is_type_of(value, None)  # strawberry's checks read the object alone, never the resolve info
            if matches is not True:
                getattr(matches, "close", lambda: None)()  # an asynchronous check: the whole way awaits it
                raise _Irregular
        completed = self._one_pass(step.plan, value)
        if known is not None:
            # The plan kept with it: a kept step may be let go while this operation runs (_LIST_STEPS is bounded),
            # and the plan's id must not go to a selection keyed here meanwhile.
            known[(id(value), id(step.plan))] = (value, completed, step.plan)
        return completed

    def _plan_of(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> tuple[_Step, ...] | None:
        """The plan of one pass through these fields and the objects' under them, found once per operation; None
        where a field is not plain or a part is deferred."""
        known = self._plans.get(id(grouped_field_set))
        if known is not None:
            return known[1]
        plan: tuple[_Step, ...] | None = None
        plain = self._plain_fields_of(parent_type, grouped_field_set)
        if len(plain) == len(grouped_field_set):
            steps = [self._step(field, grouped_field_set[name]) for name, field in plain.items()]
            plan = None if None in steps else tuple(cast(list[_Step], steps))
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _step(self, field: PlainLeaf | PlainObjects, field_details_list: FieldDetailsList) -> _Step | None:
        """The field as a step of one pass; None where the objects' own fields have no plan."""
        if isinstance(field, PlainLeaf):
            return _Step(field.response_name, field.read, field.non_null, field.leaf_type.coerce_output_value, None)
        is_list = field.item_type is not None
        item_non_null = is_non_null_type(field.item_type) if is_list else field.non_null
        objects = self._objects_step(field.object_type, field_details_list, is_list, item_non_null)
        return None if objects is None else _Step(field.response_name, field.read, field.non_null, None, objects)

    def _objects_step(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList, is_list: bool, item_non_null: bool
    ) -> _ObjectsStep | None:
        """How one pass completes objects of this type under this selection; None where it has no plan."""
        subfields = self._subfields(object_type, field_details_list)
        plan = None if subfields.fields is None else self._plan_of(object_type, subfields.fields)
        if plan is None:
            return None
        return _ObjectsStep(object_type.is_type_of, plan, is_list, item_non_null, subfields.only_leaves)

    def _list_step(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList, item_non_null: bool
    ) -> _ObjectsStep | None:
        """The step of a resolver's list of objects: made once for an operation whose selections depend on no
        directive (most do), and taken from there by every request that sends it again; else made for this one."""
        fragments = tuple(details.definition for details in self.fragments.values())  # none, mostly
        key = (
            id(self.operation),
            tuple(map(id, fragments)),
            id(object_type),
            tuple(id(details.node) for details in field_details_list),
        )
        known = _LIST_STEPS.get(key)
        if known is not None and known[4]:
            return known[3]
        step = self._objects_step(object_type, field_details_list, True, item_non_null)
        if known is None:
            if len(_LIST_STEPS) >= MOST_LIST_STEPS:
                _LIST_STEPS.clear()  # bounded: kept again as operations come back
            kept = _without_directives(self.operation, fragments)
            # The operation, its fragments and the type are kept with the step, so that no id in the key is reused.
            _LIST_STEPS[key] = (self.operation, fragments, object_type, step if kept else None, kept)
        return step

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        """A list of objects a resolver gave (a counterpart answer's 50) completed in one pass where it has a plan;
        anything else, or any value one pass leaves, graphql-core's way."""
        if (
            position_context is None
            and self._short_path
            and (type(result) is list or type(result) is tuple)
            and not any(details.node.directives for details in field_details_list)  # `@stream` among them
            and is_object_type(item := get_nullable_type(return_type.of_type))
        ):
            step = self._list_step(item, field_details_list, is_non_null_type(return_type.of_type))
            if step is not None:
                try:
                    return self._listed(step, result)
                except Exception:  # noqa: S110  # graphql-core's way meets it again and reports it in its place
                    pass
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def _leaf(self, leaf: PlainLeaf, source_value: Any) -> Any:
        """The leaf's value coerced for the answer, or WHOLE_WAY."""
        try:
            value = leaf.read(source_value)
            if value is None:
                return WHOLE_WAY if leaf.non_null else None
            if type(value) not in SETTLED and self.is_awaitable(value):
                # Read again, awaited, the whole way (an attribute read asynchronously); this one never runs.
                getattr(value, "close", lambda: None)()
                return WHOLE_WAY
            coerced = leaf.leaf_type.coerce_output_value(value)
        except Exception:
            return WHOLE_WAY  # the whole way reports it, located in the answer
        return WHOLE_WAY if coerced is None or coerced is Undefined else coerced

    def _objects(
        self,
        plain: PlainObjects,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        field_details_list: FieldDetailsList,
        position_context: Any,
    ) -> Any:
        """The object's (or each listed object's) completed fields, or WHOLE_WAY before anything of them has run."""
        try:
            value = plain.read(source_value)
        except Exception:
            return WHOLE_WAY
        if value is None:
            return WHOLE_WAY if plain.non_null else None
        if plain.item_type is None:
            objects: list[Any] | tuple[Any, ...] = (value,)
        elif isinstance(value, list | tuple):
            objects = value
        else:
            return WHOLE_WAY  # an iterable that may not be read twice, or not one at all
        if not self._all_of_type(plain.object_type, objects):
            return WHOLE_WAY
        field_path = Path(path, plain.response_name, parent_type.name)
        if plain.item_type is None:
            return self._completed(
                plain.object_type, plain.field_type, field_details_list, field_path, value, position_context
            )
        try:
            items = [
                self._completed(
                    plain.object_type,
                    plain.item_type,
                    field_details_list,
                    field_path.add_key(index),
                    item,
                    position_context,
                )
                for index, item in enumerate(objects)
            ]
        except Exception as error:
            # A null where the items promise a value spreads to the list, as in graphql-core's list completion.
            self.handle_field_error(error, plain.field_type, field_details_list, field_path)
            return None
        if any(type(item) not in SETTLED and self.is_awaitable(item) for item in items):
            return self._items_later(items, plain.field_type, field_details_list, field_path)
        return items

    def _all_of_type(self, object_type: GraphQLObjectType, objects: list[Any] | tuple[Any, ...]) -> bool:
        """Whether each object is there, ready, and of the type (its `is_type_of`, where it has one)."""
        is_type_of = object_type.is_type_of
        for item in objects:
            if item is None or self.is_awaitable(item):
                return False
            if is_type_of is not None:
                try:
                    # strawberry's checks read the object alone, never the resolve info
                    matches = is_type_of(item, None)  # type: ignore[arg-type]
                except Exception:
                    return False
                if matches is not True:
                    getattr(matches, "close", lambda: None)()  # an asynchronous check: the whole way awaits it
                    return False
        return True

    def _subfields(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> _Subfields:
        """This selection of the type: its fields unless it defers some, and whether it is plain leaves only."""
        key = (object_type.name, id(field_details_list))
        known = self._subfield_sets.get(key)
        if known is None:
            grouped_field_set, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
            plain = self._plain_fields_of(object_type, grouped_field_set)
            only_leaves = (
                not new_defer_usages
                and len(plain) == len(grouped_field_set)
                and all(isinstance(field, PlainLeaf) for field in plain.values())
            )
            known = self._subfield_sets[key] = _Subfields(
                field_details_list, None if new_defer_usages else grouped_field_set, only_leaves
            )
        return known

    def _completed(
        self,
        object_type: GraphQLObjectType,
        declared_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
        value: Any,
        position_context: Any,
    ) -> Any:
        """One object's fields, completed; an error among them handled as graphql-core handles one at this place.

        An object met again under a selection of plain leaves that were all completed on the short path gives what it
        gave then: the same attributes read again would give the same answer.
        """
        known = self._completed_leaves
        key = None
        subfields = self._subfields(object_type, field_details_list)
        if known is not None and subfields.only_leaves:
            key = (id(value), id(field_details_list))
            found = known.get(key)
            if found is not None:
                return found[1]
        whole_ways = self._whole_ways
        try:
            if subfields.fields is not None and position_context is None:
                # What graphql-core runs for a selection that defers nothing, outside a deferred part: its fields.
                completed = self.execute_fields(object_type, value, path, subfields.fields, None)
            else:
                completed = self.collect_and_execute_subfields(
                    object_type, field_details_list, path, value, position_context
                )
        except Exception as error:
            self.handle_field_error(error, declared_type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._settled_later(completed, declared_type, field_details_list, path)
        # A field that took the whole way may have failed: that object is completed each time it is met.
        if known is not None and key is not None and self._whole_ways == whole_ways and isinstance(completed, dict):
            known[key] = (value, completed)
        return completed

    async def _settled_later(
        self,
        awaitable: Awaitable[Any],
        declared_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
    ) -> Any:
        try:
            return await awaitable
        except Exception as error:
            self.handle_field_error(error, declared_type, field_details_list, path)
            return None

    async def _items_later(
        self, items: list[Any], field_type: GraphQLOutputType, field_details_list: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return list(await gather_with_cancel(*(self._value_later(item) for item in items)))
        except Exception as error:
            self.handle_field_error(error, field_type, field_details_list, path)
            return None

    async def _value_later(self, value: Any) -> Any:
        return await value if self.is_awaitable(value) else value

    async def _results_later(self, results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
        awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
        results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    def _plain_fields_of(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> dict[str, PlainLeaf | PlainObjects]:
        """The plain fields of this grouped field set by response name, found once per operation."""
        if not self._short_path:
            return {}
        known = self._plain_fields.get(id(grouped_field_set))
        if known is not None:
            return known[1]
        fields = parent_type.fields
        plain = {
            name: found
            for name, details in grouped_field_set.items()
            if (found := _plain_field(name, parent_type, details[0].node.name.value, fields, details)) is not None
        }
        self._plain_fields[id(grouped_field_set)] = (grouped_field_set, plain)
        return plain
