"""Neo4j: the driver, the schema, the projector, every Cypher string, and the launcher of the local server."""
