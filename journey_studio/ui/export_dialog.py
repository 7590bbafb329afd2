"""File → Export…: the map as SVG, PNG or PDF, with a preview; the work runs off the GUI thread."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..export import ExportError, ExportOptions, export_map, render_image, render_svg, snapshot
from ..model import Document

SETTINGS_GROUP = "export"
FORMATS = (("SVG — vector, editable", "svg"), ("PNG — picture", "png"), ("PDF — vector, printable", "pdf"))
PAGES = (("Map size", "map"), ("A4 landscape", "a4"), ("A3 landscape", "a3"), ("Letter landscape", "letter"))
PREVIEW_SIDE = 560
PREVIEW_PIXELS = 1200  # drawn larger than shown, so it stays sharp on high-density screens


class CancelledError(Exception):
    """The export was stopped from the dialog."""


class Job(QThread):
    """Runs ``work(progress)`` on its own thread and reports progress, a result or an error."""

    progressed = Signal(int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(
        self, work: Callable[[Callable[[float], None]], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._work = work

    def _progress(self, fraction: float) -> None:
        if self.isInterruptionRequested():
            raise CancelledError
        self.progressed.emit(round(fraction * 100))

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except CancelledError:
            self.failed.emit("")
        except (ExportError, OSError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # anything else too: the dialog must never be left waiting
            traceback.print_exc()  # kept where a bug report can quote it
            self.failed.emit(f"The export failed unexpectedly ({type(error).__name__}: {error}).")
        else:
            self.succeeded.emit(result)


def preview(doc: Document, options: ExportOptions) -> tuple[QImage, float, float]:
    """A small picture of the export and the map's size in map units (runs on a worker thread)."""
    svg = render_svg(doc, options, banded=True)
    scale = min(2.0, PREVIEW_PIXELS / max(svg.width, svg.height))
    return render_image(svg, scale, options.transparent), svg.width, svg.height


def settings() -> QSettings:
    return QSettings("Journey Studio", "Journey Studio")


def number(value: object, default: float) -> float:
    """A number read from the settings, or ``default`` when there is none."""
    try:
        return float(str(value)) if value is not None else default
    except ValueError:
        return default


def file_stem(title: str) -> str:
    """A file name made from a map title."""
    words = re.sub(r"[^\w\- ]+", " ", title).split()
    return "-".join(words).lower()[:60] or "journey-map"


