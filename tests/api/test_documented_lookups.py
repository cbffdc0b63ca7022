"""The lookups and filters of docs/api.md, run against a small directory with the variables the page shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from directory.services import events, institutions
from tests.factories import SmallWorld

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
SECTIONS = ("## Looking a record up", "## Filtering and ordering lists")
EXAMPLE = re.compile(r"```graphql\n(.*?)```(?:\s*```json\n(.*?)```)?", re.DOTALL)


def documented_examples() -> list[tuple[str, str, dict]]:
    """(name, operation, variables) of every example in the lookups and filters sections."""
    text = DOCS.read_text(encoding="utf-8")
    found = []
    for heading in SECTIONS:
        start = text.index(heading)
        end = text.index("\n## ", start + len(heading))
        for operation, variables in EXAMPLE.findall(text[start:end]):
            name = re.search(r"\bquery\s+(\w+)", operation)
            found.append((name.group(1) if name else "?", operation, json.loads(variables) if variables else {}))
    return found


def with_records_of(world: SmallWorld, variables: dict) -> dict:
    """The page's variables, with the small world's records in place of its sample uuids (codes stay as they are)."""
    records = {
        "officer": world.bakyt,
        "event": world.workshop,
        "agency": world.uz_prosecutor,
        "organisation": world.partner,
    }
    return {name: str(records[name].uuid) if name in records else value for name, value in variables.items()}


def test_the_sections_show_every_lookup_and_every_filtered_list() -> None:
    operations = " ".join(operation for _, operation, _ in documented_examples())

    for field in ("officer(uuid:", "event(uuid:", "agency(uuid:", "organisation(uuid:", "country(code:"):
        assert field in operations
    assert "topic(slug:" in operations
    for listed in ("events(filters:", "organisations(filters:", "agencies(filters:", "coverage(filters:"):
        assert listed in operations
    assert "participations(filters:" in operations


@pytest.mark.parametrize(("name", "operation", "variables"), documented_examples(), ids=lambda v: str(v)[:30])
def test_each_documented_example_answers_without_errors(
    as_user, world: SmallWorld, name: str, operation: str, variables: dict
) -> None:
    # given the small world (Bakyt attended the Tashkent workshop the Italian partner trained at), and ICMEC
    events.record_participation(world.bakyt, world.workshop, rating="excellent")
    institutions.create_organisation(
        name_en="International Centre for Missing & Exploited Children", kind="ngo", acronym="ICMEC"
    )

    # when programme staff run the example as the page shows it
    answer = as_user("staff")(operation, with_records_of(world, variables))

    # then it answers, and every lookup and list in it finds something
    assert "errors" not in answer, answer["errors"]
    for field, value in answer["data"].items():
        assert value, f"{name}: {field} found nothing"
        if isinstance(value, dict) and "edges" in value:
            assert value["edges"], f"{name}: {field} listed nothing"
