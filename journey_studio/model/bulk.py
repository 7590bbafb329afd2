"""Building many long-lived objects at once (opening a map, drawing it) without needless pauses."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off Python's cycle collector while tens of thousands of objects are made that all
    stay alive: its passes would only re-scan them. Nests; collection resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep_long_lived() -> None:
    """Set every object alive now aside from the cycle collector: an open map and its drawing
    live for the whole session, and a full collection that re-scans them stalls an edit on a
    big map. Later collections only look at newer objects. ``release_long_lived`` undoes it."""
    gc.freeze()


def release_long_lived() -> None:
    """Hand the set-aside objects back to the collector (a map was closed)."""
    gc.unfreeze()
