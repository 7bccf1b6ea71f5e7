"""The focus outline and field edges that read (``look.apply`` sets them up; the scroll
bars drawn from pictures are ``bar_pictures``, set up after the first frame).

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

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QFocusFrame, QFrame, QWidget

from riskwizard.ui.look import FOCUS_WIDTH as RING

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

_Names = tuple[str, ...]


def _is(widget: QObject | None, names: _Names) -> bool:
    """``widget`` is one of the Qt classes ``names`` (or derives from one), asked of Qt's
    own meta-objects: ``isinstance`` against PySide classes would make each class's Python
    type, a millisecond or more apiece, before the first frame."""
    return widget is not None and any(widget.inherits(n) for n in names)

_Role = QPalette.ColorRole
_FRAMED = ("QPlainTextEdit", "QTextEdit", "QAbstractItemView", "QScrollArea")
"""Widgets with an edge of their own: Mid, Highlight while they have the keyboard."""
_RINGED = ("QAbstractButton", "QLineEdit", "QComboBox", "QAbstractSpinBox", "QLabel")
"""Widgets that show the ring while they have the keyboard."""
_INSIDE = ("QComboBox", "QAbstractSpinBox")
"""A line edit inside one of these is ringed with it."""


def edges(root: QWidget) -> None:
    """Give ``root`` and every text field, list, table and scroll area in it their edge
    (``edge``). Called as pages, the workspace and the window are made, and for any other
    window (a dialog) when the keyboard first goes into it."""
    for widget in (root, *root.findChildren(QAbstractScrollArea)):
        if _is(widget, _FRAMED):
            edge(widget)  # type: ignore[arg-type]  # (every one of _FRAMED is a QFrame)


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
        from PySide6.QtCore import QRectF  # (their types are made at the first focus,
        from PySide6.QtGui import QPainter, QPainterPath  # not before the first frame)

        outer = QRectF(self.rect())
        inner = outer.adjusted(RING, RING, -RING, -RING)
        rounded = _is(self.widget(), ("QAbstractButton",))
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
        if old is not None and shiboken6.isValid(old) and _is(old, _FRAMED):
            old.setForegroundRole(_Role.Mid)
        if new is not None and _is(new.parentWidget(), _INSIDE):
            new = new.parentWidget()
        if new is not None:
            window = new.window()
            if not window.property("riskwizard_edges"):  # a dialog, the first time
                window.setProperty("riskwizard_edges", True)
                edges(window)
        if new is not None and _is(new, _FRAMED):
            new.setForegroundRole(_Role.Highlight)
            new = None
        elif not _is(new, _RINGED) or new is None or new.isWindow():
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
