"""Every Cypher string of Liaison, as named constants with the question each answers."""

from __future__ import annotations

# Does the server answer at all?
PING = "RETURN 1 AS ok"

# Remove every node and relationship (tests and a full rebuild start from an empty graph).
DELETE_EVERYTHING = "MATCH (n) DETACH DELETE n"

# Read back a probe node written by the connectivity check.
WRITE_PROBE = "MERGE (p:LiaisonProbe {key: $key}) SET p.value = $value RETURN p.value AS value"
READ_PROBE = "MATCH (p:LiaisonProbe {key: $key}) RETURN p.value AS value"
