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


_held = 0  # open maps whose objects are set aside
_settle = False  # a map was let go while others stay open: set those aside anew


def keep_long_lived() -> None:
    """Set every object alive now aside from the cycle collector: an open map and its drawing
    live for the whole session, and a full collection that re-scans them stalls an edit on a
    big map. Later collections only look at newer objects. ``release_long_lived`` undoes it."""
    global _held
    _held += 1
    gc.freeze()


def release_long_lived() -> None:
    """Hand the set-aside objects back to the collector (a map was closed or replaced).
    Everything goes back, since what is set aside cannot be told apart; ``settle_long_lived``
    collects what the map left and sets the maps still open aside again."""
    global _held, _settle
    _held = max(0, _held - 1)
    gc.unfreeze()
    _settle = True


def settle_long_lived() -> None:
    """After ``release_long_lived``, once the map let go is gone: collect what it left and set
    the objects alive aside again if maps are open. A map opened meanwhile may have set the
    let-go one aside with its own, so everything is looked at. Cheap when there is nothing to do."""
    global _settle
    if _settle:
        _settle = False
        gc.unfreeze()
        gc.collect()
        if _held:
            gc.freeze()
