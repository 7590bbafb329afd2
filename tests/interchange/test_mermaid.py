"""Mermaid journey import and export: Mermaid's own examples, refusals, round trips."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_studio.interchange.mermaid import (
    MermaidError,
    extract_mermaid_blocks,
    parse_markdown,
    parse_mermaid,
    write_mermaid,
)
from journey_studio.interchange.mermaid_syntax import strip_js
from journey_studio.model import Card, Document, Flow, Lane, MapInfo, Persona, Stage

FIXTURES = Path(__file__).parent / "fixtures" / "mermaid"

Task = tuple[str, dict[str, float], float | None]  # title, actor → score, score for everyone


def summary(doc: Document) -> list[tuple[str, list[Task]]]:
    """Stages with their touchpoints (in export order), scores by actor name."""
    from journey_studio.interchange.mermaid import stage_path

    names = {p.id: p.name for p in doc.personas}
    return [
        (
            stage.name,
            [
                (c.title, {names[k]: v for k, v in c.emotion.items()}, c.metrics.get("score"))
                for c in stage_path(doc, stage.id)
            ],
        )
        for stage in doc.stages
    ]


def load(name: str) -> Document:
    return parse_mermaid((FIXTURES / name).read_text(encoding="utf-8"))


GUSTAVO = "Gustavo Fring is played by Giancarlo Esposito and is a character in Breaking Bad."
WORKING_DAY = [
    (
        "Go to work",
        [
            ("Make tea", {"Me": 5}, None),
            ("Go upstairs", {"Me": 3}, None),
            ("Do work", {"Me": 1, "Cat": 1}, None),
        ],
    ),
    ("Go home", [("Go downstairs", {"Me": 5}, None), ("Sit down", {"Me": 5}, None)]),
]
EXPECTED: dict[str, tuple[str, str, list[Any]]] = {
    "docs_working_day.mmd": ("My working day", "", WORKING_DAY),
    "e2e_working_day.mmd": (
        "My working day",
        "",
        [WORKING_DAY[0], ("Go home", [("Go downstairs", {"Me": 5}, None), ("Sit down", {"Me": 3}, None)])],
    ),
    "spec_title.mmd": ("Adding journey diagram functionality to mermaid", "", []),
    "spec_section.mmd": ("Adding journey diagram functionality to mermaid", "", [("Order from website", [])]),
    "spec_acc_descr.mmd": (
        "Adding journey diagram functionality to mermaid",
        "A user journey for family shopping",
        [("Order from website", [])],
    ),
    "spec_acc_descr_multiline.mmd": (
        "Adding journey diagram functionality to mermaid",  # the title line wins over accTitle
        "A user journey for\nfamily shopping",
        [("Order from website", [])],
    ),
    "spec_acc_title.mmd": ("The title", "", [("Order from website", [])]),
    "spec_section_line_breaks.mmd": (
        "Adding gantt diagram functionality to mermaid",
        "",
        [("Line1\nLine2\nLine3</br />Line4\nLine5", [])],
    ),
    "spec_tasks.mmd": (
        "Adding journey diagram functionality to mermaid",
        "",
        [
            (
                "Documentation",
                [
                    ("A task", {"Alice": 5, "Bob": 5, "Charlie": 5}, None),
                    ("B task", {"Bob": 3, "Charlie": 3}, None),
                    ("C task", {}, 5),
                    ("D task", {"Charlie": 5, "Alice": 5}, None),
                    ("E task", {}, 5),
                ],
            ),
            ("Another section", [("P task", {}, 5), ("Q task", {}, 5), ("R task", {}, 5)]),
        ],
    ),
    "db_family_shopping.mmd": (
        "Shopping",
        "A user journey for family shopping",
        [
            (
                "Journey to the shops",
                [
                    ("Get car keys", {"Dad": 5}, None),
                    ("Go to car", {"Dad": 3, "Mum": 3, "Child#1": 3, "Child#2": 3}, None),
                    ("Drive to supermarket", {"Dad": 4}, None),
                ],
            ),
            ("Do shopping", [("Go shopping", {"Mum": 5}, None)]),
        ],
    ),
    "e2e_simple.mmd": ("Adding journey diagram functionality to mermaid", "", [("Order from website", [])]),
    "e2e_e_commerce.mmd": (
        "E-Commerce",
        "",
        [
            ("Order from website", [("Add to cart", {"Me": 5}, None)]),
            ("Checkout from website", [("Add payment details", {"Me": 5}, None)]),
        ],
    ),
    "e2e_left_margin.mmd": (
        "User Journey Example",
        "",
        [
            (
                "Onboarding",
                [("Sign Up", {}, 5), ("Browse Features", {}, 3), ("Use Core Functionality", {}, 4)],
            ),
            ("Engagement", [("Browse Features", {}, 3), ("Use Core Functionality", {}, 4)]),
        ],
    ),
    "e2e_long_word.mmd": (
        "Long Word Test",
        "",
        [("Test", [("VeryLongWord", {"Supercalifragilisticexpialidocious": 5}, None)])],
    ),
    "e2e_whitespace.mmd": (
        "Whitespace Test",
        "",
        [
            (
                "Test",
                [
                    (
                        "TextWithSpaces",
                        {GUSTAVO: 5},
                        None,
                    )
                ],
            )
        ],
    ),
    "e2e_title_styling.mmd": (
        "User Journey Example",
        "",
        [
            (
                "Onboarding",
                [("Sign Up", {"John": 5, "Shahir": 5}, None), ("Complete Profile", {"John": 4}, None)],
            ),
            (
                "Engagement",
                [("Browse Features", {"John": 3}, None), ("Use Core Functionality", {"John": 4}, None)],
            ),
            (
                "Retention",
                [("Revisit Application", {"John": 5}, None), ("Invite Friends", {"John": 3}, None)],
            ),
        ],
    ),
    "e2e_valid_score.mmd": (
        "Untitled journey",
        "",
        [
            ("Go to work", [("Make tea", {"Me": 4}, None), ("Go upstairs", {"Me": 3}, None)]),
            ("Go home", [("Go downstairs", {"Me": 5}, None), ("Sit down", {"Me": 2}, None)]),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mermaid_examples_import_as_mermaid_reads_them(name: str) -> None:
    title, description, stages = EXPECTED[name]
    doc = load(name)
    assert doc.info.title == title
    assert doc.info.description == description
    assert summary(doc) == stages
    assert [lane.kind for lane in doc.lanes] == ["touchpoints", "emotion"]
    assert all(card.kind == "touchpoint" for card in doc.cards)


def test_web_hook_example_keeps_repeated_sections_and_inner_spaces() -> None:
    doc = load("e2e_web_hook.mmd")
    assert doc.info.title == "Web hook life cycle"
    assert [s.name for s in doc.stages] == ["Darkoob", "External Service", "Darkoob"]
    stages = summary(doc)
    assert stages[0][1][1][0] == "register slug"
    assert stages[1][1][0] == ("set Darkoob slug as hook for an Event", {"admin Exjjjnjjjj qwerty": 5}, None)
    actors = {p.name for p in doc.personas}
    assert "External Service" in actors
    assert any(name.endswith("diagram is  maintained") for name in actors)


def test_personas_follow_mermaid_legend_order_and_colours() -> None:
    doc = load("db_family_shopping.mmd")
    assert [p.name for p in doc.personas] == ["Child#1", "Child#2", "Dad", "Mum"]
    assert len({p.colour for p in doc.personas}) == 4


def test_consecutive_tasks_become_one_path() -> None:
    doc = load("docs_working_day.mmd")
    cards = list(doc.cards)
    assert [(f.source, f.target) for f in doc.flows] == [(a.id, b.id) for a, b in itertools.pairwise(cards)]


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("refuse_score_not_a_number.mmd", 7, "'Hello' is not a number"),
        ("refuse_score_below_zero.mmd", 4, "-10 is outside 0 to 5"),
        ("refuse_score_above_five.mmd", 4, "23 is outside 0 to 5"),
    ],
)
def test_scores_mermaid_refuses_are_refused(name: str, line: int, words: str) -> None:
    with pytest.raises(MermaidError) as caught:
        load(name)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"line {line}: ")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("\n\nflowchart TD\n  A --> B\n", 3, "not a journey diagram"),
        ("Journey\n  section A\n", 1, "lower case"),
        ("journey\n  section A\n    Make tea:\n", 3, "a task needs a score after the colon"),
        ("journey\n  section A\n    Make tea: : Me\n", 3, "a task needs a score after the colon"),
        ("journey\n  section A\n    Make tea: 3.5: Me\n", 3, "not a whole number"),
        ("journey\n  section A\n    Make tea\n", 3, "neither a section nor a task"),
        ("journey\n  section A\n    Make tea; 5: Me\n", 3, "semicolon"),
        ("journey\n  title A; B\n", 2, "semicolon"),
        ("journey\n  Section review: 5: Me\n", 2, "section name cannot contain a colon"),
        ("journey\n  section A\n  : 5: Me\n", 3, "a task needs a name before the colon"),
        ("journey\n  section A\n  Journey planning: 5: Me\n", 3, "journey may only open"),
        ("%% a comment\r\njourney\r\n  section A\r\n  Tea: x\r\n", 4, "'x' is not a number"),
        ("---\ntitle: Front\n---\njourney\n  section A\n  Tea: 9\n", 6, "9 is outside"),
    ],
)
def test_refusals_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(MermaidError) as caught:
        parse_mermaid(text)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_tolerates_what_mermaid_tolerates() -> None:
    text = (
        "\ufeff\n%%{init: {'theme': 'forest'}}%%\n  journey   \n\n"
        "    TITLE   Spaced title   \n"
        "  %% a comment line\n"
        "\tSECTION   First stage  \n"
        "      Make tea :5:Me,  , Me   # a trailing comment\n"
        "\n"
        "      Wait: 0: Me\n"
    )
    doc = parse_mermaid(text)
    assert doc.info.title == "Spaced title"
    assert summary(doc) == [("First stage", [("Make tea", {"Me": 5}, None), ("Wait", {"Me": 1}, None)])]


def test_front_matter_title_yields_to_title_line() -> None:
    assert parse_mermaid("---\ntitle: 'From front'\n---\njourney\n").info.title == "From front"
    assert parse_mermaid("---\ntitle: Front\n---\njourney\ntitle Line\n").info.title == "Line"


def test_tasks_before_any_section_go_to_a_nameless_first_stage() -> None:
    doc = parse_mermaid("journey\n  Wake up: 2: Me\n  section Morning\n  Coffee: 5: Me\n")
    assert summary(doc) == [("", [("Wake up", {"Me": 2}, None)]), ("Morning", [("Coffee", {"Me": 5}, None)])]
    text = write_mermaid(doc)
    assert text.splitlines()[1] == "      Wake up: 2: Me"
    assert summary(parse_mermaid(text)) == summary(doc)


def test_entity_codes_and_line_breaks_decode_like_mermaid_renders_them() -> None:
    doc = parse_mermaid("journey\n  section A#58; start\n  Pay #35;1#59; now<br/>please: 4: R#38;D\n")
    assert summary(doc) == [("A: start", [("Pay #1; now\nplease", {"R&D": 4}, None)])]


def build(
    stages: list[tuple[str, list[tuple[str, dict[str, float], float | None]]]], names: list[str]
) -> Document:
    personas = [Persona(f"p{i}", n) for i, n in enumerate(names)]
    ids = {p.name: p.id for p in personas}
    lane = Lane("touch", "Touchpoints", "touchpoints")
    stage_list, cards = [], []
    for si, (stage_name, tasks) in enumerate(stages):
        stage_list.append(Stage(f"s{si}", stage_name))
        for ti, (title, scores, everyone) in enumerate(tasks):
            cards.append(
                Card(
                    f"c{si}-{ti}",
                    "touchpoint",
                    f"s{si}",
                    "touch",
                    title=title,
                    emotion={ids[n]: v for n, v in scores.items()},
                    metrics={} if everyone is None else {"score": everyone},
                )
            )
    return Document(MapInfo(title="Trip"), personas, stage_list, [lane], cards)


def test_different_scores_split_into_lines_and_merge_back() -> None:
    doc = build([("Stay", [("Check in", {"Ann": 4, "Bo": 2, "Cy": 4}, 3)])], ["Ann", "Bo", "Cy"])
    text = write_mermaid(doc)
    assert "Check in: 4: Ann, Cy\n      Check in: 2: Bo\n      Check in: 3\n" in text
    again = parse_mermaid(text)
    assert len(again.cards) == 1
    assert summary(again) == summary(doc)


def test_same_named_neighbours_stay_two_cards() -> None:
    doc = build([("Wait", [("Queue", {"Ann": 2}, None), ("Queue", {"Bo": 4}, None)])], ["Ann", "Bo"])
    text = write_mermaid(doc)
    assert "%% next card" in text
    assert summary(parse_mermaid(text)) == summary(doc)
    merged = parse_mermaid(text.replace("      %% next card\n", ""))
    assert summary(merged) == [("Wait", [("Queue", {"Ann": 2, "Bo": 4}, None)])]


def test_half_scores_round_away_from_neutral_and_zero_becomes_one() -> None:
    doc = build([("S", [("T", {"A": 2.5, "B": 3.5, "C": 1.5, "D": 4.5, "E": 3}, None)])], list("ABCDE"))
    text = write_mermaid(doc)
    for line in ("T: 2: A", "T: 4: B", "T: 1: C", "T: 5: D", "T: 3: E"):
        assert line in text
    assert summary(parse_mermaid("journey\nsection S\nT: 0: A\n"))[0][1] == [("T", {"A": 1}, None)]
    assert summary(parse_mermaid("journey\nsection S\nT: 0\n"))[0][1] == [("T", {}, 0)]


def test_unscored_touchpoint_is_written_neutral() -> None:
    doc = build([("S", [("T", {}, None)])], [])
    assert "      T: 3\n" in write_mermaid(doc)


def test_export_follows_flows_within_a_stage() -> None:
    doc = build([("S", [("One", {"A": 1}, None), ("Two", {"A": 2}, None), ("Three", {"A": 3}, None)])], ["A"])
    doc.insert("flows", Flow("f1", "c0-2", "c0-0"))
    doc.insert("flows", Flow("f2", "c0-0", "c0-1"))
    titles = [line.split(":")[0].strip() for line in write_mermaid(doc).splitlines()[3:]]
    assert titles == ["Three", "One", "Two"]


def test_characters_mermaid_cannot_hold_are_escaped() -> None:
    doc = build(
        [
            (
                "Plan: A; B #1",
                [("Title page: 50%% <b>off</b>\nnow", {"Ann, Jr.: CEO": 4}, None), ("journey", {}, 2)],
            )
        ],
        ["Ann, Jr.: CEO"],
    )
    text = write_mermaid(doc)
    body = text.split("\n", 2)[2]
    plain = re.sub(r"#\w+;", "", body.replace("%% next card", ""))
    assert ";" not in plain and "#" not in plain and "%%" not in plain
    assert "<br>" in text
    assert summary(parse_mermaid(text)) == summary(doc)


def test_title_and_description_round_trip() -> None:
    doc = build([("S", [])], [])
    doc.update_info({"title": "Trip: #1; the best", "description": "First line\nSecond } line #2;"})
    again = parse_mermaid(write_mermaid(doc))
    assert (again.info.title, again.info.description) == (doc.info.title, doc.info.description)
    doc.update_info({"description": "Just one line; with #3"})
    assert parse_mermaid(write_mermaid(doc)).info.description == "Just one line; with #3"


# ---- Markdown ----------------------------------------------------------------------------------
MARKDOWN = """# Notes

