"""Banded PNG drawing: the pieces of the SVG, the sideways gutter strips, and pigz-style deflate."""

from __future__ import annotations

import io
import itertools
import random
import re
import threading
import xml.etree.ElementTree as ET
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath

from journey_studio.export import ExportOptions, MapSvg, export_map, render_image, render_svg
from journey_studio.export import bands as bands_module
from journey_studio.export import raster as raster_module
from journey_studio.export.bands import HINTS, BandPainter, load_svg
from journey_studio.export.png_writer import PngStream, adler32_combine
from journey_studio.export.raster import PngWriter, _scanline_image, pack_rows, pixel_size
from journey_studio.export.svg_kit import INKSCAPE_NS, Svg
from journey_studio.export.svg_map import XML_DECLARATION
from journey_studio.export.svg_overlays import CURVE_PART
from journey_studio.export.svg_xml import ABOVE, BELOW, EVERYWHERE, FLOWS, FRAME, PAPER, Piece
from journey_studio.layout import compute_layout
from journey_studio.layout.flows import compute_flow_routes
from journey_studio.model import Document
from tests.export.imaging import compare


def whole(doc: Document, options: ExportOptions) -> QImage:
    """The picture as one QtSvg rendering of the whole SVG file, the way exports used to draw."""
    svg = render_svg(doc, options)
    width, height = pixel_size(svg, options.pixel_scale)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent if options.transparent else Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHints(HINTS)
    load_svg(svg.text.encode("utf-8")).render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def test_the_pieces_join_into_the_svg_file(sample: Document) -> None:
    svg = render_svg(sample, banded=True)
    assert XML_DECLARATION + "".join(piece.text for piece in svg.pieces) + "\n" == svg.text
    layers = [piece.layer for piece in svg.pieces if piece.layer != FRAME]
    assert layers == sorted(layers) and set(layers) == {PAPER, 0, 1, 2}
    flows = [piece for piece in svg.pieces if piece.layer == 1 and piece.area != EVERYWHERE]
    assert len(flows) == len(sample.flows)
    assert all(piece.bare_rows for piece in flows)
    for piece in flows:
        if piece.bare is not None:
            assert piece.bare.startswith("<g>") and len(piece.bare) < len(piece.text)


@pytest.mark.parametrize("focus", [False, True])
def test_only_pictures_are_cut_into_pieces_and_they_draw_what_the_file_draws(
    sample: Document, focus: bool
) -> None:
    options = ExportOptions(persona=sample.personas.at(0).id if focus else "", gaps=focus)
    vector, banded = render_svg(sample, options), render_svg(sample, options, banded=True)
    assert vector.pieces == () and banded.pieces
    # Pictures' drawings leave out what draws nothing: ids, classes, labels and titles below the
    # top level (the icons' definitions keep their ids: uses refer to them).
    assert described_below_the_top(vector.text) > len(sample.cards)
    assert described_below_the_top(banded.text) == 0
    plain, full = (MapSvg(svg.text, svg.width, svg.height) for svg in (banded, vector))
    assert render_image(plain, 1, False) == render_image(full, 1, False)


def described_below_the_top(text: str) -> int:
    """How many elements below the top level, outside the definitions, have an id, class,
    label or title."""
    root = ET.fromstring(text.encode("utf-8"))
    count = 0
    for top in root:
        if top.tag.endswith("}defs"):
            continue
        for element in top.iter():
            if element is top:
                continue
            named = {"id", "class", "data-id", f"{{{INKSCAPE_NS}}}label"} & set(element.attrib)
            titled = any(child.tag.endswith("}title") for child in element)
            count += bool(named or titled)
    return count


def test_a_bare_path_anywhere_in_its_group_gets_its_bare_outline() -> None:
    svg = Svg((0, 0, 100, 100), "Bare", "")
    flows = svg.group(svg.dwg, "flows")
    group = svg.group(flows, "flow", area=(0, 0, 10, 10), bare_rows=[(0, 0)])
    svg.path(group, "M0 0L0 10", "#000")  # the same outline as the next path's, kept whole
    svg.path(group, "M0 0L0 10", "#000", bare_d="M0 0L10 0")
    (piece,) = [piece for piece in svg.to_pieces("flows") if piece.area != EVERYWHERE]
    assert piece.bare is not None
    assert piece.bare.index('d="M0 0L0 10"') < piece.bare.index('d="M0 0L10 0"')
    assert piece.bare.count("<path") == 2


