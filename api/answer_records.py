"""Records inside an answer its own code builds (graph answers, duplicate pairs), with the relations selected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TypeVar

from django.db.models import Model, QuerySet
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLOutputType,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from strawberry import Info
from strawberry_django.optimizer import OptimizerConfig, optimize

from directory.kept import Kept

M = TypeVar("M", bound=Model)
Refine = Callable[[QuerySet[M]], QuerySet[M]]

# Relations only, no `only()`: the answer's own code reads more of each record than the client selects (the names a
# reason gives, the fields visibility checks), and each column left out would cost a query per record when read.
RELATIONS_ONLY = OptimizerConfig(enable_only=False)


def loading_selected(info: Info, *paths: str, reading: tuple[str, ...] | None = None) -> Refine:
    """How to load the records at these dotted paths of the answer ("officer", "hops.fromOfficer") in one go.

    A graph answer's records (and a duplicate pair's) are loaded by the answer's own code, not by a strawberry-django
    field, so nothing fetched the relations a client asks of them: an officer's languages for 50 counterparts took 50
    queries more.
    The refinement adds the select_related and prefetch_related that strawberry-django's optimizer works out for a
    list of these records with the same selection, its types' visibility rules included.
    `reading` names the columns the answer's own code reads of each record ("uuid", "name_latin"): given, only
    these and the selected ones are loaded; not given, every column is.
    """
    raw = info._raw_info
    nodes: list[FieldNode] = []
    holder: tuple[GraphQLObjectType, GraphQLOutputType] | None = None
    for path in paths:
        found, parent, return_type = _selected_at(raw.field_nodes, raw.return_type, path.split("."), raw.fragments)
        if found and holder is None:
            holder = (parent, return_type)  # type: ignore[assignment]  # found implies both
        nodes += found
    if holder is None:
        return _unchanged
    # Several paths to the same type merge as a client's repeated fields do: their sub-selections are all fetched.
    # The first path names the field, which strawberry-django looks up on its parent type.
    selection = raw._replace(
        field_name=nodes[0].name.value, field_nodes=nodes, return_type=holder[1], parent_type=holder[0]
    )
    if reading is None:
        optimized: Refine = lambda queryset: optimize(queryset, selection, config=RELATIONS_ONLY)  # noqa: E731
    else:
        # The columns a client did not select were most of a 50-officer answer's load: its agencies' names in five
        # scripts, the datetimes each made aware (about 1.2 ms of 20 in process, bench/RESULTS.md).
        optimized = lambda queryset: _loading_also(optimize(queryset, selection), reading)  # noqa: E731
    return _kept_refinement(nodes, raw.fragments, reading, optimized)


class _Refinement(NamedTuple):
    """What the optimizer added to a queryset of one shape for one selection: its related records and columns."""

    nodes: tuple[FieldNode, ...]  # kept alive with the refinement, so that their ids are not reused
    select_related: tuple[str, ...]
    only: tuple[str, ...] | None  # None: every column


# Refinements worked out, by the selection's field nodes and the queryset's shape. The parser cache gives the same
# text the same document (api/document_cache.py), so an integration's question finds its refinement by identity.
KEPT_REFINEMENTS = 512
_REFINEMENTS: Kept[_Refinement | None] = Kept(KEPT_REFINEMENTS)


def _kept_refinement(
    nodes: list[FieldNode], fragments: dict[str, FragmentDefinitionNode], reading: Any, optimized: Refine
) -> Refine:
    """`optimized`, worked out once for each selection and shape of queryset where its answer can be kept.

    strawberry-django's optimizer walks the selection and the types' hints again for every answer: about 0.5 ms of a
    50-officer counterpart answer. Its related records and columns depend only on the selection and on the queryset's
    model and relations, so they are kept. Not kept: a selection with a directive (its fields depend on the request's
    variables), and any refinement that prefetches or annotates (a prefetch's queryset may depend on the viewer).
    """

    def refine(queryset: QuerySet[M]) -> QuerySet[M]:
        query = queryset.query
        if _prefetches(queryset) or query.annotations:
            return optimized(queryset)
        key = (tuple(map(id, nodes)), reading, queryset.model, repr(query.select_related), query.deferred_loading)
        known, kept = _REFINEMENTS.find(key)  # a web process's threads share them
        if not known:
            refined = optimized(queryset)
            found = None if _has_directives(nodes, fragments) else _refinement(tuple(nodes), refined)
            _REFINEMENTS.keep(key, found)
            return refined
        if kept is None:
            return optimized(queryset)
        if kept.select_related:
            queryset = queryset.select_related(*kept.select_related)
        return queryset if kept.only is None else queryset.only(*kept.only)

    return refine


def _refinement(nodes: tuple[FieldNode, ...], refined: QuerySet[Any]) -> _Refinement | None:
    """What the optimizer made of a queryset, where it only joined related records and chose columns."""
    query = refined.query
    if _prefetches(refined) or query.annotations or query.select_related is True:
        return None
    names, deferred = query.deferred_loading
    if deferred and names:
        return None  # columns left out by name, which `only` cannot say
    related = query.select_related if isinstance(query.select_related, dict) else {}
    return _Refinement(nodes, tuple(_related_paths(related)), None if deferred else tuple(sorted(names)))


def _prefetches(queryset: QuerySet[Any]) -> bool:
    return bool(queryset._prefetch_related_lookups)  # type: ignore[attr-defined]  # Django keeps them here


def _related_paths(related: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Each path of a queryset's select_related ("agency", "agency__country"), from its nested dict."""
    for name, nested in related.items():
        yield prefix + name
        yield from _related_paths(nested, f"{prefix}{name}__")


def _has_directives(nodes: list[FieldNode], fragments: dict[str, FragmentDefinitionNode]) -> bool:
    """Whether any field or fragment at or below these nodes has a directive (`@include`, `@skip`, ...)."""
    seen: set[str] = set()
    pending: list[Any] = list(nodes)
    while pending:
        node = pending.pop()
        if node.directives:
            return True
        if isinstance(node, FragmentSpreadNode):
            if node.name.value in seen or node.name.value not in fragments:
                continue
            seen.add(node.name.value)
            node = fragments[node.name.value]
            if node.directives:
                return True
        if node.selection_set is not None:
            pending += node.selection_set.selections
    return False


def _loading_also(queryset: QuerySet[M], columns: tuple[str, ...]) -> QuerySet[M]:
    """The queryset loading these columns too, where the optimizer chose the columns to load."""
    names, deferred = queryset.query.deferred_loading
    return queryset if deferred else queryset.only(*names, *columns)


def _unchanged(queryset: QuerySet[M]) -> QuerySet[M]:
    return queryset


def _selected_at(
    nodes: list[FieldNode],
    field_type: GraphQLOutputType,
    names: list[str],
    fragments: dict[str, FragmentDefinitionNode],
) -> tuple[list[FieldNode], GraphQLObjectType | None, GraphQLOutputType | None]:
    """The field nodes at this path below these nodes, with the type that holds the last field and its type."""
    parent: GraphQLObjectType | None = None
    for name in names:
        parent = get_named_type(field_type)  # type: ignore[assignment]  # an answer's types are all object types
        field = parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None
        if field is None:
            return [], None, None
        seen: set[str] = set()
        nodes = [child for node in nodes for child in _fields_named(node.selection_set, name, fragments, seen)]
        field_type = field.type
    return nodes, parent, field_type


def _fields_named(
    selections: SelectionSetNode | None, name: str, fragments: dict[str, FragmentDefinitionNode], seen: set[str]
) -> Iterator[FieldNode]:
    """Every field of this name in a selection set, through its fragments (a skipped one too: it only loads more).

    Each named fragment is entered once (`seen`), as graphql-core collects fields, so a fragment spread many times
    costs one walk (the document's limits bound the rest: api/limits.py).
    """
    for selection in selections.selections if selections else ():
        if isinstance(selection, FieldNode) and selection.name.value == name:
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields_named(selection.selection_set, name, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            if selection.name.value in fragments:
                yield from _fields_named(fragments[selection.name.value].selection_set, name, fragments, seen)
