"""WSGI entry point, and what a web process loads before it serves its first request."""

from __future__ import annotations

import gc
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def load_before_serving() -> int:
    """Import every page and the API now, then leave what is loaded out of Python's full collections; how many
    objects were left out."""
    # Django imports the URLconf (every view, the GraphQL schema) at the first request it resolves: 0.6 s that a
    # user's request waited in each new web process, and gunicorn starts one every few thousand requests.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (read for its imports)
    # What is loaded now lives as long as the process, yet each full collection walked all of it: about 76 ms every
    # 200 counterpart answers, which stalled the process's other requests as well (bench/RESULTS.md, stop 43).
    gc.collect()
    gc.freeze()
    kept = gc.get_freeze_count()
    logging.getLogger("liaison.web").info("web process ready", extra={"pid": os.getpid(), "objects_kept": kept})
    return kept
