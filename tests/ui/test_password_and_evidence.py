"""Issue 17 in the window: a practice file protected with a password (opening it, and
protecting, changing and removing the password from the File menu), evidence files on
answers and risks, the "No evidence yet" hint and count, and the evidence pack."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from scripted import ScriptedDialogs

from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.session import Session
from riskwizard.store import write_new_file
from riskwizard.store.practice_file import PasswordNeeded, WrongPassword
from riskwizard.ui.dashboard_page import DashboardPage
from riskwizard.ui.evidence_panel import EvidencePanel
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.password_dialog import WRONG_PASSWORD, PasswordDialog
from riskwizard.ui.question_page import QuestionPage
from riskwizard.ui.risk_page import RiskPage

PASSWORD = "maple grove 2026"


@pytest.fixture
def locked_demo(tmp_path: Path, demo_data: PracticeData) -> Path:
    path = tmp_path / "locked demo.riskwizard"
    write_new_file(path, demo_data, password=PASSWORD)
    return path


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def attach_one(qtbot: QtBot, dialogs: ScriptedDialogs, panel: EvidencePanel, path: Path,
               content: bytes) -> None:
    """Add one file through the panel's Add button, as a person would, then close it."""
    path.write_bytes(content)
    dialogs.paths.append(path)
    click(qtbot, panel.add_button)
    assert panel.table.rowCount() == 1
    panel.close()


def test_a_locked_demo_opens_with_the_right_password_after_a_wrong_one(
        make_window: Any, dialogs: ScriptedDialogs, questionnaire: Questionnaire,
        locked_demo: Path) -> None:
    window: MainWindow = make_window(questionnaire)
    dialogs.paths.append(locked_demo)
    dialogs.passwords += ["not the password", PASSWORD]
    window.menus.window.open_dialog()  # File → Open…
    assert window.session is not None and window.session.encrypted
    assert window.session.practice.name == "Maple Grove Family Medicine"
    # One try per prompt: the second prompt says, in one line, that the first was wrong.
    assert [problem for _, problem in dialogs.password_prompts] == ["", WRONG_PASSWORD]
    assert "locked demo.riskwizard" in dialogs.password_prompts[0][0]
    assert dialogs.errors == []
    assert window.menus.change_password.isEnabled()
    assert window.menus.remove_password.isEnabled()
    assert not window.menus.protect.isEnabled()


def test_cancelling_the_password_leaves_the_start_page(
        make_window: Any, dialogs: ScriptedDialogs, questionnaire: Questionnaire,
        locked_demo: Path) -> None:
    window: MainWindow = make_window(questionnaire)
    dialogs.passwords += ["wrong once", None]
    window.start.recent_chosen.emit(locked_demo)  # a recent file on the start page
    assert window.session is None
    assert window.stack.currentWidget() is window.start
    assert len(dialogs.password_prompts) == 2 and dialogs.errors == []


def test_reopening_the_last_file_asks_for_its_password(
        make_window: Any, dialogs: ScriptedDialogs, sample_questionnaire: Questionnaire,
        tmp_path: Path) -> None:
    from riskwizard.domain.model import Practice

    path = tmp_path / "locked.riskwizard"
    Session.create(path, Practice("Locked Clinic"), sample_questionnaire,
                   password=PASSWORD).close()
    window: MainWindow = make_window()
    window.settings.add_recent(path)
    dialogs.passwords.append(PASSWORD)
    assert window.reopen_last()
    assert window.session is not None and window.session.practice.name == "Locked Clinic"


def test_the_password_dialog_masks_what_is_typed(qtbot: QtBot) -> None:
    dialog = PasswordDialog(None, "New password", "Type it twice.", twice=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.second.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.first, "short")
    qtbot.keyClicks(dialog.second, "short")
    dialog._try_accept()
    assert dialog.isVisible() and "at least 8" in dialog.problem.text()
    dialog.first.clear()
    dialog.second.clear()
    qtbot.keyClicks(dialog.first, "long enough 1")
    qtbot.keyClicks(dialog.second, "long enough 2")
    dialog._try_accept()
    assert dialog.isVisible() and "not the same" in dialog.problem.text()
    dialog.second.clear()
    qtbot.keyClicks(dialog.second, "long enough 1")
    dialog._try_accept()
    assert dialog.result() == PasswordDialog.DialogCode.Accepted
    dialog.grab().save("/tmp/password_dialog.png")


