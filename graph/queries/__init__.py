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

# Which servers does the server tell a routing driver to use for this database, and as what (ROUTE, READ, WRITE)?
ROUTING_TABLE = "CALL dbms.routing.getRoutingTable({}, $database) YIELD ttl, servers RETURN ttl, servers"
