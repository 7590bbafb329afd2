"""Render the editor window to a PNG without a screen (README figures, visual checks)."""

from __future__ import annotations

import os
from pathlib import Path


def save_screenshot(
    source: str | None, out: Path, width: int = 1600, height: int = 1000, select: str = "", fit: bool = False
) -> Path:
    """Open ``source`` (the sample map when None) in a window and save what it shows to ``out``."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ..app import create_application, open_window
    from .main_window import MainWindow

    create_application()
    window = open_window(source)
    assert isinstance(window, MainWindow)
    window.resize(width, height)
    QApplication.processEvents()
    assert window.view is not None and window.scene is not None
    window.view.zoom_actual()
    window.view.horizontalScrollBar().setValue(0)
    window.view.verticalScrollBar().setValue(0)
    if fit:
        window.view.fit_to_window()
    if select:
        window.scene.select_ids([select])
    QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out)):
        raise OSError(f"cannot write {out}")
    window.setWindowModified(False)
    window.undo.stack.setClean()  # type: ignore[union-attr]
    window.close()
    return out