def test_protect_change_and_remove_from_the_file_menu(
        make_window: Any, dialogs: ScriptedDialogs, sample_file: Path) -> None:
    window: MainWindow = make_window()
    assert window.open_path(sample_file)
    m = window.menus
    assert m.protect.isEnabled() and not m.change_password.isEnabled()

    # Protect: the two must match and be long enough; each reason is one line.
    dialogs.new_passwords += [("short", "short"), ("long enough", "long enougj"),
                              ("first password", "first password")]
    m.protect.trigger()
    problems = [p for _, p in dialogs.password_prompts]
    assert problems == ["", "The password needs at least 8 characters.",
                        "The two passwords are not the same."]
    assert window.session is not None and window.session.encrypted
    assert "protected with a password" in window.statusBar().currentMessage()
    assert m.change_password.isEnabled() and not m.protect.isEnabled()
    window.session.set_answer("adm.risk-analysis", choice="yes")  # still usable

    # Change: a wrong current password is said and asked again; nothing changes.
    dialogs.password_prompts.clear()
    dialogs.new_passwords.append(("second password", "second password"))
    dialogs.passwords += ["wrong password", "first password"]
    m.change_password.trigger()
    assert [p for _, p in dialogs.password_prompts] == ["", "", WRONG_PASSWORD]
    assert "changed" in window.statusBar().currentMessage()
    assert window.session.answers["adm.risk-analysis"].choice == "yes"

    window.close_practice()
    with pytest.raises(PasswordNeeded):
        Session.open(sample_file, window.questionnaire)
    with pytest.raises(WrongPassword):
        Session.open(sample_file, window.questionnaire, password="first password")
    dialogs.passwords.append("second password")
    assert window.open_path(sample_file)

    # Remove: asked to confirm, then the current password.
    dialogs.passwords.append("second password")
    m.remove_password.trigger()
    assert dialogs.asked and "Remove the password" in dialogs.asked[-1]
    assert dialogs.errors == []
    assert not window.session.encrypted
    assert "removed" in window.statusBar().currentMessage()
    assert m.protect.isEnabled() and not m.remove_password.isEnabled()
    window.close_practice()
    Session.open(sample_file, window.questionnaire).close()  # no password needed now
    assert dialogs.errors == []


def test_attach_save_back_and_remove_evidence_on_an_answer(
        qtbot: QtBot, make_window: Any, dialogs: ScriptedDialogs, sample_file: Path,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()
    assert window.open_path(sample_file)
    window.show_question("adm.risk-analysis")
    page = window.pages["questions"]
    assert isinstance(page, QuestionPage)
    assert page.evidence_hint.isHidden()
    yes = page.options.buttons()[0]
    assert "Yes" in yes.text()
    click(qtbot, yes)
    assert window.session is not None
    assert window.session.answers["adm.risk-analysis"].choice == "yes"
    assert page.evidence_hint.isVisible() and "No evidence yet" in page.evidence_hint.text()
    page.grab().save("/tmp/question_hint.png")

    window.show_page("dashboard")
    overview = window.pages["dashboard"]
    assert isinstance(overview, DashboardPage)
    before = len(window.session.yes_without_evidence())
    assert f"{before} Yes answers have no evidence yet" in overview.evidence_text.text()

    window.show_question("adm.risk-analysis")
    click(qtbot, page.evidence_button)
    panel = page.evidence_panel
    assert isinstance(panel, EvidencePanel) and panel.isVisible()
    assert panel.empty.isVisible()
    policy = tmp_path / "risk analysis policy.pdf"
    content = bytes(range(256)) * 40
    policy.write_bytes(content)
    dialogs.paths.append(policy)
    click(qtbot, panel.add_button)
    assert panel.table.rowCount() == 1
    row = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]
    assert row[0] == "risk analysis policy.pdf" and row[1] == "10 KB"
    import hashlib
    assert row[4] == hashlib.sha256(content).hexdigest()[:12] + "…"
    panel.grab().save("/tmp/evidence_panel.png")
    assert page.evidence_hint.isHidden()
    assert page.evidence_button.text() == "E&vidence (1)…"

    copy = tmp_path / "saved back.pdf"
    dialogs.paths.append(copy)
    click(qtbot, panel.save_button)
    assert copy.read_bytes() == content

    # Limits and errors in one line, in the panel.
    dialogs.paths.append(tmp_path / "not there.pdf")
    click(qtbot, panel.add_button)
    assert panel.problem.isVisible() and "no such file" in panel.problem.text()
    assert panel.table.rowCount() == 1

    dialogs.answers.append(True)
    click(qtbot, panel.remove_button)
    assert panel.table.rowCount() == 0 and panel.empty.isVisible()
    assert window.session.evidence_for(question_id="adm.risk-analysis") == []
    assert page.evidence_hint.isVisible()
    panel.close()

    window.show_page("dashboard")
    assert f"{before} Yes answers" in overview.evidence_text.text()
    assert dialogs.errors == []


