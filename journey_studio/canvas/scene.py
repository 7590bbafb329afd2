"""The map scene: mirrors the document with items and turns gestures into commands."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneDragDropEvent,
    QGraphicsSceneMouseEvent,
)

from ..analysis import Finding, map_marks
from ..edit import Command, Update, add_card, connect_cards, move_cards, reorder
from ..layout import MapLayout, Rect, compute_layout
from ..layout.emotion import EmotionTracker, emotion_lane, touchpoint_x, y_to_score
from ..layout.theme import SELECTION
from ..model import CARD_KINDS, Change, Document
from ..model.bulk import keep_long_lived, paused_gc, release_long_lived, settle_long_lived
from ..model.entities import MAX_LANE_HEIGHT, MAX_STAGE_WIDTH, MIN_LANE_HEIGHT, MIN_STAGE_WIDTH
from .backdrop_items import GridItem, TitleItem
from .card_item import CardItem
from .emotion_items import EmotionCurveItem, EmotionPointItem, EmotionScaleItem
from .flow_sync import SceneFlows
from .header_items import HeaderItem, LaneHeaderItem, StageHeaderItem
from .persona_chip import PersonaChipItem

CARD_KIND_MIME = "application/x-journey-studio-card-kind"
PERSONA_MIME = "application/x-journey-studio-persona"
BSP_DEPTH = 8
_gestures = itertools.count(1)


class MapScene(QGraphicsScene):
    """Draws a Document and hands every edit to ``push`` as a command."""

    edit_requested = Signal(str)  # an item id to edit in the inspector
    persona_clicked = Signal(str)  # a persona chip in the header was clicked
    current_cell_changed = Signal(object)  # (stage id, lane id) or None
    context_menu_requested = Signal(str, object, object)  # item id or "", cell or None, QPoint

    def __init__(self, doc: Document, push: Callable[[Command], bool], long_lived: bool = True) -> None:
        """``long_lived``: the scene stays up while the map is edited (not drawn once and thrown
        away, like a thumbnail), so its objects are set aside from the cycle collector."""
        super().__init__()
        # Flows are long: in a deeper index each spans many leaves and every re-route costs more.
        self.setBspTreeDepth(BSP_DEPTH)
        self.doc = doc
        self.push = push
        self.map_layout: MapLayout = compute_layout(doc)
        self.card_items: dict[str, CardItem] = {}
        self.stage_items: dict[str, StageHeaderItem] = {}
        self.lane_items: dict[str, LaneHeaderItem] = {}
        self.grid_item = GridItem(doc)
        self.title_item = TitleItem(doc)
        self.addItem(self.grid_item)
        self.addItem(self.title_item)
        self.flows = SceneFlows(self, doc)
        self.flow_items = self.flows.items
        self.flow_layer = self.flows.layer
        self._placed: MapLayout | None = None  # the layout the items were last put at
        self._unplaced: set[str] = set()  # cards moved by hand, to put back at the next layout
        self.emotion = EmotionTracker()
        self._retitled = False  # names or titles changed: every point's tooltip is redone
        self.persona_items: dict[str, PersonaChipItem] = {}
        self.curve_items: dict[str, EmotionCurveItem] = {}
        self.point_items: dict[tuple[str, str], EmotionPointItem] = {}
        self.scale_item = EmotionScaleItem()
        self.addItem(self.scale_item)
        self.focus_persona = ""
        self._focus_shown = False
        self._vote_dots: dict[str, int] = {}
        self._marks_shown = False
        self.drag_cancelled = False
        self._dragging: CardItem | None = None
        self._emotion_key = ""
        self.connecting = ""  # source card id while a flow is being drawn
        self.connect_mode = False
        self._chain_from = ""  # connect mode: the card the next click connects from
        self.current_cell: tuple[str, str] | None = None  # where typing creates cards
        self._rubber_line = QGraphicsPathItem()
        self._rubber_line.setPen(QPen(QColor(SELECTION), 2, Qt.PenStyle.DashLine))
        self._rubber_line.setZValue(60)
        self._rubber_line.hide()
        self.addItem(self._rubber_line)
        self._resize_key = ""
        self._resizing: HeaderItem | None = None
        with paused_gc():
            self._build_items()
            self.relayout()
        self._long_lived = long_lived
        if long_lived:
            keep_long_lived()
        doc.observe(self._on_changes)
        self.selectionChanged.connect(self._highlight_selected_flows)

    def detach(self) -> None:
        """Stop following the document (before the scene is thrown away)."""
        self.doc.unobserve(self._on_changes)
        self.flows.stop()
        if self._long_lived:
            self._long_lived = False
            release_long_lived()

    # ---- mirroring the model -----------------------------------------------------------------
    def _build_items(self) -> None:
        for stage in self.doc.stages:
            self._add_item(self.stage_items, StageHeaderItem(stage), stage.id)
        for lane in self.doc.lanes:
            self._add_item(self.lane_items, LaneHeaderItem(lane), lane.id)
        for card in self.doc.cards:
            self._add_item(self.card_items, CardItem(card), card.id)

    def _add_item(self, registry: dict[str, Any], item: QGraphicsItem, item_id: str) -> None:
        registry[item_id] = item
        self.addItem(item)

    def _on_changes(self, changes: list[Change]) -> None:
        settle_long_lived()  # once, if a map was let go meanwhile
        registries: dict[str, dict[str, Any]] = {
            "cards": self.card_items,
            "stages": self.stage_items,
            "lanes": self.lane_items,
        }
        makers = {"cards": CardItem, "stages": StageHeaderItem, "lanes": LaneHeaderItem}
        repaint_all = False
        self.flows.note(changes)
        for change in changes:
            if change.collection == "personas" or "title" in change.fields:
                self._retitled = True
            registry = registries.get(change.collection)
            if registry is None:
                repaint_all = repaint_all or change.collection in ("personas", "info")
                continue
            item = registry.get(change.id)
            entity = self.doc.collection(change.collection).get(change.id)
            if change.action == "removed" or entity is None:
                if item is not None:
                    del registry[change.id]
                    self.removeItem(item)
            elif item is None:
                self._add_item(registry, makers[change.collection](entity), change.id)
                if change.collection == "cards":
                    self._unplaced.add(change.id)
            elif change.action == "changed":
                item.refresh(entity)
        if repaint_all:
            self.title_item.update()
            for card_item in self.card_items.values():
                card_item.update()
        self.relayout()

    def relayout(self) -> None:
        """Put every item where the layout says; only moved items are touched."""
        if self.current_cell is not None and (
            self.current_cell[0] not in self.doc.stages or self.current_cell[1] not in self.doc.lanes
        ):
            self.set_current_cell(None)
        layout = compute_layout(self.doc)
        self.map_layout = layout
        self._place_cards(layout)
        tables: list[tuple[dict[str, Any], dict[str, Rect]]] = [
            (self.stage_items, layout.stage_headers),
            (self.lane_items, layout.lane_headers),
        ]
        for registry, rects in tables:
            for item_id, item in registry.items():
                rect = rects.get(item_id)
                if rect is not None:
                    item.set_geometry(rect)
        self.grid_item.set_layout(layout)
        self.title_item.set_layout(layout)
        self._sync_personas(layout)
        self._refresh_workshop_marks()
        self.flows.sync(layout)
        self._sync_emotion(layout)
        self._apply_focus()
        self.setSceneRect(QRectF(0, 0, layout.width, layout.height))

    def _place_cards(self, layout: MapLayout) -> None:
        """Move the card items whose rectangle changed (and any put down by hand or new)."""
        placed = self._placed.cards if self._placed is not None else {}
        rects = layout.cards
        if self._placed is None:
            ids: Iterable[str] = rects
        else:
            ids = {cid for cid, rect in rects.items() if placed.get(cid) != rect}
            ids |= {cid for cid in self._unplaced if cid in rects}
        self._unplaced.clear()
        items = self.card_items
        for card_id in ids:
            item = items.get(card_id)
            if item is not None:
                item.set_geometry(rects[card_id])
        self._placed = layout

    def _put_back(self, card_id: str) -> None:
        """A card item moved by hand (a drag) goes where the layout says at the next relayout."""
        self.card_items[card_id].forget_geometry()
        self._unplaced.add(card_id)

    # ---- personas in the header --------------------------------------------------------------
    def _sync_personas(self, layout: MapLayout) -> None:
        for persona_id, rect in layout.persona_chips.items():
            persona = self.doc.personas[persona_id]
            item = self.persona_items.get(persona_id)
            if item is None:
                item = self.persona_items[persona_id] = PersonaChipItem(persona)
                self.addItem(item)
            item.refresh(persona)
            item.focused = persona_id == self.focus_persona
            item.set_geometry(rect)
        for persona_id in [p for p in self.persona_items if p not in layout.persona_chips]:
            self.removeItem(self.persona_items.pop(persona_id))

    def finish_persona_drag(self, chip: PersonaChipItem, pos: QPointF) -> None:
        """A chip dragged out of the header strip leaves the map (the persona itself stays)."""
        if self.map_layout.persona_header.contains(pos.x(), pos.y()) or not self.push(
            Update("personas", chip.item_id, {"on_map": False}, "Remove persona from map")
        ):
            self.relayout()

    def _persona_payload(self, event: QGraphicsSceneDragDropEvent) -> str:
        data = event.mimeData()
        if data is None or not data.hasFormat(PERSONA_MIME):
            return ""
        persona_id = bytes(data.data(PERSONA_MIME).data()).decode("utf-8", "replace")
        return persona_id if persona_id in self.doc.personas else ""

    def _drop_persona(self, persona_id: str, pos: QPointF) -> bool:
        """Onto the header: show the persona on the map. Onto a card: tag the card."""
        if self.map_layout.persona_header.contains(pos.x(), pos.y()):
            if self.doc.personas[persona_id].on_map:
                return False
            return self.push(Update("personas", persona_id, {"on_map": True}, "Show persona on map"))
        for item in self.items(pos):
            if isinstance(item, CardItem):
                card = self.doc.cards[item.card_id]
                if persona_id in card.personas:
                    return False
                tags = [*card.personas, persona_id]
                return self.push(Update("cards", card.id, {"personas": tags}, "Tag card with persona"))
        return False

    # ---- flows and emotion curves ------------------------------------------------------------
    def _highlight_selected_flows(self) -> None:
        self.flows.highlight(self.selectedItems())

    def _sync_emotion(self, layout: MapLayout) -> None:
        """Redraw the curves and the points of the stages an edit touched (all after a change
        of lane or personas, every tooltip after a change of names or titles)."""
        touched = self.emotion.update(self.doc, layout)
        retitled, self._retitled = self._retitled, False
        moved = self.emotion.moved if touched is not None else 0.0
        if moved:  # the emotion lane moved: every point moves with it, then the few others
            for point_item in self.point_items.values():
                point_item.move_down(moved)
        if touched is not None and not touched and not retitled and not moved:
            return
        curves = self.emotion.curves
        lane = emotion_lane(self.doc, layout)
        names = {p.id: p.name for p in self.doc.personas}
        header = None
        if lane is not None:
            lane_id = next(ln.id for ln in self.doc.lanes if ln.kind == "emotion")
            header = layout.lane_headers.get(lane_id)
        self.scale_item.set_scale(lane, header, curves, names)
        everything = touched is None or retitled
        redo: set[str] = touched or set()
        seen_curves, seen_points = set(), set()
        for curve in curves:
            seen_curves.add(curve.persona_id)
            curve_item = self.curve_items.get(curve.persona_id)
            if curve_item is None:
                curve_item = self.curve_items[curve.persona_id] = EmotionCurveItem(curve.persona_id)
                self.addItem(curve_item)
            curve_item.set_curve(curve)
            for point in curve.points:
                if not everything and point.card_id not in redo:
                    continue
                key = (curve.persona_id, point.card_id)
                seen_points.add(key)
                item = self.point_items.get(key)
                if item is None:
                    item = self.point_items[key] = EmotionPointItem(*key)
                    self.addItem(item)
                elif not retitled and item.shows(point.x, point.y, point.score, curve.marker, curve.colour):
                    continue
                title = self.doc.cards[point.card_id].title or "Untitled"
                tip = f"{title}\n{names.get(curve.persona_id, '')}: {point.score:g} of 5"
                item.set_point(point.x, point.y, point.score, curve.marker, curve.colour, tip)
        for persona_id in [p for p in self.curve_items if p not in seen_curves]:
            self.removeItem(self.curve_items.pop(persona_id))
        stale = [key for key in self.point_items if key not in seen_points and (everything or key[1] in redo)]
        for key in stale:
            self.removeItem(self.point_items.pop(key))

    def begin_emotion_drag(self) -> None:
        self._emotion_key = f"emotion-{next(_gestures)}"

    def drag_emotion(self, point: EmotionPointItem, y: float) -> None:
        """Set the dragged point's score from the pointer height (one undo step per drag)."""
        lane = emotion_lane(self.doc, self.map_layout)
        card = self.doc.cards.get(point.card_id_of_point)
        if lane is None or card is None:
            return
        score = y_to_score(y, lane)
        if card.emotion.get(point.persona_id) == score:
            return
        emotion = dict(card.emotion, **{point.persona_id: score})
        self.push(Update("cards", card.id, {"emotion": emotion}, "Change emotion score", self._emotion_key))

    def add_score_at(self, pos: QPointF) -> bool:
        """Double-click in the emotion lane: score the nearest touchpoint of that stage.

        The score is for the focused persona, or else the first persona on the map.
        """
        lane = emotion_lane(self.doc, self.map_layout)
        cell = self.map_layout.cell_at(pos.x(), pos.y())
        persona = self.focus_persona or next((p.id for p in self.doc.personas if p.on_map), "")
        if lane is None or cell is None or not lane.contains(pos.x(), pos.y()) or not persona:
            return False
        xs = touchpoint_x(self.doc, self.map_layout)
        candidates = [c for c in self.doc.cards if c.stage == cell[0] and c.id in xs]
        candidates = [c for c in candidates if not c.personas or persona in c.personas]
        if not candidates:
            return False
        card = min(candidates, key=lambda c: abs(xs[c.id] - pos.x()))
        if persona in card.emotion:
            return False
        emotion = dict(card.emotion, **{persona: y_to_score(pos.y(), lane)})
        return self.push(Update("cards", card.id, {"emotion": emotion}, "Add emotion score"))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        pos = event.scenePos()
        if not any(
            isinstance(i, (CardItem, EmotionPointItem)) for i in self.items(pos)
        ) and self.add_score_at(pos):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def selected_points(self) -> list[EmotionPointItem]:
        return [item for item in self.point_items.values() if item.isSelected()]

    # ---- gap marks ---------------------------------------------------------------------------
    def set_gap_marks(self, findings: list[Finding]) -> None:
        """Badge the cards that findings name and tint the columns of empty stages."""
        worst, empty = map_marks(self.doc, findings)
        for card_id, item in self.card_items.items():
            item.set_gap_severity(worst.get(card_id, ""))
        self.grid_item.set_tinted_stages(empty)

    def set_workshop_marks(self, dots: dict[str, int]) -> None:
        """Show the current vote's dots and each card's open comment threads."""
        self._vote_dots = dict(dots)
        self._refresh_workshop_marks()

    def _refresh_workshop_marks(self) -> None:
        comments: dict[str, int] = {}
        for thread in self.doc.threads:
            if not thread.resolved:
                comments[thread.target] = comments.get(thread.target, 0) + 1
        if not comments and not self._vote_dots and not self._marks_shown:
            return  # nothing to show and nothing shown: skip the thousands of cards
        self._marks_shown = bool(comments or self._vote_dots)
        for card_id, item in self.card_items.items():
            item.set_workshop_marks(self._vote_dots.get(card_id, 0), comments.get(card_id, 0))

    # ---- persona focus -----------------------------------------------------------------------
    def set_focus_persona(self, persona_id: str) -> None:
        """Show one persona's journey: other personas' cards and curves fade ("" shows all)."""
        self.focus_persona = persona_id if persona_id in self.doc.personas else ""
        self._focus_shown = True  # repaint every item once, also when focus goes back to everyone
        for chip_id, chip in self.persona_items.items():
            chip.focused = chip_id == self.focus_persona
            chip.update()
        self._apply_focus()

    def is_dimmed(self, card_id: str) -> bool:
        card = self.doc.cards.get(card_id)
        return bool(self.focus_persona and card and card.personas and self.focus_persona not in card.personas)

    def _apply_focus(self) -> None:
        focus = self.focus_persona
        if not focus and not self._focus_shown:
            return  # nothing is faded: skip touching thousands of items on every relayout
        self._focus_shown = bool(focus)
        for card_id, item in self.card_items.items():
            item.setOpacity(0.22 if self.is_dimmed(card_id) else 1.0)
        for persona_id, curve_item in self.curve_items.items():
            on_top = not focus or persona_id == focus
            curve_item.setOpacity(1.0 if on_top else 0.25)
            curve_item.setZValue(35 if focus and on_top else 30)
        for (persona_id, _card), point_item in self.point_items.items():
            on_top = not focus or persona_id == focus
            point_item.setOpacity(1.0 if on_top else 0.3)
            point_item.setZValue(45 if focus and on_top else 40)
        self.flows.set_focus(focus)

    # ---- selection ---------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """Ids of the selected items in display order (cards, then stages, lanes, the map)."""
        chosen = {
            getattr(item, "card_id", None) or getattr(item, "item_id", "") for item in self.selectedItems()
        }
        ordered = [i for i in self.doc.cards.ids() if i in chosen]
        ordered += [i for i in self.doc.stages.ids() if i in chosen]
        ordered += [i for i in self.doc.lanes.ids() if i in chosen]
        ordered += [i for i in self.doc.flows.ids() if i in chosen]
        ordered += [i for i in self.doc.personas.ids() if i in chosen]
        return ordered + (["map"] if "map" in chosen else [])

    def selected_card_ids(self) -> list[str]:
        return [i for i in self.selected_ids() if i in self.doc.cards]

    def select_ids(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        self.blockSignals(True)
        self.clearSelection()
        for registry in (
            self.card_items,
            self.stage_items,
            self.lane_items,
            self.flow_items,
            self.persona_items,
        ):
            for item_id, item in registry.items():
                if item_id in wanted:
                    item.setSelected(True)
        if "map" in wanted:
            self.title_item.setSelected(True)
        self.blockSignals(False)
        self.selectionChanged.emit()

    def item_for(self, item_id: str) -> QGraphicsItem | None:
        self.flows.place(item_id)  # where its flow is drawn, if it is one
        for registry in (self.card_items, self.stage_items, self.lane_items, self.flow_items):
            if item_id in registry:
                return registry[item_id]
        return self.title_item if item_id == "map" else None

    # ---- card drags --------------------------------------------------------------------------
    def begin_card_drag(self, item: CardItem) -> None:
        self._dragging = item
        self.drag_cancelled = False
        if not item.isSelected():
            self.select_ids([item.card_id])

    def track_card_drag(self, pos: QPointF) -> None:
        self.grid_item.set_drop_cell(self.map_layout.cell_at(pos.x(), pos.y()))

    def finish_card_drag(self, pos: QPointF) -> None:
        self._dragging = None
        for card_id in self.selected_card_ids():
            self._put_back(card_id)
        self.grid_item.set_drop_cell(None)
        if self.drag_cancelled:
            self.drag_cancelled = False
            return
        moving = self.selected_card_ids()
        cell = self.map_layout.cell_at(pos.x(), pos.y())
        if cell is None or not moving:
            self.relayout()  # dropped outside the grid: everything goes back
            return
        others = [c.id for c in self.doc.cell_cards(*cell) if c.id not in moving]
        position = self.map_layout.position_in_cell(cell, others, pos.y())
        current = [c.id for c in self.doc.cell_cards(*cell)]
        if current[position : position + len(moving)] == moving and all(
            self.doc.cards[c].stage == cell[0] and self.doc.cards[c].lane == cell[1] for c in moving
        ):
            self.relayout()  # dropped where it was
            return
        if not self.push(move_cards(self.doc, moving, cell[0], cell[1], position)):
            self.relayout()

    def cancel_gesture(self) -> bool:
        """Esc: abandon a card drag or header reorder in progress. True if there was one."""
        cancelled = self.cancel_connect()
        if self._dragging is not None:
            for card_id in self.selected_card_ids():
                self._put_back(card_id)
            self.drag_cancelled = True
            self._dragging = None
            cancelled = True
        for header in list(self.stage_items.values()) + list(self.lane_items.values()):
            if header._mode == "reorder":
                header.cancel_gesture()
                cancelled = True
        if cancelled:
            self.grid_item.set_drop_cell(None)
            self.relayout()
        return cancelled

    # ---- drawing flows -----------------------------------------------------------------------
    def card_at(self, pos: QPointF) -> str:
        """The id of the touchpoint card under a point, or ""."""
        for item in self.items(pos):
            if isinstance(item, CardItem) and self.doc.cards[item.card_id].kind == "touchpoint":
                return item.card_id
        return ""

    def begin_connect(self, card_id: str, pos: QPointF) -> None:
        self.connecting = card_id
        self.track_connect(pos)
        self._rubber_line.show()

    def track_connect(self, pos: QPointF) -> None:
        rect = self.map_layout.cards.get(self.connecting)
        if rect is None:
            return
        path = QPainterPath(QPointF(rect.right, rect.center[1]))
        path.lineTo(pos)
        self._rubber_line.setPath(path)
        target = self.card_at(pos)
        for card_id, item in self.card_items.items():
            item.setSelected(card_id in (self.connecting, target))

    def finish_connect(self, pos: QPointF) -> None:
        """End a flow drag: a flow when it ends on another touchpoint, nothing otherwise."""
        source, self.connecting = self.connecting, ""
        self._rubber_line.hide()
        target = self.card_at(pos)
        if not source or not target or target == source:
            return
        command, new_ids = connect_cards(self.doc, [source, target], self.focus_persona)
        if new_ids and self.push(command):
            self.select_ids(new_ids)

    def set_connect_mode(self, on: bool) -> None:
        """Connect mode: click a touchpoint, then the next, and so on, to chain flows."""
        self.connect_mode = on
        self.connecting = ""
        self._chain_from = ""
        self._rubber_line.hide()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.connect_mode and event.button() == Qt.MouseButton.LeftButton:
            target = self.card_at(event.scenePos())
            event.accept()
            if not target:
                self._chain_from = ""
                self.clearSelection()
                return
            source = self._chain_from
            self._chain_from = target
            if source and source != target:
                command, new_ids = connect_cards(self.doc, [source, target], self.focus_persona)
                if new_ids:
                    self.push(command)
            self.select_ids([target])
            return
        super().mousePressEvent(event)
        pos = event.scenePos()
        on_item = any(getattr(i, "card_id", "") or getattr(i, "item_id", "") for i in self.items(pos))
        self.set_current_cell(None if on_item else self.map_layout.cell_at(pos.x(), pos.y()))

    def set_current_cell(self, cell: tuple[str, str] | None) -> None:
        """The cell that typing fills (outlined on the map)."""
        if cell != self.current_cell:
            self.current_cell = cell
            self.grid_item.set_current_cell(cell)
            self.current_cell_changed.emit(cell)

    def cancel_connect(self) -> bool:
        if not self.connecting and not self._chain_from:
            return False
        self.connecting = ""
        self._chain_from = ""
        self._rubber_line.hide()
        return True

    # ---- header gestures ---------------------------------------------------------------------
    def finish_reorder(self, header: HeaderItem, pos: QPointF) -> None:
        order = self.doc.collection(header.collection).ids()
        if isinstance(header, StageHeaderItem):
            index = self.map_layout.stage_index_at(pos.x(), order)
        else:
            index = self.map_layout.lane_index_at(pos.y(), order)
        if index == order.index(header.item_id) or not self.push(
            reorder(self.doc, header.collection, header.item_id, index)
        ):
            self.relayout()

    def begin_resize(self, header: HeaderItem) -> None:
        self._resizing = header
        self._resize_key = f"resize-{next(_gestures)}"

    def resize_to(self, header: HeaderItem, extent: float) -> None:
        if isinstance(header, StageHeaderItem):
            field, low, high = "width", MIN_STAGE_WIDTH, MAX_STAGE_WIDTH
        else:
            field, low, high = "height", MIN_LANE_HEIGHT, MAX_LANE_HEIGHT
        value = float(round(max(low, min(high, extent))))
        current = getattr(self.doc.collection(header.collection)[header.item_id], field)
        if value != current:
            noun = "column" if field == "width" else "lane"
            self.push(
                Update(header.collection, header.item_id, {field: value}, f"Resize {noun}", self._resize_key)
            )

    def end_resize(self) -> None:
        self._resizing = None
        self._resize_key = ""

    # ---- palette drops -----------------------------------------------------------------------
    def _palette_kind(self, event: QGraphicsSceneDragDropEvent) -> str:
        data = event.mimeData()
        if data is None or not data.hasFormat(CARD_KIND_MIME):
            return ""
        kind = bytes(data.data(CARD_KIND_MIME).data()).decode("utf-8", "replace")
        return kind if kind in CARD_KINDS else ""

    def dragEnterEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        event.setAccepted(bool(self._palette_kind(event) or self._persona_payload(event)))

    def dragMoveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        if self._persona_payload(event):
            event.setAccepted(True)
            return
        cell = self.map_layout.cell_at(event.scenePos().x(), event.scenePos().y())
        self.grid_item.set_drop_cell(cell)
        event.setAccepted(cell is not None and bool(self._palette_kind(event)))

    def dragLeaveEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        self.grid_item.set_drop_cell(None)

    def dropEvent(self, event: QGraphicsSceneDragDropEvent) -> None:
        self.grid_item.set_drop_cell(None)
        persona_id = self._persona_payload(event)
        if persona_id:
            self._drop_persona(persona_id, event.scenePos())
            event.acceptProposedAction()
            return
        kind = self._palette_kind(event)
        pos = event.scenePos()
        cell = self.map_layout.cell_at(pos.x(), pos.y())
        if not kind or cell is None:
            event.ignore()
            return
        cell_ids = [c.id for c in self.doc.cell_cards(*cell)]
        position = self.map_layout.position_in_cell(cell, cell_ids, pos.y())
        command, card_id = add_card(self.doc, cell[0], cell[1], kind, title="", position=position)
        if self.push(command):
            self.select_ids([card_id])
            self.edit_requested.emit(card_id)
        event.acceptProposedAction()

    # ---- context menu ------------------------------------------------------------------------
    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        pos = event.scenePos()
        item_id = ""
        for item in self.items(pos):
            item_id = getattr(item, "card_id", "") or getattr(item, "item_id", "")
            if item_id:
                break
        if item_id and item_id != "map":
            target = self.item_for(item_id)
            if target is not None and not target.isSelected():
                self.select_ids([item_id])
        cell = self.map_layout.cell_at(pos.x(), pos.y())
        self.context_menu_requested.emit(item_id, cell, event.screenPos())
