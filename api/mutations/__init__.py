"""Mutations for stewards and integrations with write scope; every write goes through a directory service."""
