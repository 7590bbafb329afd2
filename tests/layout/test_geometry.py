"""The shared geometry: cells, emotion curves and flow routes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journey_studio.interchange.formats import read_document
from journey_studio.layout import compute_layout
from journey_studio.layout.emotion import (
    compute_emotion_curves,
    emotion_lane,
    monotone_segments,
    score_to_y,
    y_to_score,
)
from journey_studio.layout.flows import compute_flow_routes
from journey_studio.resources import sample_map_path


def bezier(segment, t):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = segment
    u = 1 - t
    return (
        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]), min_size=2, max_size=12))
def test_monotone_curve_never_overshoots_the_band(scores) -> None:
    points = [(i * 100.0 + (i % 3) * 7, 200 - s * 30) for i, s in enumerate(scores)]
    for segment in monotone_segments(points):
        low = min(segment[0][1], segment[3][1])
        high = max(segment[0][1], segment[3][1])
        for step in range(11):
            y = bezier(segment, step / 10)[1]
            assert low - 1e-6 <= y <= high + 1e-6


def test_score_and_height_round_trip_and_snap() -> None:
    doc = read_document(sample_map_path())
    layout = compute_layout(doc)
    lane = emotion_lane(doc, layout)
    assert lane is not None
    for score in (1, 1.5, 3, 4.5, 5):
        assert y_to_score(score_to_y(score, lane), lane) == score
    assert y_to_score(score_to_y(3.2, lane), lane) == 3.0
    assert y_to_score(lane.y - 500, lane) == 5.0
    assert y_to_score(lane.bottom + 500, lane) == 1.0


def test_sample_curves_follow_cards() -> None:
    doc = read_document(sample_map_path())
    layout = compute_layout(doc)
    curves = compute_emotion_curves(doc, layout)
    assert [c.persona_id for c in curves] == [p.id for p in doc.personas]
    for curve in curves:
        assert len(curve.segments) == len(curve.points) - 1
        xs = [p.x for p in curve.points]
        assert xs == sorted(xs)
        for point in curve.points:
            column = layout.columns[doc.cards[point.card_id].stage]
            assert column.x < point.x < column.right
    assert len({c.marker for c in curves}) == len(curves)
    assert len({c.dash for c in curves}) == len(curves)


def crosses(rect, a, b) -> bool:
    """Whether the axis-aligned segment a→b passes through the inside of rect."""
    inset = 1.0
    left, right = rect.x + inset, rect.right - inset
    top, bottom = rect.y + inset, rect.bottom - inset
    if a[1] == b[1]:  # horizontal
        y = a[1]
        lo, hi = sorted((a[0], b[0]))
        return top < y < bottom and lo < right and hi > left
    x = a[0]
    lo, hi = sorted((a[1], b[1]))
    return left < x < right and lo < bottom and hi > top


def test_sample_flow_routes_stay_off_cards() -> None:
    doc = read_document(sample_map_path())
    layout = compute_layout(doc)
    routes = compute_flow_routes(doc, layout)
    assert len(routes) == len(doc.flows)
    for route in routes:
        flow = doc.flows[route.flow_id]
        for a, b in zip(route.points, route.points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1], "routes are orthogonal"
            for card_id, rect in layout.cards.items():
                if card_id in (flow.source, flow.target):
                    continue
                assert not crosses(rect, a, b), f"{route.flow_id} crosses {card_id}"


def test_generated_map_flow_routes_stay_off_cards() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import make_large_document

    doc = make_large_document(300, seed=3)
    layout = compute_layout(doc)
    for route in compute_flow_routes(doc, layout):
        flow = doc.flows[route.flow_id]
        for a, b in zip(route.points, route.points[1:], strict=False):
            for card_id, rect in layout.cards.items():
                if card_id not in (flow.source, flow.target):
                    assert not crosses(rect, a, b), f"{route.flow_id} crosses {card_id}"
