"""Shared fixtures for canvas tests: a small map shown in a real view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from journey_studio.canvas import MapScene, MapView
from journey_studio.edit import Command, History
from journey_studio.model import Card, Document, Lane, MapInfo, Persona, Stage


def small_document() -> Document:
    return Document(
        info=MapInfo(title="Test journey"),
        personas=[Persona("p1", "Ana")],
        stages=[Stage("s1", "Awareness"), Stage("s2", "Consideration"), Stage("s3", "Purchase")],
        lanes=[Lane("l1", "Touchpoints", "touchpoints"), Lane("l2", "Pain points", "pain_points")],
        cards=[
            Card("c1", "touchpoint", "s1", "l1", "LinkedIn ad", channel="social media"),
            Card("c2", "touchpoint", "s1", "l1", "Webinar", channel="event"),
            Card("c3", "pain_point", "s2", "l2", "Pricing is hidden"),
        ],
    )


class Harness:
    """A document, its undo history, a scene and a shown view."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.history = History(doc)
        self.scene = MapScene(doc, self.push)
        self.view = MapView(self.scene)
        self.view.resize(1200, 800)
        self.view.show()
        self.view.zoom_actual()
        self.view.centerOn(0, 0)

    def push(self, command: Command) -> bool:
        self.history.push(command)
        return True

    def to_view(self, x: float, y: float) -> QPoint:
        return self.view.mapFromScene(QPointF(x, y))

    def centre_of(self, item_id: str) -> QPoint:
        rect = self.scene.map_layout.cards.get(item_id) or self.scene.map_layout.stage_headers.get(item_id)
        if rect is None:
            rect = self.scene.map_layout.lane_headers[item_id]
        return self.to_view(*rect.center)

    def drag(self, qtbot: object, start: QPoint, end: QPoint, steps: int = 8) -> None:
        """Press, move with the button held, release — real events on the viewport."""
        viewport = self.view.viewport()
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)  # type: ignore[attr-defined]
        for i in range(1, steps + 1):
            point = start + (end - start) * (i / steps)
            qtbot.mouseMove(viewport, point)  # type: ignore[attr-defined]
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)  # type: ignore[attr-defined]
        QApplication.processEvents()


@pytest.fixture
def harness(qtbot: object) -> Iterator[Harness]:
    h = Harness(small_document())
    qtbot.addWidget(h.view)  # type: ignore[attr-defined]
    yield h
    h.scene.detach()
