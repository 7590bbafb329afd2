"""Text layout shared by canvas and exports: whole-pixel fonts, wrapping into lines, eliding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

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


def wrapped_word_by_word(text: str, metrics: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """Wrapping as it was first written: one measurement for each word added to a line."""
    words, lines, current, index = text.split(), [], "", 0
    while index < len(words):
        candidate = f"{current} {words[index]}" if current else words[index]
        if metrics.horizontalAdvance(candidate) <= width:
            current, index = candidate, index + 1
            continue
        if not current:
            current, index = metrics.elidedText(words[index], Qt.TextElideMode.ElideRight, width), index + 1
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
    if index < len(words):
        rest = " ".join([lines[-1], *words[index:]]) if lines else " ".join(words[index:])
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


WORDS = st.text(alphabet="aeilmnoTWVAy.,'-–ğשל🙂", min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(WORDS, max_size=12),
    width=st.floats(min_value=4, max_value=260),
    max_lines=st.integers(min_value=1, max_value=3),
    bold=st.booleans(),
)
def test_bisected_wrapping_gives_the_lines_word_by_word_wrapping_gives(
    words: list[str], width: float, max_lines: int, bold: bool
) -> None:
    metrics = font_metrics(9.5, bold)
    text = " ".join(words)
    expected = wrapped_word_by_word(text, metrics, width, max_lines)
    assert wrap_lines(text, metrics, width, max_lines) == expected
