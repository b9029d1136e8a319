"""Pause Python's cyclic garbage collector while a build makes many lasting objects.

A calendar build loads a thousand events with their agenda, people and sponsors:
some 20,000 ORM objects, all alive until the build ends. CPython runs its
collector every few hundred allocations, and the older generations' passes walk
every object the process tracks, the application's included: in
``bench/calendar_feed.py`` that was two thirds of loading 1,000 events (0.54 s
against 0.18 s paused). Paused, reference counting still frees what dies at
once; reference cycles made meanwhile wait until the pause ends.

Process-wide, so nested and concurrent pauses (threads) resume only when the
last one ends, and only if the collector was running before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
