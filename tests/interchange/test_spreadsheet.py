"""Spreadsheet import and export: grid and flat layouts, CSV and XLSX, errors with row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_studio.interchange.spreadsheet import (
    SpreadsheetError,
    detect_layout,
    document_from_rows,
    flat_rows,
    grid_rows,
    read_flat_csv,
    read_grid_csv,
    read_spreadsheet,
    read_xlsx,
    write_flat_csv,
    write_grid_csv,
    write_xlsx,
)
from journey_studio.interchange.spreadsheet_cells import write_atomically
from journey_studio.interchange.spreadsheet_values import guess_lane_kind
from journey_studio.model import DEFAULT_CARD_KIND, Card, Document, Lane, MapInfo, Persona, Stage

TRICKY = 'Say "hi", then; pay | wait\t😀 שלום עולם'


def write_text(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def cards_summary(doc: Document) -> list[tuple[Any, ...]]:
    """Everything a flat sheet keeps, by names rather than ids."""
    people = {p.id: p.name for p in doc.personas}
    return [
        (
            doc.stages[c.stage].name,
            doc.lanes[c.lane].name,
            doc.lanes[c.lane].kind,
            c.kind,
            c.title,
            c.description,
            c.channel,
            c.owner,
            [people[p] for p in c.personas],
            {people[k]: v for k, v in c.emotion.items()},
            c.metrics,
            c.exit,
        )
        for s in doc.stages
        for lane in doc.lanes
        for c in doc.cell_cards(s.id, lane.id)
    ]


def structure(doc: Document) -> tuple[list[str], list[tuple[str, str]]]:
    return [s.name for s in doc.stages], [(lane.name, lane.kind) for lane in doc.lanes]


def sample() -> Document:
    personas = [Persona("ann", "Ann"), Persona("heb", "דנה 😀")]
    stages = [Stage("s1", 'Discover, "first"'), Stage("s2", "Buy 🛒"), Stage("s3", "Empty stage")]
    lanes = [
        Lane("do", "Doing", "actions"),
        Lane("tp", "Touchpoints", "touchpoints"),
        Lane("em", "Feelings", "emotion"),
        Lane("pp", "Pain points", "pain_points"),
        Lane("vo", "Customer voice", "thoughts"),
    ]
    cards = [
        Card("c1", "action", "s1", "do", title=TRICKY),
        Card("c2", "action", "s1", "do", title="Ask a friend"),
        Card("c3", "touchpoint", "s1", "tp", title="Instagram ad", emotion={"ann": 4, "heb": 2.5}),
        Card("c4", "touchpoint", "s2", "tp", title="Checkout", emotion={"ann": 2}),
        Card("c5", "touchpoint", "s2", "tp", title="Receipt email", emotion={"ann": 3}),
        Card("c6", "note", "s2", "em", title="Relieved"),
        Card("c7", "pain_point", "s2", "pp", title="Card declined"),
        Card("c8", "thought", "s1", "vo", title="Is it worth it?"),
    ]
    return Document(MapInfo(title="Shop"), personas, stages, lanes, cards)


def rich() -> Document:
    doc = sample()
    doc.update(
        "cards",
        "c3",
        {
            "description": 'Line one, with "quotes"\nLine two; ✓\n\nעברית',
            "channel": "social media",
            "owner": "marketing",
            "personas": ["ann", "heb"],
            "metrics": {"reach": 12000.0, "ctr": 0.035},
        },
    )
    doc.update("cards", "c7", {"exit": True, "kind": "note", "description": "=SUM(A1:A3)"})
    return doc


# ---- grid -------------------------------------------------------------------------------------
def test_hand_written_grid_imports_with_guessed_kinds_and_scores(tmp_path: Path) -> None:
    rows = [
        ["Lane / stage", "Discover", "Buy"],
        ["DOING:", "See ad\nAsk friend", "Pay"],
        ["Touch-points", "Instagram", "Checkout\nEmail"],
        ["Feeling", "4", "2\nFrustrated"],
        ["Ideas & wishes", "", "One-click pay"],
    ]
    doc = read_grid_csv(write_text(tmp_path / "g.csv", rows))
    assert structure(doc) == (
        ["Discover", "Buy"],
        [
            ("DOING:", "actions"),
            ("Touch-points", "touchpoints"),
            ("Feeling", "emotion"),
            ("Ideas & wishes", "opportunities"),
        ],
    )
    titles = [(c.title, c.kind) for c in doc.cards]
    assert ("See ad", "action") in titles and ("One-click pay", "opportunity") in titles
    assert ("Frustrated", DEFAULT_CARD_KIND["emotion"]) in titles
    assert [p.name for p in doc.personas] == ["Customer"]
    scores = {c.title: list(c.emotion.values()) for c in doc.cards if c.kind == "touchpoint"}
    assert scores == {"Instagram": [4.0], "Checkout": [2.0], "Email": [2.0]}


def test_score_lines_pair_with_touchpoints_or_stay_in_the_emotion_lane() -> None:
    doc = document_from_rows(
        [["", "A", "B"], ["Touchpoints", "One\nTwo", ""], ["Emotion", "Ann=4; Bo=2\n-", "3"]], "grid"
    )
    people = {p.id: p.name for p in doc.personas}
    found = [(c.title, c.lane, {people[k]: v for k, v in c.emotion.items()}) for c in doc.cards]
    lanes = [lane.id for lane in doc.lanes]
    assert found == [
        ("One", lanes[0], {"Ann": 4, "Bo": 2}),
        ("Two", lanes[0], {}),
        ("", lanes[1], {"Customer": 3}),
    ]
    assert grid_rows(doc)[2][1:] == ["Ann=4; Bo=2\n-", "3"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Touchpoints", "touchpoints"),
        ("channels", "touchpoints"),
        ("Actions", "actions"),
        ("Doing", "actions"),
        ("Thinking", "thoughts"),
        ("THOUGHTS!", "thoughts"),
        ("Feeling", "emotion"),
        ("Emotions 😊", "emotion"),
        ("Pain-points", "pain_points"),
        ("pain_points", "pain_points"),
        ("Opportunities", "opportunities"),
        ("Back stage", "backstage"),
        ("Backstage (IT)", "backstage"),
        ("KPIs/Metrics", "metrics"),
        ("Metrics", "metrics"),
        ("Customer voice", "notes"),
        ("", "notes"),
    ],
)
def test_lane_kinds_are_guessed_from_common_names(name: str, kind: str) -> None:
    assert guess_lane_kind(name) == kind


def test_grid_round_trip_csv_and_xlsx(tmp_path: Path) -> None:
    doc = sample()
    expected = grid_rows(doc)
    assert expected[5][0] == "Customer voice [thoughts]"  # a kind the name does not suggest is spelled out
    for path in (tmp_path / "map.csv", tmp_path / "map.xlsx"):
        if path.suffix == ".csv":
            write_grid_csv(doc, path)
        else:
            write_xlsx(doc, path)
        again = read_spreadsheet(path)
        assert grid_rows(again) == expected
        assert structure(again) == structure(doc)
        assert [(c.title, c.kind) for c in again.cards] == [(c.title, c.kind) for c in doc.cards]
        assert cards_summary(again)[2][9] == {"Ann": 4, "דנה 😀": 2.5}


def test_grid_writes_untitled_names_and_adds_an_emotion_row_for_scores() -> None:
    doc = Document(
        None,
        [Persona("p", "Customer")],
        [Stage("s", "")],
        [Lane("t", "", "touchpoints")],
        [Card("c", "touchpoint", "s", "t", title="Call", emotion={"p": 1.5})],
    )
    rows = grid_rows(doc)
    assert rows == [["", "Stage 1"], ["Lane 1 [touchpoints]", "Call"], ["Emotion", "1.5"]]
    assert grid_rows(document_from_rows(rows)) == rows


# ---- flat -------------------------------------------------------------------------------------
def test_flat_round_trip_keeps_everything_it_names(tmp_path: Path) -> None:
    doc = rich()
    write_flat_csv(doc, tmp_path / "cards.csv")
    again = read_flat_csv(tmp_path / "cards.csv")
    assert cards_summary(again) == cards_summary(doc)
    assert structure(again) == structure(doc)  # the empty stage survives as a declaration row
    write_xlsx(doc, tmp_path / "cards.xlsx", layout="flat")
    from_xlsx = read_xlsx(tmp_path / "cards.xlsx")
    assert cards_summary(from_xlsx) == cards_summary(doc)
    assert flat_rows(from_xlsx) == flat_rows(again)


def test_flat_reads_partial_headers_and_tolerant_values(tmp_path: Path) -> None:
    rows = [
        ["Title", "Stage", "Lane", "Type", "Persona", "Scores", "Metric", "Exit", "Something else"],
        ["Sign up", "Join", "Touchpoints", "", "Ann", "4,5", "clicks=12", "no", "ignored"],
        ["Lost", "Join", "Pain", "Pain points", "", "Bo: 2; Cy=1", "", "x", ""],
    ]
    doc = read_spreadsheet(write_text(tmp_path / "f.csv", rows, delimiter=";"))
    summary = cards_summary(doc)
    assert summary[0][3:5] == ("touchpoint", "Sign up") and summary[0][9] == {"Ann": 4.5}
    assert summary[0][10] == {"clicks": 12.0}
    assert summary[1][2:5] == ("pain_points", "pain_point", "Lost") and summary[1][9] == {"Bo": 2, "Cy": 1}
    assert summary[1][11] is True


def test_formula_like_text_stays_text_in_xlsx(tmp_path: Path) -> None:
    doc = rich()
    write_xlsx(doc, tmp_path / "f.xlsx", layout="flat")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "=SUM(A1:A3)" in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "=SUM(A1:A3)" in [c[5] for c in cards_summary(read_spreadsheet(tmp_path / "f.xlsx"))]


# ---- delimiters and encodings -----------------------------------------------------------------
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_each_delimiter_and_encoding(tmp_path: Path, delimiter: str, encoding: str) -> None:
    title = "Café, “quoted” | x; y" if encoding == "cp1252" else TRICKY
    rows = [
        ["stage", "lane", "title", "description"],
        ["Start", "Doing", title, 'two\nlines, "quoted"'],
        ["Start", "Doing", "Second", ""],
    ]
    doc = read_spreadsheet(write_text(tmp_path / "x.csv", rows, delimiter, encoding))
    assert [(c.title, c.description) for c in doc.cards] == [(title, 'two\nlines, "quoted"'), ("Second", "")]
    grid = [["", "Start", "End"], ["Doing", f"{title}\nSecond", "Last"]]
    doc = read_spreadsheet(write_text(tmp_path / "g.csv", grid, delimiter, encoding))
    assert [c.title for c in doc.cards] == [title, "Second", "Last"]


def test_layout_and_format_detection(tmp_path: Path) -> None:
    assert detect_layout([[], ["Stage", "LANE", "title"]]) == "flat"
    assert detect_layout([["", "Stage 1"], ["Lane", "x"]]) == "grid"
    with pytest.raises(SpreadsheetError, match=r"neither a \.csv nor an \.xlsx"):
        read_spreadsheet(tmp_path / "map.ods")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(SpreadsheetError, match="cannot read"):
        read_spreadsheet(tmp_path / "bad.xlsx")


# ---- malformed sheets -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[""], [""]], "the sheet is empty"),
        (
            [["", "A", " ", "B"], ["Doing", "x", "y"]],
            "row 2, column C: this column has cards but no stage name",
        ),
        ([["Lane", "", ""], ["Doing", "x", ""]], "row 1, column B: the first row needs stage names"),
        (
            [["", "A", "B"], ["Doing", "x"], ["Thinking", "y", "z", "extra"]],
            "row 3, column D: this cell is outside",
        ),
        ([["Lanes"], ["Doing"]], "row 1, column B: the first row needs stage names"),
        ([["", "A"], ["", "orphan"]], "row 2, column A: this row has cards but no lane name"),
        ([["", "A"], ["Touchpoints", "x"], ["Feeling", "7"]], "row 3, column B: the score 7 must be 1 to 5"),
        ([["", "A"], ["Touchpoints", "x"], ["Feeling", "Ann=0.7"]], "row 3, column B: the score 0.7"),
        (
            [["", "A"], ["Touchpoints", "x\ny\nz"], ["Feeling", "4\n3"]],
            "row 3, column B: 2 score lines but 3",
        ),
    ],
)
def test_malformed_grids_name_row_and_column(rows: list[list[str]], message: str) -> None:
    with pytest.raises(SpreadsheetError) as caught:
        document_from_rows(rows, "grid")
    assert str(caught.value).startswith(message)


FLAT = ["stage", "lane", "kind", "title", "personas", "emotion", "metrics", "exit"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["A", "Doing", "gadget", "x", "", "", "", ""], "row 2, column C: unknown card kind 'gadget'"),
        (["A", "Doing", "", "x", "Ann", "Ann=nine", "", ""], "row 2, column F: 'nine' is not a score"),
        (["A", "Doing", "", "x", "", "6", "", ""], "row 2, column F: the score 6 must be 1 to 5"),
        (["A", "Doing", "", "x", "", "=4", "", ""], "row 2, column F: '=4' needs a persona name"),
        (
            ["A", "Doing", "", "x", "", "", "views", ""],
            "row 2, column G: 'views' should be written name=number",
        ),
        (["A", "Doing", "", "x", "", "", "views=lots", ""], "row 2, column G: 'lots' is not a number"),
        (["A", "Doing", "", "x", "", "", "", "maybe"], "row 2, column H: 'maybe' should be yes or no"),
        (["", "Doing", "", "x", "", "", "", ""], "row 2, column A: a card needs a stage"),
        (["A", "", "", "x", "", "", "", ""], "row 2, column B: a card needs a lane"),
        (["A", "Doing", "", "x" * 501, "", "", "", ""], "row 2, column D: title is longer than 500"),
        (
            ["A", "Doing", "", "x", "", "", "", "", "stray"],
            "row 2, column I: this cell has no column heading",
        ),
    ],
)
def test_malformed_flat_rows_name_row_and_column(row: list[str], message: str) -> None:
    with pytest.raises(SpreadsheetError) as caught:
        document_from_rows([FLAT, row])
    assert str(caught.value).startswith(message)
    assert caught.value.row == 2


def test_flat_header_problems() -> None:
    with pytest.raises(SpreadsheetError, match="row 1: the header row needs a 'title' column"):
        document_from_rows([["stage", "lane", "kind"], ["a", "b", "note"]], "flat")
    with pytest.raises(SpreadsheetError, match="row 1, column C: the column 'stage' appears twice"):
        document_from_rows([["stage", "lane", "Stage", "title"]], "flat")


def test_uncalculated_formula_is_refused_with_its_cell(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["", "Start"])
    sheet.append(["Doing", "=1+1"])
    book.save(tmp_path / "formula.xlsx")
    with pytest.raises(SpreadsheetError, match="row 2, column B: this formula was never calculated"):
        read_spreadsheet(tmp_path / "formula.xlsx")


def test_failed_write_leaves_the_old_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "map.csv"
    target.write_text("old")

    def broken(stream: Any) -> None:
        stream.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.csv"]


# ---- random documents -------------------------------------------------------------------------
text_st = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85")
    | st.sampled_from(",;\"'|=:"),
    max_size=12,
).map(lambda t: " ".join(t.split()))
label_st = text_st.filter(lambda t: any(ch.isalpha() for ch in t))
long_st = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85") | st.just("\n"),
    max_size=30,
).map(str.strip)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    names = draw(st.lists(label_st.map(lambda n: n.replace(";", ",")), max_size=3, unique=True))
    personas = [Persona(f"p{i}", n) for i, n in enumerate(names)]
    stages = [
        Stage(f"s{i}", n) for i, n in enumerate(draw(st.lists(label_st, min_size=1, max_size=3, unique=True)))
    ]
    kinds = draw(st.lists(st.sampled_from(list(DEFAULT_CARD_KIND)), min_size=1, max_size=4))
    lane_names = draw(st.lists(label_st, min_size=len(kinds), max_size=len(kinds), unique=True))
    lanes = [Lane(f"l{i}", n, k) for i, (n, k) in enumerate(zip(lane_names, kinds, strict=True))]
    cards = []
    for i in range(draw(st.integers(0, 8))):
        lane = draw(st.sampled_from(lanes))
        scored = draw(st.lists(st.sampled_from(personas), unique_by=lambda p: p.id)) if personas else []
        cards.append(
            Card(
                f"c{i}",
                draw(st.sampled_from(list(DEFAULT_CARD_KIND.values()))),
                draw(st.sampled_from(stages)).id,
                lane.id,
                title=draw(label_st),
                description=draw(long_st),
                channel=draw(text_st),
                personas=[p.id for p in scored][:1],
                emotion={p.id: draw(st.sampled_from([1, 1.5, 2, 3, 4.5, 5])) for p in scored},
                metrics=draw(
                    st.dictionaries(
                        label_st.map(lambda n: n.replace(";", ",")),
                        st.integers(-999, 999).map(float),
                        max_size=2,
                    )
                ),
                exit=draw(st.booleans()),
            )
        )
    return Document(None, personas, stages, lanes, cards)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_random_documents_round_trip(tmp_path: Path, doc: Document) -> None:
    write_flat_csv(doc, tmp_path / "flat.csv")
    again = read_spreadsheet(tmp_path / "flat.csv")
    assert cards_summary(again) == cards_summary(doc)
    assert structure(again) == structure(doc)
    rows = grid_rows(doc)
    write_grid_csv(doc, tmp_path / "grid.csv")
    assert grid_rows(read_spreadsheet(tmp_path / "grid.csv")) == rows
    assert grid_rows(document_from_rows(rows, "grid")) == rows
