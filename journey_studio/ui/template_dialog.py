"""File → New from Template… and Save as Template…: the template chooser and map thumbnails."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..canvas import MapScene
from ..model import Document
from ..templates import (
    Template,
    TemplateError,
    list_templates,
    load_template,
    save_user_template,
    user_template_path,
)

if TYPE_CHECKING:
    from .main_window import MainWindow

THUMBNAIL_SIZE = QSize(320, 200)
ICON_SIZE = QSize(240, 150)
_NAME_ROLE = Qt.ItemDataRole.UserRole


def render_thumbnail(doc: Document, size: QSize = THUMBNAIL_SIZE) -> QImage:
    """The whole map drawn small on white: rendered at twice the size, then scaled down smoothly."""
    scene = MapScene(doc, lambda _command: False, long_lived=False)
    try:
        source = scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)
        big = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)
        big.fill(QColor("white"))
        scale = min(big.width() / source.width(), big.height() / source.height())
        width, height = source.width() * scale, source.height() * scale
        target = QRectF((big.width() - width) / 2, 0, width, height)  # top-aligned: title and stages show
        painter = QPainter(big)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, target, source)
        painter.end()
    finally:
        scene.detach()
        scene.deleteLater()
    return big.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def save_thumbnail(doc: Document, path: Path) -> bool:
    """Write the map's thumbnail as a PNG file (``path`` ends in .png); False if it could not be written."""
    saved: bool = render_thumbnail(doc).save(str(path))
    return saved


def _icon(template: Template) -> QIcon:
    canvas = QPixmap(ICON_SIZE)
    canvas.fill(QColor("#eef1f5"))
    if template.thumbnail is not None:
        image = QPixmap(str(template.thumbnail))
        if not image.isNull():
            scaled = image.scaled(
                ICON_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            painter = QPainter(canvas)
            painter.drawPixmap((ICON_SIZE.width() - scaled.width()) // 2, 0, scaled)
            painter.end()
    return QIcon(canvas)


class TemplateDialog(QDialog):
    """Lists the templates with thumbnails; the chosen one is ``selected_template()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from Template")
        self.templates = {t.name: t for t in list_templates()}
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(ICON_SIZE)
        self.list.setGridSize(QSize(ICON_SIZE.width() + 24, ICON_SIZE.height() + 48))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setMinimumSize(3 * (ICON_SIZE.width() + 24) + 24, 2 * (ICON_SIZE.height() + 48) + 8)
        for template in self.templates.values():
            title = template.title if template.builtin else f"{template.title} (yours)"
            item = QListWidgetItem(_icon(template), title)
            item.setData(_NAME_ROLE, template.name)
            item.setToolTip(template.description)
            self.list.addItem(item)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(40)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Start a new map from a template:"))
        layout.addWidget(self.list)
        layout.addWidget(self.description)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(self._show_description)
        self.list.itemActivated.connect(lambda _item: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)

    def _show_description(self, item: QListWidgetItem | None) -> None:
        template = self._template(item)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(template is not None)
        self.description.setText(template.description if template is not None else "")

    def _template(self, item: QListWidgetItem | None) -> Template | None:
        return None if item is None else self.templates.get(str(item.data(_NAME_ROLE)))

    def select(self, name: str) -> None:
        """Make the template called ``name`` the current one."""
        for row in range(self.list.count()):
            if self.list.item(row).data(_NAME_ROLE) == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def selected_template(self) -> Template | None:
        return self._template(self.list.currentItem())


def new_from_template(window: MainWindow) -> bool:
    """Ask for a template and open a new, unsaved map made from it. True if one was opened."""
    dialog = TemplateDialog(window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        template = dialog.selected_template()
    finally:
        dialog.deleteLater()
    if template is None:
        return False
    try:
        doc = load_template(template.name)
    except TemplateError as error:
        QMessageBox.warning(window, "Cannot use template", str(error))
        return False
    if not window.maybe_save():
        return False
    window.set_document(doc, None)
    window.statusBar().showMessage(
        f"New map from the template “{template.title}”; Save asks where to keep it.", 8000
    )
    return True


def save_as_template(window: MainWindow) -> Path | None:
    """Ask a name and save the map as the user's template (with a thumbnail); returns its file."""
    name, ok = QInputDialog.getText(window, "Save as Template", "Template name:", text=window.doc.info.title)
    if not ok:
        return None
    try:
        path = user_template_path(name)
    except TemplateError as error:
        QMessageBox.warning(window, "Cannot save template", str(error))
        return None
    if path.exists():
        answer = QMessageBox.question(window, "Save as Template", f"Replace your template “{path.stem}”?")
        if answer != QMessageBox.StandardButton.Yes:
            return None
    try:
        path = save_user_template(window.doc, name)
    except TemplateError as error:
        QMessageBox.critical(window, "Cannot save template", str(error))
        return None
    thumbnail = " (without a thumbnail)" if not save_thumbnail(window.doc, path.with_suffix(".png")) else ""
    window.statusBar().showMessage(
        f"Saved the template “{path.stem}”{thumbnail}; File → New from Template lists it.", 8000
    )
    return path
