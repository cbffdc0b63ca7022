"""The projection's Cypher: upsert, delete and read back each aggregate, built once from graph/shapes.py.

Labels and relationship types come only from the fixed shapes; every value arrives as a parameter.
"""

from __future__ import annotations

from graph.shapes import SHAPES, SHARED_LABELS, Link, Shape


def _upsert(shape: Shape) -> str:
    """Merge rows of one aggregate; a row older than the node's version is ignored; owned links are replaced."""
    lines = [
        "UNWIND $rows AS row",
        f"MERGE (n:{shape.label} {{uuid: row.uuid}})",
        "WITH n, row WHERE coalesce(n.version, -1) <= row.version",
        "SET n = row.props, n.uuid = row.uuid, n.version = row.version",
        "WITH n, row",
    ]
    directed = [link.type for link in shape.links if not link.undirected]
    undirected = [link.type for link in shape.links if link.undirected]
    if directed:
        lines.append(f"CALL (n) {{ MATCH (n)-[old:{'|'.join(directed)}]->() DELETE old }}")
    if undirected:
        lines.append(f"CALL (n) {{ MATCH (n)-[old:{'|'.join(undirected)}]-() DELETE old }}")
    for link in shape.links:
        arrow = "-" if link.undirected else "->"
        lines.append(
            f"FOREACH (item IN row.links.{link.type} | "
            f"MERGE (t:{link.target} {{{link.key}: item.to}}) "
            f"MERGE (n)-[r:{link.type}]{arrow}(t) SET r = item.props)"
        )
    return "\n".join(lines)


def _create_nodes(shape: Shape) -> str:
    """Create nodes of one aggregate in a graph being rebuilt from empty."""
    return f"UNWIND $rows AS row CREATE (n:{shape.label}) SET n = row.props, n.uuid = row.uuid, n.version = row.version"


def _create_links(shape: Shape, link: Link) -> str:
    """Create links of one type between nodes that all exist (a rebuild writes every node first)."""
    return (
        f"UNWIND $pairs AS pair MATCH (n:{shape.label} {{uuid: pair.from}}) "
        f"MATCH (t:{link.target} {{{link.key}: pair.to}}) CREATE (n)-[r:{link.type}]->(t) SET r = pair.props"
    )


def _delete(shape: Shape) -> str:
    """Remove nodes of one aggregate, with every relationship they have."""
    return f"UNWIND $uuids AS uuid MATCH (n:{shape.label} {{uuid: uuid}}) DETACH DELETE n"


def _read_back(shape: Shape) -> str:
    """Read nodes of one aggregate as the projector wrote them, for the drift check."""
    parts = []
    for link in shape.links:
        arrow = "-" if link.undirected else "->"
        parts.append(
            f"{link.type}: [(n)-[r:{link.type}]{arrow}(t:{link.target}) | {{to: t.{link.key}, props: properties(r)}}]"
        )
    links = "{" + ", ".join(parts) + "}"
    return (
        f"UNWIND $uuids AS uuid MATCH (n:{shape.label} {{uuid: uuid}}) "
        f"RETURN n.uuid AS uuid, n.version AS version, properties(n) AS props, {links} AS links"
    )


def _uuids_of(shape: Shape) -> str:
    """Every uuid of one label in the graph, placeholders included."""
    return f"MATCH (n:{shape.label}) RETURN n.uuid AS uuid"


# Per aggregate: write a batch of current rows.
UPSERT: dict[str, str] = {shape.aggregate: _upsert(shape) for shape in SHAPES}
# Per aggregate: create a batch of nodes in a graph being rebuilt from empty.
CREATE_NODES: dict[str, str] = {shape.aggregate: _create_nodes(shape) for shape in SHAPES}
# Per aggregate and link type: create a batch of links once every node exists.
CREATE_LINKS: dict[tuple[str, str], str] = {
    (shape.aggregate, link.type): _create_links(shape, link) for shape in SHAPES for link in shape.links
}
# Create the shared nodes (languages) that links point to.
MERGE_LANGUAGES = "UNWIND $codes AS code MERGE (:Language {code: code})"
# Per shared label: remove the shared nodes (a language nobody speaks any more) that no link points to.
DELETE_UNLINKED_SHARED: tuple[str, ...] = tuple(
    f"MATCH (n:{label}) WHERE NOT (n)--() DELETE n" for label in SHARED_LABELS
)
# Per aggregate: remove the nodes of records that left the directory.
DELETE: dict[str, str] = {shape.aggregate: _delete(shape) for shape in SHAPES}
# Per aggregate: what the graph holds for given uuids.
READ_BACK: dict[str, str] = {shape.aggregate: _read_back(shape) for shape in SHAPES}
# Per aggregate: every uuid the graph holds under its label.
UUIDS_OF: dict[str, str] = {shape.aggregate: _uuids_of(shape) for shape in SHAPES}

# How many nodes carry each label: what does the graph hold, in numbers?
COUNT_NODES_BY_LABEL = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count"
# How many relationships of each type.
COUNT_RELATIONSHIPS_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count"
