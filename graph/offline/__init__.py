"""The offline rebuild: the projection exported as CSV, imported by Neo4j's own importer, swapped in."""
