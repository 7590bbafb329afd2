"""Render the thumbnail PNG of every bundled template (run after editing a template).

    .venv/bin/python tools/make_thumbnails.py [NAME ...]

Each thumbnail is the whole map drawn by the editor's own canvas, 320 × 200 pixels, written
beside the template as named in resources/templates/index.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(names: list[str]) -> int:
    from journey_studio.app import create_application
    from journey_studio.interchange import read_document
    from journey_studio.templates import INDEX_NAME, templates_dir
    from journey_studio.ui.template_dialog import save_thumbnail

    create_application()
    folder = templates_dir()
    entries = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))["templates"]
    chosen = [e for e in entries if not names or e["name"] in names]
    unknown = set(names) - {e["name"] for e in chosen}
    if unknown:
        print(f"no bundled template called {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for entry in chosen:
        out = folder / entry["thumbnail"]
        if not save_thumbnail(read_document(folder / entry["file"]), out):
            print(f"cannot write {out}", file=sys.stderr)
            return 1
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
