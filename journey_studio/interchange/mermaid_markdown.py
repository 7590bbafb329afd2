"""Finding ```mermaid fenced code blocks in Markdown (CommonMark fences, backticks or tildes)."""

from __future__ import annotations

import re

_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^\n]*)$")


def find_mermaid_blocks(markdown: str) -> list[tuple[int, str]]:
    """Each mermaid block as (line number of its first content line, its text)."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line break ends the last line; it does not start another
    blocks: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        opening = _OPEN.match(lines[index])
        index += 1
        if not opening:
            continue
        indent, fence, info = len(opening.group(1)), opening.group(2), opening.group(3)
        if fence[0] == "`" and "`" in info:
            continue  # not a fence: backtick fences cannot have backticks in their info string
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        first = index
        while index < len(lines) and not closing.match(lines[index]):
            index += 1
        body = [re.sub(rf"^ {{0,{indent}}}", "", line) for line in lines[first:index]]
        index += 1  # past the closing fence (or the end of the text: an open fence runs to it)
        words = info.split()
        if words and words[0].lower() == "mermaid":
            blocks.append((first + 1, "\n".join(body) + ("\n" if body else "")))
    return blocks


def extract_mermaid_blocks(markdown: str) -> list[str]:
    """The text of every ```mermaid fenced block, in order."""
    return [text for _, text in find_mermaid_blocks(markdown)]
