"""Every Cypher string of Liaison, as named constants, each with the question it answers."""

from __future__ import annotations

# Does the server answer at all?
PING = "RETURN 1 AS ok"

# Remove every node and relationship, a batch at a time (auto-commit only: it commits as it goes).
DELETE_EVERYTHING_IN_BATCHES = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

# Remove every node and relationship in one transaction (small graphs: the tests').
DELETE_EVERYTHING = "MATCH (n) DETACH DELETE n"

# Write a probe node, and read it back: the connectivity check of the tests and of `neo4j status`.
WRITE_PROBE = "MERGE (p:LiaisonProbe {key: $key}) SET p.value = $value RETURN p.value AS value"
READ_PROBE = "MATCH (p:LiaisonProbe {key: $key}) RETURN p.value AS value"

# Has anything changed the graph since? A few numbers that any write moves: counts, versions, value lengths.
GRAPH_FINGERPRINT = """
MATCH (n)
WITH count(n) AS nodes, sum(coalesce(n.version, 0)) AS versions,
     sum(reduce(length = 0, key IN keys(n) | length + size(coalesce(toStringOrNull(n[key]), '')))) AS lengths
OPTIONAL MATCH ()-[r]->()
RETURN nodes, versions, lengths, count(r) AS links,
       sum(reduce(length = 0, key IN keys(r) | length + size(coalesce(toStringOrNull(r[key]), '')))) AS link_lengths
"""

# A copy of the whole graph, to put back later without projecting it again (small graphs: the tests' demo).
COPY_NODES = "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS properties"
COPY_LINKS = """
MATCH (source)-[link]->(target)
RETURN elementId(source) AS source, elementId(target) AS target, type(link) AS type, properties(link) AS properties
"""
# Put a copy back into an empty graph: the nodes first, answering their new ids for the links to find them.
PUT_BACK_NODES = """
UNWIND $nodes AS node
CREATE (copy:$(node.labels))
SET copy = node.properties
RETURN node.id AS old, elementId(copy) AS new
"""
PUT_BACK_LINKS = """
UNWIND $links AS link
MATCH (source) WHERE elementId(source) = link.source
MATCH (target) WHERE elementId(target) = link.target
CREATE (source)-[copy:$(link.type)]->(target)
SET copy = link.properties
"""
# Drop every cached plan; Neo4j says how many there were.
FORGET_PLANS = "CALL db.clearQueryCaches() YIELD value RETURN value AS said"

# Resample every index and wait for it (at most $seconds), then drop the cached plans: the next plans use the graph's
# statistics as they are now.
REFRESH_STATISTICS = "CALL db.prepareForReplanning($seconds)"

# Which servers does the server tell a routing driver to use for this database, and as what (ROUTE, READ, WRITE)?
ROUTING_TABLE = "CALL dbms.routing.getRoutingTable({}, $database) YIELD ttl, servers RETURN ttl, servers"

# When the server's JVM started (ms since the epoch): a new start has an empty plan cache.
SERVER_STARTED = (
    "CALL dbms.queryJmx('java.lang:type=Runtime') YIELD attributes RETURN attributes.StartTime.value AS started"
)
