"""A circuit breaker for graph reads: after repeated failures, refuse at once for a cool-off, then let one probe by."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    """Closed: reads go through. Open: reads are refused at once. Half-open: one probe read is under way."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    """Counts consecutive failures; at `threshold` it opens for `cool_off` seconds, then lets a single probe through.

    The lock guards only the counters, never the guarded call: reads run side by side (a breaker that holds its lock
    for the whole call, as pybreaker does, would let one read through at a time).

    A read that ran out of time while other reads were answered says the server is busy, not sick; so does one after
    which the server still answers a trivial read at once (a question planned afresh on a just-started server, a
    saturated machine). `timed_out` counts it only when neither holds. So a frozen or unreachable server opens the
    breaker, and a slow one does not refuse everybody for the cool-off.
    """

    def __init__(self, *, threshold: int, cool_off: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self.cool_off = cool_off
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False
        self._last_answer = float("-inf")
        self.refused = 0  # reads refused without asking the server, since the process started

    @property
    def state(self) -> BreakerState:
        """Where the breaker stands now."""
        with self._lock:
            if self._opened_at is None:
                return BreakerState.CLOSED
            return BreakerState.HALF_OPEN if self._probing else BreakerState.OPEN

    def retry_after(self) -> float:
        """Seconds until the next probe may go through (0 when reads go through now)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self._opened_at + self.cool_off - self._clock())

    def allow(self) -> bool:
        """Whether a read may go to the server now: always when closed; once the cool-off is over, one probe."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or self._clock() < self._opened_at + self.cool_off:
                self.refused += 1
                return False
            self._probing = True
            return True

    def now(self) -> float:
        """The breaker's clock, for a read to note when it started."""
        return self._clock()

    def succeeded(self) -> None:
        """A read was answered: the server is back, close the breaker."""
        with self._lock:
            self._last_answer = self._clock()
            self._failures = 0
            self._opened_at = None
            self._probing = False

    def failed(self) -> None:
        """A read failed or ran out of time; the threshold's failure (or a failed probe) opens the breaker."""
        with self._lock:
            self._failures += 1
            if self._probing or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._probing = False

    def timed_out(self, started: float, server_answers: Callable[[], bool] = lambda: False) -> None:
        """A read started at `started` ran out of time: a failure unless another read was answered meanwhile or
        the server still answers (`server_answers`, asked only when no read was answered)."""
        with self._lock:
            busy_not_sick = self._last_answer > started
        if busy_not_sick:
            self.released()
        elif server_answers():
            self.succeeded()  # an answer, if only to a trivial read: the server is alive
        else:
            self.failed()

    def released(self) -> None:
        """An allowed read ended without telling anything about the server (a bad question): free the probe slot."""
        with self._lock:
            self._probing = False

    def reset(self) -> None:
        """Forget every failure (the server or its settings changed)."""
        self.succeeded()
