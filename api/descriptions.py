"""Every element of the schema described: docstrings first, then the API's glossary of shared names."""

from __future__ import annotations

import inspect
from typing import Any

import strawberry
from django.core.exceptions import FieldDoesNotExist
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType
from strawberry.types.base import StrawberryObjectDefinition

from api.glossary import ARGUMENTS, ENUM_VALUES, FIELDS, TYPES


def describe_schema(schema: strawberry.Schema) -> None:
    """Fill in the description of every type, field, argument and enum value that has none."""
    for name, core_type in schema._schema.type_map.items():
        if name.startswith("__"):
            continue
        definition = schema.get_type_by_name(name)
        if not core_type.description:
            core_type.description = _type_text(name, core_type, definition)
        if isinstance(core_type, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            _describe_fields(schema, name, core_type, definition)
        elif isinstance(core_type, GraphQLEnumType):
            for value_name, value in core_type.values.items():
                value.description = value.description or ENUM_VALUES.get(f"{name}.{value_name}")


def undescribed(schema: Any) -> list[str]:
    """The elements of a graphql-core schema that have no description, as `Type.field(argument)` paths."""
    missing = []
    for name, core_type in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Boolean", "Int", "Float", "ID"):
            continue
        if not (core_type.description or "").strip():
            missing.append(name)
        if isinstance(core_type, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in core_type.values.items() if not value.description]
            continue
        for field_name, field in getattr(core_type, "fields", {}).items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            arguments = getattr(field, "args", {})
            missing += [f"{name}.{field_name}({a})" for a, arg in arguments.items() if not arg.description]
    return missing


def _type_text(name: str, core_type: Any, definition: Any) -> str | None:
    if name in TYPES:
        return TYPES[name]
    if isinstance(core_type, GraphQLUnionType) and name.endswith("Payload"):
        action = name.removesuffix("Payload")
        return f"What {action} answers: the record it changed, or an OperationInfo saying why it was refused."
    origin = getattr(definition, "origin", None) or getattr(definition, "wrapped_cls", None)
    return _own_docstring(origin)


def _describe_fields(schema: strawberry.Schema, type_name: str, core_type: Any, definition: Any) -> None:
    by_graphql_name = {}
    if isinstance(definition, StrawberryObjectDefinition):
        converter = schema.config.name_converter
        by_graphql_name = {converter.get_graphql_name(field): field for field in definition.fields}
    for field_name, core_field in core_type.fields.items():
        field = by_graphql_name.get(field_name)
        if not core_field.description:
            core_field.description = (
                FIELDS.get(f"{type_name}.{field_name}")
                or (field is not None and field.description)
                or _resolver_text(field)
                or _model_help_text(definition, field)
                or FIELDS.get(field_name)
            )
        for argument_name, argument in getattr(core_field, "args", {}).items():
            if not argument.description:
                argument.description = ARGUMENTS.get(f"{field_name}.{argument_name}") or ARGUMENTS.get(argument_name)


def _resolver_text(field: Any) -> str | None:
    # A filter input's field is a method too (strawberry-django's filter_field): its docstring says what it keeps.
    resolver = getattr(field, "base_resolver", None) or getattr(field, "filter_order_resolver", None)
    return _first_paragraph(inspect.getdoc(resolver.wrapped_func)) if resolver is not None else None


def _model_help_text(definition: Any, field: Any) -> str | None:
    django_definition = getattr(getattr(definition, "origin", None), "__strawberry_django_definition__", None)
    model = getattr(django_definition, "model", None)
    django_name = getattr(field, "django_name", None) or getattr(field, "python_name", None)
    if model is None or django_name is None or not hasattr(model, "_meta"):
        return None
    try:
        return str(model._meta.get_field(django_name).help_text) or None
    except FieldDoesNotExist:  # a computed field has no model field
        return None


def _own_docstring(cls: Any) -> str | None:
    """A class's own docstring, not one that dataclasses wrote (`Name(a: int, ...)`) or that it inherited."""
    if cls is None:
        return None
    text = cls.__dict__.get("__doc__")
    if not text or text.startswith(f"{cls.__name__}("):
        return None
    return _first_paragraph(inspect.cleandoc(text))


def _first_paragraph(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split("\n\n")[0].split())
