"""No breaking change by accident: the schema against the last released one, and the checker on hand-made schemas."""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from api.compatibility import CHANGELOG, changelog_since, compare, compare_with_release, latest_snapshot
from api.management.commands.graphql_schema import current_sdl
from config import __version__

ROOT = Path(__file__).resolve().parents[2]
RELEASED = """
type Query {
  officer(uuid: ID!, country: String): Officer
  officers: [Officer!]!
}
type Officer {
  name: String!
  rank: String @deprecated(reason: "Use `grade`.")
  position: String
  grade: Grade
}
enum Grade { JUNIOR SENIOR CHIEF @deprecated(reason: "No longer used.") }
"""
CHANGELOG_HEAD = "# Changelog\n\n## [Unreleased]\n\n{unreleased}\n\n## [1.0.0] - 2026-12-01\n\n{released}\n"


def changelog(unreleased: str = "", released: str = "") -> str:
    return CHANGELOG_HEAD.format(unreleased=unreleased, released=released)


def without(text: str, *parts: str) -> str:
    for part in parts:
        assert part in text
        text = text.replace(part, "")
    return text


def test_the_schema_has_no_breaking_change_that_the_changelog_does_not_account_for() -> None:
    # when
    version, verdict = compare_with_release(current_sdl())
    # then
    assert verdict.unaccounted == [], "\n".join(f"{change.description}: {why}" for change, why in verdict.unaccounted)
    for change in verdict.dangerous:  # reported, not failing: a new enum value, a new optional argument…
        warnings.warn(f"dangerous change since {version}: {change.description}", UserWarning, stacklevel=1)


def test_the_version_its_changelog_heading_and_the_latest_released_schema_agree() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == declared
    assert f"## [{declared}]" in CHANGELOG.read_text(encoding="utf-8")
    snapshot = latest_snapshot()
    assert snapshot is not None and ".".join(map(str, snapshot[0])) == declared


@pytest.mark.django_db
def test_every_graphql_answer_carries_the_version() -> None:
    # even a refusal (healthz's JSON has it too: tests/frontend/test_healthz.py)
    answer = Client().post("/graphql", data="{}", content_type="application/json")
    assert answer["Liaison-Version"] == __version__


def test_removing_a_field_that_was_never_deprecated_fails_even_when_listed() -> None:
    # given
    current = without(RELEASED, "position: String")
    # when
    verdict = compare(RELEASED, current, changelog("### Removed\n- `Officer.position`"), (1, 0, 0))
    # then
    [(change, why)] = verdict.unaccounted
    assert change.coordinate == "Officer.position"
    assert "was not marked @deprecated in the released schema" in why


def test_removing_a_deprecated_field_fails_until_the_changelog_lists_it() -> None:
    current = without(RELEASED, 'rank: String @deprecated(reason: "Use `grade`.")')
    # not listed, or listed only under the released version: refused, naming the coordinate
    for text in (changelog(), changelog(released="### Deprecated\n- `Officer.rank`, until 2.0.0")):
        [(change, why)] = compare(RELEASED, current, text, (1, 0, 0)).unaccounted
        assert change.coordinate == "Officer.rank" and "CHANGELOG.md does not name `Officer.rank`" in why
    # listed under Unreleased: accounted for
    verdict = compare(RELEASED, current, changelog("### Removed\n- `Officer.rank` (deprecated in 1.0.0)"), (1, 0, 0))
    assert verdict.unaccounted == [] and [change.coordinate for change in verdict.accounted] == ["Officer.rank"]


def test_enum_values_and_arguments_follow_the_same_rule() -> None:
    # given CHIEF was deprecated, JUNIOR was not; an argument removed and a required one added
    current = without(RELEASED, ' CHIEF @deprecated(reason: "No longer used.")', "JUNIOR ", ", country: String")
    current = current.replace("officers: [Officer!]!", "officers(first: Int!): [Officer!]!")
    listed = "- `Grade.CHIEF`\n- `Grade.JUNIOR`\n- `Query.officer(country:)`"
    # when
    verdict = compare(RELEASED, current, changelog(listed), (1, 0, 0))
    # then
    unaccounted = {change.coordinate: why for change, why in verdict.unaccounted}
    assert set(unaccounted) == {"Grade.JUNIOR", "Query.officer(country:)", "Query.officers(first:)"}
    assert "not marked @deprecated" in unaccounted["Grade.JUNIOR"]
    assert "CHANGELOG.md does not name `Query.officers(first:)`" in unaccounted["Query.officers(first:)"]
    assert [change.coordinate for change in verdict.accounted] == ["Grade.CHIEF"]


def test_a_changed_type_needs_a_changelog_entry_and_a_new_optional_argument_is_only_reported() -> None:
    current = RELEASED.replace("name: String!", "name: String").replace("officers:", "officers(after: String):")
    verdict = compare(RELEASED, current, changelog(), (1, 0, 0))
    assert [change.coordinate for change, _ in verdict.unaccounted] == ["Officer.name"]
    assert [change.coordinate for change in verdict.dangerous] == ["Query.officers(after:)"]
    assert (
        compare(RELEASED, current, changelog("### Changed\n- `Officer.name` may be null"), (1, 0, 0)).unaccounted == []
    )


def test_only_the_unreleased_section_and_later_versions_count() -> None:
    text = "## [Unreleased]\n- `A.b`\n## [1.1.0] - 2027-01-01\n- `C.d`\n## [1.0.0] - 2026-12-01\n- `E.f`\n"
    since = changelog_since(text, (1, 0, 0))
    assert "`A.b`" in since and "`C.d`" in since and "`E.f`" not in since


def test_api_release_check_names_the_release(capsys) -> None:
    call_command("api_release", "--check")
    assert f"no unaccounted breaking change since {__version__}" in capsys.readouterr().out
