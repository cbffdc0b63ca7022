"""The schema describes itself: an integrator reading schema.graphql finds a description on every element."""

from __future__ import annotations

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
