"""Reading Mermaid ``journey`` text into plain statements, following Mermaid's own lexer and grammar.

Mermaid first cleans the text (line endings, front matter, ``%%{…}%%`` directives, whole-line
``%%`` comments, ``#name;`` entity codes) and then runs the jison lexer of ``journey.jison``, whose
rules are tried in order with the first match winning. Both steps are reproduced here rule for
rule. Cleaning keeps every line break, so line numbers in errors point into the original text.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

# JavaScript's \s, which Mermaid's regular expressions use.
WS = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_S = f"[{WS}]"
# Stand-ins for the "#" and ";" of an entity code such as #35; while the lexer runs (Mermaid uses
# the marker texts "ﬂ°°" and "¶ß" the same way). Same length, so offsets stay true.
ENTITY_OPEN = "\ufdd0"
ENTITY_CLOSE = "\ufdd1"

_KEYWORD = re.IGNORECASE | re.ASCII  # the lexer is case-insensitive for ASCII letters only
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("COMMENT", re.compile(r"%%(?!\{)[^\n]*")),
    ("COMMENT", re.compile(r"[^}]%%[^\n]*")),
    ("NEWLINE", re.compile(r"\n+")),
    ("SPACE", re.compile(f"{_S}+")),
    ("COMMENT", re.compile(r"#[^\n]*")),
    ("JOURNEY", re.compile("journey", _KEYWORD)),
    ("TITLE", re.compile(f"title{_S}[^#\\n;]+", _KEYWORD)),
    ("ACC_TITLE", re.compile(f"accTitle{_S}*:{_S}*", _KEYWORD)),
    ("ACC_DESCR", re.compile(f"accDescr{_S}*:{_S}*", _KEYWORD)),
    ("ACC_DESCR_BLOCK", re.compile(f"accDescr{_S}*\\{{{_S}*", _KEYWORD)),
    ("SECTION", re.compile(f"section{_S}[^#:\\n;]+", _KEYWORD)),
    ("TASK_NAME", re.compile(r"[^#:\n;]+")),
    ("TASK_DATA", re.compile(r":[^#\n;]+")),
    ("COLON", re.compile(":")),
    ("INVALID", re.compile(r".", re.DOTALL)),
)
_SKIPPED = {"COMMENT", "SPACE"}
_REST_OF_LINE = re.compile(r"[^\n]*")
_UP_TO_BRACE = re.compile(r"[^}]*")

_FRONT_MATTER = re.compile(r"^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+", re.DOTALL)
_DIRECTIVE = re.compile(
    r"%{2}\{\s*(?:([A-Za-z0-9_]+)\s*:|([A-Za-z0-9_]+))\s*"
    r"(?:([A-Za-z0-9_]+)|((?:(?!\}%{2}).|\r?\n)*))?\s*(?:\}%{2})?",
    re.IGNORECASE,
)
_COMMENT_LINE = re.compile(r"^\s*%%(?!\{)[^\n]+\n?", re.MULTILINE)
_TAG = re.compile(r"<(\w+)([^>]*)>")
_STYLE_LIKE = (re.compile(r"style.*:\S*#.*;"), re.compile(r"classDef.*:\S*#.*;"))
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
_PLACEHOLDER = re.compile(f"{ENTITY_OPEN}([A-Za-z0-9_]+){ENTITY_CLOSE}")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class MermaidError(ValueError):
    """Mermaid text that cannot be read; ``line`` is 1-based (0 when no line applies)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}" if line else reason)
        self.line = line
        self.reason = reason


@dataclass
class TaskLine:
    """One ``name: data`` statement, still raw (entity codes are placeholders)."""

    line: int
    section: int  # index into JourneyText.sections, -1 before any section
    name: str
    data: str  # the text after the colon


@dataclass
class JourneyText:
    """The statements of a journey diagram in order of appearance."""

    title: str = ""
    acc_title: str = ""
    acc_descr: str = ""
    sections: list[tuple[int, str]] = field(default_factory=list)  # (line, raw name)
    tasks: list[TaskLine] = field(default_factory=list)
    comment_lines: set[int] = field(default_factory=set)


@dataclass
class _Token:
    kind: str
    text: str
    start: int


