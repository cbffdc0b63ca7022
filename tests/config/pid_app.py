"""A WSGI application for tests of the web server itself: each answer names the process that gave it, after a wait."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

# Long enough that every connection of a test is open while the first answers are still being worked on; a test may
# ask for shorter work to keep the threads busy with many requests.
WORK_SECONDS = float(os.environ.get("LIAISON_TEST_WORK_SECONDS", "1.0"))


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Wait as a request at work would, then answer with this process's id."""
    time.sleep(WORK_SECONDS)
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
