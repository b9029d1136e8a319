"""Per-process caches of built output within a byte budget, least recently used first out.

Keys always carry a version read from the database in the same request, so a
cached value is exactly as fresh as that version: nothing here expires by time,
and every worker and host can keep its own copy without coordinating.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app


class SizedLRU:
    """Values by key, evicting the least recently used beyond ``limit`` bytes.

    A value's size is its ``len()`` (strings, bytes) or its ``size`` attribute.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
            return data

    def put(self, key: Hashable, data) -> None:
        if _size(data) > self.limit:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.size -= _size(old) if old is not None else 0
            self._items[key] = data
            self.size += _size(data)
            while self.size > self.limit:
                _, evicted = self._items.popitem(last=False)
                self.size -= _size(evicted)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


def _size(value) -> int:
    return len(value) if isinstance(value, (str, bytes)) else value.size


def kept(cache: SizedLRU | None, key: Hashable, build: Callable[[], object]):
    """``build()``'s value: from ``cache`` if it holds ``key``, else built and kept there.

    With no cache (its budget set to 0), always built.
    """
    if cache is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.put(key, value)
    return value


def app_cache(name: str, limit_setting: str, default_limit: int) -> SizedLRU | None:
    """The current app's cache called ``name``; None when its byte limit is set to 0."""
    limit = current_app.config.get(limit_setting, default_limit)
    if not limit:
        return None
    return current_app.extensions.setdefault(name, SizedLRU(limit))