class ExportDialog(QDialog):
    """Choose format, size, background and scope; see a preview; export without freezing the editor."""

    exported = Signal(str)  # the path written
    export_failed = Signal(str)

    def __init__(
        self, doc: Document, selected_ids: list[str], focus: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Map")
        self.setObjectName("export-dialog")
        self.doc = doc
        self.selection = tuple(i for i in selected_ids if i in doc.cards or i in doc.stages or i in doc.lanes)
        self._job: Job | None = None
        self._preview_job: Job | None = None
        self._preview_again = False
        self._preview_image: QImage | None = None
        self._build(focus)
        self._restore()
        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self._start_preview)
        for signal in self._change_signals():
            signal.connect(self._changed)
        self._changed()

    @classmethod
    def show_for(cls, window: Any) -> ExportDialog:
        """Open the dialog on a main window's map, its selection and its focused persona."""
        scene = getattr(window, "scene", None)
        selected = scene.selected_ids() if scene is not None else []
        focus = getattr(scene, "focus_persona", "") if scene is not None else ""
        dialog = cls(window.doc, selected, focus, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ---- widgets -----------------------------------------------------------------------------
    def _build(self, focus: str) -> None:
        self.format_box = QComboBox()
        for label, value in FORMATS:
            self.format_box.addItem(label, value)
        self.scale_box = QComboBox()
        for scale in (1, 2, 4):
            self.scale_box.addItem(f"{scale}×", float(scale))
        self.dpi_box = QSpinBox(minimum=0, maximum=768, singleStep=25)
        self.dpi_box.setSpecialValueText("Auto")
        self.dpi_box.setToolTip("Written into the PNG; Auto is 96 dpi per ×, so prints keep the map's size")
        self.dpi_box.setSuffix(" dpi")
        self.background_box = QComboBox()
        self.background_box.addItem("White", False)
        self.background_box.addItem("Transparent", True)
        self.page_box = QComboBox()
        for label, value in PAGES:
            self.page_box.addItem(label, value)
        self.scope_box = QComboBox()
        self.scope_box.addItem("Whole map", "map")
        self.scope_box.addItem(f"Selection ({len(self.selection)} items)", "selection")
        if not self.selection:
            self._disable_item(self.scope_box, 1)
        self.persona_box = QComboBox()
        self.persona_box.addItem("Everyone", "")
        for persona in self.doc.personas:
            self.persona_box.addItem(f"Focus on {persona.name}", persona.id)
        self.persona_box.setCurrentIndex(max(0, self.persona_box.findData(focus)))
        self.margin_box = QDoubleSpinBox(minimum=0, maximum=500, decimals=0, singleStep=8, value=24)
        self.margin_box.setSuffix(" px")
        self.gaps_box = QCheckBox("Show gap badges")
        self.size_label = QLabel()
        self.size_label.setObjectName("export-size")
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Scale", self.scale_box)
        form.addRow("Resolution", self.dpi_box)
        form.addRow("Background", self.background_box)
        form.addRow("Page", self.page_box)
        form.addRow("Scope", self.scope_box)
        form.addRow("Persona", self.persona_box)
        form.addRow("Margin", self.margin_box)
        form.addRow("", self.gaps_box)
        form.addRow("Size", self.size_label)
        self.form = form
        self.preview = QLabel("Preparing preview…")
        self.preview.setObjectName("export-preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(PREVIEW_SIDE, PREVIEW_SIDE * 3 // 4))
        self.preview.setStyleSheet("background: #e5e9ee; border: 1px solid #c9d1da;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.choose_file_and_export)
        self.close_button.clicked.connect(self._close_or_cancel)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    @staticmethod
    def _disable_item(box: QComboBox, index: int) -> None:
        model = box.model()
        item = model.item(index) if hasattr(model, "item") else None
        if item is not None:
            item.setEnabled(False)

    def _change_signals(self) -> list[Any]:
        boxes = (self.format_box, self.scale_box, self.background_box, self.page_box, self.scope_box)
        return [
            *(box.currentIndexChanged for box in boxes),
            self.persona_box.currentIndexChanged,
            self.dpi_box.valueChanged,
            self.margin_box.valueChanged,
            self.gaps_box.toggled,
        ]

    # ---- choices -----------------------------------------------------------------------------
    def format(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> ExportOptions:
        """The export the dialog describes."""
        kind = self.format()
        dpi = float(self.dpi_box.value()) if kind == "png" and self.dpi_box.value() else None
        return ExportOptions(
            selection=self.selection if self.scope_box.currentData() == "selection" else (),
            persona=str(self.persona_box.currentData() or ""),
            margin=self.margin_box.value(),
            gaps=self.gaps_box.isChecked(),
            transparent=kind != "pdf" and bool(self.background_box.currentData()),
            scale=float(self.scale_box.currentData()) if kind == "png" else None,
            dpi=dpi,
            page=str(self.page_box.currentData()) if kind == "pdf" else "map",
        )

    def _changed(self) -> None:
        kind = self.format()
        for widget, shown in (
            (self.scale_box, kind == "png"),
            (self.dpi_box, kind == "png"),
            (self.background_box, kind != "pdf"),
            (self.page_box, kind == "pdf"),
        ):
            widget.setEnabled(shown)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setEnabled(shown)
        self._preview_timer.start()

    def _restore(self) -> None:
        store = settings()
        store.beginGroup(SETTINGS_GROUP)
        for box, key in ((self.format_box, "format"), (self.page_box, "page")):
            index = box.findData(store.value(key))
            if index >= 0:
                box.setCurrentIndex(index)
        self.scale_box.setCurrentIndex(max(0, self.scale_box.findData(number(store.value("scale"), 1))))
        self.background_box.setCurrentIndex(1 if store.value("transparent") in (True, "true") else 0)
        self.dpi_box.setValue(int(number(store.value("dpi"), 0)))
        self.margin_box.setValue(number(store.value("margin"), 24))
        self.gaps_box.setChecked(store.value("gaps") in (True, "true"))
        store.endGroup()

    def _remember(self, folder: Path) -> None:
        store = settings()
        store.beginGroup(SETTINGS_GROUP)
        store.setValue("format", self.format())
        store.setValue("scale", self.scale_box.currentData())
        store.setValue("page", self.page_box.currentData())
        store.setValue("transparent", bool(self.background_box.currentData()))
        store.setValue("dpi", self.dpi_box.value())
        store.setValue("margin", self.margin_box.value())
        store.setValue("gaps", self.gaps_box.isChecked())
        store.setValue("folder", str(folder))
        store.endGroup()

    def suggested_path(self) -> Path:
        folder = str(settings().value(f"{SETTINGS_GROUP}/folder", "") or "")
        base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        return base / f"{file_stem(self.doc.info.title)}.{self.format()}"

    # ---- preview -----------------------------------------------------------------------------
    def _start_preview(self) -> None:
        if self._preview_job is not None:
            self._preview_again = True
            return
        doc, options = snapshot(self.doc), self.options()
        job = Job(lambda _progress: preview(doc, options), self)
        job.succeeded.connect(self._show_preview)
        job.failed.connect(lambda message: self.preview.setText(message or "No preview"))
        job.finished.connect(self._preview_done)
        self._preview_job = job
        job.start()

    def _show_preview(self, result: object) -> None:
        if not isinstance(result, tuple):
            return
        image, width, height = result
        self._preview_image = image
        self._fit_preview()
        options = self.options()
        if self.format() == "png":
            scale = options.pixel_scale
            pixels = f"{round(width * scale)} × {round(height * scale)} px"
            self.size_label.setText(f"{pixels}, {options.resolution:g} dpi")
        elif self.format() == "pdf" and options.page != "map":
            self.size_label.setText("Vector, fitted to the page")
        else:
            self.size_label.setText(f"Vector, {round(width)} × {round(height)} px at 100 %")

    def _fit_preview(self) -> None:
        """Show the preview picture as large as the space allows, whole."""
        if self._preview_image is None:
            return
        room = self.preview.contentsRect().size() - QSize(8, 8)
        picture = QPixmap.fromImage(self._preview_image)
        if picture.width() > room.width() or picture.height() > room.height():
            mode = Qt.TransformationMode.SmoothTransformation
            picture = picture.scaled(room, Qt.AspectRatioMode.KeepAspectRatio, mode)
        self.preview.setPixmap(picture)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_preview()

    def _preview_done(self) -> None:
        self._preview_job = None
        if self._preview_again:
            self._preview_again = False
            self._start_preview()

    # ---- export ------------------------------------------------------------------------------
    def choose_file_and_export(self) -> None:
        kind = self.format()
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export Map", str(self.suggested_path()), f"{kind.upper()} files (*.{kind})"
        )
        if name:
            path = Path(name)
            if path.suffix.lower() != f".{kind}":
                path = path.with_name(path.name + f".{kind}")
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Start writing the export to ``path`` on a worker thread (``exported`` tells when done)."""
        if self._job is not None:
            return
        doc, options = snapshot(self.doc), self.options()
        job = Job(lambda progress: export_map(doc, path, options, progress), self)
        job.progressed.connect(self.progress.setValue)
        job.succeeded.connect(lambda result: self._finished(path, ""))
        job.failed.connect(lambda message: self._finished(path, message or "Export cancelled."))
        self._job = job
        self._remember(path.parent)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Exporting {path.name}…")
        self.export_button.setEnabled(False)
        self.close_button.setText("Cancel")
        job.start()

    def _finished(self, path: Path, error: str) -> None:
        if self._job is not None:
            self._job.wait()
        self._job = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")
        if error:
            self.status.setText(error)
            self.export_failed.emit(error)
        else:
            self.status.setText(f"Exported {path}")
            self.exported.emit(str(path))

    def _close_or_cancel(self) -> None:
        if self._job is not None:
            self._job.requestInterruption()
            return
        self.reject()

    def done(self, result: int) -> None:
        for job in (self._job, self._preview_job):
            if job is not None:
                job.requestInterruption()
                job.wait()
        super().done(result)
