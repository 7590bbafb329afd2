"""Measure open, save, one drag's redraw and quick capture on large generated maps; print medians."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import fullest_cell, make_large_document
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journey_studio.canvas import MapScene, MapView
from journey_studio.edit import Command, History, move_cards
from journey_studio.store import open_document, save_document


def median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def drag_frame_ms(view: MapView, scene: MapScene, steps: int = 30) -> float:
    """Median time of one pointer move while a card is dragged: the card follows, the cell under
    the pointer lights up and Qt repaints (real mouse events on the viewport)."""
    viewport = view.viewport()
    centre = view.mapToScene(viewport.rect().center())
    card_id = min(
        scene.map_layout.cards,
        key=lambda c: (
            abs(scene.map_layout.cards[c].center[0] - centre.x())
            + abs(scene.map_layout.cards[c].center[1] - centre.y())
        ),
    )
    start = view.mapFromScene(QPointF(*scene.map_layout.cards[card_id].center))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    times = []
    for i in range(1, steps + 1):
        point = start + QPoint(i * 23, i * 11)
        began = time.perf_counter()
        QTest.mouseMove(viewport, point)
        QApplication.processEvents()
        times.append((time.perf_counter() - began) * 1000)
    scene.cancel_gesture()
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QApplication.processEvents()
    return statistics.median(times[2:])


def bench(cards: int, repeats: int) -> dict[str, float]:
    doc = make_large_document(cards)
    folder = Path(tempfile.mkdtemp())
    path = folder / f"big-{cards}.journey"
    save_ms = median_ms(lambda: save_document(doc, path), repeats)

    def open_and_build() -> MapScene:
        opened = open_document(path)
        scene = MapScene(opened, lambda c: True)
        QApplication.processEvents()
        scene.detach()
        return scene

    open_ms = median_ms(open_and_build, repeats)

    history = History(doc)

    def push(command: Command) -> bool:
        history.push(command)
        return True

    scene = MapScene(doc, push)
    view = MapView(scene)
    view.resize(1600, 1000)
    view.show()
    QApplication.processEvents()
    stages, lanes = doc.stages.ids(), doc.lanes.ids()
    card_ids = doc.cards.ids()

    def one_drag(i: list[int] = [0]) -> None:  # noqa: B006
        i[0] += 1
        card = card_ids[i[0] % len(card_ids)]
        push(move_cards(doc, [card], stages[i[0] % len(stages)], lanes[(i[0] * 3) % len(lanes)]))
        QApplication.processEvents()  # Qt repaints what changed, as after a real drop

    drop_ms = median_ms(one_drag, max(repeats, 15))
    frame_ms = drag_frame_ms(view, scene)

    def scroll() -> None:
        bar = view.verticalScrollBar()
        bar.setValue((bar.value() + 900) % max(1, bar.maximum()))
        view.viewport().repaint()

    scroll_ms = median_ms(scroll, max(repeats, 15))

    # Quick capture: one typed card committed with Enter (command, relayout, editor moved).
    view.capture.start((stages[0], lanes[0]))

    def capture_card(i: list[int] = [0]) -> None:  # noqa: B006
        i[0] += 1
        view.capture.line.setText(f"Captured card {i[0]}")
        view.capture.commit()
        view.capture.place()
        QApplication.processEvents()

    capture_ms = median_ms(capture_card, max(repeats, 15))
    view.capture.stop()

    # A capture and a drop that make their lane taller: every lane below moves down, and with it
    # the flows and the emotion curves there.
    grow_capture_ms = median_ms(lambda: grow_lane_by_capture(view, lanes[0]), max(repeats, 9))
    view.capture.stop()
    grow_drop_ms = median_ms(lambda: grow_lane_by_drop(scene, push, lanes[1]), max(repeats, 9))
    # The pointer's first move over the map after such a drop puts the stretched flows' items
    # still waiting (a few hundred are placed per turn of the event loop) where they are drawn.
    first_move = []
    for i in range(max(repeats, 9)):
        grow_lane_by_drop(scene, push, lanes[1])
        began = time.perf_counter()
        QTest.mouseMove(view.viewport(), QPoint(40 + i % 2 * 30, 40))
        QApplication.processEvents()
        first_move.append((time.perf_counter() - began) * 1000)
    view.close()
    scene.detach()
    return {
        "open": open_ms,
        "save": save_ms,
        "frame": frame_ms,
        "drop": drop_ms,
        "scroll": scroll_ms,
        "capture": capture_ms,
        "grow capture": grow_capture_ms,
        "grow drop": grow_drop_ms,
        "move after": statistics.median(first_move),
    }


def grow_lane_by_capture(view: MapView, lane: str) -> None:
    """One card typed into the fullest cell of ``lane`` and committed with Enter."""
    scene = view.map_scene()
    cell = fullest_cell(scene.doc, lane)
    if view.capture.cell != cell:
        view.capture.start(cell)
    height = scene.map_layout.lanes[lane].height
    view.capture.line.setText("Captured in a full cell")
    view.capture.commit()
    view.capture.place()
    QApplication.processEvents()
    if scene.map_layout.lanes[lane].height <= height:
        raise RuntimeError("the capture did not make its lane taller")


def grow_lane_by_drop(scene: MapScene, push: Callable[[Command], bool], lane: str) -> None:
    """One card from another lane dropped into the fullest cell of ``lane``."""
    doc = scene.doc
    cell = fullest_cell(doc, lane)
    card = next(c.id for c in reversed(list(doc.cards)) if c.lane != lane and c.kind != "touchpoint")
    height = scene.map_layout.lanes[lane].height
    push(move_cards(doc, [card], *cell))
    QApplication.processEvents()
    if scene.map_layout.lanes[lane].height <= height:
        raise RuntimeError("the drop did not make its lane taller")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    columns = {
        "open": 9,
        "save": 9,
        "frame": 15,
        "drop": 9,
        "scroll": 10,
        "capture": 11,
        "grow capture": 16,
        "grow drop": 13,
        "move after": 15,
    }
    names = {"frame": "drag frame ms", "drop": "drop ms", "move after": "then move ms"}
    print(f"{'cards':>7} " + " ".join(f"{names.get(k, k + ' ms'):>{w}}" for k, w in columns.items()))
    for cards in args.cards:
        r = bench(cards, args.repeats)
        print(f"{cards:>7} " + " ".join(f"{r[k]:>{w}.1f}" for k, w in columns.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
