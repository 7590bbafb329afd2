"""The Gaps panel: reruns after edits, filters, and a click selects what a finding names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journey_studio.edit import delete_items
from journey_studio.model import Card, Document, Flow, Lane, Persona, Stage
from journey_studio.ui import MainWindow

from .test_main_window import close_quietly


def gap_document() -> Document:
    return Document(
        personas=[Persona("p1", "Ana")],
        stages=[Stage("s1", "Aware"), Stage("s2", "Buy"), Stage("s3", "Use")],
        lanes=[Lane("l1", "Touchpoints", "touchpoints")],
        cards=[
            Card("a", "touchpoint", "s1", "l1", "Ad", channel="advertising", owner="marketing"),
            Card("b", "touchpoint", "s2", "l1", "Call", channel="sales call", owner="sales"),
            Card("c", "touchpoint", "s3", "l1", "Bill", channel="email", owner="finance"),
        ],
        flows=[Flow("f1", "a", "b"), Flow("f2", "b", "c")],
    )


@pytest.fixture
def window(qtbot):
    win = MainWindow(gap_document(), None)
    win.show()
    yield win
    close_quietly(win)


def finding_items(win: MainWindow) -> list:
    tree = win.gaps_panel.tree
    return [
        tree.topLevelItem(i).child(j)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]


def test_whole_path_has_no_gaps_then_edit_reruns(window, qtbot) -> None:
    assert window.gaps_panel.findings == []
    assert window.gaps_panel.summary.text() == "No gaps found."
    window.push(delete_items(window.doc, ["f2"]))
    qtbot.waitUntil(lambda: any(f.kind == "unreachable" for f in window.gaps_panel.findings), timeout=3000)
    assert window.scene.card_items["c"].gap_severity == "error"  # nobody reaches it
    assert window.scene.card_items["b"].gap_severity == "error"  # a dead end now
    window.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: window.gaps_panel.findings == [], timeout=3000)
    assert all(item.gap_severity == "" for item in window.scene.card_items.values())


def test_click_finding_selects_its_cards(window, qtbot) -> None:
    window.push(delete_items(window.doc, ["f2"]))
    window.gaps_panel.rerun()
    item = next(i for i in finding_items(window) if i.data(0, Qt.ItemDataRole.UserRole).kind == "unreachable")
    rect = window.gaps_panel.tree.visualItemRect(item)
    qtbot.mouseClick(window.gaps_panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.selected_card_ids() == ["c"]


def test_empty_stage_tints_column_and_severity_filter(window) -> None:
    window.push(delete_items(window.doc, ["b"]))
    window.gaps_panel.rerun()
    assert "s2" in window.scene.grid_item.tinted_stages
    kinds = {f.kind for f in window.gaps_panel.findings}
    assert "empty_stage" in kinds
    combo = window.gaps_panel.severity_filter
    combo.setCurrentIndex(combo.findData("error"))
    window.gaps_panel.rerun()
    assert {f.severity for f in window.gaps_panel.findings} == {"error"}


def test_mark_finding_as_intended_hides_it_and_undo_brings_it_back(window, monkeypatch) -> None:
    window.push(delete_items(window.doc, ["f2"]))
    window.gaps_panel.rerun()
    finding = next(f for f in window.gaps_panel.findings if f.kind == "unreachable")
    monkeypatch.setattr(
        type(window.gaps_panel), "ask_reason", lambda self, f: ("Billing is out of scope", True)
    )
    window.gaps_panel._mark(finding)
    assert window.doc.info.acknowledged == {finding.key: "Billing is out of scope"}
    window.gaps_panel.rerun()
    assert finding not in window.gaps_panel.findings
    window.gaps_panel.show_acknowledged.setChecked(True)
    assert finding in window.gaps_panel.acknowledged
    window.actions_by_name["undo"].trigger()
    window.gaps_panel.rerun()
    assert finding in window.gaps_panel.findings and window.doc.info.acknowledged == {}
