"""gunicorn's threaded worker, taking a new connection only while one of its threads is free.

gunicorn's own takes every connection it can as soon as it wakes, and a connection kept alive stays with the process
that took it. Clients that keep their connections (an integration's HTTP client, the reverse proxy's pool of
upstream connections) could so all end up on one web process, which runs Python on one core at a time, while the
other waited idle: 8 clients connecting together landed all on one of the two processes in 4 sets of 12
(bench/RESULTS.md, stop 62; decision 0052). Taking a connection only with a thread free leaves the others to a
process that has one, and a connection that finds none waits in the listening socket's queue, as it would have
waited in a busy process's.
"""

from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker


class SpreadingThreadWorker(ThreadWorker):
    """gthread, accepting while fewer of its connections are being served than it has threads."""

    @property
    def worker_connections(self) -> int:
        """How many connections it may hold now: gunicorn's limit, or as many as leave a thread free for the next."""
        # gunicorn accepts while it holds fewer connections than this. Kept-alive connections waiting for their next
        # request, and new ones waiting for their first, hold no thread.
        idle = len(self.keepalived_conns) + len(self.pending_conns)
        return min(self.cfg.worker_connections, self.cfg.threads + idle)

    @worker_connections.setter
    def worker_connections(self, value: int) -> None:
        """gunicorn sets its limit from its settings at start; it is read from there (above)."""
