"""On PostgreSQL each connection plans a query once and keeps the plan, unless a pooler needs it switched off."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from directory.models import Officer
from tests.shell import run_manage

# Settings are read, not a connection made: no server need answer at this address.
POSTGRESQL_URL = "postgres://liaison:unused@127.0.0.1:1/liaison"
SHOW_BINDING = (
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; options = settings.DATABASES['default']['OPTIONS'];"
    " print(options.get('server_side_binding'), options.get('prepare_threshold'))",
)


def test_postgresql_connections_prepare_their_queries_unless_told_not_to() -> None:
    assert run_manage(*SHOW_BINDING, DATABASE_URL=POSTGRESQL_URL).stdout.split() == ["True", "2"]
    switched_off = run_manage(*SHOW_BINDING, DATABASE_URL=POSTGRESQL_URL, DATABASE_PREPARED_STATEMENTS="0")
    assert switched_off.stdout.split() == ["None", "None"]


@pytest.mark.django_db
def test_a_query_asked_again_on_a_connection_uses_the_plan_it_kept() -> None:
    # when the same question is asked three times on one connection
    for _ in range(3):
        assert not Officer.objects.filter(uuid=uuid.uuid4()).exists()
    # then PostgreSQL holds it as a prepared statement; SQLite's connections keep compiled statements by themselves
    if connection.vendor != "postgresql":
        assert "prepare_threshold" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "directory_officer"' in statement for statement in prepared), prepared
