"""One graph vocabulary: labels, relationship types and reason kinds are declared once and used everywhere."""

from __future__ import annotations

from api.queries import NodeKind, SearchKind
from api.types.graph import ReasonKind as ApiReasonKind
from frontend.views.network import KIND_NAMES, RELATIONSHIPS
from graph.queries.schema import FULLTEXT_LABELS
from graph.shapes import SEARCHABLE_LABELS, SHAPES, SHARED_LABELS, Label, ReasonKind, Rel


def test_every_label_and_relationship_of_the_shapes_is_declared_and_every_declared_one_is_used() -> None:
    used_labels = {shape.label for shape in SHAPES} | {link.target for shape in SHAPES for link in shape.links}
    used_types = {link.type for shape in SHAPES for link in shape.links}

    assert used_labels == set(Label)
    assert used_types == set(Rel)
    assert set(SHARED_LABELS) <= set(Label)


def test_the_network_page_has_words_for_every_label_and_relationship() -> None:
    assert set(KIND_NAMES) == set(Label)
    assert set(RELATIONSHIPS) == set(Rel)


def test_the_api_enums_are_derived_from_the_graph_vocabulary() -> None:
    assert {kind.name for kind in NodeKind} == {shape.label.name for shape in SHAPES}
    assert {kind.value for kind in SearchKind} == {label.value for label in SEARCHABLE_LABELS}
    assert {(kind.name, kind.value) for kind in ApiReasonKind} == {(kind.name, kind.value) for kind in ReasonKind}
    assert tuple(FULLTEXT_LABELS) == SEARCHABLE_LABELS
