"""The scene's flows kept in step with the document: re-routed, shifted or rebuilt as edits need."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ..layout import MapLayout
from ..layout.flows import FlowRoute, FlowRouter, offset_between
from ..model import Change, Document
from .flow_item import FLOW_GREY, FlowItem, route_bounds
from .flow_layer import DrawnFlow, FlowLayer, GroupKey

PLACED_PER_TURN = 300  # flow items put where their stretched routes are, per turn of the event loop


class SceneFlows:
    """One item per flow (to hit and select) and the layer that draws them all.

    When lanes grow or shrink, thousands of flows stretch with them: the layer redraws them at
    once, but their items, which only serve to hit and select flows, are put in place a few
    hundred per turn of the event loop (``place``), so typing is never held up by them; anything
    that hits or shows an item first calls ``place_all``.
    """

    def __init__(self, scene: QGraphicsScene, doc: Document) -> None:
        self.scene, self.doc = scene, doc
        self.items: dict[str, FlowItem] = {}
        self.router = FlowRouter()
        self.layer = FlowLayer()
        scene.addItem(self.layer)
        self.focus = ""  # the persona whose journey is shown; others' flows fade
        self._edited: set[str] | None = None  # None: every flow needs routing again
        self._highlighted: set[FlowItem] = set()
        # flow id → how far its item still has to move down, and whether to fit it to its route
        self._unplaced: dict[str, tuple[float, bool]] = {}
        self._placing = QTimer(scene)  # goes with the scene, never firing into its deleted items
        self._placing.setSingleShot(True)
        self._placing.setInterval(0)
        self._placing.timeout.connect(self._place_some)

    @property
    def unplaced(self) -> int:
        """How many items are not yet where their flows are drawn."""
        return len(self._unplaced)

    def place(self, flow_id: str) -> None:
        """Put the flow's item where its route is drawn, if it is not there yet."""
        pending = self._unplaced.pop(flow_id, None)
        item = self.items.get(flow_id)
        if pending is None or item is None or item.route is None:
            return
        down, fit = pending
        box = None
        if fit:
            drawn = self.layer.drawn(flow_id)
            box = route_bounds(item.route.points, drawn.label_box if drawn is not None else None)
        item.place(down, box)

    def place_all(self) -> None:
        """Put every item where its flow is drawn (before anything hits or shows them)."""
        for flow_id in list(self._unplaced):
            self.place(flow_id)
        self._placing.stop()

    def _place_some(self) -> None:
        for flow_id in list(itertools.islice(self._unplaced, PLACED_PER_TURN)):
            self.place(flow_id)
        if self._unplaced:
            self._placing.start()

    def stop(self) -> None:
        """Stop placing items (the scene is being thrown away)."""
        self._placing.stop()

    def note(self, changes: list[Change]) -> None:
        """Remember which flows the document changed, for the next ``sync``."""
        for change in changes:
            if change.collection == "flows" and self._edited is not None:
                self._edited.add(change.id)
            elif change.collection == "personas":
                self._edited = None  # colours may have changed

    def sync(self, layout: MapLayout) -> None:
        """Re-route the flows the edits can have moved and redraw just those; flows that only
        moved along with their cards are shifted, and flows whose lanes moved stretched, not
        rebuilt."""
        edited, self._edited = self._edited, set()
        if edited is None:
            self.place_all()
        self.layer.set_extent(QRectF(0, 0, layout.width, layout.height))
        router = self.router
        changed = router.update(self.doc, layout, edited)
        if edited is None:
            changed = set(router.routes) | set(self.items)
        routes = router.routes
        stretched = router.stretched if edited is not None else set()
        if stretched:  # routed afresh to where they were: put back after the others stretch
            changed = changed | router.kept
        placed: list[DrawnFlow] = []
        looks: dict[str, GroupKey] = {}  # by persona id: the same for all of a persona's flows
        gone: list[str] = []
        # in the document's order, so that the picture does not depend on set order
        ordered = [f.id for f in self.doc.flows if f.id in changed and f.id not in stretched]
        ordered += sorted(changed.difference(ordered, stretched))
        for flow_id in ordered:
            self.place(flow_id)  # taken from where it was
            route = routes.get(flow_id)
            item = self.items.get(flow_id)
            if route is None:
                if item is not None:
                    self._highlighted.discard(item)
                    self.scene.removeItem(self.items.pop(flow_id))
                    gone.append(flow_id)
                continue
            if item is None:
                item = self.items[flow_id] = FlowItem(flow_id)
                self.scene.addItem(item)
            key = looks.get(route.persona_id)
            if key is None:
                key = looks[route.persona_id] = self.look(route)
            drawn = self.layer.drawn(flow_id)
            shift = None
            if edited is not None and item.route is not None and drawn is not None and drawn.key == key:
                shift = offset_between(item.route, route)
            if shift is None:
                fresh = DrawnFlow(route, key)
                item.set_route(route, key[0], box=fresh.box())
            else:
                fresh = drawn.moved(route, *shift)  # type: ignore[union-attr]
                item.set_route(route, key[0], shift)
            placed.append(fresh)
        if edited is None:
            self.redraw_all()
            return
        if router.shift is not None and stretched:
            self.layer.update_flows(placed, gone, (router.shift, {f: routes[f] for f in stretched}))
            self._stretch_items(stretched, routes)
        elif placed or gone:
            self.layer.update_flows(placed, gone)

    def _stretch_items(self, stretched: set[str], routes: dict[str, FlowRoute]) -> None:
        """Give the stretched flows' items their routes; they are put in place later (moved,
        when the whole route moved, else fitted to it), the highlighted ones at once."""
        items, unplaced = self.items, self._unplaced
        for flow_id in stretched:
            item, route = items[flow_id], routes[flow_id]
            new, old = route.points, item.route.points  # type: ignore[union-attr]
            dy = new[0][1] - old[0][1]
            item.take(route)
            down, fit = unplaced.get(flow_id, (0.0, False))
            if new[-1][1] - old[-1][1] == dy:  # both ends' lanes moved as one: the whole route
                unplaced[flow_id] = (down + dy, fit)
            else:
                unplaced[flow_id] = (down, True)
        for item in self._highlighted:
            self.place(item.item_id)
            item.update()
        if unplaced:
            self._placing.start()

    def look(self, route: FlowRoute) -> GroupKey:
        """A flow's colour (its persona's, or grey) and whether persona focus fades it."""
        persona = self.doc.personas.get(route.persona_id) if route.persona_id else None
        faded = bool(self.focus and route.persona_id and route.persona_id != self.focus)
        return (persona.colour if persona is not None else FLOW_GREY), faded

    def set_focus(self, persona_id: str) -> None:
        if persona_id != self.focus:
            self.focus = persona_id
            self.redraw_all()  # re-sort the flows into faded and not

    def redraw_all(self) -> None:
        routes = [item.route for item in self.items.values() if item.route is not None]
        self.layer.set_flows([(route, self.look(route)) for route in routes])

    def highlight(self, selected_items: list[QGraphicsItem]) -> None:
        """Only selected flows draw themselves (their highlight); the layer draws the rest."""
        selected = {item for item in selected_items if isinstance(item, FlowItem)}
        for item in selected - self._highlighted:
            self.place(item.item_id)
        for item in self._highlighted - selected:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        for item in selected - self._highlighted:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
            item.update()
        self._highlighted = selected
