"""What a person would see cut off: text elided or clipped, and controls out of view.

``problems(window)`` looks at every widget visible in the window and returns one line per
problem. It knows nothing about particular pages, so a new page is checked as soon as it is
registered."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
            QAbstractItemView, QProgressBar)


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.isVisible() and not widget.size().isEmpty()


def name_of(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QAbstractButton, QLabel)):
        text = widget.text()
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    text = text.replace("\n", " ")[:50]
    return (f"{type(widget).__name__} {widget.objectName() or ''} "
            f"{widget.accessibleName()[:40] or text!r}").strip()


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose viewport holds ``widget``."""
    p = widget.parentWidget()
    child = widget
    while p is not None:
        if isinstance(p, QAbstractScrollArea) and child is p.viewport():
            return p
        child, p = p, p.parentWidget()
    return None


def visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` inside every ancestor, in the widget's coordinates."""
    rect = widget.rect()
    w: QWidget | None = widget
    offset = QPoint(0, 0)
    while w is not None and w is not window:
        offset += w.pos()
        parent = w.parentWidget()
        if parent is None:
            break
        rect = rect.intersected(parent.rect().translated(-offset))
        w = parent
    return rect


def reachable_by_scrolling(widget: QWidget, clipped: QRect) -> bool:
    """A clipped widget inside a scroll area is fine when a scroll bar can bring the hidden
    side into view."""
    area = scroll_area_of(widget)
    if area is None:
        return False
    full = widget.rect()
    horizontal = clipped.left() > full.left() or clipped.right() < full.right()
    vertical = clipped.top() > full.top() or clipped.bottom() < full.bottom()
    h_ok = area.horizontalScrollBar().maximum() > 0
    v_ok = area.verticalScrollBar().maximum() > 0
    return (not horizontal or h_ok) and (not vertical or v_ok) and \
        (reachable_by_scrolling(area, visible_rect(area, area.window()))
         if visible_rect(area, area.window()) != area.rect() else True)


def _label_problem(label: QLabel) -> str | None:
    if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"wraps to {need}px but has {label.height()}px"
        return None
    hint = label.sizeHint()
    if hint.width() > label.width() + 1:
        return f"needs {hint.width()}px wide, has {label.width()}px"
    if label.fontMetrics().height() > label.height() + 1:
        return f"needs {label.fontMetrics().height()}px high, has {label.height()}px"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    if hasattr(button, "_full_text"):  # wraps its own text (question_page._Wrapping)
        need = button.heightForWidth(button.width())
        return f"wraps to {need}px, has {button.height()}px" if need > button.height() + 1 \
            else None
    if not button.text():
        return None
    hint = button.sizeHint()
    if isinstance(button, (QPushButton, QCheckBox, QRadioButton)) and \
            hint.width() > button.width() + 1:
        return f"text needs {hint.width()}px, has {button.width()}px"
    return None


def _table_problems(view: QTableView) -> list[str]:
    """Header titles that do not fit; cells cut short, except long free text in a column
    that reached its cap (or the one stretching column) whose tooltip has the whole text."""
    from riskwizard.ui.tables import StretchColumn

    out = []
    model = view.model()
    header = view.horizontalHeader()
    stretch = view.findChild(StretchColumn)
    elastic = ({stretch.column} | stretch.capped) if stretch is not None else set()
    if header.stretchLastSection():
        elastic.add(header.count() - 1)
    cell_fm = view.fontMetrics()
    pad = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 8
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        size = header.sectionSize(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        need = header.sectionSizeFromContents(column).width()
        if header.isSortIndicatorShown():
            need += view.style().pixelMetric(view.style().PixelMetric.PM_HeaderMarkSize,
                                             None, header)
        if title and need > size + 1:
            out.append(f"column “{title}” title cut (needs {need}px, has {size}px)")
        for row in range(min(model.rowCount(), 60)):
            index: QModelIndex = model.index(row, column)
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            if text and cell_fm.horizontalAdvance(text) + pad > size:
                tip = str(model.data(index, Qt.ItemDataRole.ToolTipRole) or "")
                if column in elastic and text in tip:
                    continue
                out.append(f"column “{title}” cuts “{text}” ({size}px)")
                break
    return out


def _list_problems(view: QAbstractItemView) -> list[str]:
    """Rows of a list or tree whose words are elided (a list that wraps is fine)."""
    out = []
    if isinstance(view, QTableView):
        return out
    wraps = bool(getattr(view, "wordWrap", lambda: False)())
    model = view.model()
    if model is None:
        return out
    fm = view.fontMetrics()
    # the text's margins in a cell, as Qt's item views take them (QItemDelegate's textMargin)
    margins = 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin,
                                            None, view) + 1)

    def rows(parent: QModelIndex) -> list[QModelIndex]:
        found = []
        for r in range(min(model.rowCount(parent), 200)):
            index = model.index(r, 0, parent)
            found.append(index)
            found.extend(rows(index))
        return found

    for index in rows(QModelIndex()):
        rect = view.visualRect(index)
        text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
        if rect.isEmpty() or not text or "\n" in text:
            continue
        lines = max(rect.height() // fm.lineSpacing(), 1) if wraps else 1
        if fm.horizontalAdvance(text) + margins > rect.width() * lines:
            out.append(f"row “{text}” elided ({rect.width()}px × {lines} lines)")
    return out


def problems(window: QWidget) -> list[str]:
    """Every cut or hidden thing a person would see in ``window`` as it is now."""
    out: list[str] = []
    for widget in window.findChildren(QWidget):
        if not shown(widget, window):
            continue
        where = visible_rect(widget, window)
        if where.isEmpty():
            continue  # scrolled entirely out of sight: reachable, checked by scrolling
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button_problem(widget)
        elif isinstance(widget, QGroupBox):
            fm = widget.fontMetrics()
            if fm.horizontalAdvance(widget.title().replace("&", "")) + 16 > widget.width():
                problem = "title cut"
        if problem:
            out.append(f"{name_of(widget)}: {problem}")
        if isinstance(widget, QTableView):
            out.extend(f"{name_of(widget)}: {p}" for p in _table_problems(widget))
        elif isinstance(widget, QAbstractItemView):
            out.extend(f"{name_of(widget)}: {p}" for p in _list_problems(widget))
        elided = getattr(widget, "elided_texts", None)
        if callable(elided):
            out.extend(f"{name_of(widget)}: “{t}” does not fit" for t in elided())
        if isinstance(widget, (*CONTROLS, QLabel)) and where != widget.rect() and \
                not reachable_by_scrolling(widget, where) and \
                not isinstance(widget.parentWidget(), QScrollArea):
            out.append(f"{name_of(widget)}: out of view ({where.width()}×{where.height()} of "
                       f"{widget.width()}×{widget.height()} shown)")
    return out


def buttons_below_the_fold(window: QWidget) -> list[str]:
    """Push buttons a person has to scroll to find, with every scroll area at its start
    (rows of a list that scrolls, marked with the property ``rows``, may)."""
    out = []
    for button in window.findChildren(QPushButton):
        area = scroll_area_of(button)
        if not shown(button, window) or area is None or area.property("rows"):
            continue
        if visible_rect(button, window) != button.rect():
            out.append(f"{name_of(button)}: below the fold")
    return out
