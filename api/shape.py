"""The shape of a GraphQL document once its fragments are spread, measured in one pass over what was sent."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

# Counts beyond any limit stop growing: a chain of fragments can multiply them past any useful size.
SATURATED = 10**9


@dataclass
class Shape:
    """What an operation or a fragment amounts to when every fragment in it is spread."""

    depth: int = 0  # fields with a selection on the longest path, introspection fields not counted
    aliases: int = 0
    fields: int = 0
    nesting: int = 0  # fragments on the longest chain of fragments spread inside fragments


@dataclass
class _Own:
    """What one definition holds itself, and at which depth it spreads which fragment."""

    shape: Shape
    spreads: list[tuple[str, int | None]] = field(default_factory=list)  # None: inside an introspection field


class DocumentShape:
    """Measures each operation of a document, walking each selection and each fragment once (memoised)."""

    def __init__(self, document: DocumentNode) -> None:
        self.visits = 0  # selections and spreads looked at: the work done, linear in the document's size
        self._fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._shapes: dict[str, Shape] = {}

    def of(self, operation: OperationDefinitionNode) -> Shape:
        """The shape of `operation` with every fragment it uses spread."""
        own = self._own(operation.selection_set)
        for name, _ in own.spreads:
            self._measure_fragment(name)
        return self._combine(own, is_fragment=False)

    def _own(self, selection_set: SelectionSetNode) -> _Own:
        """Walk one definition's own selections (not its fragments), without recursion: nesting is the sender's."""
        own = _Own(Shape())
        pending: list[tuple[SelectionSetNode, int | None]] = [(selection_set, 0)]
        while pending:
            selections, depth = pending.pop()
            for selection in selections.selections:
                self.visits += 1
                if isinstance(selection, FieldNode):
                    own.shape.fields += 1
                    own.shape.aliases += selection.alias is not None
                    if selection.selection_set is None:
                        continue
                    # Introspection is answered from the schema, not the data: its depth costs nothing.
                    inner = None if depth is None or selection.name.value.startswith("__") else depth + 1
                    if inner is not None:
                        own.shape.depth = max(own.shape.depth, inner)
                    pending.append((selection.selection_set, inner))
                elif isinstance(selection, InlineFragmentNode):
                    pending.append((selection.selection_set, depth))
                elif isinstance(selection, FragmentSpreadNode):
                    own.spreads.append((selection.name.value, depth))
        return own

    def _measure_fragment(self, root: str) -> None:
        """Measure `root` and every fragment it spreads, each once, children first, without recursion."""
        if root in self._shapes or root not in self._fragments:
            return
        owns = {root: self._own(self._fragments[root].selection_set)}
        path = [(root, iter(owns[root].spreads))]
        while path:
            name, spreads = path[-1]
            for child, _ in spreads:
                if child in self._fragments and child not in self._shapes:
                    if child in owns:  # not measured yet, so on the path: a cycle
                        self._refuse_cycle(child, name)
                    owns[child] = self._own(self._fragments[child].selection_set)
                    path.append((child, iter(owns[child].spreads)))
                    break
            else:
                self._shapes[name] = self._combine(owns[name], is_fragment=True)
                path.pop()

    def _refuse_cycle(self, fragment: str, through: str) -> None:
        path = "" if fragment == through else f" through '{through}'"
        raise GraphQLError(
            f"Fragment '{fragment}' spreads itself{path}; a fragment cannot contain itself, "
            "so spread it only outside its own selections."
        )

    def _combine(self, own: _Own, *, is_fragment: bool) -> Shape:
        """A definition's shape: its own selections plus each spread fragment's, as often as it is spread."""
        shape = Shape(own.shape.depth, own.shape.aliases, own.shape.fields, 0)
        for name, depth in own.spreads:
            self.visits += 1
            child = self._shapes.get(name)
            if child is None:
                continue  # an unknown fragment: validation names it
            if depth is not None:
                shape.depth = max(shape.depth, depth + child.depth)
            shape.aliases = min(shape.aliases + child.aliases, SATURATED)
            shape.fields = min(shape.fields + child.fields, SATURATED)
            shape.nesting = max(shape.nesting, child.nesting)
        shape.nesting += is_fragment
        return shape
