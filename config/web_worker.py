"""gunicorn's threaded worker, taking a new connection only while one of its threads is free.

gunicorn's own takes every connection it can as soon as it wakes, and a connection kept alive stays with the process
that took it. Clients that keep their connections (an integration's HTTP client, the reverse proxy's pool of
upstream connections) could so all end up on one web process, which runs Python on one core at a time, while the
other waited idle: 8 clients connecting together landed all on one of the two processes in 4 sets of 12
(bench/RESULTS.md, stop 62; decision 0052). Taking a connection only with a thread free leaves the others to a
process that has one, and a connection that finds none waits in the listening socket's queue, as it would have
waited in a busy process's.

While kept-alive clients keep every thread busy, though, a free thread seldom coincides with the moment the process
looks at its listening socket: a new connection waited there as long as the load lasted, 10 s and more
(bench/RESULTS.md, stop 64). So each process also takes one at least every TAKE_AT_LEAST_EVERY seconds, busy or not:
a connection waits about that long for each one queued before it, and clients that connect together still spread.
"""

from __future__ import annotations

import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

TAKE_AT_LEAST_EVERY = 0.05


class SpreadingThreadWorker(ThreadWorker):
    """gthread, accepting while fewer of its connections are being served than it has threads, and at least one
    connection every TAKE_AT_LEAST_EVERY seconds."""

    _last_taken = 0.0

    @property
    def worker_connections(self) -> int:
        """How many connections it may hold now: gunicorn's limit, or as many as leave a thread free for the next."""
        if time.monotonic() - self._last_taken >= TAKE_AT_LEAST_EVERY:
            return int(self.cfg.worker_connections)
        # gunicorn accepts while it holds fewer connections than this. Kept-alive connections waiting for their next
        # request, and new ones waiting for their first, hold no thread.
        idle = len(self.keepalived_conns) + len(self.pending_conns)
        return min(self.cfg.worker_connections, self.cfg.threads + idle)

    @worker_connections.setter
    def worker_connections(self, value: int) -> None:
        """gunicorn sets its limit from its settings at start; it is read from there (above)."""

    def accept(self, listener: Any) -> None:
        """Take one connection from the listening socket, and note when."""
        self._last_taken = time.monotonic()
        super().accept(listener)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        """gunicorn's wait for its sockets, woken in time to take a connection when it is due."""
        # Otherwise a process whose threads are all at long requests looked again only after a second.
        super().wait_for_and_dispatch_events(timeout if self._accepting else min(timeout, TAKE_AT_LEAST_EVERY))
