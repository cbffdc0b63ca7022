"""strawberry-django's optimizer, with what it works out for a selection kept for the next request like it.

For each queryset a field returns, the optimizer walks the field's selection (fragments, directives, nested fields)
and works out what to load with it: the columns, the joins, and a query of its own for each list of related records,
made through that type's get_queryset. For the one-officer question (agency, country, expertise, events) that walk
was a fifth of the web process's work a request (bench/RESULTS.md, stop 62), and it comes out the same whenever the
same document asks the same field with the same variables on behalf of a viewer who may see the same records.

So it is kept, keyed by exactly that: the document and operation, the field's place in the answer, the values of the
variables used below the field, and the viewer's scope (what every type's get_queryset reads of the viewer). A kept
result is copied before each use, so no request changes another's queries.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Hashable, Iterator
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from graphql import FragmentSpreadNode, GraphQLResolveInfo, Node, VariableNode
from graphql.pyutils import Path
from strawberry import Info
from strawberry.extensions import SchemaExtension
from strawberry.types.nodes import get_variable_values
from strawberry_django.optimizer import DjangoOptimizerExtension, OptimizerConfig, OptimizerStore, optimize
from strawberry_django.queryset import get_queryset_config
from strawberry_django.utils.inspect import is_inheritance_qs

from directory.kept import Kept
from directory.models.kept_queries import keeping_statements
from directory.permissions import may_read_webhooks
from directory.visibility import Viewer, sees_only_own_entry, signed_in

# Selections a process keeps the optimizer's work for; the least recently asked is let go first.
KEPT_SELECTIONS = 256
# Nothing is kept for a document and variables longer than this (a request body may be 64 KB): what is kept stays
# within a few megabytes a process, whatever clients send.
MAX_KEPT_TEXT = 8_192


def viewer_scope(user: Viewer) -> Hashable:
    """Everything a type's get_queryset reads of the viewer (api/types: officers, participations, webhooks)."""
    # Two viewers with the same scope get the same queries from every get_queryset; one with another scope must get
    # its own (tests/api/test_kept_optimizations.py checks each type that has a get_queryset).
    if not signed_in(user):
        return ("nobody",)
    own_entry_only = sees_only_own_entry(user)
    return ("signed in", own_entry_only, user.officer_id if own_entry_only else None, may_read_webhooks(user))


# Shared by a web process's threads.
KEPT: Kept[OptimizerStore] = Kept(KEPT_SELECTIONS)
# The variables used below a field, by document, operation and place: walking the selection for them took a twentieth
# of the one-officer question's time in process, and what it finds depends on nothing else.
USED_BELOW: Kept[tuple[str, ...]] = Kept(KEPT_SELECTIONS)


