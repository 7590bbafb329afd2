"""The main window: one map, its canvas, docks, menus and file handling."""

from __future__ import annotations

import contextlib
import json
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
)

from ..analysis import Finding
from ..canvas import MapScene, MapView
from ..edit import (
    Command,
    Macro,
    Update,
    add_card,
    add_lane,
    add_stage,
    connect_cards,
    delete_items,
    move_cards,
    path_order,
    reverse_flow,
)
from ..edit.clipboard import CLIPBOARD_FORMAT, copy_cards, paste_cards
from ..edit.workshop import start_thread
from ..model import CARD_KINDS, LANE_KINDS, Document, Lane, MapInfo, ModelError, Stage
from ..model.kinds import pretty
from ..resources import icon_path
from .comments_panel import CommentsPanel, target_name
from .file_actions import FileActions, app_settings, quit_application
from .gaps_panel import GapsPanel
from .import_export import export_map, import_map
from .inspector import Inspector
from .palette import Palette
from .persona_actions import PersonaActions
from .persona_panel import PersonaPanel
from .presentation import Presenter
from .template_dialog import new_from_template, save_as_template
from .undo import UndoController
from .votes_panel import VotesPanel
from .workshop_timer import WorkshopTimer

APP_NAME = "Journey Studio"
CLIPBOARD_MIME = "application/x-journey-studio-cards"
FILE_FILTER = "Journey maps (*.journey);;Journey JSON (*.json);;All files (*)"
MAX_RECENT = 8


def blank_document() -> Document:
    """A new map: the six classic stages and the usual lanes, no cards."""
    stages = [
        Stage(f"stage-{i + 1}", name)
        for i, name in enumerate(
            ["Awareness", "Consideration", "Purchase", "Onboarding", "Retention", "Advocacy"]
        )
    ]
    lanes = [
        Lane("lane-touchpoints", "Touchpoints", "touchpoints"),
        Lane("lane-actions", "Actions", "actions"),
        Lane("lane-thoughts", "Thoughts", "thoughts"),
        Lane("lane-emotion", "Emotion", "emotion", height=140),
        Lane("lane-pains", "Pain points", "pain_points"),
        Lane("lane-opportunities", "Opportunities", "opportunities"),
    ]
    return Document(info=MapInfo(title="Untitled journey"), stages=stages, lanes=lanes)


def _disconnect(*signals: Any) -> None:
    for signal in signals:
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect()


