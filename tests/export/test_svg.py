"""The SVG export: well-formed, self-contained, accessible, faithful to the layout, safe with any text."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from journey_studio.export import ExportError, ExportOptions, render_svg
from journey_studio.export.svg_kit import Font, Svg
from journey_studio.layout import compute_layout
from journey_studio.layout.text import font_metrics
from journey_studio.model import Card, Document, Lane, Stage
from tests.export.conftest import HOSTILE
from tests.strategies import documents

NS = {"svg": "http://www.w3.org/2000/svg"}
XLINK = "{http://www.w3.org/1999/xlink}href"


def parse(doc: Document, options: ExportOptions | None = None) -> ET.Element:
    return ET.fromstring(render_svg(doc, options).text.encode("utf-8"))


def group(root: ET.Element, item_id: str) -> ET.Element:
    found = root.find(f".//svg:g[@data-id='{item_id}']", NS)
    assert found is not None, item_id
    return found


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter("{http://www.w3.org/2000/svg}text")]


def translate(element: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", element.get("transform", ""))
    assert match is not None
    return float(match[1]), float(match[2])


def test_the_svg_has_a_title_a_description_and_a_real_font_stack(sample: Document) -> None:
    root = parse(sample)
    assert root.findtext("svg:title", namespaces=NS) == sample.info.title
    desc = root.findtext("svg:desc", namespaces=NS) or ""
    assert "6 stages, 8 lanes, 44 cards" in desc and "Priya Nair" in desc
    assert root.get("font-family") == "'DejaVu Sans', Helvetica, Arial, sans-serif"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_every_stage_lane_card_and_persona_is_a_named_group_at_its_layout_place(sample: Document) -> None:
    root = parse(sample, ExportOptions(margin=0))
    layout = compute_layout(sample)
    left, top = (float(v) for v in root.get("viewBox", "").split()[:2])
    for kind, collection in (("stage", sample.stages), ("lane", sample.lanes), ("card", sample.cards)):
        for item in collection:
            element = group(root, item.id)
            assert element.get("class") == kind and element.get("id") == item.id
            name = getattr(item, "name", None) or getattr(item, "title", "")
            assert element.findtext("svg:title", namespaces=NS) == name
            label = element.get("{http://www.inkscape.org/namespaces/inkscape}label")
            assert label == f"{kind.title()}: {name}"
    for card in sample.cards:
        assert translate(group(root, card.id)) == layout.cards[card.id][:2]
    for persona in sample.personas:
        assert translate(group(root, persona.id)) == layout.persona_chips[persona.id][:2]
    assert (left, top) == (24.0, 24.0)  # margin 0: the view box starts at the map's own margin


def test_cards_show_wrapped_titles_their_meta_line_and_persona_dots(sample: Document) -> None:
    root = parse(sample)
    card = group(root, "card-linkedin-ad")
    assert texts(card)[:2] == ["Sponsored post on", "LinkedIn"]
    assert texts(card)[2].startswith("advertising · marketing · Cli")
    dots = [c for c in card.iter("{http://www.w3.org/2000/svg}circle") if c.get("r") == "4"]
    assert [d.get("fill") for d in dots] == ["#1f77b4"]
    uses = [u.get(XLINK) for u in card.iter("{http://www.w3.org/2000/svg}use")]
    assert uses == ["#icon-kind-touchpoint-1e6fd9", "#icon-channel-advertising-5b6775"]


def test_icons_are_inline_recoloured_paths(sample: Document) -> None:
    root = parse(sample)
    icon = root.find(".//svg:defs/svg:g[@id='icon-kind-touchpoint-1e6fd9']", NS)
    assert icon is not None and icon.get("stroke") == "#1e6fd9" and icon.get("fill") == "none"
    assert len(icon.findall("svg:path", NS)) == 2
    assert "currentColor" not in render_svg(sample).text


def test_flows_and_emotion_curves_are_drawn(sample: Document) -> None:
    root = parse(sample)
    flows = root.findall(".//svg:g[@class='flow']", NS)
    assert len(flows) == len(sample.flows)
    first = group(root, sample.flows.at(0).id)
    assert first.find("svg:path", NS) is not None and first.find("svg:polygon", NS) is not None
    curves = root.findall(".//svg:g[@class='curve']", NS)
    assert [c.get("data-id") for c in curves] == [f"curve-{p.id}" for p in sample.personas]
    assert curves[1].find("svg:path", NS).get("stroke-dasharray") == "18.2 10.4"  # type: ignore[union-attr]


def test_the_file_is_self_contained_and_runs_nothing(small: Document) -> None:
    small.personas.at(0).avatar = _png_bytes()
    text = render_svg(small).text
    root = ET.fromstring(text.encode("utf-8"))
    for element in root.iter():
        assert not element.tag.endswith("script") and not element.tag.endswith("foreignObject")
        assert not any(name.startswith("on") for name in element.attrib)
        href = element.get(XLINK) or element.get("href")
        if href is not None:
            assert href.startswith(("#", "data:image/png;base64,")), href
    assert len(root.findall(".//svg:image", NS)) == 1
    assert "<script" not in text
    assert "http" not in re.sub(r'xmlns(:\w+)?="[^"]*"', "", text)  # only namespace names


def test_user_text_is_escaped_and_kept_as_text(small: Document) -> None:
    text = render_svg(small).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text and "<script>" not in text
    root = ET.fromstring(text.encode("utf-8"))
    card = group(root, "c1")
    assert card.findtext("svg:title", namespaces=NS) == HOSTILE
    first, second = texts(card)[:2]
    # As on the canvas, a word wider than the card is cut with an ellipsis; the rest wraps.
    assert first.startswith("<script>alert(1)</scr") and first.endswith("…")
    assert second == '& "quotes" 🙂 עברית'
    assert root.findtext("svg:title", namespaces=NS) == f"Map {HOSTILE}"


def test_every_value_a_shape_is_given_is_escaped() -> None:
    svg = Svg((0, 0, 100, 100), "Shapes", "")
    hostile = '#fff" onload="alert(1)'
    svg.rect(svg.dwg, (0, 0, 10, 10), hostile, stroke=hostile)
    svg.circle(svg.dwg, 5, 5, 2, hostile, hostile)
    svg.line(svg.dwg, (0, 0), (1, 1), hostile, cap=hostile)
    svg.path(svg.dwg, 'M0 0"/><script/>', hostile, caps=hostile, joins=hostile)
    svg.polygon(svg.dwg, [(0, 0), (1, 1), (0, 1)], hostile, hostile)
    svg.text(svg.dwg, 0, 0, HOSTILE, Font(9), hostile, hostile)
    root = ET.fromstring(svg.to_xml().encode("utf-8"))
    shapes = [element for element in root if not element.tag.endswith(("title", "desc", "defs"))]
    assert len(shapes) == 6 and not root.findall(".//svg:script", NS)
    for shape in shapes:
        assert "onload" not in shape.attrib
        colours = [value for key, value in shape.attrib.items() if key in ("fill", "stroke")]
        assert hostile in colours and set(colours) <= {hostile, "none"}
    assert shapes[3].get("d") == 'M0 0"/><script/>' and shapes[-1].text == HOSTILE


def test_long_titles_wrap_or_elide_inside_their_card(small: Document) -> None:
    root = parse(small)
    card = group(root, "c2")
    lines = texts(card)[:2]
    assert lines[0] == "A very long card" and lines[1].startswith("title that") and lines[1].endswith("…")
    width = compute_layout(small).cards["c2"].width
    metrics = font_metrics(9.5, True)
    for line in lines:  # title starts at x=30 and keeps clear of the EXIT mark (40 units)
        assert 30 + metrics.horizontalAdvance(line) <= width - 40
    assert "EXIT" in texts(card)


def test_control_characters_are_dropped_from_the_xml(small: Document) -> None:
    small.cards["c3"].title = "bell\x07 and \x1b[31m escape"
    text = render_svg(small).text
    ET.fromstring(text.encode("utf-8"))
    assert "bell and [31m escape" in text


def test_persona_focus_fades_other_cards_flows_and_curves(small: Document) -> None:
    root = parse(small, ExportOptions(persona="p1"))
    assert group(root, "c1").get("opacity") is None
    assert group(root, "c2").get("opacity") == "0.22"  # tagged for Bo only
    assert group(root, "c3").get("opacity") is None  # untagged cards are everyone's
    assert group(root, "curve-p2").get("opacity") == "0.25"
    chip = group(root, "p1")
    assert chip.find("svg:rect", NS) is not None  # the focused chip is highlighted


def test_selection_exports_only_the_selected_part(sample: Document) -> None:
    root = parse(sample, ExportOptions(selection=("card-linkedin-ad", "card-demo-form")))
    cards = [g.get("data-id") for g in root.findall(".//svg:g[@class='card']", NS)]
    assert cards == ["card-linkedin-ad", "card-demo-form"]
    stages = [g.get("data-id") for g in root.findall(".//svg:g[@class='stage']", NS)]
    assert stages == ["stage-awareness", "stage-consideration"]
    lanes = [g.get("data-id") for g in root.findall(".//svg:g[@class='lane']", NS)]
    assert lanes == ["lane-touchpoints", "lane-emotion"]  # emotion comes along with scored touchpoints
    column = parse(sample, ExportOptions(selection=("stage-purchase",)))
    assert len(column.findall(".//svg:g[@class='lane']", NS)) == len(sample.lanes)
    with pytest.raises(ExportError, match="no card, stage or lane"):
        render_svg(sample, ExportOptions(selection=("nope",)))


def test_gap_badges_only_when_asked(sample: Document) -> None:
    def badges(svg_text: str) -> int:
        return svg_text.count('class="gap-badge"')

    assert badges(render_svg(sample).text) == 0
    assert badges(render_svg(sample, ExportOptions(gaps=True)).text) > 0


def test_background_margin_and_no_chrome(sample: Document) -> None:
    white = parse(sample)
    clear = parse(sample, ExportOptions(transparent=True, margin=60))
    assert group_by_id(white, "background") is not None and group_by_id(clear, "background") is None
    assert float(clear.get("width", 0)) == float(white.get("width", 0)) + 72
    text = render_svg(sample).text
    assert "#2563eb" not in text  # the selection colour: no selection, handles or drop targets


def group_by_id(root: ET.Element, ident: str) -> ET.Element | None:
    return root.find(f".//svg:g[@id='{ident}']", NS)


def test_element_ids_are_unique_even_when_model_ids_collide() -> None:
    doc = Document(
        stages=[Stage("x", "Stage x")],
        lanes=[Lane("x", "Lane x", "touchpoints")],
        cards=[Card("x", "touchpoint", "x", "x", "Card x", channel="email")],
    )
    root = parse(doc)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert [g.get("data-id") for g in root.iter() if g.get("class") in ("stage", "lane", "card")] == ["x"] * 3


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) is not installed")
def test_xmllint_finds_the_file_well_formed(sample: Document, tmp_path: Path) -> None:
    path = tmp_path / "map.svg"
    svg = render_svg(sample, ExportOptions(gaps=True, persona="persona-cfo"))
    path.write_text(svg.text, encoding="utf-8")
    result = subprocess.run(["xmllint", "--noout", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents(max_cards=8))
def test_any_valid_map_exports_well_formed_svg_with_every_card(doc: Document) -> None:
    root = parse(doc)
    exported = {g.get("data-id") for g in root.findall(".//svg:g[@class='card']", NS)}
    assert exported == set(doc.cards.ids())


def _png_bytes() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())
