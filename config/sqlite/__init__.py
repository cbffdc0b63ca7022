"""Django's SQLite backend with row values in tuple lookups (decision 0039)."""