class MainWindow(FileActions, PersonaActions, QMainWindow):
    """Edits one journey map; File → New Window opens another."""

    def __init__(
        self, doc: Document | None = None, path: Path | None = None, read_only_source: bool = False
    ) -> None:
        super().__init__()
        self.path: Path | None = None
        self.doc = blank_document()
        self.undo: UndoController | None = None
        self.scene: MapScene | None = None
        self.view: MapView | None = None
        self.inspector = Inspector(self.push)
        self.palette_list = Palette()
        self.persona_panel = PersonaPanel(self.add_persona, self.duplicate_persona, self.delete_persona)
        self.persona_panel.persona_selected.connect(self.show_persona)
        self.inspector.set_persona_tools(
            {"colour": self.choose_colour, "avatar": self.choose_avatar, "clear": self.clear_avatar}
        )
        self.gaps_panel = GapsPanel(self.push)
        self.gaps_panel.finding_activated.connect(self.show_finding)
        self.gaps_panel.findings_changed.connect(self._mark_gaps)
        self.comments_panel = CommentsPanel(self.push, self.author_name)
        self.comments_panel.thread_activated.connect(self._show_target)
        self.votes_panel = VotesPanel(self.push, lambda: self.scene.selected_card_ids() if self.scene else [])
        self.votes_panel.marks_changed.connect(
            lambda dots: self.scene and self.scene.set_workshop_marks(dots)
        )
        self.votes_panel.card_activated.connect(self._show_target)
        self.focus_combo = QComboBox()
        self.focus_combo.setObjectName("focus-combo")
        self.focus_combo.setToolTip("Show one persona's journey")
        self.focus_combo.activated.connect(lambda i: self.set_focus(self.focus_combo.itemData(i) or ""))
        self.zoom_label = QLabel("100 %")
        self.statusBar().addPermanentWidget(self.zoom_label)
        self._add_docks()
        self.actions_by_name: dict[str, QAction] = {}
        self._create_actions()
        self._create_menus()
        path_icon = icon_path("app")
        if path_icon is not None:
            self.setWindowIcon(QIcon(str(path_icon)))
        self.resize(1480, 920)
        self.set_document(doc or blank_document(), None if read_only_source else path)

    # ---- document and canvas -----------------------------------------------------------------
    def set_document(self, doc: Document, path: Path | None) -> None:
        """Show ``doc`` with a fresh undo history."""
        if hasattr(self, "presenter"):
            self.presenter.stop()
        self._release_scene()
        self.doc = doc
        self.path = path
        self.undo = UndoController(doc, self.show_error, self)
        self.scene = MapScene(doc, self.push)
        self.scene.setParent(self)
        old_view = self.view
        self.view = MapView(self.scene, self)
        self.setCentralWidget(self.view)
        if old_view is not None:
            old_view.deleteLater()
        self.scene.selectionChanged.connect(self._on_selection)
        self.scene.edit_requested.connect(self._edit_item)
        self.scene.context_menu_requested.connect(self._context_menu)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)} %"))
        self.view.arrow_pressed.connect(self._arrow)
        self.view.escape_pressed.connect(self.end_connect_mode)
        self.actions_by_name["connect_mode"].setChecked(False)
        self.inspector.set_document(doc)
        self.persona_panel.set_document(doc)
        self.gaps_panel.set_document(doc)
        self.comments_panel.set_document(doc)
        self.votes_panel.set_document(doc)
        self.scene.persona_clicked.connect(self.toggle_focus)
        doc.observe(lambda changes: self.refresh_focus_combo())
        self.refresh_focus_combo()
        stack = self.undo.stack
        stack.cleanChanged.connect(self._update_title)
        stack.canUndoChanged.connect(self.actions_by_name["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        stack.undoTextChanged.connect(lambda t: self.actions_by_name["undo"].setText(f"&Undo {t}".strip()))
        stack.redoTextChanged.connect(lambda t: self.actions_by_name["redo"].setText(f"&Redo {t}".strip()))
        self.actions_by_name["undo"].setEnabled(False)
        self.actions_by_name["redo"].setEnabled(False)
        self._update_title()
        self.view.setFocus()
        self.document_shown()  # autosave follows the new document; the file's open-lock

    def _release_scene(self) -> None:
        """Disconnect and let go of the current scene and undo stack before others replace them."""
        if self.scene is not None:
            self.scene.detach()
            scene = self.scene
            _disconnect(scene.selectionChanged, scene.edit_requested, scene.context_menu_requested)
            scene.deleteLater()
            self.scene = None
        if self.undo is not None:
            stack = self.undo.stack
            _disconnect(
                stack.cleanChanged,
                stack.canUndoChanged,
                stack.canRedoChanged,
                stack.undoTextChanged,
                stack.redoTextChanged,
            )
            stack.deleteLater()
            self.undo = None

    def push(self, command: Command) -> bool:
        assert self.undo is not None
        return self.undo.push(command)

    def is_modified(self) -> bool:
        return self.undo is not None and not self.undo.stack.isClean()

    def _update_title(self) -> None:
        name = self.path.name if self.path else f"{self.doc.info.title} (unsaved)"
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.is_modified())

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # ---- docks, actions, menus ---------------------------------------------------------------
    def _add_docks(self) -> None:
        palette_dock = QDockWidget("Palette", self)
        palette_dock.setObjectName("palette-dock")
        palette_dock.setWidget(self.palette_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, palette_dock)
        inspector_dock = QDockWidget("Inspector", self)
        inspector_dock.setObjectName("inspector-dock")
        inspector_dock.setWidget(self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, inspector_dock)
        persona_dock = QDockWidget("Personas", self)
        persona_dock.setObjectName("persona-dock")
        persona_dock.setWidget(self.persona_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, persona_dock)
        self.palette_dock, self.inspector_dock = palette_dock, inspector_dock
        self.persona_dock = persona_dock
        gaps_dock = QDockWidget("Gaps", self)
        gaps_dock.setObjectName("gaps-dock")
        gaps_dock.setWidget(self.gaps_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, gaps_dock)
        self.gaps_dock = gaps_dock
        self.comments_dock = QDockWidget("Comments", self)
        self.comments_dock.setObjectName("comments-dock")
        self.comments_dock.setWidget(self.comments_panel)
        self.votes_dock = QDockWidget("Votes", self)
        self.votes_dock.setObjectName("votes-dock")
        self.votes_dock.setWidget(self.votes_panel)
        for dock in (self.comments_dock, self.votes_dock):
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.tabifyDockWidget(gaps_dock, dock)
        gaps_dock.raise_()
        self.resizeDocks([inspector_dock, gaps_dock], [560, 300], Qt.Orientation.Vertical)
        self.resizeDocks([palette_dock, inspector_dock], [190, 320], Qt.Orientation.Horizontal)
        self.resizeDocks([palette_dock, persona_dock], [200, 400], Qt.Orientation.Vertical)

    def _action(self, name: str, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_name[name] = action
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self._action("new", "&New", self.new_map, sk.New)
        self._action("new_window", "New &Window", self.new_window, "Ctrl+Shift+N")
        self._action("open", "&Open…", self.open_dialog, sk.Open)
        self._action("save", "&Save", self.save, sk.Save)
        self._action("save_as", "Save &As…", self.save_as, sk.SaveAs)
        self._action("close", "&Close", self.close, sk.Close)
        self._action("quit", "&Quit", quit_application, sk.Quit)
        self._action("undo", "&Undo", self.undo_last, sk.Undo)
        self._action("redo", "&Redo", self.redo_last, sk.Redo)
        self._action("cut", "Cu&t", self.cut, sk.Cut)
        self._action("copy", "&Copy", self.copy, sk.Copy)
        self._action("paste", "&Paste", self.paste, sk.Paste)
        self._action("duplicate", "D&uplicate", self.duplicate, "Ctrl+D")
        self._action(
            "delete", "&Delete", self.delete_selection, [QKeySequence(sk.Delete), QKeySequence("Backspace")]
        )
        self._action("select_all", "Select &All", self.select_all, sk.SelectAll)
        self._action("rename", "&Edit Selected", self._edit_selected, "F2")
        zoom_in = [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")]
        self._action("zoom_in", "Zoom &In", lambda: self._view_call("zoom_in"), zoom_in)
        self._action("zoom_out", "Zoom &Out", lambda: self._view_call("zoom_out"), "Ctrl+-")
        self._action("zoom_fit", "&Fit to Window", lambda: self._view_call("fit_to_window"), "Ctrl+0")
        self._action("zoom_100", "&Actual Size (100 %)", lambda: self._view_call("zoom_actual"), "Ctrl+1")
        self._action("add_stage", "Add &Stage", lambda: self.add_stage_at(None), "Ctrl+Shift+S")
        self._action("add_lane", "Add &Lane", lambda: self.add_lane_at(None), "Ctrl+Shift+L")
        self._action("add_card", "Add &Card", self.add_card_to_selection, "Ctrl+Return")
        self._action("edit_map", "Map &Properties", lambda: self._edit_item("map"), "Ctrl+I")
        self.presenter = Presenter(self)
        self.timer_widget = WorkshopTimer(self)
        self.timer_widget.hide()
        self.timer_widget.finished.connect(lambda: self.show_error("Time is up."))
        self._action("timer", "Workshop &Timer", self.toggle_timer, "Ctrl+T")
        self._action("add_comment", "Add Co&mment…", self.add_comment, "Ctrl+Alt+M")
        for number in range(1, 10):
            self._action(
                f"dot_{number}",
                f"Dot from Participant {number}",
                partial(self.vote_key, number, True),
                str(number),
            )
            self._action(
                f"undot_{number}",
                f"Remove Dot of Participant {number}",
                partial(self.vote_key, number, False),
                f"Shift+{number}",
            )
        self._action("present", "&Present", self.presenter.toggle, "F5")
        connect = self._action("connect_mode", "Co&nnect Mode", self._toggle_connect_mode, "C")
        connect.setCheckable(True)
        self._action("connect_selected", "Connect Selected in &Order", self.connect_selected, "Ctrl+Shift+C")
        self._action("reverse_flow", "Re&verse Flow", self.reverse_selected_flows, "Ctrl+Shift+R")

    def undo_last(self) -> None:
        if self.undo is not None:
            self.undo.stack.undo()

    def redo_last(self) -> None:
        if self.undo is not None:
            self.undo.stack.redo()

    def _view_call(self, name: str) -> None:
        if self.view is not None:
            getattr(self.view, name)()

    def _fill(self, target: QMenu | QToolBar, names: str) -> None:
        """Add the named actions in order; ``|`` adds a separator."""
        for name in names.split():
            if name == "|":
                target.addSeparator()
            else:
                target.addAction(self.actions_by_name[name])

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for name, text, run in (
            ("new_from_template", "New from &Template…", new_from_template),
            ("save_as_template", "Save as T&emplate…", save_as_template),
            ("import", "&Import…", import_map),
            ("export_as", "Export &Data As…", export_map),
        ):
            self._action(name, text, lambda run=run: run(self))
        self._fill(file_menu, "new new_window open new_from_template save_as_template | import export_as |")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        from .export_dialog import ExportDialog

        self._action("export", "&Export Picture or PDF…", lambda: ExportDialog.show_for(self), "Ctrl+E")
        self._fill(file_menu, "| save save_as | export | close quit")
        self._fill(bar.addMenu("&Edit"), "undo redo | cut copy paste duplicate delete | select_all rename")
        self._fill(
            bar.addMenu("&Insert"),
            "add_card add_stage add_lane | connect_mode connect_selected reverse_flow | edit_map",
        )
        view_menu = bar.addMenu("&View")
        self._fill(view_menu, "zoom_in zoom_out zoom_fit zoom_100 | present timer |")
        view_menu.addAction(self.palette_dock.toggleViewAction())
        view_menu.addAction(self.inspector_dock.toggleViewAction())
        view_menu.addAction(self.persona_dock.toggleViewAction())
        view_menu.addAction(self.gaps_dock.toggleViewAction())
        view_menu.addAction(self.comments_dock.toggleViewAction())
        view_menu.addAction(self.votes_dock.toggleViewAction())
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        self._fill(
            toolbar,
            "new open save | undo redo | add_card add_stage add_lane connect_mode | zoom_fit zoom_100",
        )
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Focus: "))
        toolbar.addWidget(self.focus_combo)

    # ---- selection and inspector -------------------------------------------------------------
    def _on_selection(self) -> None:
        assert self.scene is not None
        ids = self.scene.selected_ids()
        self.inspector.show_item(ids[0] if len(ids) == 1 else "")
        if len(ids) > 1:
            self.statusBar().showMessage(f"{len(ids)} items selected", 3000)

    def _edit_item(self, item_id: str) -> None:
        assert self.scene is not None
        if item_id and item_id not in self.scene.selected_ids():
            self.scene.select_ids([item_id])
        self.inspector.show_item(item_id)
        self.inspector_dock.show()
        self.inspector.focus_editor()

    def _edit_selected(self) -> None:
        assert self.scene is not None
        ids = self.scene.selected_ids()
        if ids:
            self._edit_item(ids[0])

    # ---- edit actions ------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        assert self.scene is not None
        return self.scene.selected_ids()

    def delete_selection(self) -> None:
        """Delete what is selected on the map, as one undo step.

        Cards, flows, stages and lanes are deleted; a persona chip leaves the header (the
        persona stays in the panel); a selected emotion point loses its score.
        """
        assert self.scene is not None
        ids = [i for i in self.selected_ids() if i != "map"]
        chips = [i for i in ids if i in self.doc.personas]
        commands: list[Command] = []
        doomed = [i for i in ids if i not in self.doc.personas]
        if doomed:
            commands.append(delete_items(self.doc, doomed))
        commands += [Update("personas", p, {"on_map": False}, "Remove persona from map") for p in chips]
        scores: dict[str, dict[str, float]] = {}
        for point in self.scene.selected_points():
            card = self.doc.cards.get(point.card_id_of_point)
            if card is not None and card.id not in doomed:
                emotion = scores.setdefault(card.id, dict(card.emotion))
                emotion.pop(point.persona_id, None)
        commands += [
            Update("cards", cid, {"emotion": e}, "Remove emotion score") for cid, e in scores.items()
        ]
        if len(commands) == 1:
            self.push(commands[0])
        elif commands:
            self.push(Macro("Delete", commands))

    def select_all(self) -> None:
        assert self.scene is not None
        self.scene.select_ids(self.doc.cards.ids())

    def copy(self) -> bool:
        assert self.scene is not None
        cards = self.scene.selected_card_ids()
        if not cards:
            return False
        payload = json.dumps(copy_cards(self.doc, cards))
        data = QMimeData()
        data.setData(CLIPBOARD_MIME, payload.encode("utf-8"))
        data.setText("\n".join(self.doc.cards[c].title for c in cards))
        QGuiApplication.clipboard().setMimeData(data)
        return True

    def cut(self) -> None:
        if self.copy():
            assert self.scene is not None
            command = delete_items(self.doc, self.scene.selected_card_ids())
            command.text = command.text.replace("Delete", "Cut")
            self.push(command)

    def _target_cell(self) -> tuple[str, str] | None:
        """The cell of the first selected card, if any: where pastes and new cards go."""
        cards = self.selected_ids()
        card = self.doc.cards.get(cards[0]) if cards else None
        return (card.stage, card.lane) if card is not None else None

    def paste(self) -> None:
        data = QGuiApplication.clipboard().mimeData()
        if data is None or not data.hasFormat(CLIPBOARD_MIME):
            self.show_error("Nothing to paste: copy some cards first.")
            return
        try:
            payload = json.loads(bytes(data.data(CLIPBOARD_MIME).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.show_error("The clipboard holds damaged card data.")
            return
        self._paste_payload(payload, self._target_cell())

    def _paste_payload(self, payload: dict[str, Any], cell: tuple[str, str] | None) -> None:
        try:
            command, new_ids = paste_cards(self.doc, payload, cell)
        except (ModelError, TypeError, ValueError, AttributeError) as error:
            self.show_error(f"Cannot paste: {error}")
            return
        if self.push(command) and self.scene is not None:
            self.scene.select_ids(new_ids)

    def duplicate(self) -> None:
        assert self.scene is not None
        cards = self.scene.selected_card_ids()
        if cards:
            payload = copy_cards(self.doc, cards)
            assert payload["format"] == CLIPBOARD_FORMAT
            self._paste_payload(payload, None)

    def add_card_to_selection(self) -> None:
        cell = self._target_cell()
        if cell is None:
            stage = next(iter(self.doc.stages), None)
            lane = next(iter(self.doc.lanes), None)
            if stage is None or lane is None:
                self.show_error("Add a stage and a lane first.")
                return
            cell = (stage.id, lane.id)
        self.add_card_in(cell, None)

    def add_card_in(self, cell: tuple[str, str], kind: str | None) -> None:
        command, card_id = add_card(self.doc, cell[0], cell[1], kind)
        if self.push(command):
            self._edit_item(card_id)

    def add_stage_at(self, index: int | None) -> None:
        command, stage_id = add_stage(self.doc, "New stage", index)
        if self.push(command):
            self._edit_item(stage_id)

    def add_lane_at(self, index: int | None, kind: str = "notes") -> None:
        command, lane_id = add_lane(self.doc, pretty(kind), kind, index)
        if self.push(command):
            self._edit_item(lane_id)

    def show_finding(self, finding: Finding) -> None:
        """Select and centre what a finding is about."""
        assert self.scene is not None and self.view is not None
        items = [i for i in finding.items if self.scene.item_for(i) is not None]
        if not items:
            return
        self.scene.select_ids(items)
        bounds = None
        for item_id in items:
            graphics = self.scene.item_for(item_id)
            if graphics is not None:
                rect = graphics.sceneBoundingRect()
                bounds = rect if bounds is None else bounds.united(rect)
        if bounds is not None:
            self.view.centerOn(bounds.center())

    def _mark_gaps(self, findings: list[Finding]) -> None:
        if self.scene is not None:
            self.scene.set_gap_marks(findings)

    # ---- comments and votes ------------------------------------------------------------------
    def author_name(self) -> str:
        """The name comments are signed with: asked once, then remembered."""
        settings = app_settings()
        name = str(settings.value("author_name", "") or "")
        if not name:
            name = self.ask_author().strip()
            if name:
                settings.setValue("author_name", name)
        return name

    def ask_author(self) -> str:
        name, ok = QInputDialog.getText(self, "Your name", "Comments are signed with your name:")
        return name if ok else ""

    def ask_comment(self, about: str) -> str:
        text, ok = QInputDialog.getMultiLineText(self, "Add comment", f"Comment on {about}:")
        return text if ok else ""

    def add_comment(self) -> bool:
        """Start a comment thread on the selected card, stage or lane (or the map)."""
        assert self.scene is not None
        chosen = [
            i
            for i in self.scene.selected_ids()
            if i in self.doc.cards or i in self.doc.stages or i in self.doc.lanes
        ]
        target = chosen[0] if chosen else "map"
        author = self.author_name()
        if not author:
            return False
        text = self.ask_comment(target_name(self.doc, target))
        if not text.strip():
            return False
        command, thread_id = start_thread(self.doc, target, author, text)
        if not self.push(command):
            return False
        self.comments_dock.show()
        self.comments_dock.raise_()
        self.comments_panel.select_thread(thread_id)
        return True

    def vote_key(self, number: int, add: bool) -> None:
        """Keys 1–9 (Shift to take back): a dot from that participant on the selected cards."""
        assert self.scene is not None
        cards = self.scene.selected_card_ids()
        if self.votes_panel.current() is None:
            self.show_error("Start a vote first (Votes panel).")
        elif not cards:
            self.show_error("Select a card to give it a dot.")
        elif not self.votes_panel.dot_from_number(number, cards, add):
            self.show_error(self.votes_panel.status.text())

    def _show_target(self, target: str) -> None:
        if self.scene is not None and self.view is not None:
            self.scene.select_ids([target])
            item = self.scene.item_for(target)
            if item is not None:
                self.view.centerOn(item.sceneBoundingRect().center())

    def toggle_timer(self) -> None:
        """Show or hide the workshop timer in the top-right corner of the map."""
        if self.timer_widget.isVisible():
            self.timer_widget.hide()
            return
        self.timer_widget.adjustSize()
        self.place_timer()
        self.timer_widget.show()
        self.timer_widget.raise_()

    def place_timer(self) -> None:
        if self.view is None:
            return
        corner = self.view.mapTo(self, self.view.rect().topRight())
        self.timer_widget.move(corner.x() - self.timer_widget.width() - 24, corner.y() + 12)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.timer_widget.isVisible():
            self.place_timer()

    def _toggle_connect_mode(self) -> None:
        assert self.scene is not None
        on = self.actions_by_name["connect_mode"].isChecked()
        self.scene.set_connect_mode(on)
        if on:
            self.statusBar().showMessage(
                "Connect mode: click touchpoints in order to chain flows; C or Esc ends."
            )
        else:
            self.statusBar().clearMessage()

    def end_connect_mode(self) -> None:
        action = self.actions_by_name["connect_mode"]
        if action.isChecked():
            action.setChecked(False)
            self._toggle_connect_mode()

    def connect_selected(self) -> None:
        """Flows through the selected touchpoints in the order a customer meets them."""
        assert self.scene is not None
        cards = [c for c in self.scene.selected_card_ids() if self.doc.cards[c].kind == "touchpoint"]
        if len(cards) < 2:
            self.show_error("Select two or more touchpoints to connect.")
            return
        command, new_ids = connect_cards(self.doc, path_order(self.doc, cards), self.scene.focus_persona)
        if new_ids:
            self.push(command)
        else:
            self.show_error("Those touchpoints are already connected in that order.")

    def reverse_selected_flows(self) -> None:
        assert self.scene is not None
        flows = [i for i in self.scene.selected_ids() if i in self.doc.flows]
        if flows:
            self.push(Macro("Reverse flow", [reverse_flow(self.doc, f) for f in flows]))

    def _arrow(self, dx: int, dy: int, select_only: bool) -> None:
        """Arrow keys move the selected cards to the neighbouring cell; Alt+arrows select there."""
        assert self.scene is not None
        cards = self.scene.selected_card_ids()
        if not cards:
            return
        first = self.doc.cards[cards[0]]
        stages, lanes = self.doc.stages.ids(), self.doc.lanes.ids()
        s = stages.index(first.stage) + dx
        lane_index = lanes.index(first.lane) + dy
        if not (0 <= s < len(stages) and 0 <= lane_index < len(lanes)):
            return
        cell = (stages[s], lanes[lane_index])
        if select_only:
            others = self.doc.cell_cards(*cell)
            if others:
                self.scene.select_ids([others[0].id])
            return
        self.push(move_cards(self.doc, cards, cell[0], cell[1]))
        self.scene.select_ids(cards)

    def _context_menu(self, item_id: str, cell: tuple[str, str] | None, screen_pos: QPoint) -> None:
        menu = self.build_context_menu(item_id, cell)
        if not menu.isEmpty():
            menu.exec(screen_pos)

    def build_context_menu(self, item_id: str, cell: tuple[str, str] | None) -> QMenu:
        menu = QMenu(self)
        a = self.actions_by_name
        if item_id in self.doc.stages:
            index = self.doc.stages.index(item_id)
            menu.addAction("Rename / Edit Stage…", lambda: self._edit_item(item_id))
            menu.addAction("Add Stage Before", lambda: self.add_stage_at(index))
            menu.addAction("Add Stage After", lambda: self.add_stage_at(index + 1))
            menu.addSeparator()
            menu.addAction("Delete Stage", lambda: self.push(delete_items(self.doc, [item_id])))
        elif item_id in self.doc.lanes:
            index = self.doc.lanes.index(item_id)
            menu.addAction("Rename / Edit Lane…", lambda: self._edit_item(item_id))
            above, below = menu.addMenu("Add Lane Above"), menu.addMenu("Add Lane Below")
            kind_menu = menu.addMenu("Lane Kind")
            for kind in LANE_KINDS:
                above.addAction(pretty(kind), partial(self.add_lane_at, index, kind))
                below.addAction(pretty(kind), partial(self.add_lane_at, index + 1, kind))
                kind_menu.addAction(
                    pretty(kind),
                    partial(self.push, Update("lanes", item_id, {"kind": kind}, "Change lane kind")),
                )
            menu.addSeparator()
            menu.addAction("Delete Lane", lambda: self.push(delete_items(self.doc, [item_id])))
        elif item_id in self.doc.cards:
            menu.addAction("Edit Card…", lambda: self._edit_item(item_id))
            for name in ("cut", "copy", "paste", "duplicate", "delete"):
                menu.addAction(a[name])
        elif cell is not None:
            add_menu = menu.addMenu("Add Card Here")
            for kind in CARD_KINDS:
                add_menu.addAction(pretty(kind), partial(self.add_card_in, cell, kind))
            menu.addAction("Paste Here", lambda: self._paste_here(cell))
        elif item_id == "map":
            menu.addAction(a["edit_map"])
        return menu

    def _paste_here(self, cell: tuple[str, str]) -> None:
        data = QGuiApplication.clipboard().mimeData()
        if data is not None and data.hasFormat(CLIPBOARD_MIME):
            try:
                payload = json.loads(bytes(data.data(CLIPBOARD_MIME).data()).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                self.show_error("The clipboard holds damaged card data.")
                return
            self._paste_payload(payload, cell)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.maybe_save():
            self.inspector.show_item("")
            self._release_scene()
            self.document_closed()  # a clean close removes the recovery copy
            event.accept()
        else:
            event.ignore()
