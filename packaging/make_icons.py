"""Make the application icon files the installers need, from ``assets/icon.png``.

    python packaging/make_icons.py     (build.py runs it in the build environment)

If ``assets/icon.png`` does not exist yet, a simple one (a shield with a check mark) is drawn
with QPainter, offscreen, and written there first. From the 256 x 256 PNG it derives, in
``packaging/build/icons/``:

- ``riskwizard.ico``: Windows, sizes 16 to 256 in one file (Pillow);
- ``riskwizard.icns``: macOS (Pillow writes it on any platform). On a Mac the same can be
  made with Apple's tools: an ``icon.iconset`` folder holding icon_16x16.png,
  icon_16x16@2x.png, ... icon_512x512@2x.png, then ``iconutil -c icns icon.iconset``;
- ``riskwizard.png``: the 256 x 256 PNG for Linux (hicolor/256x256/apps).

Needs PySide6 (only to draw the fallback) and Pillow.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ICON_PNG = REPO / "assets" / "icon.png"
OUT = REPO / "packaging" / "build" / "icons"
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64),
             (128, 128), (256, 256)]


def draw_fallback_icon(path: Path, size: int = 256) -> None:
    """A blue shield with a white check mark, antialiased, on a transparent background."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import (
        QBrush,
        QColor,
        QGuiApplication,
        QImage,
        QLinearGradient,
        QPainter,
        QPainterPath,
        QPen,
    )

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (kept alive)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 256.0

    def pt(x: float, y: float) -> QPointF:
        return QPointF(x * s, y * s)

    shield = QPainterPath(pt(128, 14))
    shield.cubicTo(pt(165, 38), pt(200, 44), pt(228, 42))
    shield.cubicTo(pt(232, 140), pt(200, 206), pt(128, 244))
    shield.cubicTo(pt(56, 206), pt(24, 140), pt(28, 42))
    shield.cubicTo(pt(56, 44), pt(91, 38), pt(128, 14))
    shield.closeSubpath()

    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(pt(128, 14), pt(128, 244))
    gradient.setColorAt(0.0, QColor("#2f7fd8"))
    gradient.setColorAt(1.0, QColor("#174a8b"))
    painter.setBrush(QBrush(gradient))
    painter.setPen(QPen(QColor("#0f3566"), 6 * s))
    painter.drawPath(shield)

    check = QPainterPath(pt(78, 130))
    check.lineTo(pt(114, 166))
    check.lineTo(pt(182, 92))
    pen = QPen(QColor("white"), 26 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    painter.drawPath(check)
    painter.end()

    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise SystemExit(f"make_icons: could not write {path}")


def derive(png: Path, out: Path) -> list[Path]:
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    with Image.open(png) as opened:
        image = opened.convert("RGBA")
    if image.size != (256, 256):
        image = image.resize((256, 256), Image.Resampling.LANCZOS)
    made = [out / "riskwizard.ico", out / "riskwizard.icns", out / "riskwizard.png"]
    image.save(made[0], format="ICO", sizes=ICO_SIZES)
    # ICNS wants a 512 or 1024 base for Retina sizes; 256 is the largest we have.
    image.save(made[1], format="ICNS")
    shutil.copyfile(png, made[2])
    return made


def main() -> int:
    if not ICON_PNG.exists():
        draw_fallback_icon(ICON_PNG)
        print(f"make_icons: drew the fallback icon {ICON_PNG.relative_to(REPO)}")
    for path in derive(ICON_PNG, OUT):
        print(f"make_icons: {path.relative_to(REPO)} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
