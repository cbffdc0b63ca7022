"""The demo directory, loaded once per test session and copied into each test that asks for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from directory.demo import DemoSummary, load_demo_data

Rows = dict[type[models.Model], list[dict[str, Any]]]


def _tables() -> list[type[models.Model]]:
    """Every table, the many-to-many ones included."""
    return list(apps.get_models(include_auto_created=True))


@dataclass(frozen=True)
class DemoSnapshot:
    """What the demo loader wrote, table by table, and the summary it returned."""

    summary: DemoSummary
    rows: Rows

    @classmethod
    def take(cls) -> DemoSnapshot:
        """Run the demo loader once, inside a transaction that is rolled back, and keep a copy of its rows."""
        with transaction.atomic():
            before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}
            summary = load_demo_data()
            rows: Rows = {}
            for model, existing in before.items():
                fields = [field.attname for field in model._meta.concrete_fields]
                added = list(model._base_manager.exclude(pk__in=existing).order_by("pk").values(*fields))
                if added:
                    rows[model] = added
            transaction.set_rollback(True)
        return cls(summary=summary, rows=rows)

    def restore(self) -> DemoSummary:
        """Write the demo's rows back exactly as the loader left them (ids, uuids, outbox), in one transaction."""
        # Both backends check foreign keys at commit, so the tables can be filled in any order.
        with transaction.atomic():
            for model, rows in self.rows.items():
                model._base_manager.bulk_create([model(**row) for row in rows])
            # PostgreSQL's sequences do not follow explicit ids; the next record must not reuse one.
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                    cursor.execute(statement)
        return self.summary
