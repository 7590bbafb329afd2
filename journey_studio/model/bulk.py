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
