"""Django's SQLite backend, writing `(column) IN (...)` as SQL's row values where SQLite has them (decision 0039)."""

from __future__ import annotations

from functools import cached_property

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    """SQLite's features as Django knows them, with tuple lookups on SQLite 3.37 and later."""

    @cached_property
    def supports_tuple_lookups(self) -> bool:  # type: ignore[override]  # a cached property, as Oracle's is
        # Without them Django 5.2 writes a prefetch through a foreign key as `id = 1 OR id = 2 OR ...`, one term per
        # record, and SQLite refuses an expression more than 1,000 deep: a page of events whose participants are over
        # a thousand officers failed with "Expression tree is too large". 3.37 takes `(id) IN ((1), (2))` as it is.
        return self.connection.get_database_version() >= (3, 37)


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's SQLite connection with the features above."""

    features_class = DatabaseFeatures
