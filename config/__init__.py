"""Liaison's Django project: settings, URLs and entry points."""

__version__ = "0.1.0"
