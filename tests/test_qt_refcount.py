"""Guard against the PySide6 release that drops a reference to None on every void call."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem


def test_none_refcount_does_not_drift(qapp) -> None:
    item = QGraphicsRectItem(0, 0, 10, 10)
    item.setPos(1, 1)
    before = sys.getrefcount(None)
    for i in range(2000):
        item.setPos(i, i)
    drift = before - sys.getrefcount(None)
    assert drift < 100, f"None lost {drift} references: this PySide6 build will crash large scenes"
