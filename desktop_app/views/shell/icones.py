"""The application icon (window, task bar, dialogs), read from ``resources/icons`` in a checkout or a frozen bundle."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ICON_SIZES = (16, 32, 48, 256)


def icons_dir() -> Path | None:
    """``resources/icons``: PASSERELLE_RESOURCES, the PyInstaller bundle, or beside the package (the same order
    as :func:`desktop_app.documents.commun.resources_dir`, which is not imported here: it loads ReportLab)."""
    candidates = [Path(os.environ["PASSERELLE_RESOURCES"])] if os.environ.get("PASSERELLE_RESOURCES") else []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    package_root = Path(__file__).resolve().parents[2]  # desktop_app/
    candidates += [package_root / "resources", package_root.parent / "resources"]
    for candidate in candidates:
        if (candidate / "icons" / "passerelle-32.png").is_file():
            return candidate / "icons"
    return None


def app_icon():
    """The Passerelle icon with every rendered size (a null QIcon when the files are missing)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    folder = icons_dir()
    if folder is not None:
        for size in ICON_SIZES:
            path = folder / f"passerelle-{size}.png"
            if path.is_file():
                icon.addFile(str(path))
    return icon
