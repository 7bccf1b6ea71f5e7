"""Fusion with a clear focus outline, and field edges that read (``look.apply`` sets it).

Every control that takes the keyboard shows two pixels of the palette's Highlight colour
(``look.FOCUS_WIDTH``, light and dark alike) inside its own rectangle when it has it; text
fields, lists, tables and scroll areas have a one-pixel edge in the palette's Mid colour (3:1
against what they surround, ``look.OUTLINES``), Highlight when they have the keyboard.

Drawn by the style rather than an application style sheet: Qt's style-sheet style makes every
widget's polish and paint slower (10-25 % of a page switch). Only what is listed here is
drawn by us; everything else is Fusion's own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize
from PySide6.QtGui import QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPlainTextEdit,
    QProxyStyle,
    QScrollArea,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionComplex,
    QTextEdit,
    QWidget,
)

from riskwizard.ui.look import FOCUS_WIDTH as RING

_Role = QPalette.ColorRole
_FOCUS = QStyle.StateFlag.State_HasFocus
_CE_FRAME = QStyle.ControlElement.CE_ShapedFrame
_CHECKS = (QStyle.ControlElement.CE_CheckBox, QStyle.ControlElement.CE_RadioButton)
_CHECK_SIZES = (QStyle.ContentsType.CT_CheckBox, QStyle.ContentsType.CT_RadioButton)
_PE_LINE_EDIT = QStyle.PrimitiveElement.PE_PanelLineEdit
_PE_BUTTON = QStyle.PrimitiveElement.PE_PanelButtonCommand
_PANELS = (_PE_LINE_EDIT, _PE_BUTTON)
_CC_TOOL = QStyle.ComplexControl.CC_ToolButton
_COMPLEX = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox, _CC_TOOL)
_FRAMED = (QPlainTextEdit, QTextEdit, QAbstractItemView, QScrollArea)
"""The widgets whose edge is drawn here (a frame of any shape: they always have one)."""


class FocusStyle(QProxyStyle):
    """Fusion (the style named when made), with the outline and edges of the module's
    docstring."""

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption,
                    painter: QPainter, widget: QWidget | None = None) -> None:
        if element == _CE_FRAME and widget is not None:
            if isinstance(widget, _FRAMED):
                _edge(painter, option, _Role.Highlight if widget.hasFocus() else _Role.Mid)
                return
            if isinstance(widget, QLabel) and widget.hasFocus():
                super().drawControl(element, option, painter, widget)
                _ring(painter, option)
                return
        elif element in _CHECKS and isinstance(option, QStyleOptionButton):
            # drawn inside the room kept for the outline, which replaces Fusion's dotted
            # focus rectangle
            inner = QStyleOptionButton(option)
            inner.rect = option.rect.adjusted(RING, RING, -RING, -RING)
            inner.state = option.state & ~_FOCUS
            super().drawControl(element, inner, painter, widget)
            if option.state & _FOCUS:
                _ring(painter, option, radius=3)
            return
        super().drawControl(element, option, painter, widget)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _PANELS and option.state & _FOCUS and widget is not None \
                and not isinstance(widget.parentWidget(), _IN_COMPLEX):
            _ring(painter, option, radius=3 if element == _PE_BUTTON else 0)

    def drawComplexControl(self, control: QStyle.ComplexControl,
                           option: QStyleOptionComplex, painter: QPainter,
                           widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in _COMPLEX and option.state & _FOCUS:
            _ring(painter, option, radius=3 if control == _CC_TOOL else 0)

    def sizeFromContents(self, contents: QStyle.ContentsType, option: QStyleOption,
                         size: QSize, widget: QWidget | None = None) -> QSize:
        out = super().sizeFromContents(contents, option, size, widget)  # type: ignore[arg-type]
        if contents in _CHECK_SIZES:  # room for the outline all round
            out = QSize(out.width() + 2 * RING, out.height() + 2 * RING)
        return out

    def polish(self, arg: Any) -> Any:  # (a widget, a palette or the application)
        out = super().polish(arg)
        if isinstance(arg, QLabel) and arg.focusPolicy() & arg.focusPolicy().TabFocus:
            arg.installEventFilter(_LABELS)
        return out


class _LabelFocus(QObject):
    """Room for the outline round a label while it has the keyboard (its text moves in by
    the outline's width, as it did with the style sheet, and back when it loses it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QLabel) and kind in _FOCUS_EVENTS:
            m = RING if kind == _FOCUS_EVENTS[0] else 0
            watched.setContentsMargins(m, m, m, m)
        return False


_LABELS = _LabelFocus()
_FOCUS_EVENTS = (QEvent.Type.FocusIn, QEvent.Type.FocusOut)


def _in_complex() -> tuple[type, ...]:
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    return (QAbstractSpinBox, QComboBox)


_IN_COMPLEX = _in_complex()
"""A line edit inside one of these is outlined with it, not on its own."""


def _ring(painter: QPainter, option: QStyleOption, radius: int = 0) -> None:
    """The focus outline: ``RING`` pixels of Highlight just inside ``option.rect``."""
    outer = QRectF(option.rect)
    inner = outer.adjusted(RING, RING, -RING, -RING)
    path = QPainterPath()
    if radius:
        path.addRoundedRect(outer, radius, radius)
        path.addRoundedRect(inner, max(radius - RING, 0), max(radius - RING, 0))
    else:
        path.addRect(outer)
        path.addRect(inner)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(radius))
    painter.fillPath(path, option.palette.color(_Role.Highlight))  # (odd-even: a ring)
    painter.restore()


def _edge(painter: QPainter, option: QStyleOption, role: QPalette.ColorRole) -> None:
    """A field's edge: one pixel of ``role`` round ``option.rect``."""
    r = option.rect
    colour = option.palette.color(role)
    painter.fillRect(r.x(), r.y(), r.width(), 1, colour)
    painter.fillRect(r.x(), r.bottom(), r.width(), 1, colour)
    painter.fillRect(r.x(), r.y(), 1, r.height(), colour)
    painter.fillRect(r.right(), r.y(), 1, r.height(), colour)