def test_evidence_on_a_risk_and_the_pack_for_an_auditor(
        qtbot: QtBot, make_window: Any, dialogs: ScriptedDialogs, sample_file: Path,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()
    assert window.open_path(sample_file)
    m = window.menus
    m.evidence_pack.trigger()  # nothing attached yet: said, nothing written
    assert dialogs.infos and "No evidence files" in dialogs.infos[-1][1]

    page = window.show_page("risks")
    assert isinstance(page, RiskPage)
    risk = page.current()
    assert risk is not None
    click(qtbot, page.evidence_button)
    panel = page.evidence_panel
    attach_one(qtbot, dialogs, panel, tmp_path / "quote.txt", b"Backup service quote\n")
    assert page.evidence_button.text() == "E&vidence (1)…"
    page.grab().save("/tmp/risk_evidence.png")

    out = tmp_path / "pack.zip"
    dialogs.paths.append(out)
    m.evidence_pack.trigger()
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        (entry,) = manifest["files"]
        assert entry["name"] == "quote.txt" and entry["record"] == risk.id
        assert zf.read(entry["path"]) == b"Backup service quote\n"
    assert "not encrypted" in dialogs.infos[-1][1]


def test_exports_say_they_are_not_encrypted(
        make_window: Any, dialogs: ScriptedDialogs, sample_file: Path,
        tmp_path: Path) -> None:
    window: MainWindow = make_window()
    assert window.open_path(sample_file)
    dialogs.paths.append(tmp_path / "plain.json")
    window.menus.export_json.trigger()
    assert "not encrypted" not in window.statusBar().currentMessage()
    dialogs.new_passwords.append((PASSWORD, PASSWORD))
    window.menus.protect.trigger()
    dialogs.paths.append(tmp_path / "everything.json")
    window.menus.export_json.trigger()
    assert "JSON saved" in window.statusBar().currentMessage()
    assert "not encrypted" in window.statusBar().currentMessage()


@pytest.mark.parametrize(("page_name", "field"), [("remediation", "remediation_id"),
                                                  ("vendors", "vendor_id"),
                                                  ("assets", "asset_id")])
def test_evidence_on_the_plan_vendor_and_asset_pages(
        qtbot: QtBot, make_window: Any, dialogs: ScriptedDialogs, demo_file: Path,
        tmp_path: Path, page_name: str, field: str) -> None:
    window: MainWindow = make_window()
    assert window.open_path(demo_file)
    page: Any = window.show_page(page_name)
    button = page.evidence_button
    page.view.clearSelection()
    page.view.setCurrentIndex(page.proxy.index(-1, -1))
    button.show_for_selection()
    assert not button.isEnabled()  # one row must be chosen
    page.view.selectRow(0)
    record = page.selected_records()[0]
    assert button.isEnabled() and button.text() == "E&vidence…"
    click(qtbot, button)
    panel = button.panel
    assert isinstance(panel, EvidencePanel) and panel.isVisible()
    attach_one(qtbot, dialogs, panel, tmp_path / "signed.pdf", b"%PDF signed")
    assert window.session is not None
    [kept] = window.session.evidence_for(**{field: record.id})
    assert kept.name == "signed.pdf"
    page.view.selectRow(0)
    assert page.selected_records()[0].id == record.id
    assert button.text() == "E&vidence (1)…"
    assert dialogs.errors == []


def test_the_pack_and_the_spreadsheet_replace_only_what_the_person_was_asked_about(
        make_window: Any, dialogs: ScriptedDialogs, demo_file: Path,
        tmp_path: Path) -> None:
    """The Save dialog asks before replacing the name chosen; a name the program completed
    (.zip, .xlsx added) was never asked about, so a file there is left alone."""
    window: MainWindow = make_window()
    assert window.open_path(demo_file)
    assert window.session is not None
    window.session.attach_evidence("a.txt", b"proof", asset_id=window.session.assets[0].id)
    for suffix, action in ((".zip", window.menus.evidence_pack),
                           (".xlsx", window.menus.export_xlsx)):
        there = tmp_path / f"existing{suffix}"
        there.write_bytes(b"PK\x03\x04 an older one")
        dialogs.paths.append(tmp_path / "existing")  # the suffix is added after the dialog
        action.trigger()
        assert there.read_bytes() == b"PK\x03\x04 an older one"
        text = dialogs.errors[-1]
        assert "already exists; not replaced" in text and "\n" not in text
        dialogs.paths.append(there)  # chosen in the dialog, which asked: replaced
        action.trigger()
        assert there.read_bytes() != b"PK\x03\x04 an older one"
