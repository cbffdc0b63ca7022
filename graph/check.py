"""The drift check: does the graph hold exactly what the database says it should?"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from neo4j import READ_ACCESS

from graph import snapshots
from graph.driver import get_driver
from graph.queries.projection import COUNT_NODES_BY_LABEL, COUNT_RELATIONSHIPS_BY_TYPE, READ_BACK, UUIDS_OF
from graph.shapes import SHAPES, SHARED_LABELS


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key not in {"uuid", "version"} and value is not None}


def _normalised_links(links: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[str, tuple]]]:
    return {
        link_type: sorted((str(item["to"]), tuple(sorted(_clean(item["props"]).items()))) for item in items)
        for link_type, items in links.items()
    }


def find_drift(*, batch_size: int = 2000, limit: int = 50) -> list[str]:
    """Every difference between database and graph, in words (at most `limit` per kind)."""
    differences: list[str] = []
    expected_nodes: Counter[str] = Counter()
    # Halves: an undirected link is counted from each of its two ends.
    expected_relationships: defaultdict[str, float] = defaultdict(float)
    shared_targets: dict[str, set[str]] = {label: set() for label in SHARED_LABELS}
    with get_driver().session(database=settings.NEO4J_DATABASE, default_access_mode=READ_ACCESS) as session:
        for shape in SHAPES:
            undirected = {link.type for link in shape.links if link.undirected}
            shared = {link.type: link.target for link in shape.links if link.target in SHARED_LABELS}
            expected_uuids: set[str] = set()
            mismatches = 0
            for rows in snapshots.all_rows(shape.aggregate, batch_size):
                expected_nodes[shape.label] += len(rows)
                by_uuid = {row["uuid"]: row for row in rows}
                expected_uuids.update(by_uuid)
                for row in rows:
                    for link_type, items in row["links"].items():
                        # An undirected link is listed by both of its ends but stored once.
                        expected_relationships[link_type] += len(items) / (2 if link_type in undirected else 1)
                        if link_type in shared:
                            shared_targets[shared[link_type]].update(str(item["to"]) for item in items)
                actual = {
                    record["uuid"]: record for record in session.run(READ_BACK[shape.aggregate], uuids=list(by_uuid))
                }
                for uuid, row in by_uuid.items():
                    problem = _compare(shape.label, row, actual.get(uuid))
                    if problem and mismatches < limit:
                        differences.append(problem)
                    mismatches += bool(problem)
            if mismatches > limit:
                differences.append(f"{shape.label}: {mismatches - limit} more records differ")
            graph_uuids = {record["uuid"] for record in session.run(UUIDS_OF[shape.aggregate])}
            extra = sorted(graph_uuids - expected_uuids)
            if extra:
                shown = ", ".join(extra[:10])
                differences.append(f"{shape.label}: {len(extra)} nodes in the graph but not in the database ({shown})")
        for label, targets in shared_targets.items():
            expected_nodes[label] = len(targets)
        actual_nodes = {record["label"]: record["count"] for record in session.run(COUNT_NODES_BY_LABEL)}
        actual_relationships = {record["type"]: record["count"] for record in session.run(COUNT_RELATIONSHIPS_BY_TYPE)}
    differences += _compare_counts("nodes labelled", expected_nodes, actual_nodes)
    differences += _compare_counts("relationships of type", expected_relationships, actual_relationships)
    return differences


def _compare(label: str, row: dict[str, Any], actual: Any) -> str | None:
    """Describe how one record's node differs from its database row, or None when it does not."""
    if actual is None:
        return f"{label} {row['uuid']}: missing from the graph"
    if actual["version"] != row["version"]:
        return f"{label} {row['uuid']}: graph has version {actual['version']}, database {row['version']}"
    if _clean(actual["props"]) != _clean(row["props"]):
        graph_props, database_props = _clean(actual["props"]), _clean(row["props"])
        return f"{label} {row['uuid']}: properties differ: graph {graph_props}, database {database_props}"
    if _normalised_links(actual["links"]) != _normalised_links(row["links"]):
        return f"{label} {row['uuid']}: links differ: graph {actual['links']}, database {row['links']}"
    return None


def _compare_counts(what: str, expected: Mapping[str, float], actual: dict[str, int]) -> list[str]:
    return [
        f"{what} {name}: database {int(expected.get(name, 0))}, graph {actual.get(name, 0)}"
        for name in sorted(set(expected) | set(actual))
        if int(expected.get(name, 0)) != actual.get(name, 0)
    ]
