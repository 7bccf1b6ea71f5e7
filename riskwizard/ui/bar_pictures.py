"""Scroll bars drawn from pictures (``BarPictures``, the application's style, set by
``look.keep_bar_pictures`` once the first frame is painted: making a ``QProxyStyle`` type in
PySide costs 16 ms, which the first frame need not wait for; it draws exactly what Fusion
draws, so nothing on screen changes when it is set)."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QWidget,
)


class BarPictures(QProxyStyle):
    """Fusion (the style named when made), keeping a picture of each scroll bar as drawn."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self._bars: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    def drawComplexControl(self, control: QStyle.ComplexControl,
                           option: QStyleOptionComplex, painter: QPainter,
                           widget: QWidget | None = None) -> None:
        """Scroll bars from pictures: Fusion draws a scroll bar with gradients, pixel by
        pixel (1-1.5 ms for a table's; a page has two or three), and draws it again each
        time its page is shown. Drawn once for each look it takes (size, position, range,
        state, palette...) and kept (the last ``BARS_KEPT``): the same look (Fusion's
        blended edges, drawn on a clear picture first, can differ by one step in 255)."""
        r = option.rect
        if control != _CC_SCROLL_BAR or not isinstance(option, QStyleOptionSlider) \
                or widget is None or r.width() == r.height():
            super().drawComplexControl(control, option, painter, widget)
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        # (its orientation is its longer side, and its direction the widget's: reading either
        # from the option would make PySide's whole Qt namespace, ninety enums, at start-up)
        key = (r.width(), r.height(), ratio, option.state, option.activeSubControls,
               option.subControls, option.minimum, option.maximum,
               option.sliderPosition, option.sliderValue, option.pageStep,
               option.singleStep, option.upsideDown, widget.isLeftToRight(),
               option.palette.cacheKey())
        picture = self._bars.get(key)
        if picture is None:
            picture = QPixmap(round(r.width() * ratio), round(r.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(QColor(0, 0, 0, 0))
            at_origin = QStyleOptionSlider(option)
            at_origin.rect = QRect(0, 0, r.width(), r.height())
            p = QPainter(picture)
            super().drawComplexControl(control, at_origin, p, widget)
            p.end()
            self._bars[key] = picture
            if len(self._bars) > BARS_KEPT:
                self._bars.popitem(last=False)
        else:
            self._bars.move_to_end(key)
        painter.drawPixmap(r.topLeft(), picture)


BARS_KEPT = 48
"""Scroll bar pictures kept (about 40 KB each, for a bar 700 pixels long)."""
_CC_SCROLL_BAR = QStyle.ComplexControl.CC_ScrollBar