def test_gutters_hold_every_upright_run_and_bare_paths_leave_them_out(sample: Document) -> None:
    svg = render_svg(sample, banded=True)
    routes = compute_flow_routes(sample, compute_layout(sample))
    upright = [a[0] for route in routes for a, b in itertools.pairwise(route.points) if a[0] == b[0]]
    assert upright
    for x in upright:
        assert any(left <= x - 0.8 and x + 0.8 <= right for left, right in svg.gutters), x
    flows = [piece for piece in svg.pieces if piece.layer == 1 and piece.area != EVERYWHERE]
    for piece, route in zip(flows, routes, strict=True):
        left, top, right, bottom = piece.area
        assert all(left <= x <= right and top <= y <= bottom for x, y in route.points)


@pytest.mark.parametrize(
    ("scale", "transparent", "focus"),
    [(2, False, False), (1.5, True, False), (1, False, True), (1.37, False, False)],
)
def test_bands_and_sideways_strips_draw_what_the_whole_svg_shows(
    sample: Document,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    scale: float,
    transparent: bool,
    focus: bool,
) -> None:
    monkeypatch.setattr(bands_module, "TILE_ROWS", 300)  # many tiles, cut anywhere
    monkeypatch.setattr(raster_module, "BAND_PIXELS", 400_000)  # many bands
    persona = sample.personas.at(0).id if focus else ""
    options = ExportOptions(scale=scale, transparent=transparent, persona=persona, gaps=focus)
    path = export_map(sample, tmp_path / "map.png", options)
    difference = compare(QImage(str(path)), whole(sample, options))
    assert difference.mean < 0.05 and difference.share_over_64 < 1e-5 and difference.worst_block <= 2, (
        difference
    )


