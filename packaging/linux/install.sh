#!/bin/sh
# Install Risk Wizard for the current user (no root needed), from the unpacked tarball:
#
#     ./install.sh              install into ~/.local (or $PREFIX)
#     ./install.sh --uninstall  remove what install.sh put there (practice files are kept)
#
# What goes where (PREFIX defaults to ~/.local; PREFIX=/usr/local as root installs for all):
#   $PREFIX/lib/riskwizard/                         the program (this folder's contents)
#   $PREFIX/bin/riskwizard                          link to the command line
#   $PREFIX/share/applications/riskwizard.desktop   the menu entry, opens .riskwizard files
#   $PREFIX/share/mime/packages/riskwizard.xml      the .riskwizard file type
#   $PREFIX/share/icons/hicolor/.../riskwizard.*    the icon
# Settings and recent files live in ~/.config/riskwizard, never in the program folder.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-"$HOME/.local"}
APPDIR="$PREFIX/lib/riskwizard"
BINDIR="$PREFIX/bin"
SHARE="$PREFIX/share"
DESKTOP="$SHARE/applications/riskwizard.desktop"
MIMEXML="$SHARE/mime/packages/riskwizard.xml"
ICON_PNG="$SHARE/icons/hicolor/256x256/apps/riskwizard.png"
ICON_SVG="$SHARE/icons/hicolor/scalable/apps/riskwizard.svg"

refresh() {
    # Each tool is optional: desktops without it simply rescan at next login.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$SHARE/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$SHARE/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" >/dev/null 2>&1 || true
    fi
    if command -v xdg-mime >/dev/null 2>&1 && [ "$PREFIX" = "$HOME/.local" ]; then
        xdg-mime default riskwizard.desktop application/x-riskwizard >/dev/null 2>&1 || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$DESKTOP" "$MIMEXML" "$ICON_PNG" "$ICON_SVG"
    if [ -L "$BINDIR/riskwizard" ]; then rm -f "$BINDIR/riskwizard"; fi
    rm -rf "$APPDIR"
    refresh
    echo "Risk Wizard removed. Practice files and ~/.config/riskwizard were left alone."
    exit 0
fi
if [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi
if [ ! -x "$HERE/riskwizard-gui" ] || [ ! -d "$HERE/_internal" ]; then
    echo "install.sh: run me from the unpacked riskwizard folder" >&2
    exit 1
fi

mkdir -p "$APPDIR" "$BINDIR" "$SHARE/applications" "$SHARE/mime/packages" \
    "$(dirname "$ICON_PNG")"
# A fresh copy: files left over from an older version would be loaded by the new one.
rm -rf "$APPDIR"
mkdir -p "$APPDIR"
cp -R "$HERE/riskwizard" "$HERE/riskwizard-gui" "$HERE/_internal" "$APPDIR/"
ln -sf "$APPDIR/riskwizard" "$BINDIR/riskwizard"

# The menu entry runs the installed program by its full path: ~/.local/bin is not always
# on the PATH of a desktop session.
sed -e "s|^Exec=.*|Exec=$APPDIR/riskwizard-gui %f|" \
    -e "s|^TryExec=.*|TryExec=$APPDIR/riskwizard-gui|" \
    "$HERE/share/riskwizard.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP"
cp "$HERE/share/riskwizard-mime.xml" "$MIMEXML"
cp "$HERE/share/riskwizard.png" "$ICON_PNG"
if [ -f "$HERE/share/riskwizard.svg" ]; then
    mkdir -p "$(dirname "$ICON_SVG")"
    cp "$HERE/share/riskwizard.svg" "$ICON_SVG"
fi
refresh

echo "Risk Wizard installed in $APPDIR."
echo "Open it from the applications menu, double-click a .riskwizard file, or run:"
echo "    $BINDIR/riskwizard --help"
