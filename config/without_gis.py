"""Django's GIS library is absent, said at once: Liaison stores no geometry."""

from __future__ import annotations

import sys
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

# The module whose import looks for the GDAL library. strawberry-django imports Django's GIS support to offer
# geometry fields, and treats ImproperlyConfigured as "no GIS". Without GDAL installed, Django's search tries
# twelve library names, each through `ldconfig` and compilers in subprocesses, and strawberry-django asks twice:
# about 0.4 s of every web process's, test run's and API command's start (bench/RESULTS.md).
GDAL_PROBE = "django.contrib.gis.gdal.libgdal"


class WithoutGis(MetaPathFinder, Loader):
    """Answers the GDAL probe's import with the ImproperlyConfigured Django raises when GDAL is not installed."""

    def find_spec(self, fullname: str, path: object, target: ModuleType | None = None) -> ModuleSpec | None:
        """Take only the GDAL probe; every other import goes its usual way."""
        return ModuleSpec(fullname, self) if fullname == GDAL_PROBE else None

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        """The default module object."""
        return None

    def exec_module(self, module: ModuleType) -> None:
        """Refuse, as Django does without GDAL."""
        raise ImproperlyConfigured(f"Liaison does not use GDAL; {__name__} answers {GDAL_PROBE} without a search.")


def install() -> None:
    """Put the finder first, once per process."""
    if not any(isinstance(finder, WithoutGis) for finder in sys.meta_path):
        sys.meta_path.insert(0, WithoutGis())
