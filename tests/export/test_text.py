"""Text layout shared by canvas and exports: whole-pixel fonts, wrapping into lines, eliding."""

from __future__ import annotations

from journey_studio.canvas import painting
from journey_studio.layout import text
from journey_studio.layout.text import elide, font_metrics, map_font, pixel_size, wrap_lines


def test_fonts_are_whole_pixels_at_96_dpi() -> None:
    assert [pixel_size(p) for p in (7, 7.5, 8, 8.5, 9.5, 11, 18)] == [9, 10, 11, 11, 13, 15, 24]
    font = map_font(9.5, True)
    assert font.pixelSize() == 13 and font.bold() and font.families()[0] == "DejaVu Sans"


def test_the_canvas_wraps_with_the_same_function() -> None:
    assert painting.wrap_lines is text.wrap_lines


def test_wrapping_fills_lines_then_elides_the_last() -> None:
    metrics = font_metrics(9.5, True)
    width = metrics.horizontalAdvance("Requests a demo on")
    assert wrap_lines("Requests a demo on the website", metrics, width, 2) == [
        "Requests a demo on",
        "the website",
    ]
    lines = wrap_lines("one two three four five six seven eight nine ten", metrics, width, 2)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)


def test_a_word_wider_than_the_line_is_cut() -> None:
    metrics = font_metrics(8)
    lines = wrap_lines("Supercalifragilisticexpialidocious is long", metrics, 60, 2)
    assert lines[0].endswith("…") and metrics.horizontalAdvance(lines[0]) <= 60
    assert wrap_lines("", metrics, 60, 2) == []
    assert wrap_lines("  spaced \n  out  ", metrics, 200, 2) == ["spaced out"]


def test_elide_keeps_short_text_and_cuts_long_text() -> None:
    metrics = font_metrics(8)
    assert elide("short", metrics, 200) == "short"
    assert elide("a rather long line of text", metrics, 50).endswith("…")
    assert elide("anything", metrics, -5) == ""