```mermaid
flowchart TD
  A --> B
```

Some text.

~~~~ mermaid title="x"
journey
  section Morning
    Coffee: 5: Me
~~~~

```mermaid
journey
  section Evening
    Tea: 9: Me
```
"""


def test_extract_mermaid_blocks() -> None:
    blocks = extract_mermaid_blocks(MARKDOWN)
    assert len(blocks) == 3
    assert blocks[0].startswith("flowchart TD")
    assert blocks[1] == "journey\n  section Morning\n    Coffee: 5: Me\n"
    assert extract_mermaid_blocks("```python\nx = 1\n```\n``` mermaid\njourney\n") == ["journey\n"]


def test_parse_markdown_picks_the_first_journey_or_the_asked_block() -> None:
    assert summary(parse_markdown(MARKDOWN)) == [("Morning", [("Coffee", {"Me": 5}, None)])]
    assert summary(parse_markdown(MARKDOWN, block=2)) == [("Morning", [("Coffee", {"Me": 5}, None)])]
    with pytest.raises(MermaidError, match="line 19: the score 9"):
        parse_markdown(MARKDOWN, block=3)
    with pytest.raises(MermaidError, match="block 1 is not a journey"):
        parse_markdown(MARKDOWN, block=1)
    with pytest.raises(MermaidError, match="no mermaid block 4; the text has 3"):
        parse_markdown(MARKDOWN, block=4)
    with pytest.raises(MermaidError, match="no mermaid journey block"):
        parse_markdown("# nothing here\n")


# ---- round trips ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.glob("*.mmd") if not p.name.startswith("refuse"))
)
def test_fixture_round_trips_are_stable(name: str) -> None:
    first = load(name)
    text = write_mermaid(first)
    second = parse_mermaid(text)
    assert summary(second) == summary(first)
    assert (second.info.title, second.info.description) == (first.info.title, first.info.description)
    assert write_mermaid(second) == text


CHUNKS = [*"aZé😀א ,:;#%<>/{}&=\t\n1", "journey", "title ", "section ", "accTitle", "<br>", "%%", "#35;"]
names_st = st.lists(st.sampled_from(CHUNKS), max_size=6).map("".join)


def normal(text: str) -> str:
    return strip_js(text.replace("\r\n", "\n").replace("\r", "\n"))


@st.composite
def documents(draw: st.DrawFn) -> Document:
    actor_names = draw(
        st.lists(names_st.map(lambda n: " ".join(n.split())), max_size=4, unique=True).map(
            lambda ns: [n for n in ns if n]
        )
    )
    stages = []
    for _ in range(draw(st.integers(0, 4))):
        tasks = []
        for _ in range(draw(st.integers(0, 4))):
            scored = draw(st.lists(st.sampled_from(actor_names), unique=True)) if actor_names else []
            scores = {n: float(draw(st.integers(1, 5))) for n in scored}
            everyone = draw(st.none() | st.integers(0, 5).map(float))
            if not scores and everyone is None:
                everyone = 3.0
            tasks.append((normal(draw(names_st)), scores, everyone))
        stages.append((normal(draw(names_st)), tasks))
    return build(stages, actor_names)


@settings(max_examples=200, deadline=None)
@given(documents())
def test_random_documents_round_trip(doc: Document) -> None:
    text = write_mermaid(doc)
    again = parse_mermaid(text)
    assert summary(again) == summary(doc)
    assert write_mermaid(again) == text
