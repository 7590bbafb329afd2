"""The map view: zoom, pan and the keys that act on the canvas."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from .capture import CaptureEditor
from .scene import MapScene

_Type = QEvent.Type
POINTER_EVENTS = frozenset(
    {
        _Type.MouseButtonPress,
        _Type.MouseButtonRelease,
        _Type.MouseButtonDblClick,
        _Type.MouseMove,
        _Type.Wheel,
        _Type.ToolTip,
        _Type.ContextMenu,
        _Type.DragEnter,
        _Type.DragMove,
        _Type.Drop,
        _Type.Enter,
        _Type.HoverEnter,
        _Type.HoverMove,
        _Type.TabletPress,
        _Type.TouchBegin,
    }
)

MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
ZOOM_STEP = 1.15


class MapView(QGraphicsView):
    """Shows a MapScene; Ctrl+wheel zooms, middle button or Space+drag pans."""

    zoom_changed = Signal(float)
    escape_pressed = Signal()
    arrow_pressed = Signal(int, int, bool)  # dx, dy, with Alt (select instead of move)

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAcceptDrops(True)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._space_down = False
        self._pan_from: QPoint | None = None
        self.capture = CaptureEditor(self)
        self._forwarding = False
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.capture.place())
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.capture.place())
        scene.sceneRectChanged.connect(lambda _r: self.capture.place())

    def map_scene(self) -> MapScene:
        return self.scene()  # type: ignore[return-value]

    # ---- zoom --------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        self.scale(scale, scale)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def zoom_actual(self) -> None:
        self.set_zoom(1.0)

    def fit_to_window(self) -> None:
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
        self.zoom_changed.emit(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # ---- pan ---------------------------------------------------------------------------------
    def _start_pan(self, event: QMouseEvent) -> None:
        self._pan_from = event.position().toPoint()
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_down
        ):
            self._start_pan(event)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ---- keys --------------------------------------------------------------------------------
    def _typing_cell(self, event: QKeyEvent) -> tuple[str, str] | None:
        """The cell a key starts capture in: printable text with no Ctrl/Alt, a current cell."""
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        text = event.text()
        if mods or not text or not text.isprintable() or text == " ":
            return None
        return self.map_scene().current_cell

    def viewportEvent(self, event: QEvent) -> bool:
        # Whatever the pointer does hits items: flows stretched by an edit are put in place first.
        if event.type() in POINTER_EVENTS:
            scene = self.map_scene()
            if scene is not None and scene.flows.unplaced:
                scene.flows.place_all()
        return super().viewportEvent(event)

    def event(self, event: QEvent) -> bool:
        # Let typed letters reach the canvas (quick capture) before single-key shortcuts such as C.
        override = event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
        if override and (self.capture.is_active() or self._typing_cell(event) is not None):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.capture.is_active():
            # Keys that reach the view while capturing belong to the capture line: none is lost.
            # (Keys the line ignores come back up to the view; those stop here.)
            if not self._forwarding:
                self._forwarding = True
                try:
                    self.capture.line.setFocus(Qt.FocusReason.OtherFocusReason)
                    QApplication.sendEvent(self.capture.line, event)
                finally:
                    self._forwarding = False
            event.accept()
            return
        cell = self._typing_cell(event)
        if cell is not None:
            self.capture.start(cell, event.text())
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            scene = self.map_scene()
            chosen = scene.selected_card_ids()
            target = scene.current_cell or (
                (scene.doc.cards[chosen[0]].stage, scene.doc.cards[chosen[0]].lane) if chosen else None
            )
            if target is not None:
                self.capture.start(target)
                event.accept()
                return
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.map_scene().cancel_gesture()
            self.escape_pressed.emit()
            event.accept()
            return
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in arrows and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dx, dy = arrows[Qt.Key(key)]
            self.arrow_pressed.emit(dx, dy, bool(event.modifiers() & Qt.KeyboardModifier.AltModifier))
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)
