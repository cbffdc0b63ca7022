"""The types the API names lazily (to break circular imports) are resolved once, not at every request."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from strawberry.types.base import StrawberryContainer, StrawberryObjectDefinition
from strawberry.types.lazy_type import LazyType

from api.schema import schema
from api.types.base import lazy
from api.types.events import ParticipationType
from api.types.institutions import AgencyType


def _lazy_types() -> dict[str, LazyType]:
    """Every lazy type among the schema's fields, by the field that names it."""
    found = {}
    for name, concrete in schema.schema_converter.type_map.items():
        definition = concrete.definition
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            field_type: Any = field.type
            while isinstance(field_type, StrawberryContainer):
                field_type = field_type.of_type
            if isinstance(field_type, LazyType):
                found[f"{name}.{field.python_name}"] = field_type
    return found


def test_a_lazy_type_is_looked_up_once_then_never_again(monkeypatch: pytest.MonkeyPatch) -> None:
    lazy_types = _lazy_types()
    assert lazy_types.keys() == {"Officer.participations", "Country.agencies"}
    expected = {"Officer.participations": ParticipationType, "Country.agencies": AgencyType}
    for field, lazy_type in lazy_types.items():
        assert lazy_type.resolve_type() is expected[field]

    # when neither the modules nor the file system may be asked any more
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a lazy type was looked up again")

    monkeypatch.setattr(importlib, "import_module", refused)
    monkeypatch.setattr(Path, "samefile", refused)
    # then each still names its type
    for field, lazy_type in lazy_types.items():
        assert lazy_type.resolve_type() is expected[field]


def test_a_lazy_reference_names_its_module_in_full() -> None:
    with pytest.raises(ValueError, match=r"\.events: give the module's absolute name"):
        lazy(".events")
