"""A copy of a small graph, taken once and put back as often as needed: cheaper than projecting it again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from neo4j import Driver, ManagedTransaction

from graph import queries


@dataclass(frozen=True)
class GraphCopy:
    """Every node (labels, properties) and relationship (type, properties, ends) of a graph."""

    nodes: list[dict[str, Any]]
    links: list[dict[str, Any]]

    @classmethod
    def take(cls, driver: Driver) -> GraphCopy:
        """Copy the whole graph, in one read transaction so that nodes and links agree."""

        def read(tx: ManagedTransaction) -> GraphCopy:
            return cls(tx.run(queries.COPY_NODES).data(), tx.run(queries.COPY_LINKS).data())

        with driver.session(database=settings.NEO4J_DATABASE, default_access_mode="READ") as session:
            return session.execute_read(read)

    def put_back(self, driver: Driver) -> None:
        """Replace whatever the graph holds with this copy, in one write transaction."""

        def write(tx: ManagedTransaction) -> None:
            tx.run(queries.DELETE_EVERYTHING).consume()
            new_ids = {row["old"]: row["new"] for row in tx.run(queries.PUT_BACK_NODES, nodes=self.nodes)}
            links = [
                {**link, "source": new_ids[link["source"]], "target": new_ids[link["target"]]} for link in self.links
            ]
            tx.run(queries.PUT_BACK_LINKS, links=links).consume()

        with driver.session(database=settings.NEO4J_DATABASE) as session:
            session.execute_write(write)
