"""The flows of one colour drawn as few strokes: runs that share a gutter or a channel merge.

A big map has thousands of flows, and most of their length runs along the same few gutters.
Drawing each run separately costs time in proportion to all that length; merging overlapping
runs on one line first leaves a few hundred strokes for the whole map, cheap to draw at once.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from ..layout.flows import Run, Span, Track, merge_spans

ARROW_TILE = 512.0  # arrowheads are kept in bands of this height, drawn only where exposed


def stroke(track: Track, span: Span) -> QLineF:
    vertical, at = track
    return QLineF(at, span[0], at, span[1]) if vertical else QLineF(span[0], at, span[1], at)


class FlowGroup:
    """Flows of one look: their runs merged per track, their arrowheads per band of height."""

    def __init__(self) -> None:
        self._tracks: dict[Track, dict[Span, int]] = {}  # each track's spans, counted
        self._strokes: dict[Track, list[QLineF]] = {}
        self._stale: set[Track] = set()
        self._lines: list[QLineF] | None = None
        self._arrows: dict[int, dict[str, QPolygonF]] = {}
        self._arrow_paths: dict[int, QPainterPath] = {}

    def add(
        self, flow_id: str, runs: list[tuple[Track, Span]], end: tuple[float, float], arrow: QPolygonF
    ) -> None:
        """Take a flow's runs (see ``runs_of``) and its arrowhead at ``end``."""
        for track, span in runs:
            spans = self._tracks.setdefault(track, {})
            spans[span] = spans.get(span, 0) + 1
            self._stale.add(track)
        self._lines = None
        band = int(end[1] // ARROW_TILE)
        self._arrows.setdefault(band, {})[flow_id] = arrow
        self._arrow_paths.pop(band, None)

    def remove(self, flow_id: str, runs: list[Run], end: tuple[float, float]) -> None:
        """Drop what ``add`` took, given the same runs and end."""
        for track, span in runs:
            spans = self._tracks[track]
            if spans[span] > 1:
                spans[span] -= 1
            else:
                del spans[span]
                if not spans:
                    del self._tracks[track]
            self._stale.add(track)
        self._lines = None
        band = int(end[1] // ARROW_TILE)
        self._arrows[band].pop(flow_id, None)
        self._arrow_paths.pop(band, None)

    def lines(self) -> list[QLineF]:
        """Every merged stroke of the group."""
        if self._lines is None:
            for track in self._stale:
                spans = self._tracks.get(track)
                if spans:
                    self._strokes[track] = [stroke(track, span) for span in merge_spans(spans)]
                else:
                    self._strokes.pop(track, None)
            self._stale.clear()
            self._lines = [line for strokes in self._strokes.values() for line in strokes]
        return self._lines

    def arrows(self, exposed: QRectF) -> list[QPainterPath]:
        """The arrowheads in the bands ``exposed`` reaches, one path per band."""
        first = int((exposed.top() - ARROW_TILE) // ARROW_TILE)
        last = int((exposed.bottom() + ARROW_TILE) // ARROW_TILE)
        paths = []
        for band in range(first, last + 1):
            heads = self._arrows.get(band)
            if not heads:
                continue
            path = self._arrow_paths.get(band)
            if path is None:
                path = self._arrow_paths[band] = QPainterPath()
                for head in heads.values():
                    path.addPolygon(head)
            paths.append(path)
        return paths
