#!/bin/sh
# Build the Linux bundle of Passerelle: dist/passerelle/ (PyInstaller one-dir) and
# dist/passerelle-linux-x86_64.tar.gz (the build, a .desktop file, the icon and install.sh).
# Run from anywhere: installers/linux/build.sh   (uses the project's .venv; installs PyInstaller into it if missing)
# Set SKIP_SELF_TEST=1 to skip running the frozen `--self-test` at the end.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || { echo "build.sh : $PY introuvable — lancez d'abord « make test » ou « make run »." >&2; exit 1; }
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    "$PY" -m pip install -q "pyinstaller>=6.10,<7"
fi
[ -f resources/icons/passerelle-256.png ] || QT_QPA_PLATFORM=offscreen "$PY" installers/render_icons.py
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installers/passerelle.spec

STAGE=build/linux-bundle/passerelle-linux-x86_64
rm -rf build/linux-bundle
mkdir -p "$STAGE"
cp -a dist/passerelle "$STAGE/passerelle"
cp installers/linux/passerelle.desktop "$STAGE/"
cp resources/icons/passerelle-256.png "$STAGE/passerelle.png"
cp installers/linux/install.sh "$STAGE/"
chmod +x "$STAGE/install.sh"
tar -C build/linux-bundle -czf dist/passerelle-linux-x86_64.tar.gz passerelle-linux-x86_64
echo "Paquet : dist/passerelle-linux-x86_64.tar.gz ($(du -sh dist/passerelle | cut -f1) une fois décompressé)"

if [ "${SKIP_SELF_TEST:-0}" != "1" ]; then
    QT_QPA_PLATFORM=offscreen dist/passerelle/passerelle --self-test
fi
