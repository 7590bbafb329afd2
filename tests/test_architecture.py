"""The layers keep their import rules: dependencies point inward, Qt stays in its place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "journey_studio"

# layer -> (our layers it may import, may it import Qt at all, may it import QtWidgets)
RULES: dict[str, tuple[set[str], bool, bool]] = {
    "model": (set(), False, False),
    "edit": ({"model"}, False, False),
    "store": ({"model"}, False, False),
    "interchange": ({"model", "store"}, False, False),
    "analysis": ({"model"}, False, False),
    "layout": ({"model"}, True, False),
    "export": ({"model", "layout", "analysis", "resources"}, True, False),  # resources: bundled icons
    "canvas": ({"model", "edit", "layout", "analysis", "resources"}, True, True),
}


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                base = ".".join(parts)
                names.append(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports(layer: str) -> None:
    allowed, qt_ok, widgets_ok = RULES[layer]
    folder = PACKAGE / layer
    for path in folder.rglob("*.py"):
        for name in imports_of(path):
            if name.startswith("journey_studio."):
                other = name.split(".")[1]
                assert other == layer or other in allowed, f"{path.name} imports {name}"
            if name.startswith("PySide6"):
                assert qt_ok, f"{path.name} imports Qt ({name})"
                if "QtWidgets" in name:
                    assert widgets_ok, f"{path.name} imports {name}"
