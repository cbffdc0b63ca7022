"""A process starts without searching the machine for the GDAL library, which Liaison does not use."""

from __future__ import annotations

from tests.shell import run_python

# Loads the application as a web process does (settings, apps, the URL configuration and the GraphQL schema) with
# the library search made to fail loudly, then says whether strawberry-django offers geometry fields.
PROGRAM = """
import ctypes.util, os, sys
def searched(name):
    raise SystemExit(f"searched the machine for the library {name!r}")
ctypes.util.find_library = searched
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
import config.urls, api.schema
from strawberry_django.fields import types
print("geometry fields:", types.Point is not None)
"""


def test_the_application_loads_without_searching_for_gdal_and_offers_no_geometry() -> None:
    finished = run_python(PROGRAM)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "geometry fields: False" in finished.stdout
