"""gunicorn's settings for Liaison: threaded workers sized from the environment, metrics shared across them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIAISON_VAR_DIR", BASE_DIR / "var"))

bind = os.environ.get("LIAISON_BIND", "127.0.0.1:8000")
# gthread: each process serves several requests at once while others wait on the database or Neo4j. Two processes
# use both cores of a small server (Python runs one thread at a time per process); threads cover the waiting. Few
# threads, because more cost more: each wants the interpreter lock back after every statement it sends. On the read
# mix, 2 a process served more requests a second than 3, with shorter slowest answers, and 3 more than 8 (decisions
# 0018 and 0054); the requests past the second wait their turn instead of sharing the core. Each
# process takes a connection while a thread is free, and at least one every 50 ms when none is (config/web_worker.py),
# so that kept-alive connections spread over the processes instead of landing all on the one that woke first.
worker_class = "config.web_worker.SpreadingThreadWorker"
workers = int(os.environ.get("LIAISON_WEB_WORKERS", "2"))
threads = int(os.environ.get("LIAISON_WEB_THREADS", "2"))
# A request that runs longer than this is stuck: gunicorn replaces the process (the limits inside are far shorter).
timeout = int(os.environ.get("LIAISON_WEB_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("LIAISON_WEB_GRACEFUL_TIMEOUT", "30"))
# A quick stop (Ctrl-C, SIGQUIT) waits this long for the web processes, then kills them (see when_ready).
QUICK_STOP_SECONDS = int(os.environ.get("LIAISON_WEB_QUICK_STOP_TIMEOUT", "5"))
keepalive = 5
# A fresh process now and then bounds what a slow leak can take; the jitter keeps them from restarting together.
max_requests = int(os.environ.get("LIAISON_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Liaison logs each request itself as one JSON line with its request id (frontend/request_log.py).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LIAISON_LOG_LEVEL", "warning").lower()
proc_name = "liaison-web"
# The proxy's X-Forwarded-* headers are trusted from loopback only, where the reverse proxy runs.
forwarded_allow_ips = os.environ.get("LIAISON_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
wsgi_app = "config.wsgi:application"

# Metrics from every worker process reach /metrics through files in one directory (prometheus-client's
# multiprocess mode); set before the workers import the application, emptied when gunicorn starts.
METRICS_DIR = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR", VAR_DIR / "metrics"))
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)


def on_starting(server: Any) -> None:
    """Start with no metrics left from an earlier run (their processes are gone)."""
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
    METRICS_DIR.mkdir(parents=True, exist_ok=True)


def when_ready(server: Any) -> None:
    """A quick stop waits at most QUICK_STOP_SECONDS for the web processes before it kills them."""

    # gunicorn's master waits out graceful_timeout, meant for SIGTERM's stop that lets requests finish, on a quick
    # stop too. A web process that missed its stop signal (one sent between its fork and its own handlers) or that
    # hangs in its exit then held Ctrl-C for the whole graceful timeout: seen in CI, 1 stop in 5 here before.
    def bounded(stop_now: Any) -> Any:
        def stop_quickly() -> None:
            server.cfg.set("graceful_timeout", min(QUICK_STOP_SECONDS, server.cfg.graceful_timeout))
            stop_now()

        return stop_quickly

    # The master looks its signal handlers up by name on itself each time a signal arrives.
    server.handle_int = bounded(server.handle_int)
    server.handle_quit = bounded(server.handle_quit)


def child_exit(server: Any, worker: Any) -> None:
    """Drop the live gauges of a worker process that ended; its counters stay in the totals."""
    # Imported here, not above: prometheus-client picks its multiprocess mode when first imported, after the
    # environment variable is set.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker: Any) -> None:
    """A web process handles a quick stop (SIGINT, SIGQUIT) once (a second one while it stops is ignored), then loads
    every page and the API before its first request."""
    # Ctrl-C reaches the whole process group, and the master, stopping on its own SIGINT, sends each web process a
    # SIGQUIT moments later. A web process handling both could hang in its stop; handling one made that rarer (1 stop
    # in 5 to 0 in 12 here), not impossible, so when_ready bounds the master's wait as well. The stop itself is still
    # gunicorn's own handler.
    import signal

    handle_quit = worker.handle_quit
    stopping = []

    def quit_once(number: int, frame: Any) -> None:
        if stopping:
            return
        stopping.append(number)
        # A handler that does nothing, not SIG_IGN: a signal that arrived with this one is already pending, and
        # Python prints "Signal 3 ignored due to race condition" for a pending signal whose handler became SIG_IGN.
        signal.signal(signal.SIGINT, _ignore)
        signal.signal(signal.SIGQUIT, _ignore)
        handle_quit(number, frame)

    signal.signal(signal.SIGINT, quit_once)
    signal.signal(signal.SIGQUIT, quit_once)

    # Imported here: gunicorn's master reads this file before Django is set up; a web process has loaded it by now.
    from config.wsgi import load_before_serving

    load_before_serving()


def _ignore(number: int, frame: Any) -> None:
    """A stop signal after the first, while the web process stops."""
