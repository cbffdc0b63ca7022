"""Backups: the database and the secrets under var/ that its data needs, in one checked archive."""
