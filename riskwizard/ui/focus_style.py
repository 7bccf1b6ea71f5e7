"""The focus outline, field edges that read, and scroll bars from pictures (``look.apply``
sets them up).

The control that has the keyboard shows a ring of two pixels of the palette's Highlight
colour (``look.FOCUS_WIDTH``, light and dark alike) round it: one ``QFocusFrame`` that
follows the focus (``Outline``). Text fields, lists, tables and scroll areas have a
one-pixel edge in the palette's Mid colour (3:1 against what they surround,
``look.OUTLINES``), Highlight while they have the keyboard: Qt's own plain box frame, in
the colour of the widget's foreground role (``edge``).

Set up this way rather than by an application style sheet, or a style drawing the outline
in Python: Qt's style-sheet style makes every widget's polish and paint slower, and PySide
calls a Python override of ``drawPrimitive`` or ``sizeFromContents`` for every primitive
and size of every widget (1.5-3 ms a page switch in all), and of ``drawControl`` for every
label (0.5 ms); ``drawComplexControl`` is called a few dozen times a switch. Nothing here
reads a value typed by PySide's ``Qt`` namespace, or calls a method whose overloads take
one (``polish``, ``fillRect``, ``QBrush(colour)``...): that makes the whole namespace
(ninety enums, 45 ms) before the first frame. Fills are paths filled with the palette's
brushes.
"""

from __future__ import annotations

from collections import OrderedDict

import shiboken6
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QScrollArea,
    QStyle,
    QStyleOptionComplex,
    QStyleOptionSlider,
    QTextEdit,
    QWidget,
)

from riskwizard.ui.look import FOCUS_WIDTH as RING

_Role = QPalette.ColorRole
_FRAMED = (QPlainTextEdit, QTextEdit, QAbstractItemView, QScrollArea)
"""Widgets with an edge of their own: Mid, Highlight while they have the keyboard."""
_RINGED = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QLabel)
"""Widgets that show the ring while they have the keyboard."""
_INSIDE = (QComboBox, QAbstractSpinBox)
"""A line edit inside one of these is ringed with it."""


class FocusStyle(QProxyStyle):
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


def edges(root: QWidget) -> None:
    """Give ``root`` and every text field, list, table and scroll area in it their edge
    (``edge``). Called as pages, the workspace and the window are made, and for any other
    window (a dialog) when the keyboard first goes into it."""
    for widget in (root, *root.findChildren(QAbstractScrollArea)):
        if isinstance(widget, _FRAMED):
            edge(widget)


def edge(widget: QFrame) -> None:
    """A one-pixel plain box round ``widget``, drawn by Qt itself in the colour of the
    widget's foreground role: Mid, Highlight while it has the keyboard (``Outline.follow``
    switches it). (Headers of tables get one too, as they did with the style sheet.)"""
    widget.setFrameShape(QFrame.Shape.Box)
    widget.setFrameShadow(QFrame.Shadow.Plain)
    widget.setLineWidth(1)
    widget.setForegroundRole(_Role.Highlight if widget.hasFocus() else _Role.Mid)


class Outline(QFocusFrame):
    """The ring round the control with the keyboard: Qt keeps it round the control (moved,
    resized, scrolled, shown on top of its parent: ``QFocusFrame``), just outside it
    (Fusion's focus-frame margins are the ring's width), and masked to the ring so it never
    covers the control itself. Follows the application's focus (``follow``)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.widget() is None:
            return
        outer = QRectF(self.rect())
        inner = outer.adjusted(RING, RING, -RING, -RING)
        rounded = isinstance(self.widget(), QAbstractButton)
        path = QPainterPath()
        if rounded:
            path.addRoundedRect(outer, RING + 2, RING + 2)
            path.addRoundedRect(inner, 2, 2)
        else:
            path.addRect(outer)
            path.addRect(inner)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, rounded)
        p.fillPath(path, self.palette().brush(_Role.Highlight))  # (odd-even: the ring)
        p.end()

    def follow(self, old: QWidget | None, new: QWidget | None) -> None:
        """The focus moved from ``old`` to ``new`` (``QApplication.focusChanged``)."""
        if isinstance(old, _FRAMED) and shiboken6.isValid(old):
            old.setForegroundRole(_Role.Mid)
        if new is not None and isinstance(new.parentWidget(), _INSIDE):
            new = new.parentWidget()
        if new is not None:
            window = new.window()
            if not window.property("riskwizard_edges"):  # a dialog, the first time
                window.setProperty("riskwizard_edges", True)
                edges(window)
        if isinstance(new, _FRAMED):
            new.setForegroundRole(_Role.Highlight)
            new = None
        elif not isinstance(new, _RINGED) or new.isWindow():
            new = None
        if new is not self.widget():
            self.setWidget(new)  # type: ignore[arg-type]  # (None: round nothing)
        if new is None:
            self.hide()


_OUTLINE: Outline | None = None
"""The ring (it lives in the window of the control it is round, and goes with it)."""


def _follow(old: QWidget | None, new: QWidget | None) -> None:
    global _OUTLINE
    if _OUTLINE is None or not shiboken6.isValid(_OUTLINE):
        _OUTLINE = Outline()
    _OUTLINE.follow(old, new)


def install(app: QApplication) -> None:
    """The ring, following the focus from now on (once per application)."""
    if not app.property("riskwizard_outline"):
        app.setProperty("riskwizard_outline", True)
        app.focusChanged.connect(_follow)
        _follow(None, app.focusWidget())
