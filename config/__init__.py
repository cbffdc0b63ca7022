"""Liaison's Django project: settings, URLs and entry points."""

from importlib.metadata import PackageNotFoundError, version

try:
    # pyproject.toml is the one place the version is written; the installed package's metadata carries it.
    __version__ = version("liaison")
except PackageNotFoundError:  # running from a copy that was never installed
    __version__ = "unknown"

from config.without_gis import install as _answer_the_gdal_probe_at_once

_answer_the_gdal_probe_at_once()
