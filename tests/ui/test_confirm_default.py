"""A question asked before something is deleted or replaced (``Dialogs.ask``) has the safe
answer as its default: Enter, pressed by habit, keeps everything. Real message boxes, driven
with the keyboard, for generated wordings."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from riskwizard.ui.dialogs import Dialogs

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1, max_size=40).map(str.strip).filter(bool)


def _answer(key: Qt.Key, seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(10, lambda: _answer(key, seen))
        return
    default = box.defaultButton()
    seen.append(default.text() if default is not None else "")
    QTest.keyClick(box, key)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=words, yes=st.sampled_from(["Delete", "Replace", "Remove", "Yes"]))
def test_enter_keeps_everything(qtbot: QtBot, name: str, yes: str) -> None:
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(Qt.Key.Key_Return, seen))
    assert Dialogs().ask(None, f"{yes} records", f"{yes} {name}?", yes) is False
    assert seen == ["Cancel"]
    seen.clear()
    QTimer.singleShot(0, lambda: _answer(Qt.Key.Key_Escape, seen))
    assert Dialogs().ask(None, f"{yes} records", f"{yes} {name}?", yes) is False
