"""Presentation mode (F5): full screen, no docks, walk the map stage by stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from ..canvas.presentation import StageSpotlight

if TYPE_CHECKING:
    from .main_window import MainWindow

DARK_BACKGROUND = "#10161e"
PEEK = 60.0  # how much of the neighbouring stages shows on each side
MIN_ZOOM, MAX_ZOOM = 1.4, 2.6


class Presenter(QObject):
    """Takes over the window while presenting and gives everything back afterwards."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.dark = False
        self.stage_index = 0
        self.show_curves = True
        self._hidden: list[QWidget] = []
        self._was_maximized = False
        self._geometry = QRect()
        self.spotlight: StageSpotlight | None = None

    def start(self) -> None:
        win = self.window
        if self.active or win.scene is None or win.view is None or not len(win.doc.stages):
            return
        self.active = True
        bars: list[QWidget] = [*win.findChildren(QDockWidget), *win.findChildren(QToolBar), win.statusBar()]
        self._hidden = [w for w in bars if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        win.menuBar().hide()
        self._was_maximized = win.isMaximized()
        self._geometry = win.geometry()
        win.showFullScreen()
        screen = win.screen()
        if screen is not None:  # without a window manager, full screen alone does not resize
            win.setGeometry(screen.geometry())
        self.spotlight = StageSpotlight()
        win.scene.addItem(self.spotlight)
        win.view.installEventFilter(self)
        win.view.setFocus()
        if win.timer_widget.isVisible():
            win.place_timer()
            win.timer_widget.raise_()
        self.stage_index = 0
        self.show_stage()

    def toggle(self) -> None:
        if self.active:
            self.stop()
        else:
            self.start()

    def stop(self) -> None:
        win = self.window
        if not self.active:
            return
        self.active = False
        if win.view is not None:
            win.view.removeEventFilter(self)
            win.view.setBackgroundBrush(QColor("#ffffff"))
        if self.spotlight is not None and win.scene is not None:
            win.scene.removeItem(self.spotlight)
        self.spotlight = None
        self.set_curves_visible(True)
        for widget in self._hidden:
            widget.show()
        win.menuBar().show()
        if self._was_maximized:
            win.showMaximized()
        else:
            win.showNormal()
            win.setGeometry(self._geometry)
        if win.view is not None:
            win.view.zoom_actual()

    def show_stage(self) -> None:
        """Zoom to the current stage and shade the others."""
        win = self.window
        if win.scene is None or win.view is None or self.spotlight is None:
            return
        stages = win.doc.stages.ids()
        self.stage_index = max(0, min(self.stage_index, len(stages) - 1))
        stage_id = stages[self.stage_index]
        layout = win.scene.map_layout
        self.spotlight.set_stage(layout, stage_id, self.dark)
        win.view.setBackgroundBrush(QColor(DARK_BACKGROUND if self.dark else "#ffffff"))
        column, header = layout.columns[stage_id], layout.stage_headers[stage_id]
        # Large type: the stage and a glimpse of its neighbours fill the screen's width (the
        # lanes continue below; ↑/↓ scroll), between 1.4× and 2.6× the normal size.
        width = column.width + 2 * PEEK
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, win.view.viewport().width() / width))
        win.view.set_zoom(zoom)
        visible_height = win.view.viewport().height() / zoom
        win.view.centerOn(column.x + column.width / 2, header.y - 12 + visible_height / 2)
        win.statusBar().showMessage(
            f"Stage {self.stage_index + 1} of {len(stages)}: {win.doc.stages[stage_id].name}"
        )

    def set_curves_visible(self, visible: bool) -> None:
        self.show_curves = visible
        scene = self.window.scene
        if scene is None:
            return
        for item in list(scene.curve_items.values()) + list(scene.point_items.values()):
            item.setVisible(visible)

    def eventFilter(self, watched: QObject, event: object) -> bool:
        if not self.active or not isinstance(event, QKeyEvent) or event.type() != QKeyEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.stage_index += 1
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.stage_index -= 1
        elif key == Qt.Key.Key_Home:
            self.stage_index = 0
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.window.view is not None:
            bar = self.window.view.verticalScrollBar()
            bar.setValue(bar.value() + (1 if key == Qt.Key.Key_Down else -1) * bar.pageStep() // 2)
            return True
        elif key == Qt.Key.Key_E:
            self.set_curves_visible(not self.show_curves)
            return True
        elif key == Qt.Key.Key_T:
            self.dark = not self.dark
        elif key == Qt.Key.Key_Escape:
            self.stop()
            return True
        else:
            return False
        self.show_stage()
        return True
