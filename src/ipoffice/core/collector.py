"""The cyclic garbage collector, paused for batch work.

A batch holds millions of live objects (ids, names, features); each full collection walks all
of them, and collections come more often the more objects are made. Batch code that makes no
reference cycles (freed by reference counting alone) runs with the collector paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then as it was (nested blocks included)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
