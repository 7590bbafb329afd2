"""Start the editor: one QApplication, recovered maps, one window on a map file or the bundled sample."""

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
    """Run the editor until its last window closes; returns the exit status.

    Before anything else it offers to restore maps whose windows did not close cleanly (a
    crash, a kill, a flat battery); restored maps open in their own windows.
    """
    from PySide6.QtWidgets import QApplication

    from .store.atomic import sweep_orphans
    from .ui.recovery import offer_recoveries, recovery_folder

    if path is not None and not Path(path).exists():
        print(f"journey-studio: error: no such file: {path}", file=sys.stderr)
        return 2
    create_application()
    sweep_orphans(recovery_folder())  # copies an autosave was writing when the app was killed
    restored = offer_recoveries()
    window = open_window(path) if path is not None or not restored else None
    _ = window
    status: int = QApplication.instance().exec()  # type: ignore[union-attr]
    QApplication.clipboard().clear()  # copied cards' mime data must not outlive Qt (crash at exit)
    return status
