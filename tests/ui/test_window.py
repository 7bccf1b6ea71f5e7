"""The window's other promises: bad files, the demo, tables, save errors, the PDF, CSV,
next year's assessment, remembered geometry, start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from scripted import ScriptedDialogs

from riskwizard.domain.model import RiskStatus
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.ui.inventory_pages import AssetsPage, VendorsPage
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.question_page import QuestionPage, glossary_html
from riskwizard.ui.remediation_page import RemediationPage
from riskwizard.ui.risk_page import RiskPage
from riskwizard.ui.settings import Settings


def test_a_bad_file_is_refused_in_one_line_and_nothing_changes(
        window: MainWindow, dialogs: ScriptedDialogs, tmp_path: Path) -> None:
    bad = tmp_path / "notes.riskwizard"
    bad.write_text("not a practice file")
    assert not window.open_path(bad)
    assert len(dialogs.errors) == 1 and "\n" not in dialogs.errors[0]
    assert "not a riskwizard practice file" in dialogs.errors[0]
    assert window.session is None and window.stack.currentWidget() is window.start
    assert window.settings.recent_files() == []


def test_a_file_open_elsewhere_is_refused(window: MainWindow, dialogs: ScriptedDialogs,
                                          sample_file: Path,
                                          sample_questionnaire: Questionnaire) -> None:
    other = Session.open(sample_file, sample_questionnaire)
    try:
        assert not window.open_path(sample_file)
        assert "open in another" in dialogs.errors[0]
    finally:
        other.close()


def test_the_demo_opens_from_the_start_page(qtbot: QtBot, make_window: Any,
                                            questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    qtbot.mouseClick(window.start.demo_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    assert window.session.path == window.demo_path()
    assert window.demo_path().is_relative_to(Path(os.environ["RISKWIZARD_CONFIG_DIR"]))
    assert window.session.practice.name == "Maple Grove Family Medicine"
    for key in ("dashboard", "practice", "assets", "vendors", "questions", "risks",
                "remediation"):
        window.show_page(key)
        assert window.page_stack.currentWidget() is window.pages[key]


def test_table_models_pass_the_model_tester(make_window: Any, qtmodeltester: Any,
                                            demo_file: Path,
                                            questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    for key in ("assets", "vendors", "risks", "remediation"):
        page = window.page(key)
        assert isinstance(page, AssetsPage | VendorsPage | RiskPage | RemediationPage)
        # The C++ tester (problems are Qt warnings, which fail the test) stays attached
        # while the table is sorted, filtered, edited and reloaded.
        qtmodeltester.check(page.model)
        qtmodeltester.check(page.proxy)
        page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        page.proxy.setFilterFixedString("a")
        col = next(i for i, c in enumerate(page.model.columns) if c.field and c.kind == "text")
        index = page.model.index(0, col)
        name = index.data()
        assert page.model.setData(index, f"{name} (renamed)")
        page.proxy.setFilterFixedString("")
        page.model.reload()
        assert page.model.index(0, col).data() == f"{name} (renamed)"


def test_filter_and_sort_the_assets(qtbot: QtBot, make_window: Any, demo_file: Path,
                                    questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    window.open_path(demo_file)
    page = window.show_page("assets")
    assert isinstance(page, AssetsPage)
    total = page.proxy.rowCount()
    qtbot.keyClicks(page.filter, "laptop")
    qtbot.waitUntil(lambda: page.proxy.rowCount() < total)
    assert all("laptop" in " ".join(
        str(page.proxy.index(r, c).data()) for c in range(page.proxy.columnCount())).lower()
        for r in range(page.proxy.rowCount()))
    assert "Showing" in page.count_label.text()
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names == sorted(names, key=str.lower, reverse=True)


def test_a_failed_save_says_so_and_keeps_the_typed_text(
        qtbot: QtBot, window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path) -> None:
    assert window.open_path(sample_file)
    window.show_question("adm.risk-analysis")
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    assert window.session is not None
    window.session.pf.conn.close()  # the file goes away under us (like a pulled USB drive)
    page.note.setFocus()
    qtbot.keyClicks(page.note, "Typed before the disk failed")
    page.save_text()
    assert len(dialogs.errors) == 1 and "\n" not in dialogs.errors[0]
    assert page.note.toPlainText() == "Typed before the disk failed"
    assert window.session.answers["adm.risk-analysis"].note == ""


def test_risks_can_be_merged_and_dismissed(window: MainWindow, dialogs: ScriptedDialogs,
                                           sample_file: Path) -> None:
    window.open_path(sample_file)
    page = window.show_page("risks")
    assert isinstance(page, RiskPage) and window.session is not None
    n = page.proxy.rowCount()
    assert n >= 2
    page.view.setCurrentIndex(page.proxy.index(0, 1))
    first = page.current()
    assert first is not None
    dialogs.choices.append(0)
    page.merge_button.click()
    statuses = {r.id: r.status for r in window.session.risks}
    assert statuses[first.id] is RiskStatus.MERGED
    assert page.proxy.rowCount() == n - 1
    page.view.setCurrentIndex(page.proxy.index(0, 1))
    page.dismiss_button.click()
    assert page.proxy.rowCount() == n - 2
    assert len(window.session.live_risks()) == n - 2


@pytest.mark.slow
def test_export_pdf_runs_in_the_background_and_offers_to_open_it(
        qtbot: QtBot, make_window: Any, dialogs: ScriptedDialogs, demo_file: Path,
        questionnaire: Questionnaire, tmp_path: Path) -> None:
    window: MainWindow = make_window(questionnaire)
    window.open_path(demo_file)
    out = tmp_path / "report.pdf"
    dialogs.paths.append(out)
    window.export_action.trigger()
    try:
        from riskwizard.report import build_report  # noqa: F401
    except ImportError:
        assert dialogs.infos and "not available" in dialogs.infos[0][1]
        return
    qtbot.waitUntil(lambda: bool(dialogs.asked) or bool(dialogs.errors), timeout=30000)
    assert dialogs.errors == []
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert dialogs.shown == [out]


def test_csv_import_reports_rows_it_could_not_take(window: MainWindow,
                                                   dialogs: ScriptedDialogs,
                                                   sample_file: Path, tmp_path: Path) -> None:
    window.open_path(sample_file)
    page = window.show_page("vendors")
    assert isinstance(page, VendorsPage) and window.session is not None
    csv = tmp_path / "vendors.csv"
    csv.write_text("name,service,baa_signed,baa_date\nClearChart,EHR,yes,2025-01-02\n"
                   "Broken,?,perhaps,\n,no name,,\n")
    dialogs.paths.append(csv)
    page.import_button.click()
    assert [v.name for v in window.session.vendors] == ["ClearChart"]
    assert page.model.rowCount() == 1
    title, text, details = dialogs.infos[-1]
    assert "1 row imported; 2 could not be taken" in text
    assert "Row 3: baa: 'perhaps' is not one of: Signed (signed)" in details
    assert "Row 4" in details
    out = tmp_path / "out.csv"
    dialogs.paths.append(out)
    page.export_button.click()
    assert "ClearChart" in out.read_text("utf-8-sig")


def test_next_years_assessment_starts_from_this_years_answers(
        window: MainWindow, dialogs: ScriptedDialogs, sample_file: Path) -> None:
    window.open_path(sample_file)
    assert window.session is not None
    first = window.session.assessment.id
    window.next_year_action.trigger()
    assert dialogs.asked
    assert window.session.assessment.id != first
    assert window.session.answers["adm.risk-analysis"].choice == "no"
    assert len(window.session.assessments) == 2


def test_geometry_and_last_file_are_remembered(make_window: Any, sample_file: Path) -> None:
    window: MainWindow = make_window()
    window.open_path(sample_file)
    window.resize(700, 500)
    window.close()
    assert Settings().last_file() == sample_file.resolve()
    again: MainWindow = make_window()
    assert again.size().width() == 700 and again.size().height() == 500
    assert again.reopen_last()


def test_glossary_terms_become_tooltips() -> None:
    text, terms = glossary_html("Does the BAA cover ePHI & <backups>?",
                                {"ePHI": "patient data", "BAA": "a contract"})
    assert set(terms) == {"ePHI", "BAA"}
    assert '<a href="glossary:BAA">BAA</a>' in text and "&amp; &lt;backups&gt;" in text


@pytest.mark.slow
def test_gui_exits_after_the_first_paint(sample_file: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "RISKWIZARD_CONFIG_DIR": str(tmp_path / "cfg")}
    done = subprocess.run([sys.executable, "-m", "riskwizard", "gui", str(sample_file),
                           "--exit-after-ready"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_gui_refuses_a_bad_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.riskwizard"
    bad.write_bytes(b"\x00" * 10)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "RISKWIZARD_CONFIG_DIR": str(tmp_path / "cfg")}
    done = subprocess.run([sys.executable, "-m", "riskwizard", "gui", str(bad),
                           "--exit-after-ready"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert "not a riskwizard practice file" in done.stderr and "Traceback" not in done.stderr


def test_unexpected_errors_become_a_one_line_message(dialogs: ScriptedDialogs,
                                                     window: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from riskwizard.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(dialogs)
    try:
        raise ValueError("the widget fell over\nsecond line")
    except ValueError as exc:
        sys.excepthook(ValueError, exc, exc.__traceback__)
    assert dialogs.errors[0].startswith("the widget fell over\n\nYour work")
    assert "second line" not in dialogs.errors[0]


def test_return_on_a_section_moves_the_keyboard_into_it(qtbot: QtBot, window: MainWindow,
                                                        sample_file: Path) -> None:
    window.open_path(sample_file)
    window.nav.setFocus()
    item = window.nav.findItems("Administrative safeguards",
                                Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    window.nav.setCurrentItem(item)
    qtbot.keyClick(window.nav, Qt.Key.Key_Return)
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert window.session is not None
    assert window.session.answers[page.qid or ""].choice == "yes"


def test_a_file_handed_over_by_the_system_opens(window: MainWindow, demo_file: Path) -> None:
    """macOS Finder sends a double-clicked practice file as a FileOpen event."""
    from PySide6.QtGui import QFileOpenEvent

    from riskwizard.ui.app import FileOpenFilter

    app = QApplication.instance()
    assert app is not None
    event_filter = FileOpenFilter(window.open_path, app)
    app.installEventFilter(event_filter)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(demo_file)))
        assert window.session is not None
        assert window.session.practice.name == "Maple Grove Family Medicine"
    finally:
        app.removeEventFilter(event_filter)


def test_the_guidance_says_where_a_question_fits_in_other_frameworks(
        make_window: Any, demo_file: Path, questionnaire: Questionnaire) -> None:
    from riskwizard.domain import frameworks

    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    mapped = [q for q in questionnaire.questions() if frameworks.mappings(q)]
    assert mapped
    for q in mapped[::25]:
        window.show_question(q.id)
        page = window.pages["questions"]
        text = page.guidance.toPlainText()  # type: ignore[attr-defined]
        if page.qid != q.id:  # type: ignore[attr-defined]
            continue  # a question the demo's profile hides
        assert "Where this fits in other frameworks" in text
        for framework, what in frameworks.mappings(q):
            assert f"{framework}: {what}" in text
