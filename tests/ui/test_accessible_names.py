"""Issue 18, accessibility: every control on every page has a name a screen reader can say,
and Tab moves through each page in reading order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from riskwizard.ui import pages
from riskwizard.ui.main_window import MainWindow

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit,
            QAbstractItemView)


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says for ``widget``: its own name, a buddy label's text, or a
    button's text."""
    if widget.accessibleName():
        return widget.accessibleName().strip()
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return name.replace("&", "").strip()


def screens(window: MainWindow, demo_file: Path) -> Iterator[tuple[str, QWidget]]:
    """The start page, then every registered page of an open practice."""
    yield "start page", window.centralWidget()
    assert window.open_path(demo_file)
    for spec in pages.ordered():
        window.show_page(spec.key)
        QApplication.processEvents()
        yield spec.title, window.pages[spec.key]


def controls(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, CONTROLS) and w.isVisible()
            and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))  # own editor
            and not isinstance(w, QHeaderView)]  # named with its table


def test_every_control_on_every_page_has_a_name(qtbot: QtBot, make_window: Any,
                                                demo_file: Path, questionnaire: Any) -> None:
    window: MainWindow = make_window(questionnaire)
    window.resize(1366, 768)
    listing: list[str] = []
    nameless: list[str] = []
    for title, root in screens(window, demo_file):
        for w in controls(root):
            name = accessible_name(w)
            listing.append(f"{title}: {type(w).__name__} {name!r}")
            if not name:
                nameless.append(f"{title}: {type(w).__name__} {w.objectName()!r} "
                                f"in {type(w.parentWidget()).__name__}")
    print("\n".join(listing))
    assert len(listing) > 20
    assert not nameless, "controls with no accessible name:\n" + "\n".join(nameless)


def _position(w: QWidget, root: QWidget) -> QPoint:
    return w.mapTo(root, QPoint(0, 0))


def focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside ``root``, in order, as the keyboard would go."""
    first = root
    chain: list[QWidget] = []
    w = first.nextInFocusChain()
    seen: set[int] = set()
    while w is not None and id(w) not in seen and len(chain) < 500:
        seen.add(id(w))
        if (root.isAncestorOf(w) and w.isVisible() and w.isEnabled()
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(w, QScrollBar)):
            chain.append(w)
        w = w.nextInFocusChain()
        if w is first:
            break
    return chain


def out_of_order(chain: list[QWidget], root: QWidget) -> list[str]:
    """Steps that go back up the page, or back to the left on the same row, unless they
    start a new column: the previous control's column must then lie wholly to the left."""
    found = []
    for a, b in zip(chain, chain[1:], strict=False):
        pa, pb = _position(a, root), _position(b, root)
        a_bottom = pa.y() + a.height()
        same_row = pb.y() < a_bottom and pa.y() < pb.y() + b.height()
        new_column = pb.x() >= pa.x() + a.width() - 4
        if same_row and pb.x() + 4 < pa.x():
            found.append(f"{accessible_name(a)!r} → {accessible_name(b)!r}: back to the left")
        elif pb.y() + b.height() <= pa.y() and not new_column:
            found.append(f"{accessible_name(a)!r} → {accessible_name(b)!r}: back up the page")
    return found


KEYS = ["start", *(spec.key for spec in pages.ordered())]
NOT_YET: dict[str, str] = {}


@pytest.mark.parametrize("key", [
    pytest.param(k, marks=pytest.mark.xfail(reason=NOT_YET[k], strict=True)) if k in NOT_YET
    else k for k in KEYS])
def test_tab_follows_reading_order(qtbot: QtBot, make_window: Any, demo_file: Path,
                                   questionnaire: Any, key: str) -> None:
    """On the start page and every registered page (each question on the questionnaire page,
    whose answers are rebuilt for every question)."""
    window: MainWindow = make_window(questionnaire)
    window.resize(1366, 768)
    found: list[str] = []
    for title, root in screens(window, demo_file):
        if title == "start page" and key == "start" or root.objectName() == f"{key}_page":
            chain = focus_chain(root)
            assert chain, f"{title}: nothing takes the keyboard"
            found += [f"{title}: {line}" for line in out_of_order(chain, root)]
            if key == "questions":
                for qid in list(window.session.answers)[:3]:  # type: ignore[union-attr]
                    window.show_question(qid)
                    QApplication.processEvents()
                    found += [f"{qid}: {line}"
                              for line in out_of_order(focus_chain(root), root)]
    assert not found, "\n".join(found)
