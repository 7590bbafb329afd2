"""The scene's flows kept in step with the document: re-routed, shifted or rebuilt as edits need."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from ..layout import MapLayout
from ..layout.flows import FlowRoute, FlowRouter, offset_between
from ..model import Change, Document
from .flow_item import FLOW_GREY, FlowItem, route_bounds
from .flow_layer import DrawnFlow, FlowLayer, GroupKey


class SceneFlows:
    """One item per flow (to hit and select) and the layer that draws them all."""

    def __init__(self, scene: QGraphicsScene, doc: Document) -> None:
        self.scene, self.doc = scene, doc
        self.items: dict[str, FlowItem] = {}
        self.router = FlowRouter()
        self.layer = FlowLayer()
        scene.addItem(self.layer)
        self.focus = ""  # the persona whose journey is shown; others' flows fade
        self._edited: set[str] | None = None  # None: every flow needs routing again
        self._highlighted: set[FlowItem] = set()

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
        """Give the stretched flows' items their routes (moved, when the whole route moved)."""
        items, drawn = self.items, self.layer.drawn
        for flow_id in stretched:
            item, route = items[flow_id], routes[flow_id]
            new, old = route.points, item.route.points  # type: ignore[union-attr]
            dy = new[0][1] - old[0][1]
            if new[-1][1] - old[-1][1] == dy:  # both ends' lanes moved as one: the whole route
                item.stretch(route, dy, None)
            else:
                label = drawn(flow_id).label_box  # type: ignore[union-attr]
                item.stretch(route, dy, route_bounds(new, label))
        for item in self._highlighted:
            item.update()

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
        for item in self._highlighted - selected:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        for item in selected - self._highlighted:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
            item.update()
        self._highlighted = selected
