"""Before the window opens on Linux: the system libraries Qt's X11 plugin needs, and the Debian packages to install.

Without them Qt aborts with an English message that names another library (« Could not load the Qt platform
plugin "xcb" »). ``make run`` calls ``python -m desktop_app.views.shell.bibliotheques`` first: it asks ``ldd``
which libraries of the plugin are missing and says, in French, which packages to install. Qt itself is not
loaded here.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

# soname → Debian/Ubuntu package.
PAQUETS = {
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1", "libEGL.so.1": "libegl1",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xinerama.so.0": "libxcb-xinerama0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-util.so.1": "libxcb-util1", "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libGL.so.1": "libgl1", "libOpenGL.so.0": "libopengl0",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
}


def plugin_xcb() -> Path | None:
    """Qt's X11 platform plugin inside the installed PySide6 (None if PySide6 is not found)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return path if path.exists() else None


def manquantes(plugin: Path, ldd: str = "ldd") -> list[str]:
    """The sonames ``ldd`` reports « not found » for the plugin (and the Qt libraries it loads)."""
    out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False).stdout
    missing = []
    for line in out.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if "not found" in rest and name not in missing:
            missing.append(name)
    return missing


def message(missing: list[str]) -> str:
    """The French lines saying which packages to install."""
    paquets = sorted({PAQUETS.get(name, name) for name in missing})
    inconnues = [name for name in missing if name not in PAQUETS]
    from desktop_app.domain.formats import pluriel

    lignes = [f"Passerelle ne peut pas ouvrir sa fenêtre : il manque {pluriel(len(missing), 'bibliothèque')} "
              f"système ({', '.join(missing)}).",
              f"Installez-les puis relancez : sudo apt-get install {' '.join(paquets)}"]
    if inconnues:
        lignes.append("(Pour " + ", ".join(inconnues) + " : cherchez le paquet avec « apt-file search NOM ».)")
    return "\n".join(lignes)


def verifier() -> int:
    """0 when the window can open (or nothing can be checked here), 1 with the French message otherwise."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return 0
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return 0  # Qt opens its Wayland plugin first there
    plugin, ldd = plugin_xcb(), shutil.which("ldd")
    if plugin is None or ldd is None:
        return 0
    missing = manquantes(plugin, ldd)
    if not missing:
        return 0
    print(message(missing), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(verifier())