def strip_js(text: str) -> str:
    """``String.prototype.trim``: strip JavaScript whitespace."""
    return text.strip(WS)


def decode_entities(text: str) -> str:
    """Turn entity placeholders back into characters, as the browser shows Mermaid's output."""

    def one(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.isdigit():
            code = int(inner)
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code)
            return f"&#{inner};"
        return html.unescape(f"&{inner};")

    return _PLACEHOLDER.sub(one, text)


def display_text(raw: str, line_breaks: bool) -> str:
    """A name as Mermaid draws it: ``<br>`` splits lines (before entities, as in Mermaid)."""
    if line_breaks:
        raw = _LINE_BREAK.sub("\n", raw)
    return strip_js(decode_entities(raw))


def _blank(match: re.Match[str]) -> str:
    """Replace matched text by spaces, keeping its line breaks (offsets and lines stay true)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def clean(text: str) -> tuple[str, set[int]]:
    """Mermaid's preprocessing, line-preserving; also returns the lines of removed comments."""
    text = _dedent(text)
    text = _TAG.sub(lambda m: "<" + m.group(1) + re.sub(r'="([^"]*)"', r"='\1'", m.group(2)) + ">", text)
    lead = _first_line_start(text)
    text = text[:lead] + _FRONT_MATTER.sub(_blank, text[lead:], count=1)
    text = _DIRECTIVE.sub(_blank, text)
    comment_lines = {
        text.count("\n", 0, m.start() + m.group(0).index("%%")) + 1 for m in _COMMENT_LINE.finditer(text)
    }
    text = _COMMENT_LINE.sub(_blank, text)
    for pattern in _STYLE_LIKE:
        text = pattern.sub(lambda m: m.group(0)[:-1] + " ", text)
    text = _ENTITY.sub(lambda m: f"{ENTITY_OPEN}{m.group(1)}{ENTITY_CLOSE}", text)
    return text, comment_lines


def _dedent(text: str) -> str:
    """Line breaks unified and common indentation removed, as ``mermaid.run`` does."""
    return textwrap.dedent(text.replace("\r\n", "\n").replace("\r", "\n"))


def _first_line_start(text: str) -> int:
    """Where the first line with something on it begins (Mermaid trims the blank lines before)."""
    stripped = len(text) - len(text.lstrip(WS))
    return text.rfind("\n", 0, stripped) + 1


def front_matter_title(text: str) -> str:
    """The ``title:`` of a YAML front matter block (plain or simply quoted scalars only)."""
    text = _dedent(text)
    match = _FRONT_MATTER.match(text, _first_line_start(text))
    if not match:
        return ""
    indent = match.group(1)
    for line in match.group(2).split("\n"):
        line = line[len(indent) :] if indent and line.startswith(indent) else line
        found = re.match(r"title:\s*(.*?)\s*$", line)
        if found:
            value = found.group(1)
            if len(value) >= 2 and value[0] == value[-1] == "'":
                return value[1:-1].replace("''", "'")
            if len(value) >= 2 and value[0] == value[-1] == '"':
                return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            return re.sub(r"\s+#.*$", "", value)
    return ""


def is_journey(text: str) -> bool:
    """Mermaid's detector: after cleaning, the text starts with ``journey`` (lower case)."""
    cleaned, _ = clean(text)
    return re.match(f"{_S}*journey", cleaned) is not None


def _lex(text: str, pos: int) -> Iterator[_Token]:
    """The jison lexer: rules in order, first match wins; exclusive states for acc values."""
    state = "INITIAL"
    done = False
    while True:
        if done:
            yield _Token("EOF", "", len(text))
            return
        if pos >= len(text):
            done = True
        if state in ("ACC_TITLE", "ACC_DESCR"):
            match = _REST_OF_LINE.match(text, pos)
            assert match is not None
            yield _Token(state + "_VALUE", match.group(0), pos)
            pos, state = match.end(), "INITIAL"
            continue
        if state == "ACC_DESCR_BLOCK":
            if text.startswith("}", pos):
                pos, state = pos + 1, "INITIAL"
                continue
            match = _UP_TO_BRACE.match(text, pos)
            assert match is not None
            yield _Token("ACC_DESCR_BLOCK_VALUE", match.group(0), pos)
            pos = match.end()
            continue
        if pos >= len(text):
            yield _Token("EOF", "", pos)
            continue
        kind, match = next((k, m) for k, p in _RULES if (m := p.match(text, pos)))
        if kind in ("ACC_TITLE", "ACC_DESCR", "ACC_DESCR_BLOCK"):
            state = kind
        if kind not in _SKIPPED and kind != "ACC_DESCR_BLOCK":
            yield _Token(kind, match.group(0), pos)
        elif kind == "COMMENT":
            yield _Token("COMMENT", match.group(0), pos)
        pos = match.end()


