"""Render resources/icons/passerelle.svg to PNG (16, 32, 48, 256 px) with Qt's SVG renderer, and a Windows .ico.

Run from the project root: ``.venv/bin/python installers/render_icons.py`` (offscreen, no display needed).
The .ico is made with Pillow when it is installed; otherwise it is skipped with a message.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 256)


def render_png(svg: Path, size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"SVG illisible : {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"Écriture impossible : {target}")


def make_ico(pngs: list[Path], target: Path) -> bool:
    try:
        from PIL import Image
    except ImportError:
        print("Pillow absent : passerelle.ico non produit (pip install pillow).", file=sys.stderr)
        return False
    largest = Image.open(pngs[-1])
    largest.save(target, format="ICO", sizes=[(s, s) for s in SIZES])
    return True


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage needs it)
    svg = ICONS / "passerelle.svg"
    pngs = []
    for size in SIZES:
        target = ICONS / f"passerelle-{size}.png"
        render_png(svg, size, target)
        pngs.append(target)
    make_ico(pngs, ICONS / "passerelle.ico")
    print("Icônes écrites dans", ICONS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
