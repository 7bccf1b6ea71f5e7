"""Fixtures for window tests: a dialog service that answers from a script, and a window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from scripted import ScriptedDialogs

from riskwizard.domain.model import Practice
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.ui import look
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.settings import Settings

TODAY = date(2026, 11, 24)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns that it cannot pass size hints to a window manager.
    for item in items:
        if "tests/ui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture(autouse=True)
def window_look(qapp: QApplication) -> Iterator[None]:
    """The program's own palette and focus outline, as ``run_gui`` gives them (light)."""
    look.apply(qapp, "light")
    yield
    look.apply(qapp, "light")


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def make_window(qtbot: QtBot, dialogs: ScriptedDialogs,
                sample_questionnaire: Questionnaire) -> Iterator[Any]:
    """Build windows on the sample questionnaire; each one is closed at the end."""
    made: list[MainWindow] = []

    def make(questionnaire: Questionnaire | None = None) -> MainWindow:
        window = MainWindow(questionnaire or sample_questionnaire, Settings(), dialogs,
                            today=lambda: TODAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        handle = window.windowHandle()
        assert handle is not None
        handle.requestActivate()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        made.append(window)
        return window

    yield make
    for w in made:
        w.close()


@pytest.fixture
def window(make_window: Any) -> MainWindow:
    return make_window()  # type: ignore[no-any-return]


@pytest.fixture
def sample_file(tmp_path: Path, sample_questionnaire: Questionnaire) -> Path:
    """A practice on the sample questionnaire with telehealth on and two gaps."""
    path = tmp_path / "sample.riskwizard"
    s = Session.create(path, Practice("Sample Clinic"), sample_questionnaire)
    s.set_answer("profile.telehealth", choice="yes")
    s.set_answer("adm.risk-analysis", choice="no")
    s.set_answer("tele.baa", choice="partly")
    s.close()
    return path
