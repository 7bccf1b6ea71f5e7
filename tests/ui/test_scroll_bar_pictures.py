"""Scroll bars drawn from the pictures ``BarPictures`` keeps show what Fusion draws, at
every size, range, position and state, one change after another (a picture kept for one
look and shown for another would differ)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QScrollBar, QStyleFactory, QWidget

from riskwizard.ui import look
from riskwizard.ui.bar_pictures import BarPictures as FocusStyle


def _bars(parent: QWidget, orientation: Qt.Orientation) -> tuple[QScrollBar, QScrollBar]:
    ours, plain = QScrollBar(orientation, parent), QScrollBar(orientation, parent)
    return ours, plain


def _differs(a: QImage, b: QImage) -> int:
    """Pixels differing by more than one step in 255 in some channel."""
    assert a.size() == b.size()
    out = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixelColor(QPoint(x, y)), b.pixelColor(QPoint(x, y))
            if max(abs(p.red() - q.red()), abs(p.green() - q.green()),
                   abs(p.blue() - q.blue())) > 1:
                out += 1
    return out


STEP = st.tuples(st.sampled_from([0, 100, 1000]), st.sampled_from([10, 50]),
                 st.integers(0, 100), st.booleans(), st.sampled_from(["light", "dark"]))
"""One change: the range, the page step, the position (per cent), enabled, the palette (the
bar's size is drawn once for each example: a picture kept for one look must not be shown
for another of the same size)."""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vertical=st.booleans(), length=st.integers(40, 300),
       steps=st.lists(STEP, min_size=1, max_size=8))
def test_a_scroll_bar_from_its_picture_is_what_fusion_draws(
        qapp: QApplication, vertical: bool, length: int,
        steps: list[tuple[int, int, int, bool, str]]) -> None:
    orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
    ours_style, fusion = FocusStyle("Fusion"), QStyleFactory.create("Fusion")
    host = QWidget()
    ours, plain = _bars(host, orientation)
    ours.setStyle(ours_style)
    plain.setStyle(fusion)
    try:
        for maximum, page, at, enabled, scheme in steps:
            for bar in (ours, plain):
                bar.resize(16, length) if vertical else bar.resize(length, 16)
                bar.setRange(0, maximum)
                bar.setPageStep(page)
                bar.setValue(maximum * at // 100)
                bar.setEnabled(enabled)
                bar.setPalette(look.palette(scheme))
            assert _differs(ours.grab().toImage(), plain.grab().toImage()) == 0
    finally:
        host.deleteLater()
