"""Benchmark: the least any graphql-core server spends on a 50-officer counterpart answer, for issue 15's item 2.

Executes the counterpart document of bench/graphql_counterparts.py against a bare graphql-core schema of the same
shape, on plain dictionaries already in memory: no Django, no database, no Neo4j, no strawberry, the default field
resolvers. What is left is graphql-core's own work for each field of the answer, the floor under Liaison's
"added by GraphQL" figure:

    .venv/bin/python bench/graphql_floor.py
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path
from typing import Any

from graphql import build_schema, execute, parse, validate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from environment import percentile
from graphql_counterparts import QUERY

SCHEMA = build_schema("""
enum Scope { NEIGHBOURS COUNTRY ALL }
type Agency { nameEn: String }
type Officer { uuid: ID! nameLatin: String nameNative: String position: String agency: Agency! }
type Reason { kind: String! text: String! eventUuid: ID officerUuid: ID }
type Counterpart { score: Float! countryCode: String! officer: Officer! reasons: [Reason!]! }
type Query { counterparts(topic: ID!, officer: ID!, scope: Scope!, limit: Int!): [Counterpart!]! }
""")


def answer(officers: int, reasons_per_officer: float) -> list[dict[str, Any]]:
    """An answer of this many officers with, on average, this many reasons each (as Liaison's at 100k: 3.4)."""
    reasons = itertools.cycle([int(reasons_per_officer)] * 6 + [int(reasons_per_officer) + 1] * 4)
    return [
        {
            "score": 20.0,
            "countryCode": "KZ",
            "officer": {
                "uuid": f"00000000-0000-4000-8000-{number:012}",
                "nameLatin": f"Officer {number}",
                "nameNative": f"Офицер {number}",
                "position": "Senior investigator",
                "agency": {"nameEn": "Ministry of Internal Affairs"},
            },
            "reasons": [
                {
                    "kind": "EXPERTISE",
                    "text": "Expert (level 3) in Cryptocurrency investigation",
                    "eventUuid": None,
                    "officerUuid": None,
                }
                for _ in range(next(reasons))
            ],
        }
        for number in range(officers)
    ]


def fields_in(value: Any) -> int:
    """Fields in an answer: every key of every object."""
    if isinstance(value, dict):
        return sum(1 + fields_in(item) for item in value.values())
    if isinstance(value, list):
        return sum(fields_in(item) for item in value)
    return 0


def main() -> None:
    """Execute the document many times and print p50 and p95."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--reasons", type=float, default=3.4, help="reasons per officer, on average")
    parser.add_argument("--repeat", type=int, default=300)
    options = parser.parse_args()
    document = parse(QUERY)
    assert not validate(SCHEMA, document)
    data = answer(options.officers, options.reasons)
    root = {"counterparts": lambda info, **arguments: data}
    variables = {"topic": "t", "officer": "o", "limit": options.officers}
    times = []
    for round_ in range(options.repeat + 30):
        began = time.perf_counter()
        result = execute(SCHEMA, document, root_value=root, variable_values=variables)
        if round_ >= 30:  # the first rounds warm up
            times.append((time.perf_counter() - began) * 1000)
    assert not result.errors, result.errors
    print(
        f"graphql-core alone, {options.officers} officers, {fields_in(result.data)} fields: "
        f"p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms (goal for all of GraphQL: 8 ms)"
    )


if __name__ == "__main__":
    main()
