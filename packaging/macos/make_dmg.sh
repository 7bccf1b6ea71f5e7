#!/bin/sh
# Make the macOS disk image from the .app that PyInstaller built; sign and notarize it when
# the credentials are there. Runs on macOS only (hdiutil, codesign, xcrun).
#
#     sh packaging/macos/make_dmg.sh "packaging/dist/Risk Wizard.app" 0.1.0 [OUT_DIR]
#
# (packaging/build.py runs it on macOS.) Environment:
#   RISKWIZARD_CODESIGN_IDENTITY  "Developer ID Application: Name (TEAMID)": the same value
#                                 given to the spec, which then signed every binary inside
#                                 the .app with the hardened runtime; here it signs the .dmg
#   RISKWIZARD_NOTARY_PROFILE     a notarytool keychain profile, made once with
#                                 xcrun notarytool store-credentials riskwizard-notary \
#                                     --apple-id you@example.com --team-id TEAMID
#                                 With it, the app and then the image are notarized and the
#                                 tickets stapled, so the first launch works offline too.
# Without them the image is unsigned: fine for testing, Gatekeeper will refuse it for others.
set -eu

APP=${1:?usage: make_dmg.sh "Risk Wizard.app" VERSION [OUT_DIR]}
VERSION=${2:?usage: make_dmg.sh "Risk Wizard.app" VERSION [OUT_DIR]}
OUT_DIR=${3:-$(dirname "$APP")}
IDENTITY=${RISKWIZARD_CODESIGN_IDENTITY:-}
PROFILE=${RISKWIZARD_NOTARY_PROFILE:-}
NAME=$(basename "$APP" .app)
DMG="$OUT_DIR/riskwizard-$VERSION-macos.dmg"

if [ "$(uname)" != "Darwin" ]; then
    echo "make_dmg.sh: needs macOS (hdiutil)" >&2
    exit 1
fi
if [ ! -d "$APP/Contents/MacOS" ]; then
    echo "make_dmg.sh: $APP is not an app bundle" >&2
    exit 1
fi

STAGING=$(mktemp -d)
trap 'rm -rf "$STAGING"' EXIT

if [ -n "$IDENTITY" ]; then
    echo "== verifying the signature of $APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
    codesign --display --verbose=2 "$APP" 2>&1 | grep -E "Authority|flags|TeamIdentifier" || true
    if [ -n "$PROFILE" ]; then
        echo "== notarizing $APP"
        ditto -c -k --keepParent "$APP" "$STAGING/app.zip"
        xcrun notarytool submit "$STAGING/app.zip" --keychain-profile "$PROFILE" --wait
        xcrun stapler staple "$APP"
        rm -f "$STAGING/app.zip"
    fi
fi

echo "== building $DMG"
mkdir "$STAGING/image"
# ditto keeps symlinks, extended attributes and the stapled ticket.
ditto "$APP" "$STAGING/image/$NAME.app"
ln -s /Applications "$STAGING/image/Applications"
rm -f "$DMG"
hdiutil create -volname "$NAME $VERSION" -srcfolder "$STAGING/image" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 -ov "$DMG"

if [ -n "$IDENTITY" ]; then
    echo "== signing $DMG"
    codesign --sign "$IDENTITY" --timestamp "$DMG"
    if [ -n "$PROFILE" ]; then
        echo "== notarizing $DMG"
        xcrun notarytool submit "$DMG" --keychain-profile "$PROFILE" --wait
        xcrun stapler staple "$DMG"
        echo "== Gatekeeper's verdict"
        xcrun stapler validate "$DMG"
        spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
        spctl --assess --type execute --verbose=2 "$APP"
    fi
fi
hdiutil verify "$DMG"
echo "$DMG"