@pytest.mark.parametrize("focus", [False, True])
def test_pictures_stroke_curves_in_parts_that_continue_the_dashes(sample: Document, focus: bool) -> None:
    focused = sample.personas.at(0).id if focus else ""
    svg = render_svg(sample, ExportOptions(scale=2, persona=focused), banded=True)
    # a curve's piece is one path; its points' pieces have circles (the faces' eyes)
    above = [piece for piece in svg.pieces if piece.layer == ABOVE]
    curves = [piece for piece in above if piece.text.count("<path") == 1 and "<circle" not in piece.text]
    assert len(curves) == 2
    for piece in curves:
        (whole_d,) = re.findall(r'<path d="([^"]*)"', piece.text)
        if focus and 'opacity="0.25"' in piece.text:
            assert piece.drawn is None  # faded: parts would overlap darker where they meet
            continue
        assert piece.drawn is not None
        parts = re.findall(r'<path d="([^"]*)"[^>]*?(?: stroke-dashoffset="([^"]*)")?/>', piece.drawn)
        assert len(parts) == -(-whole_d.count("C") // CURVE_PART) > 1
        # each part starts where the one before ends, and together they are the whole curve
        joined = parts[0][0] + "".join(re.sub(r"^M[^C]*", "", d) for d, _ in parts[1:])
        assert joined == whole_d
        for (before, _), (after, _) in itertools.pairwise(parts):
            assert after.startswith("M" + " ".join(before.rsplit(" ", 2)[1:]) + "C")
        offsets = [float(offset or 0) for _, offset in parts]
        if "stroke-dasharray" in piece.text:
            # each part's dashes start where the curve before it left them: its length so far
            lengths = list(itertools.accumulate(path_length(d) for d, _ in parts[:-1]))
            assert offsets[0] == 0
            assert offsets[1:] == pytest.approx(lengths, rel=2e-3, abs=0.05)
        else:
            assert not any(offsets)


def path_length(d: str) -> float:
    """The length of SVG path data made of one move and cubic Béziers, as Qt measures it."""
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", d)]
    path = QPainterPath(QPointF(*numbers[:2]))
    for at in range(2, len(numbers), 6):
        path.cubicTo(*numbers[at : at + 6])
    return path.length()


def test_a_document_holds_the_pieces_that_reach_its_window(sample: Document) -> None:
    svg = render_svg(sample, ExportOptions(scale=2), banded=True)
    painter = BandPainter(svg, *pixel_size(svg, 2), transparent=False)

    def reaches(piece: Piece, window: tuple[float, float, float, float], bare: bool) -> bool:
        if bare and piece.bare is not None:
            return any(top <= window[3] and bottom >= window[1] for top, bottom in piece.bare_rows)
        left, top, right, bottom = piece.area
        return left <= window[2] and right >= window[0] and top <= window[3] and bottom >= window[1]

    rng = random.Random(5)
    for _ in range(300):
        x, y = rng.uniform(-100, svg.width), rng.uniform(-100, svg.height)
        window = (x, y, x + rng.choice([1, 50, svg.width]), y + rng.choice([0, 30, 700, svg.height]))
        layer, bare = rng.choice([0, 1, 2]), rng.random() < 0.5
        expected = [
            piece.text
            if piece.layer == FRAME
            else piece.bare
            if bare and piece.bare
            else piece.drawn or piece.text
            for piece in svg.pieces
            if piece.layer == FRAME or (piece.layer == layer and reaches(piece, window, bare))
        ]
        assert painter.document(layer, window, bare) == "".join(expected).encode("utf-8")


def test_strips_are_started_while_the_rest_is_built_and_drawn_once(
    sample: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[int, int, int, int]] = []
    started: list[MapSvg] = []
    draw_strip, start_strips = BandPainter.draw_strip, PngWriter.start_strips

    def draw(painter: BandPainter, strip: tuple[int, int, int, int]) -> QImage:
        drawn.append(strip)
        return draw_strip(painter, strip)

    def start(writer: PngWriter, flows: MapSvg) -> None:
        started.append(flows)
        start_strips(writer, flows)

    monkeypatch.setattr(BandPainter, "draw_strip", draw)
    monkeypatch.setattr(PngWriter, "start_strips", start)
    export_map(sample, tmp_path / "map.png", ExportOptions(scale=2))
    (flows,) = started
    assert {piece.layer for piece in flows.pieces} == {FRAME, 1}  # nothing but the flows yet
    strips = BandPainter(flows, *pixel_size(flows, 2), transparent=False).strips
    assert strips and sorted(drawn) == sorted(strips)


def test_a_band_waits_only_for_the_tiles_over_its_rows(
    sample: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bands_module, "TILE_ROWS", 400)
    monkeypatch.setattr(raster_module, "BAND_PIXELS", 400_000)
    last_tile_may_go, first_band_done = threading.Event(), threading.Event()
    draw_strip, deflate_rows = BandPainter.draw_strip, raster_module.deflate

    def draw(painter: BandPainter, strip: tuple[int, int, int, int]) -> QImage:
        if strip == painter.strips[-1]:
            assert last_tile_may_go.wait(60)
        return draw_strip(painter, strip)

    def deflate(lines: memoryview, rows: int) -> object:
        first_band_done.set()
        return deflate_rows(lines, rows)

    monkeypatch.setattr(BandPainter, "draw_strip", draw)
    monkeypatch.setattr(raster_module, "deflate", deflate)
    with ThreadPoolExecutor(max_workers=1) as pool:
        export = pool.submit(export_map, sample, tmp_path / "map.png", ExportOptions(scale=2))
        assert first_band_done.wait(20)  # while the bottom tile is still held back
        assert not export.done()
        last_tile_may_go.set()
        export.result()
    assert not QImage(str(tmp_path / "map.png")).isNull()


def test_one_band_or_many_give_the_same_picture(small: Document) -> None:
    svg = render_svg(small, ExportOptions(scale=2), banded=True)
    width, height = pixel_size(svg, 2)
    painter = BandPainter(svg, width, height, transparent=False)
    once = painter.draw(0, height)
    rows = 37
    for top in range(0, height, rows):
        band = painter.draw(top, min(rows, height - top))
        assert compare(band, once.copy(0, top, width, band.height())).worst_block <= 1


def test_bands_are_cut_where_least_is_drawn_across(small: Document) -> None:
    svg = render_svg(small, banded=True)
    frame = tuple(piece for piece in svg.pieces if piece.layer == FRAME)
    heavy = Piece("<g>" + "<rect/>" * 500 + "</g>", BELOW, (0, 380, 100, 420))  # reaches 364 to 436
    light = Piece("<g><rect/></g>", BELOW, (0, 0, 100, 1000))
    # the flows are laid in strips and bare forms, not cut by bands: they don't move a cut
    flows = Piece("<g>" + "<path/>" * 900 + "</g>", FLOWS, (0, 340, 100, 350), "<g/>", ((340, 350),))
    drawing = MapSvg("", 100, 1000, (0, 0), (*frame, light, heavy, flows))
    tops = BandPainter(drawing, 100, 1000, transparent=False).cuts(400)
    assert tops[:2] == [0, 364]  # not through the heavy piece, as near 400 as can be
    ends = [*tops[1:], 1000]
    assert all(300 <= end - top <= 400 for top, end in zip(tops[:-1], ends[:-1], strict=True))
    assert 0 < ends[-1] - tops[-1] <= 400
    assert BandPainter(drawing, 100, 1000, transparent=False).cuts(2000) == [0]


@pytest.mark.parametrize("scale", [2, 1.37, 0.31])
def test_the_paper_is_filled_where_no_lane_covers_it_and_nothing_older_shows(
    sample: Document, scale: float
) -> None:
    svg = render_svg(sample, ExportOptions(scale=scale), banded=True)
    assert svg.paper and len(svg.covered) == len(sample.lanes)
    width, height = pixel_size(svg, scale)
    painter = BandPainter(svg, width, height, transparent=False)
    assert b'id="background"' not in painter.document(BELOW, EVERYWHERE)
    rows = height // 3 + 1
    pictures = []
    for old in (Qt.GlobalColor.magenta, Qt.GlobalColor.green):  # what a reused image still holds
        bands = []
        for top in range(0, height, rows):
            image, count = painter.new_image(rows), min(rows, height - top)
            image.fill(old)
            bands.append(painter.draw(top, count, image=image).copy(0, 0, width, count))
        pictures.append(bands)
    for first, second in zip(*pictures, strict=True):
        assert first == second


def test_adler32_of_joined_parts_comes_from_the_parts() -> None:
    rng = random.Random(7)
    for first_length, second_length in [(0, 0), (1, 0), (0, 5), (100, 70_000), (65_521, 3)]:
        first, second = rng.randbytes(first_length), rng.randbytes(second_length)
        combined = adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second))
        assert combined == zlib.adler32(first + second)


