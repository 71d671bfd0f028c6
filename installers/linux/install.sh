#!/bin/sh
# Install the unpacked Passerelle bundle for the current user: ~/.local/opt/passerelle, a `passerelle`
# command in ~/.local/bin, the menu entry and the icon. Run from the unpacked folder: ./install.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/icons/hicolor/256x256/apps"
rm -rf "$PREFIX/opt/passerelle"
cp -a "$HERE/passerelle" "$PREFIX/opt/passerelle"
ln -sf "$PREFIX/opt/passerelle/passerelle" "$PREFIX/bin/passerelle"
sed "s|^Exec=.*|Exec=$PREFIX/opt/passerelle/passerelle|" "$HERE/passerelle.desktop" \
    > "$PREFIX/share/applications/passerelle.desktop"
cp "$HERE/passerelle.png" "$PREFIX/share/icons/hicolor/256x256/apps/passerelle.png"
echo "Passerelle est installé : menu des applications, ou la commande $PREFIX/bin/passerelle"