def _fresh_queryset(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """A copy of the queryset, and of each Prefetch it carries, that can be changed without changing the original."""
    copy = queryset._chain()  # type: ignore[attr-defined]
    copy._prefetch_related_lookups = tuple(_fresh_lookup(lookup) for lookup in queryset._prefetch_related_lookups)  # type: ignore[attr-defined]
    return cast(QuerySet[Any], copy)


def _fresh_lookup(lookup: Any) -> Any:
    # The optimizer changes a Prefetch's queryset in place when it applies a store (the columns it loads).
    if not isinstance(lookup, Prefetch) or lookup.queryset is None:
        return lookup
    copy = Prefetch(lookup.prefetch_through, queryset=None, to_attr=lookup.to_attr)
    copy.__dict__.update(lookup.__dict__)
    copy.queryset = _fresh_queryset(lookup.queryset)
    return copy


def _fresh_store(store: OptimizerStore) -> OptimizerStore:
    """A copy of a store that applying it cannot change."""
    return OptimizerStore(
        only=list(store.only),
        select_related=list(store.select_related),
        prefetch_related=[_fresh_lookup(lookup) for lookup in store.prefetch_related],
        annotate=dict(store.annotate),
    )


class _KeepingStore(OptimizerStore):
    """The store `optimize` fills and applies; a copy of it is kept under its key before it is applied."""

    key: Hashable = None

    def __bool__(self) -> bool:
        # `optimize` takes the store it is given only if it is true, and applies it only if it is true once filled:
        # this one is always taken and applied, and applies nothing while it is empty, as `optimize` would.
        return True

    def apply(self, qs: QuerySet[Any], *, info: GraphQLResolveInfo, config: OptimizerConfig | None = None) -> Any:
        """Keep a copy as it is now, then apply it, unless it is empty."""
        KEPT.keep(self.key, _fresh_store(self))
        if not OptimizerStore.__bool__(self):
            return qs
        return super().apply(qs, info=info, config=config)


def _variables_below(info: GraphQLResolveInfo) -> Iterator[str]:
    """The names of the variables used anywhere below the field (arguments and directives, through fragments)."""
    seen_fragments: set[str] = set()
    pending: list[Node] = [node.selection_set for node in info.field_nodes if node.selection_set]
    while pending:
        node = pending.pop()
        if isinstance(node, VariableNode):
            yield node.name.value
        elif isinstance(node, FragmentSpreadNode):
            pending.extend(node.directives or ())
            name = node.name.value
            if name not in seen_fragments and name in info.fragments:
                seen_fragments.add(name)
                fragment = info.fragments[name]
                pending.extend(fragment.directives or ())
                pending.append(fragment.selection_set)
        else:
            pending.extend(_children(node))


def _children(node: Node) -> Iterator[Node]:
    for key in node.keys:
        if key == "loc":
            continue
        value = getattr(node, key, None)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (item for item in value if isinstance(item, Node))


def _place(info: GraphQLResolveInfo) -> tuple[tuple[str, str | None], ...]:
    """The field's place in the answer: each field's name on the way and the type of the object it was asked of.

    List indices are left out (every item of a list is asked the same fields). The types are kept: through fragments
    on an interface or a union, one name can stand for fields with different selections on different types."""
    place: list[tuple[str, str | None]] = []
    path: Path | None = info.path
    while path is not None:
        if isinstance(path.key, str):
            place.append((path.key, path.typename))
        path = path.prev
    return tuple(reversed(place))


def _used_below(body: str, operation: str | None, place: Hashable, info: GraphQLResolveInfo) -> tuple[str, ...]:
    """The names of the variables used below the field, walked for once per document, operation and place."""
    known, used = USED_BELOW.find((body, operation, place))
    if not known or used is None:
        used = tuple(sorted(set(_variables_below(info))))
        USED_BELOW.keep((body, operation, place), used)
    return used


def _key(qs: QuerySet[Any], info: GraphQLResolveInfo, config: OptimizerConfig) -> Hashable | None:
    """What the optimizer's work for this field depends on; None where it cannot be told (nothing is kept)."""
    location = info.operation.loc
    if location is None or len(location.source.body) > MAX_KEPT_TEXT:
        return None
    body = location.source.body
    operation = info.operation.name.value if info.operation.name else None
    place = _place(info)
    values = get_variable_values(info)
    used = _used_below(body, operation, place, info)
    variables = json.dumps({name: values.get(name) for name in used}, sort_keys=True, default=str)
    if len(body) + len(variables) > MAX_KEPT_TEXT:
        return None
    return (
        body,
        operation,
        place,
        qs.model,
        str(info.return_type),
        variables,
        viewer_scope(info.context.request.user),
        dataclasses.astuple(config),
    )


class QuerysetOptimizer(DjangoOptimizerExtension):
    """strawberry-django's optimizer without its hook around every field, its work kept for the next request like
    this one (bench/RESULTS.md, issue 15 item 2; stop 62)."""

    # strawberry-django's fields optimize their own querysets through the optimizer this extension sets up for the
    # operation; the hook only serves plain strawberry fields that return querysets, which the schema has none of
    # (tests/api/test_query_counts.py), and it wrapped each of the 1,186 fields of a 50-officer counterpart answer.
    resolve = SchemaExtension.resolve  # type: ignore[assignment]  # the base class's: no hook

    def optimize(self, qs: Any, info: GraphQLResolveInfo | Info, *, store: OptimizerStore | None = None) -> Any:
        """The queryset optimized as strawberry-django would, from the kept work where a request like this left it."""
        raw = info._raw_info if isinstance(info, Info) else info
        if not self.enabled.get() or store is not None or not isinstance(qs, QuerySet) or is_inheritance_qs(qs):
            return super().optimize(qs, info, store=store)
        if qs._result_cache is not None or get_queryset_config(qs).optimized:
            return qs
        config = OptimizerConfig(
            enable_only=self.enable_only and raw.operation.operation.value == "query",
            enable_select_related=self.enable_select_related,
            enable_prefetch_related=self.enable_prefetch_related,
            enable_annotate=self.enable_annotate_optimization,
            prefetch_custom_queryset=self.prefetch_custom_queryset,
        )
        key = _key(qs, raw, config)
        if key is None:
            return super().optimize(qs, info, store=store)
        known, kept = KEPT.find(key)
        if not known or kept is None:
            keeping = _KeepingStore()
            keeping.key = key
            return _with_kept_statements(qs, optimize(qs, raw, config=config, store=keeping))
        if not kept:
            return qs
        optimized = _fresh_store(kept).apply(qs, info=raw, config=config)
        get_queryset_config(optimized).optimized = True
        return _with_kept_statements(qs, optimized)


def _with_kept_statements(given: Any, optimized: Any) -> Any:
    """The optimized queryset, its statements and its prefetches' kept for the next request of the same shape."""
    # Each is a new queryset, its Prefetch lookups made for this request alone; the queryset given is the caller's.
    return optimized if optimized is given or not isinstance(optimized, QuerySet) else keeping_statements(optimized)
