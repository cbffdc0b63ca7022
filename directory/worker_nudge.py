"""Wake the worker at once: a web process sends one datagram after a commit, the worker waits on it between rounds.

The address is a Linux abstract socket named after this instance (its var/ directory and database): no file to
leave behind when a worker is killed, and two instances on one machine (the two test runs of CI) never wake each
other's worker.
Sending never blocks and never fails the request: no worker listening is reported, a full queue (the worker is
awake already) is not.
"""

from __future__ import annotations

import hashlib
import logging
import os
import select
import socket
import threading
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_sender_lock = threading.Lock()
_sender: tuple[int, socket.socket] | None = None


def worker_address() -> str:
    """The abstract socket's name for this instance (a leading NUL byte: Linux's abstract namespace)."""
    # An instance is its var/ directory and its database (CI runs two suites from one clone, on two databases).
    # Hashed: a socket's name has at most 107 bytes, a path may have more.
    database = connections["default"].settings_dict
    instance = "|".join(
        str(part) for part in (os.path.realpath(settings.VAR_DIR), database["HOST"], database["PORT"], database["NAME"])
    )
    instance = hashlib.sha256(instance.encode()).hexdigest()[:24]
    return f"\0liaison-worker-{instance}"


def _sending_socket() -> socket.socket:
    # One per process: a socket made before a pre-forking server forked is not shared with its children.
    global _sender
    with _sender_lock:
        if _sender is None or _sender[0] != os.getpid():
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.setblocking(False)
            _sender = (os.getpid(), sock)
        return _sender[1]


def nudge_worker() -> bool:
    """Ask the worker to project now; False when no worker listens (the caller then projects some other way)."""
    try:
        _sending_socket().sendto(b"!", worker_address())
    except BlockingIOError:
        return True  # its queue is full of nudges: it is awake already
    except OSError:
        return False  # ConnectionRefusedError or FileNotFoundError: no worker of this instance runs
    return True


class NudgeListener:
    """The worker's end: bound for as long as the worker runs; `wait` returns early when nudged (or signalled)."""

    def __init__(self, signals: socket.socket | None = None) -> None:
        # `signals`: the read end of the process's signal wake-up socket (signal.set_wakeup_fd), so that a stop
        # request ends the wait at once even when another worker takes the nudges.
        self._signals = signals
        self._socket: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            self._socket.bind(worker_address())
        except OSError as error:
            # Another worker of this instance listens already: it takes the nudges, this one keeps its schedule.
            logger.info("worker nudges go to another worker (%s)", error)
            self._socket.close()
            self._socket = None
        else:
            self._socket.setblocking(False)

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds`; True when nudged (every nudge waiting is taken, so a burst wakes it once)."""
        watched = [sock for sock in (self._socket, self._signals) if sock is not None]
        if not watched:
            time.sleep(seconds)  # not listening: wait out the period all the same, never spin
            return False
        readable, _, _ = select.select(watched, [], [], seconds)
        for sock in readable:
            _drain(sock)
        return bool(readable)

    def close(self) -> None:
        """Stop listening (the name is free again at once)."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _drain(sock: socket.socket) -> None:
    """Take every datagram or byte waiting, so that a burst wakes the loop once."""
    while True:
        try:
            if not sock.recv(64):
                return
        except BlockingIOError:
            return