def _first_word(text: str) -> str:
    found = re.match(f"{_S}*([^{WS}]*)", text)
    return found.group(1)[:40] if found else ""


def read_journey(source: str) -> JourneyText:
    """Parse journey text into statements, raising MermaidError like Mermaid's parser would."""
    title = front_matter_title(source)
    text, comment_lines = clean(source)
    text += "\n"  # Mermaid appends one line break before parsing
    start = len(text) - len(text.lstrip(WS))

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    if start >= len(text):
        raise MermaidError(1, "the text is empty; a journey diagram starts with the word journey")
    if not text.startswith("journey", start):
        word = _first_word(text[start:])
        if word.lower().startswith("journey"):
            raise MermaidError(line_of(start), "write journey in lower case on the first line")
        raise MermaidError(line_of(start), f"this is not a journey diagram: it starts with {word!r}")
    result = JourneyText(title=title, comment_lines=comment_lines)
    tokens: list[_Token] = []
    for token in _lex(text, start + len("journey")):
        if token.kind == "COMMENT":  # in-line comments separate cards too (see mermaid.py)
            mark = token.text.find("%%")
            result.comment_lines.add(line_of(token.start + max(mark, 0)))
        else:
            tokens.append(token)
    section = -1
    index = 0
    while True:
        token = tokens[index]
        index += 1
        line = line_of(token.start)
        if token.kind == "EOF":
            return result
        if token.kind == "NEWLINE":
            continue
        if token.kind == "TITLE":
            result.title = token.text[6:]
        elif token.kind in ("ACC_TITLE", "ACC_DESCR"):
            value = tokens[index].text
            index += 1
            if token.kind == "ACC_TITLE":
                result.acc_title = strip_js(value)
            else:
                result.acc_descr = re.sub(f"\\n{_S}+", "\n", strip_js(value))
        elif token.kind == "ACC_DESCR_BLOCK_VALUE":
            result.acc_descr = re.sub(f"\\n{_S}+", "\n", strip_js(token.text))
        elif token.kind == "SECTION":
            result.sections.append((line, token.text[8:]))
            section = len(result.sections) - 1
        elif token.kind == "TASK_NAME":
            follow = tokens[index]
            if follow.kind != "TASK_DATA":
                raise MermaidError(line, _missing_data(token.text, follow))
            index += 1
            result.tasks.append(TaskLine(line, section, token.text, follow.text[1:]))
        else:
            previous = tokens[index - 2] if index >= 2 else token
            same_line = line_of(previous.start) == line
            raise MermaidError(line, _unexpected(token, previous.kind == "SECTION" and same_line))


def _missing_data(name: str, follow: _Token) -> str:
    if follow.kind == "COLON":
        return "a task needs a score after the colon"
    if follow.text == ";":
        return "a semicolon is not allowed here; write #59; for one"
    shown = strip_js(name)[:60]
    return f"{shown!r} is neither a section nor a task; a task is written like '{shown}: 5: Me'"


def _unexpected(token: _Token, after_section: bool) -> str:
    if token.kind == "JOURNEY":
        return "the word journey may only open the diagram; to start a task name with it, write #106;ourney"
    if token.kind == "INVALID" and token.text == ";":
        return "a semicolon is not allowed here; write #59; for one"
    if token.kind in ("TASK_DATA", "COLON"):
        if after_section:
            return "a section name cannot contain a colon; write #58; for one"
        return "a task needs a name before the colon"
    return f"unexpected {token.text[:20]!r}"
