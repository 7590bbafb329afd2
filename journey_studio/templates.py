"""Map templates: the bundled ones in resources/templates and the user's own, saved in app data.

Qt-free. A template is a map in the JSON form; starting from one gives a new, unsaved map with
the template's ids (ids only need to be unique within one file, so there is nothing to renew).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .interchange import DocumentFileError, read_document, write_document
from .model import Document
from .resources import resources_dir

INDEX_NAME = "index.json"
DATA_DIR_VARIABLE = "JOURNEY_STUDIO_DATA_DIR"
MAX_NAME = 80
_FORBIDDEN = set('/\\:*?"<>|')


class TemplateError(ValueError):
    """A template that cannot be found, read or saved, in one plain line."""


@dataclass(frozen=True)
class Template:
    """One template: ``name`` is what ``load_template`` and ``journey-studio new`` take."""

    name: str
    title: str
    description: str
    path: Path
    thumbnail: Path | None = None
    builtin: bool = True


def templates_dir() -> Path:
    """The bundled templates."""
    return resources_dir() / "templates"


def data_dir() -> Path:
    """The app-data folder: $JOURNEY_STUDIO_DATA_DIR, else the platform's place for app data."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(home / "AppData" / "Roaming")
        return Path(base) / "Journey Studio"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Journey Studio"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share") / "journey-studio"


def user_templates_dir() -> Path:
    """Where ``save_user_template`` keeps the user's templates (created when first needed)."""
    return data_dir() / "templates"


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key, "")
    return value if isinstance(value, str) else ""


def builtin_templates() -> list[Template]:
    """The bundled templates, in the order of their index."""
    folder = templates_dir()
    try:
        entries = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))["templates"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TemplateError(f"the bundled template index cannot be read ({exc})") from None
    found: list[Template] = []
    for entry in entries:
        thumbnail = folder / _text(entry, "thumbnail") if _text(entry, "thumbnail") else None
        found.append(
            Template(
                _text(entry, "name"),
                _text(entry, "title"),
                _text(entry, "description"),
                folder / _text(entry, "file"),
                thumbnail if thumbnail is not None and thumbnail.is_file() else None,
            )
        )
    return found


def _user_template(path: Path) -> Template | None:
    """A saved template described by its file; None when the file is not a readable map."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != "journey-studio":
        return None
    description = _text(data, "description").strip().splitlines()
    summary = description[0] if description else f"Saved from “{_text(data, 'title')}”"
    thumbnail = path.with_suffix(".png")
    return Template(
        path.stem,
        path.stem,
        summary if len(summary) <= 160 else summary[:159] + "…",
        path,
        thumbnail if thumbnail.is_file() else None,
        builtin=False,
    )


def user_templates() -> list[Template]:
    """The user's saved templates, by name."""
    folder = user_templates_dir()
    if not folder.is_dir():
        return []
    found = (_user_template(path) for path in sorted(folder.glob("*.json"), key=lambda p: p.stem.casefold()))
    return [template for template in found if template is not None]


def list_templates() -> list[Template]:
    """Every template: the bundled ones first, then the user's."""
    return builtin_templates() + user_templates()


def find_template(name: str) -> Template:
    """The template called ``name`` (case-insensitive); TemplateError names the choices if none."""
    templates = list_templates()
    wanted = name.strip().casefold()
    for template in templates:
        if template.name.casefold() == wanted:
            return template
    known = ", ".join(t.name for t in templates)
    raise TemplateError(f"there is no template called {name!r} (templates: {known})")


def load_template(name: str) -> Document:
    """A new map from the template called ``name``, with the template's ids."""
    template = find_template(name)
    try:
        return read_document(template.path)
    except DocumentFileError as exc:
        raise TemplateError(f"the template {template.name!r} cannot be read: {exc}") from exc


def check_template_name(name: str) -> str:
    """The name, trimmed, if it can name a user template; TemplateError says why not."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise TemplateError("a template needs a name")
    if len(cleaned) > MAX_NAME:
        raise TemplateError(f"a template name has at most {MAX_NAME} characters")
    bad = sorted({ch for ch in cleaned if ch in _FORBIDDEN or not ch.isprintable()})
    if bad or cleaned.startswith("."):
        shown = " ".join(bad) or "a leading dot"
        raise TemplateError(f"a template name cannot contain {shown}")
    if any(t.name.casefold() == cleaned.casefold() for t in builtin_templates()):
        raise TemplateError(f"{cleaned!r} is the name of a bundled template; choose another name")
    return cleaned


def user_template_path(name: str) -> Path:
    """The file a user template called ``name`` is (or would be) saved in."""
    cleaned = check_template_name(name)
    for template in user_templates():  # "Clinic visit" replaces "clinic visit"
        if template.name.casefold() == cleaned.casefold():
            return template.path
    return user_templates_dir() / f"{cleaned}.json"


def save_user_template(doc: Document, name: str) -> Path:
    """Save ``doc`` as the user template ``name`` (replacing one of that name); returns its path."""
    path = user_template_path(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TemplateError(f"cannot create the template folder {path.parent}: {exc.strerror}") from None
    try:
        write_document(doc, path)
    except DocumentFileError as exc:
        raise TemplateError(str(exc)) from exc
    return path
