"""Hypothesis strategies for random valid documents, shared by the tests of every layer."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from journey_studio.model import (
    CARD_KINDS,
    LANE_KINDS,
    MAP_TYPES,
    Card,
    Document,
    Flow,
    Lane,
    MapInfo,
    Persona,
    Stage,
)
from journey_studio.model.entities import MAX_LANE_HEIGHT, MAX_STAGE_WIDTH, MIN_LANE_HEIGHT, MIN_STAGE_WIDTH

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Text people really type: accents, emoji (with joiners and skin tones), right-to-left scripts,
# mixed directions, line breaks.
SAMPLE_TEXTS = (
    "",
    "Café ☕ crème",
    "🙂😡👩🏽‍💻🏳️‍🌈",
    "שלום עולם",
    "مرحبا بالعالم",
    "abc \u202bعربي\u202c def",
    "two\nlines\r\nand\ttab",
    "quotes ' \" ` and \\ backslash",
    "日本語のテキスト",
    "x" * 300,
)

ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-"


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Short text: random unicode (no lone surrogates) or a sample of real-world text."""
    return st.one_of(st.text(max_size=max_size), st.sampled_from(SAMPLE_TEXTS))


def ids(prefix: str) -> st.SearchStrategy[str]:
    """A valid id; the prefix keeps ids of different collections apart."""
    return st.text(alphabet=ID_CHARS, min_size=1, max_size=20).map(lambda tail: f"{prefix}-{tail}")


def whole_or_fraction(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers in a range, often whole (240.0), sometimes with any fraction."""
    return st.one_of(
        st.integers(int(low), int(high)).map(float),
        st.floats(low, high, allow_nan=False, allow_infinity=False),
    )


def map_infos() -> st.SearchStrategy[MapInfo]:
    return st.builds(
        MapInfo,
        title=texts(),
        description=texts(200),
        map_type=st.sampled_from(MAP_TYPES),
        objectives=st.lists(texts(), max_size=4),
        review_cadence=texts(),
        next_review=st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat())),
    )


def personas() -> st.SearchStrategy[Persona]:
    return st.builds(
        Persona,
        id=ids("p"),
        name=texts(),
        role=texts(),
        goals=texts(100),
        needs=texts(),
        pain_points=texts(),
        quote=texts(),
        colour=st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True),
        avatar=st.one_of(st.just(b""), st.binary(max_size=64).map(lambda tail: PNG_SIGNATURE + tail)),
        on_map=st.booleans(),
    )


def stages() -> st.SearchStrategy[Stage]:
    return st.builds(
        Stage,
        id=ids("s"),
        name=texts(),
        goal=texts(),
        width=whole_or_fraction(MIN_STAGE_WIDTH, MAX_STAGE_WIDTH),
    )


def lanes() -> st.SearchStrategy[Lane]:
    return st.builds(
        Lane,
        id=ids("l"),
        name=texts(),
        kind=st.sampled_from(LANE_KINDS),
        height=whole_or_fraction(MIN_LANE_HEIGHT, MAX_LANE_HEIGHT),
    )


@st.composite
def cards(draw: st.DrawFn, stage_ids: list[str], lane_ids: list[str], persona_ids: list[str]) -> Card:
    """A card in one of the given cells, tagged with and scored for some of the given personas."""
    tagged = draw(st.lists(st.sampled_from(persona_ids), unique=True) if persona_ids else st.just([]))
    scored = draw(st.lists(st.sampled_from(persona_ids), unique=True) if persona_ids else st.just([]))
    halves = st.integers(2, 10).map(lambda n: n / 2)
    return Card(
        id=draw(ids("c")),
        kind=draw(st.sampled_from(CARD_KINDS)),
        stage=draw(st.sampled_from(stage_ids)),
        lane=draw(st.sampled_from(lane_ids)),
        title=draw(texts()),
        description=draw(texts(200)),
        channel=draw(texts()),
        owner=draw(texts()),
        metrics=draw(st.dictionaries(texts(20), whole_or_fraction(-1e12, 1e12), max_size=4)),
        personas=tagged,
        emotion={pid: draw(halves) for pid in scored},
        exit=draw(st.booleans()),
    )


@st.composite
def documents(draw: st.DrawFn, max_cards: int = 8) -> Document:
    """A random valid document: 0–N of everything, every reference pointing somewhere real."""
    info = draw(map_infos())
    people = draw(st.lists(personas(), max_size=4, unique_by=lambda p: p.id))
    columns = draw(st.lists(stages(), max_size=4, unique_by=lambda s: s.id))
    rows = draw(st.lists(lanes(), max_size=4, unique_by=lambda lane: lane.id))
    persona_ids = [p.id for p in people]
    notes: list[Card] = []
    if columns and rows:
        strategy = cards([s.id for s in columns], [lane.id for lane in rows], persona_ids)
        notes = draw(st.lists(strategy, max_size=max_cards, unique_by=lambda c: c.id))
    links: list[Flow] = []
    if len(notes) >= 2:
        card_ids = [c.id for c in notes]
        pairs = st.lists(st.sampled_from(card_ids), min_size=2, max_size=2, unique=True)
        for i, (source, target) in enumerate(draw(st.lists(pairs, max_size=5))):
            persona = draw(st.sampled_from(["", *persona_ids]))
            links.append(Flow(f"f-{i}", source, target, persona, draw(texts())))
    return Document(info, people, columns, rows, notes, links)


def _plain(item: Any) -> dict[str, Any]:
    """An entity's fields, with dicts as item lists so that their order counts too."""
    values = dataclasses.asdict(item)
    return {key: list(value.items()) if isinstance(value, dict) else value for key, value in values.items()}


def document_state(doc: Document) -> list[Any]:
    """Everything a document holds, as plain comparable values (order included)."""
    collections = ("personas", "stages", "lanes", "cards", "flows")
    return [_plain(doc.info), *[[_plain(item) for item in doc.collection(name)] for name in collections]]


def sample_document() -> Document:
    """A small fixed map with one of everything that can be tricky."""
    return Document(
        MapInfo(
            title="Onboarding 🚀 — תהליך",
            description="From first ad\nto first invoice",
            map_type="future-state",
            objectives=["Cut drop-off", "Faster setup"],
            review_cadence="quarterly",
            next_review="2027-01-15",
        ),
        personas=[
            Persona("p1", "Ana", role="Buyer", avatar=PNG_SIGNATURE + b"\x00\x01", colour="#d95f02"),
            Persona("p2", "Omar عمر", on_map=False),
        ],
        stages=[Stage("s1", "Aware", goal="Notice us"), Stage("s2", "Buy", width=312.5)],
        lanes=[Lane("l1", "Touchpoints", "touchpoints"), Lane("l2", "Pains", "pain_points", height=120.0)],
        cards=[
            Card(
                "c1",
                "touchpoint",
                "s1",
                "l1",
                "Ad",
                channel="social media",
                personas=["p1"],
                emotion={"p2": 2.5, "p1": 4.0},
                metrics={"reach": 12000.0, "ctr": 0.031},
            ),
            Card("c2", "touchpoint", "s2", "l1", "Demo", owner="sales", exit=True),
            Card("c3", "pain_point", "s2", "l2", "Slow", description="Takes 3 days"),
        ],
        flows=[Flow("f1", "c1", "c2", persona="p1", label="books"), Flow("f2", "c2", "c1")],
    )
