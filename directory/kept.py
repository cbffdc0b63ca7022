"""What a process works out once and keeps for its threads to share: the most recently used, up to a bound."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """Values by key, at most `most` of them, the least recently used let go first; a web process's threads share
    them under one lock."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, key: Hashable) -> tuple[bool, Value | None]:
        """Whether a value is kept for `key`, and the value (which may be None: "nothing to keep" is kept too)."""
        with self._lock:
            if key not in self._values:
                return False, None
            self._values.move_to_end(key)
            return True, self._values[key]

    def keep(self, key: Hashable, value: Value) -> None:
        """Keep `value` for `key`, letting the least recently used go past the bound."""
        with self._lock:
            self._values[key] = value
            if len(self._values) > self.most:
                self._values.popitem(last=False)

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        """Let every kept value go."""
        with self._lock:
            self._values.clear()
