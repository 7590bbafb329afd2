"""The editor's widgets: main window, docks, dialogs and the undo bridge."""

from .main_window import MainWindow, blank_document

__all__ = ["MainWindow", "blank_document"]
