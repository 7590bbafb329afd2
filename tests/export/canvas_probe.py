"""Render the sample map with the canvas and with the exporter; print how far apart they are.

Run as a script (``python -m tests.export.canvas_probe``), so the application exists before the
canvas creates its fonts, exactly as when the editor starts (fonts made earlier measure
differently, which a test session that imported the canvas first would show).
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    from journey_studio.canvas import MapScene
    from journey_studio.export import ExportOptions, render_image, render_svg
    from journey_studio.export.svg_map import content_bounds
    from journey_studio.interchange import read_document
    from journey_studio.layout import compute_layout
    from journey_studio.resources import sample_map_path
    from tests.export.imaging import compare

    doc = read_document(sample_map_path())
    scene = MapScene(doc, lambda command: True)
    svg = render_svg(doc, ExportOptions(margin=0), banded=True)
    ours = render_image(svg, 1.0, transparent=False)
    bounds = content_bounds(compute_layout(doc))
    canvas = QImage(ours.size(), QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.white)
    painter = QPainter(canvas)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    target = QRectF(0, 0, ours.width(), ours.height())
    scene.render(painter, target, QRectF(bounds.x, bounds.y, svg.width, svg.height))
    painter.end()
    scene.detach()
    difference = compare(ours, canvas)
    print(json.dumps(difference.__dict__))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
