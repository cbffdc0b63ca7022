"""The services are the only write path: no model row is written anywhere else in Liaison's code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("config", "directory", "graph", "answers", "api", "frontend")
WRITE_PATH = "directory/services/"
# The only places outside the services that write rows, and why.
ALLOWED = {
    # The projector's own outbox bookkeeping: marking events applied or failed is not a directory change.
    "graph/projector.py": {"update"},
    "graph/rebuild.py": {"update"},
    "graph/offline/rebuild.py": {"update"},
    # The append-only logs' one gate for erasure's tombstones (it refuses any other column); only
    # directory/services/erasure.py calls it.
    "directory/models/access.py": {"update"},
    # openpyxl's Workbook.save writes an export's workbook into memory, not a row.
    "directory/exports/formats.py": {"save"},
}
# Calls that write whatever they are called on.
ALWAYS_WRITES = {
    "save",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "create_user",
    "create_superuser",
}
# Calls that write when called on a manager or queryset (`Officer.objects.filter(...).update(...)`).
QUERYSET_WRITES = {"create", "update", "delete"}
QUERYSET_HINTS = ("objects", "_base_manager", "filter(", "exclude(", ".all()")
# Calls that write when called on a related manager (`officer.languages.set(...)`).
RELATED_WRITES = {"add", "remove", "clear", "set", "create", "update", "delete"}


def _related_names() -> set[str]:
    """Every related-manager attribute of Liaison's models (`languages`, `contacts`, `participations`…)."""
    names = set()
    for model in apps.get_app_config("directory").get_models():
        for field in model._meta.get_fields():
            if field.many_to_many or field.one_to_many:
                names.add(field.get_accessor_name() if field.auto_created else field.name)
    return names


def _writes(path: Path, related: set[str]) -> list[str]:
    """`file:line method` for each call in the file that writes a row."""
    name = path.relative_to(ROOT)
    return [f"{name}:{line} {method}" for line, method in _write_calls(path.read_text(encoding="utf-8"), related)]


def _write_calls(source: str, related: set[str]) -> list[tuple[int, str]]:
    """(line, method) for each call in the source that writes a row."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        receiver_text = ast.get_source_segment(source, receiver) or ""
        is_super = isinstance(receiver, ast.Call) and getattr(receiver.func, "id", "") == "super"
        # A form's save(commit=False) only builds the objects.
        uncommitted = any(k.arg == "commit" and getattr(k.value, "value", True) is False for k in node.keywords)
        writes = (
            (method in ALWAYS_WRITES and not is_super and not uncommitted)
            or (method in QUERYSET_WRITES and any(hint in receiver_text for hint in QUERYSET_HINTS))
            or (method in RELATED_WRITES and isinstance(receiver, ast.Attribute) and receiver.attr in related)
        )
        if writes:
            found.append((node.lineno, method))
    return found


def _code_files() -> list[Path]:
    files = []
    for package in PACKAGES:
        files += [path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]
    return sorted(files)


def test_no_model_row_is_written_outside_the_services() -> None:
    # given Liaison's code, less the services themselves
    related = _related_names()
    outside = [path for path in _code_files() if not str(path.relative_to(ROOT)).startswith(WRITE_PATH)]

    # when every call that writes a row is listed
    writes = [write for path in outside for write in _writes(path, related)]

    # then none is left but the named exceptions
    unexpected = [write for write in writes if write.split()[1] not in ALLOWED.get(write.split(":")[0], set())]
    assert unexpected == [], "write through a service in directory/services/ instead: " + ", ".join(unexpected)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("officer.save()", ["save"]),
        ("Officer.objects.filter(pk=1).update(rank='x')", ["update"]),
        ("officer.languages.set([])", ["set"]),
        ("Agency.objects.create(name_en='x')", ["create"]),
        ("seen.add(1)\nvalues.update({})\nsuper().save()\nformset.save(commit=False)", []),
    ],
)
def test_the_check_recognises_a_write(code: str, expected: list[str]) -> None:
    assert [method for _, method in _write_calls(code, _related_names())] == expected
