"""The flows of one colour drawn as few strokes: runs that share a gutter or a channel merge.

A big map has thousands of flows, and most of their length runs along the same few gutters.
Drawing each run separately costs time in proportion to all that length; merging overlapping
runs on one line first leaves a few hundred strokes for the whole map, cheap to draw at once.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from ..layout.flows import LaneShift, Run, Span, Track, merge_spans

ARROW_TILE = 512.0  # arrowheads are kept in bands of this height, drawn only where exposed
Head = tuple[float, float, QPolygonF]  # where an arrowhead's tip is, and its shape at (0, 0)


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
        self._arrows: dict[int, dict[str, Head]] = {}
        self._arrow_paths: dict[int, QPainterPath] = {}

    def add(
        self, flow_id: str, runs: list[tuple[Track, Span]], end: tuple[float, float], head: QPolygonF
    ) -> None:
        """Take a flow's runs (see ``runs_of``) and its arrowhead ``head`` put at ``end``."""
        for track, span in runs:
            spans = self._tracks.setdefault(track, {})
            spans[span] = spans.get(span, 0) + 1
            self._stale.add(track)
        self._lines = None
        band = int(end[1] // ARROW_TILE)
        self._arrows.setdefault(band, {})[flow_id] = (end[0], end[1], head)
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

    def stretch(self, shift: LaneShift) -> None:
        """Move every run and arrowhead as the lanes it lies in moved: the same as taking the
        flows out and adding them back stretched, as long as every flow of the group is either
        stretched by ``shift`` or lies wholly where ``shift`` keeps points in place (above the
        lanes that moved, or in lanes that ended where they were)."""
        top, y = shift.top, shift.y
        tracks: dict[Track, dict[Span, int]] = {}
        for track, spans in self._tracks.items():
            vertical, at = track
            if vertical:
                if any(end >= top for _start, end in spans):
                    moved: dict[Span, int] = {}
                    for (start, end), count in spans.items():
                        span = (start, end) if end < top else (y(start), y(end))
                        moved[span] = moved.get(span, 0) + count
                    spans = moved
                    self._stale.add(track)
            elif at >= top and y(at) != at:
                self._stale.add(track)
                track = (False, y(at))
                self._stale.add(track)
            if track in tracks:  # never while lanes keep their order, but kept right anyway
                spans = dict(spans)
                for span, count in tracks[track].items():
                    spans[span] = spans.get(span, 0) + count
            tracks[track] = spans
        self._tracks = tracks
        self._lines = None
        first = int(top // ARROW_TILE)
        bands = [(band, self._arrows.pop(band)) for band in [b for b in self._arrows if b >= first]]
        for band, heads in bands:
            self._arrow_paths.pop(band, None)
            for flow_id, (x, tip, head) in heads.items():
                tip = y(tip)
                band = int(tip // ARROW_TILE)
                self._arrows.setdefault(band, {})[flow_id] = (x, tip, head)
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
                for x, y, head in heads.values():
                    path.addPolygon(head.translated(x, y))
            paths.append(path)
        return paths
