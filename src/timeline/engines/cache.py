"""Results shared by every session for a while: keyed on (source, question, view), with a TTL.

The key never holds an engine or connection object, so a new engine over the same source (a
restarted page, another process's pickled view) finds the same entries, and sessions asking the
same question of the same data share one answer. Answers are returned as stored: never mutate.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

TTL_SECONDS = 600.0
MAX_ENTRIES = 512


class TTLCache:
    """A thread-safe LRU of answers that expire `ttl` seconds after they were computed."""

    def __init__(self, ttl: float = TTL_SECONDS, entries: int = MAX_ENTRIES) -> None:
        self.ttl, self.entries = ttl, entries
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The stored answer for `key`, or `compute()` stored (two sessions may both compute)."""
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] < self.ttl:
                self._items.move_to_end(key)
                self.hits += 1
                return found[1]  # type: ignore[return-value]
            self.misses += 1
        value = compute()  # outside the lock: a slow query must not block other sessions
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value

    def clear(self, prefix: Hashable | None = None) -> None:
        """Forget every answer (or those whose key starts with `prefix`, e.g. one source)."""
        with self._lock:
            if prefix is None:
                self._items.clear()
            else:
                for key in [k for k in self._items if isinstance(k, tuple) and k[0] == prefix]:
                    del self._items[key]


RESULTS = TTLCache()


class Recent(dict):
    """A dict that keeps its 8 newest entries."""

    def __setitem__(self, key, value) -> None:
        self.pop(key, None)
        super().__setitem__(key, value)
        while len(self) > 8:
            del self[next(iter(self))]
