"""After a bulk write, PostgreSQL plans the graph's projection from statistics that count the new rows."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from directory.generator import generate_directory
from directory.models import Expertise, Officer
from directory.services.statistics import describe_after_bulk_write
from graph.shapes import Aggregate, Rel
from graph.snapshots import SOURCES
from tests.locks import table_described_elsewhere, wait_for_locks_at_most

pytestmark = pytest.mark.django_db

EXPERTISE_LINKS = next(link for link in SOURCES[Aggregate.OFFICER].links if link.type == Rel.EXPERT_IN)


def emptied_and_described(*models: type) -> None:
    """The tables emptied, then described by PostgreSQL as autovacuum would: pages on disk, but no row in them."""
    for model in models:
        model._default_manager.all().delete()
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def test_the_projections_read_of_officers_written_in_bulk_is_planned_for_the_rows_it_finds() -> None:
    if connection.vendor != "postgresql":
        # SQLite keeps no statistics of its own unless asked to (ANALYZE), so none is left stale.
        generate_directory(officers=60, seed=1)
        assert not describe_after_bulk_write(Officer, Officer.objects.count())
        return
    # given officers and expertise removed, and their emptied tables described, as autovacuum does after a while
    generate_directory(officers=40, seed=1)
    emptied_and_described(Expertise, Officer)
    # when 600 officers are written in bulk, and the projection reads their expertise
    generate_directory(officers=600, seed=2)
    written = list(Officer.objects.values_list("id", flat=True))
    read = EXPERTISE_LINKS.for_owners(written).values(*EXPERTISE_LINKS.ends(by_id=False))
    found = read.count()
    # then the planner expects about as many rows as there are: with the statistics of the empty tables it expected
    # one, and read every officer and every expertise link for each (16-18 s at 1,500 officers)
    (plan,) = json.loads(read.explain(format="json"))
    assert found > 500
    expected = plan["Plan"]["Plan Rows"]
    assert expected > found / 4, f"{found} rows, planned as {expected} by a {plan['Plan']['Node Type']}"


def test_a_bulk_write_does_not_wait_for_a_table_another_transaction_is_describing() -> None:
    # given another transaction describing the officers' table (autovacuum, a concurrent import), and writes that
    # give up on a lock after half a second
    wait_for_locks_at_most(500)
    with table_described_elsewhere(Officer):
        # when 600 officers are written in bulk
        generate_directory(officers=600, seed=3)
    # then they are written: the table is left to the other transaction to describe
    assert Officer.objects.count() == 600