def test_segments_deflated_apart_make_one_valid_stream() -> None:
    width, height, rows = 5, 9, 4
    pixels = bytes(random.Random(3).randrange(256) for _ in range(width * 3 * height))
    picture = QImage(pixels, width, height, width * 3, QImage.Format.Format_RGB888)
    out = io.BytesIO()
    stream = PngStream(out, width, height, 96, alpha=False)
    # as PNG files are written: each band packed into the scanlines' rows, deflated on its own
    lines, packed = _scanline_image(width, rows, stream.row_bytes, QImage.Format.Format_RGB888)
    segments = [
        pack_rows(picture, top, min(rows, height - top), lines, packed) for top in range(0, height, rows)
    ]
    for segment in segments:
        stream.add(segment)
    stream.close()
    image = QImage.fromData(out.getvalue()).convertToFormat(QImage.Format.Format_RGB888)
    assert (image.width(), image.height()) == (width, height)
    decoded = b"".join(bytes(image.constScanLine(y))[: width * 3] for y in range(height))
    assert decoded == pixels


def test_a_band_drawn_on_another_thread_is_the_same(sample: Document) -> None:
    svg = render_svg(sample, banded=True)
    width, height = pixel_size(svg, 1)
    painter = BandPainter(svg, width, height, transparent=False)
    here = painter.draw(100, 300)
    with ThreadPoolExecutor(max_workers=2) as pool:
        there = list(pool.map(lambda _: painter.draw(100, 300), range(2)))
    for image in there:
        assert compare(image, here).mean == 0


def test_an_svg_without_pieces_is_drawn_whole(small: Document) -> None:
    svg = render_svg(small, banded=True)
    plain = MapSvg(svg.text, svg.width, svg.height)
    assert compare(render_image(plain, 1, False), render_image(svg, 1, False)).worst_block <= 1
