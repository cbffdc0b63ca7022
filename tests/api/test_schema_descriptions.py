"""The schema describes itself: an integrator reading schema.graphql finds a description on every element."""

from __future__ import annotations

import inspect

from graphql import build_schema

from api.descriptions import undescribed
from api.management.commands.graphql_schema import SCHEMA_FILE


def test_every_type_field_argument_and_enum_value_of_the_committed_schema_is_described() -> None:
    # given the committed contract
    committed = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))

    # when every element is checked
    missing = undescribed(committed)

    # then none lacks a description
    assert missing == [], f"describe these (docstring, or api/glossary.py): {missing}"


def test_the_check_finds_an_undescribed_element() -> None:
    schema = build_schema('"""A thing."""\ntype Query {\n  """Described."""\n  a(x: Int): Int\n  b: Int\n}')

    assert undescribed(schema) == ["Query.a(x)", "Query.b"]


def test_a_field_means_one_thing_wherever_its_name_is_shared() -> None:
    # given the fields every record (Node) has
    committed = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    texts: dict[str, set[str]] = {}
    for kind in committed.type_map.values():
        for field_name, field in getattr(kind, "fields", {}).items():
            is_record = any(interface.name == "Node" for interface in getattr(kind, "interfaces", ()))
            if is_record and field_name in ("id", "uuid", "nameEn", "nameRu"):
                texts.setdefault(field_name, set()).add(field.description or "")

    # then each is described once, the same way
    assert all(len(found) == 1 for found in texts.values()), texts


def test_no_field_has_two_different_texts() -> None:
    # given every resolver of the schema that has both a docstring and an explicit description
    from strawberry.types.base import StrawberryObjectDefinition

    from api.descriptions import _first_paragraph
    from api.schema import schema

    twice = []
    for name in schema._schema.type_map:
        definition = schema.get_type_by_name(name)
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            resolver = getattr(field, "base_resolver", None)
            doc = _first_paragraph(inspect.getdoc(resolver.wrapped_func)) if resolver is not None else None
            if doc and field.description and doc != field.description:
                twice.append(f"{name}.{field.python_name}")

    # then none says one thing in its docstring and another in the schema
    assert twice == [], f"keep one text (the docstring) for: {twice}"
