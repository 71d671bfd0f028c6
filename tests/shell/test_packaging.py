"""Packaging: the frozen Linux bundle builds and passes ``--self-test``; the icon and installer files are usable.

The bundle test runs only with ``PASSERELLE_PACKAGE_TEST=1`` (a PyInstaller build takes a minute or two): it
reuses dist/passerelle when it is newer than every source, resource and installer file, else runs
installers/linux/build.sh.
"""
from __future__ import annotations

import configparser
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "passerelle"
TARBALL = ROOT / "dist" / "passerelle-linux-x86_64.tar.gz"
SOURCES = ("desktop_app", "resources", "installers")


def _newest_source_mtime() -> float:
    return max(p.stat().st_mtime for d in SOURCES for p in (ROOT / d).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts)


def _fresh_bundle() -> bool:
    exe = BUNDLE / "passerelle"
    return exe.is_file() and TARBALL.is_file() and TARBALL.stat().st_mtime >= _newest_source_mtime()


@pytest.mark.skipif(os.environ.get("PASSERELLE_PACKAGE_TEST") != "1",
                    reason="construction du paquet Linux : lancer avec PASSERELLE_PACKAGE_TEST=1 (une à deux minutes)")
def test_linux_bundle_builds_and_passes_self_test():
    if not _fresh_bundle():
        subprocess.run([str(ROOT / "installers" / "linux" / "build.sh")], check=True, timeout=1800,
                       env=dict(os.environ, SKIP_SELF_TEST="1"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSERELLE_")}
    env.update(QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([str(BUNDLE / "passerelle"), "--self-test"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Autotest de Passerelle : réussi." in done.stdout
    # the frozen app found its resources and migrations inside the bundle, not in this checkout
    internal = BUNDLE / "_internal"
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "icons" / "passerelle-256.png").is_file()
    assert sorted(p.name for p in (internal / "desktop_app" / "db" / "migrations" / "versions").glob("0*.py")) == \
        sorted(p.name for p in (ROOT / "desktop_app" / "db" / "migrations" / "versions").glob("0*.py"))
    with tarfile.open(TARBALL) as tar:
        names = set(tar.getnames())
    for member in ("passerelle.desktop", "passerelle.png", "install.sh", "passerelle/passerelle"):
        assert f"passerelle-linux-x86_64/{member}" in names


def test_frozen_help_is_french_when_bundle_is_present():
    if not (BUNDLE / "passerelle").is_file():
        pytest.skip("pas de paquet dans dist/ (make package)")
    done = subprocess.run([str(BUNDLE / "passerelle"), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "passerelle" in done.stdout and "Sans commande" in done.stdout


def test_application_icon_has_every_size(qapp):
    from desktop_app.views.shell.icones import ICON_SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)


def test_desktop_entry_points_to_the_command_and_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "installers" / "linux" / "passerelle.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].startswith("passerelle")
    assert section["Icon"] == "passerelle" and section["Terminal"] == "false"


def test_windows_installer_script_is_french_with_shortcuts_and_icon():
    text = (ROOT / "installers" / "windows" / "passerelle.iss").read_text(encoding="utf-8-sig")
    assert 'MessagesFile: "compiler:Languages\\French.isl"' in text
    assert "{autodesktop}\\Passerelle" in text and "{group}\\Passerelle" in text
    assert "{uninstallexe}" in text
    assert "SetupIconFile=" in text and (ROOT / "resources" / "icons" / "passerelle.ico").is_file()


def test_no_qt_module_the_application_imports_is_left_out_of_the_bundle():
    import ast
    import re

    spec = (ROOT / "installers" / "passerelle.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    unused = next(ast.literal_eval(node.value) for node in tree.body
                  if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "QT_UNUSED")
    imported = set()
    for path in (ROOT / "desktop_app").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported, "no Qt import found: the scan is broken"
    assert not imported & set(unused), f"excluded from the bundle but imported: {sorted(imported & set(unused))}"
