"""Fixtures for the export tests: a Qt application (fonts), the sample map and a small tricky map."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from journey_studio.interchange import read_document
from journey_studio.model import Card, Document, Flow, Lane, MapInfo, Persona, Stage
from journey_studio.resources import sample_map_path

HOSTILE = '<script>alert(1)</script> & "quotes" 🙂 עברית'
LONG_TITLE = (
    "A very long card title that goes on and on about onboarding, procurement, security reviews, "
    "budget approvals and Supercalifragilisticexpialidociouslyunbreakablewordthatneverends"
)


@pytest.fixture(autouse=True)
def application(qapp: QApplication) -> QApplication:
    """Exports need fonts, so a GUI application; the test run's QApplication is one."""
    return qapp


@pytest.fixture(scope="session")
def sample() -> Document:
    return read_document(sample_map_path())


def small_map() -> Document:
    """Two stages, three lanes (one for emotions), a hostile and a very long title, a flow, scores."""
    return Document(
        info=MapInfo(title=f"Map {HOSTILE}", description="Line one\nline two"),
        personas=[Persona("p1", "Ana Lima", "Buyer"), Persona("p2", "Bo", colour="#d95f02")],
        stages=[Stage("s1", "Discover", goal="Find us"), Stage("s2", "Buy")],
        lanes=[
            Lane("l1", "Touchpoints", "touchpoints"),
            Lane("l2", "Emotion", "emotion"),
            Lane("l3", "Pain points", "pain_points"),
        ],
        cards=[
            Card(
                "c1",
                "touchpoint",
                "s1",
                "l1",
                HOSTILE,
                channel="email",
                owner="sales",
                personas=["p1"],
                emotion={"p1": 4, "p2": 2},
            ),
            Card("c2", "touchpoint", "s2", "l1", LONG_TITLE, exit=True, personas=["p2"], emotion={"p1": 2}),
            Card("c3", "pain_point", "s2", "l3", "Pricing is hidden", metrics={"Drop-off %": 40}),
        ],
        flows=[Flow("f1", "c1", "c2", "p1", "clicks through")],
    )


@pytest.fixture
def small() -> Document:
    return small_map()
