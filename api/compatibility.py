"""The API's promise: no breaking change to the released schema unless CHANGELOG.md lists it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from graphql import (
    BreakingChangeType,
    GraphQLEnumType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

RELEASED_DIR = Path(settings.BASE_DIR) / "api" / "released"
CHANGELOG = Path(settings.BASE_DIR) / "CHANGELOG.md"
SNAPSHOT_NAME = re.compile(r"schema-(\d+)\.(\d+)\.(\d+)\.graphql")
# "## [Unreleased]", "## [1.0.0] - 2026-12-01": Keep a Changelog's section headings.
SECTION = re.compile(r"^## \[(?P<name>[^\]]+)\]", re.MULTILINE)
# A schema coordinate as graphql-core's descriptions spell it: Type.field, Type.field(arg:), Enum.VALUE, @directive.
DOTTED = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*(?:\([A-Za-z_]\w*:\))?")
DIRECTIVE = re.compile(r"@[A-Za-z_]\w*(?:\([A-Za-z_]\w*:\))?")
# Removals an integrator must have been warned of by @deprecated in the released schema.
MUST_BE_DEPRECATED = {
    BreakingChangeType.FIELD_REMOVED,
    BreakingChangeType.ARG_REMOVED,
    BreakingChangeType.VALUE_REMOVED_FROM_ENUM,
}

Version = tuple[int, int, int]


@dataclass(frozen=True)
class SchemaChange:
    """One difference from the released schema, with the schema coordinate CHANGELOG.md names it by."""

    kind: str
    description: str
    coordinate: str


@dataclass(frozen=True)
class Verdict:
    """What a comparison found: breaking changes not accounted for (each with why), and the dangerous ones."""

    unaccounted: list[tuple[SchemaChange, str]]
    accounted: list[SchemaChange]
    dangerous: list[SchemaChange]


def coordinate(kind: BreakingChangeType | None, description: str) -> str:
    """The schema coordinate a change is about, such as `Officer.rank`, `Query.officers(country:)` or `Agency`."""
    if kind is BreakingChangeType.TYPE_REMOVED_FROM_UNION:
        return description.rstrip(".").split()[-1]  # "Member was removed from union type Union."
    for pattern in (DOTTED, DIRECTIVE):
        found = pattern.search(description)
        if found:
            return found.group(0)
    return description.removeprefix("Standard scalar ").split()[0]


def parse_version(text: str) -> Version | None:
    """(1, 2, 3) for "1.2.3"; None for anything else."""
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def latest_snapshot(folder: Path = RELEASED_DIR) -> tuple[Version, Path] | None:
    """The released schema of the highest version kept in `folder`."""
    found = []
    for path in folder.glob("schema-*.graphql"):
        match = SNAPSHOT_NAME.fullmatch(path.name)
        if match:
            found.append(((int(match.group(1)), int(match.group(2)), int(match.group(3))), path))
    return max(found) if found else None


def snapshot_path(version: str, folder: Path = RELEASED_DIR) -> Path:
    """Where the released schema of `version` is kept."""
    return folder / f"schema-{version}.graphql"


def changelog_since(changelog: str, released: Version) -> str:
    """The text of CHANGELOG.md's Unreleased section and of every version after `released`."""
    headings = list(SECTION.finditer(changelog))
    kept = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(changelog)
        name = heading.group("name").strip()
        version = parse_version(name)
        if name.lower() == "unreleased" or (version is not None and version > released):
            kept.append(changelog[heading.start() : end])
    return "\n".join(kept)


def _mentions(text: str, where: str) -> bool:
    """Whether the changelog names the coordinate in backticks, as `Type.field` (an argument also as `Type.field`)."""
    return f"`{where}`" in text


def _deprecated_in(schema: GraphQLSchema, where: str) -> bool:
    """Whether the released schema marked the field, argument, input field or enum value @deprecated."""
    match = re.fullmatch(r"(\w+)\.(\w+)(?:\((\w+):\))?", where)
    if match is None:
        return False
    type_name, member, argument = match.groups()
    kind = schema.get_type(type_name)
    if isinstance(kind, GraphQLEnumType):
        value = kind.values.get(member)
        return value is not None and value.deprecation_reason is not None
    field = getattr(kind, "fields", {}).get(member)
    if field is None:
        return False
    if argument is not None:
        arg = field.args.get(argument)
        return arg is not None and arg.deprecation_reason is not None
    return getattr(field, "deprecation_reason", None) is not None


def compare(released_sdl: str, current_sdl: str, changelog: str, released: Version) -> Verdict:
    """Breaking changes from the released schema, split into those CHANGELOG.md accounts for and those it does not."""
    old, new = build_schema(released_sdl), build_schema(current_sdl)
    listed = changelog_since(changelog, released)
    unaccounted: list[tuple[SchemaChange, str]] = []
    accounted: list[SchemaChange] = []
    for change in find_breaking_changes(old, new):
        where = coordinate(change.type, change.description)
        found = SchemaChange(change.type.name, change.description, where)
        if change.type in MUST_BE_DEPRECATED and not _deprecated_in(old, where):
            unaccounted.append(
                (
                    found,
                    f"`{where}` was not marked @deprecated in the released schema; deprecate it in one release, "
                    "say in CHANGELOG.md until when it stays, and remove it only in a later one",
                )
            )
        elif not _mentions(listed, where):
            unaccounted.append(
                (found, f"CHANGELOG.md does not name `{where}` under Unreleased (or a version after the released one)")
            )
        else:
            accounted.append(found)
    dangerous = [
        SchemaChange(change.type.name, change.description, coordinate(None, change.description))
        for change in find_dangerous_changes(old, new)
    ]
    return Verdict(unaccounted=unaccounted, accounted=accounted, dangerous=dangerous)


def compare_with_release(current_sdl: str) -> tuple[Version, Verdict]:
    """The current schema against the latest released snapshot and the repository's CHANGELOG.md."""
    latest = latest_snapshot()
    if latest is None:
        raise FileNotFoundError(f"No released schema in {RELEASED_DIR.name}/: run `manage.py api_release`.")
    version, path = latest
    changelog = CHANGELOG.read_text(encoding="utf-8")
    return version, compare(path.read_text(encoding="utf-8"), current_sdl, changelog, version)
