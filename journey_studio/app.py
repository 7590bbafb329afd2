"""Start the editor: one QApplication, one window on a map file or the bundled sample."""

from __future__ import annotations

import sys
from pathlib import Path

from .resources import sample_map_path


def create_application() -> object:
    """The QApplication, created once with the app's name (used by settings)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Journey Studio")
    app.setOrganizationName("Journey Studio")
    return app


def open_window(path: str | None) -> object:
    """A shown main window on ``path``, or on the bundled sample when ``path`` is None."""
    from .interchange.formats import read_document
    from .ui import MainWindow

    if path is None:
        sample = read_document(sample_map_path())
        window = MainWindow(sample, None)
        window.statusBar().showMessage(
            "This is the bundled sample map; Save asks where to keep your copy.", 10000
        )
    else:
        window = MainWindow()
        window.open_path(Path(path), ask=False)
    window.show()
    return window


def run_editor(path: str | None = None) -> int:
    """Run the editor until its last window closes; returns the exit status."""
    from PySide6.QtWidgets import QApplication

    if path is not None and not Path(path).exists():
        print(f"journey-studio: error: no such file: {path}", file=sys.stderr)
        return 2
    create_application()
    window = open_window(path)
    _ = window
    return QApplication.instance().exec()  # type: ignore[union-attr]
