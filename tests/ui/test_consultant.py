"""Consultant mode driven as a person clicks: the packet round trip through the File menu
and the review queue, the Clients view (files read, never changed), a new practice from a
template, the firm profile, and the XLSX export. Screenshots of each new view are saved to
docs/screenshots."""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from riskwizard import firm
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import default_matrix
from riskwizard.domain.templates import practice_from_template, shipped_templates
from riskwizard.interchange.packet import new_secret_meta
from riskwizard.session import Session
from riskwizard.store import write_new_file
from riskwizard.ui import consultant
from riskwizard.ui.firm_dialog import FirmDialog
from riskwizard.ui.review_queue import ACCEPTED, REJECTED, ReviewQueue
from riskwizard.ui.start_from_dialog import StartFromDialog

TODAY = date(2026, 11, 24)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shot(widget: Any, name: str) -> None:
    if os.environ.get("RISKWIZARD_SCREENSHOTS"):
        widget.grab().save(str(SHOTS / name))


def clinic(tmp_path: Path, questionnaire: Questionnaire, name: str = "Alpha Clinic",
           index: int = 0) -> Path:
    path = tmp_path / f"{name}.riskwizard"
    t = shipped_templates(questionnaire)[index]
    write_new_file(path, practice_from_template(t, name, questionnaire, TODAY),
                   new_secret_meta())
    return path


def digest(path: Path) -> tuple[str, float]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime


def child(window: Any, cls: type) -> Any:
    found = [d for d in window.findChildren(cls) if d.isVisible()]
    assert found, f"no {cls.__name__} shown"
    return found[-1]


def test_packet_round_trip_through_the_window(qtbot: QtBot, make_window: Any, dialogs: Any,
                                              questionnaire: Questionnaire,
                                              tmp_path: Path) -> None:
    w = make_window(questionnaire)
    assert w.open_path(clinic(tmp_path, questionnaire))
    out = tmp_path / "for IT.xlsx"
    dialogs.choices.append(0)  # the technical questions
    dialogs.paths.append(out)
    w.menus.export_packet.trigger()
    assert out.exists() and not dialogs.errors
    # The vendor fills it in with a script.
    wb = load_workbook(out)
    ws = wb["Questions"]
    ws["G2"], ws["H2"] = "Yes", "Roles in the EHR, reviewed yearly"
    ws["G3"] = "No"
    wb.save(out)
    before = dict(w.session.answers)
    dialogs.paths.append(out)
    w.menus.import_packet.trigger()
    queue = child(w, ReviewQueue)
    qtbot.waitExposed(queue)
    assert queue.table.rowCount() == 2
    assert w.session.answers == before, "nothing applied unseen"
    shot(queue, "review-queue.png")
    qtbot.mouseClick(queue.accept_button, Qt.MouseButton.LeftButton)
    assert w.session.answers["tech.access-control"].choice == "yes"
    assert "Roles in the EHR" in w.session.answers["tech.access-control"].note
    qtbot.mouseClick(queue.reject_button, Qt.MouseButton.LeftButton)
    assert "tech.unique-ids" not in w.session.answers
    assert queue.state == {"tech.access-control": ACCEPTED, "tech.unique-ids": REJECTED}
    assert not queue.accept_button.isEnabled()
    queue.close()
    # A tampered copy is refused in one line, and nothing changes.
    ws["C4"] = "Do you leave every door open?"
    wb.save(out)
    dialogs.paths.append(out)
    w.menus.import_packet.trigger()
    assert dialogs.errors and "changed after it was made" in dialogs.errors[-1]
    assert "\n" not in dialogs.errors[-1]


def test_clients_view_reads_without_changing_or_locking(qtbot: QtBot, make_window: Any,
                                                        dialogs: Any, tmp_path: Path,
                                                        questionnaire: Questionnaire,
                                                        demo_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    a = clinic(folder, questionnaire, "Alpha Clinic")
    b = clinic(folder, questionnaire, "Bright Smiles Dental", 1)
    (folder / "broken.riskwizard").write_bytes(b"not a practice")
    demo = folder / "Demo.riskwizard"
    demo.write_bytes(demo_file.read_bytes())
    before = {p: digest(p) for p in (a, b, demo)}
    w = make_window(questionnaire)
    monkeypatch.setattr(consultant, "choose_folder", lambda *args: folder)
    assert w.settings.clients_folder() is None
    dialog = consultant.clients(w)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 4
    names = [dialog.table.item(r, 0).text() for r in range(4)]
    assert "Alpha Clinic" in names and "broken" in names
    demo_row = names.index("Demo practice") if "Demo practice" in names else next(
        r for r, s in enumerate(dialog.summaries) if s.path.name == "Demo.riskwizard")
    s = dialog.summaries[demo_row]
    assert s.total > 0 and s.answered == s.total and s.overdue > 0
    broken = names.index("broken")
    assert "Cannot be read" in dialog.table.item(broken, 1).text()
    shot(dialog, "clients.png")
    assert w.settings.clients_folder() == folder  # remembered for the next time
    assert {p: digest(p) for p in before} == before, "files read, never changed"
    assert not list(folder.glob("*-journal")) and not list(folder.glob("*.bak*"))
    # Open from there: the file opens for editing (so it was not left locked).
    dialog.table.selectRow(names.index("Alpha Clinic"))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert w.session is not None and w.session.path == a.resolve()
    # The list again: the practice open here is read from the window, by its name, with
    # the figures its overview shows; a file never opened is counted as opening it would.
    again = consultant.clients(w)
    qtbot.waitExposed(again)
    rows = {s.path: (r, s) for r, s in enumerate(again.summaries)}
    r, s = rows[a.resolve()]
    assert not s.problem and again.table.item(r, 0).text() == "Alpha Clinic"
    assert s.serious == serious_in_window(w.session)
    copy = tmp_path / "copy.riskwizard"
    copy.write_bytes(b.read_bytes())
    opened = Session.open(copy, questionnaire, lambda: TODAY)
    try:
        assert rows[b.resolve()][1].serious == serious_in_window(opened) > 0
    finally:
        opened.close()
    again.close()


def serious_in_window(session: Session) -> int:
    """Open risks rated Critical or High, as the overview counts them."""
    m = default_matrix()
    return sum(1 for r in session.live_risks()
               if m.level(r.rated_likelihood, r.rated_impact).id in ("critical", "high"))


def test_a_new_practice_from_a_template(qtbot: QtBot, make_window: Any, dialogs: Any,
                                        tmp_path: Path, questionnaire: Questionnaire) -> None:
    w = make_window(questionnaire)
    dialog = consultant.new_from(w)
    assert isinstance(dialog, StartFromDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Lakeside Dental")
    dialog.template_list.setCurrentRow(
        next(i for i, t in enumerate(dialog.templates) if t.id == "dental"))
    assert dialog.sections.count() >= 1
    shot(dialog, "new-from-template.png")
    dialogs.paths.append(tmp_path / "Lakeside Dental")
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    s = w.session
    assert s is not None and s.path.name == "Lakeside Dental.riskwizard"
    assert s.practice.name == "Lakeside Dental" and len(s.vendors) >= 5
    assert s.answers and all(a.carried for a in s.answers.values())


def test_copying_from_another_client_ticks_nothing_by_default(
        qtbot: QtBot, make_window: Any, dialogs: Any, tmp_path: Path,
        questionnaire: Questionnaire, demo_file: Path) -> None:
    w = make_window(questionnaire)
    dialog = consultant.new_from(w)
    assert dialog is not None
    before = digest(demo_file)
    dialogs.paths.append(demo_file)
    qtbot.mouseClick(dialog.from_client, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.client_button, Qt.MouseButton.LeftButton)
    assert dialog.source is not None and digest(demo_file) == before
    qtbot.keyClicks(dialog.name, "Second Clinic")
    qtbot.mouseClick(dialog.vendors_box, Qt.MouseButton.LeftButton)
    dialogs.paths.append(tmp_path / "second.riskwizard")
    dialog.buttons.accepted.emit()
    s = w.session
    assert s is not None and s.practice.name == "Second Clinic"
    assert len(s.vendors) == len(dialog.source.vendors) and not s.assets and not s.answers


def small_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + b"\x1f\x4e\x79" * 120 for _ in range(40))
    return (firm.PNG_MAGIC + chunk(b"IHDR", struct.pack(">IIBBBBB", 120, 40, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_firm_profile_dialog(qtbot: QtBot, make_window: Any, dialogs: Any,
                             tmp_path: Path) -> None:
    w = make_window()
    dialog = consultant.firm_profile(w)
    assert isinstance(dialog, FirmDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.firm, "Harbor Compliance LLC")
    qtbot.keyClicks(dialog.assessor, "Jane Roe")
    qtbot.keyClicks(dialog.credentials, "CISSP, CHPS")
    qtbot.keyClicks(dialog.contact, "jane@harbor.example")
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"GIF89a" + b"\0" * 40)
    dialogs.paths.append(bad)
    qtbot.mouseClick(dialog.logo_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors and "not a PNG or JPEG" in dialogs.errors[-1]
    assert dialog.logo is None
    good = tmp_path / "good.png"
    good.write_bytes(small_png())
    dialogs.paths.append(good)
    qtbot.mouseClick(dialog.logo_button, Qt.MouseButton.LeftButton)
    assert dialog.logo == small_png()
    shot(dialog, "firm-profile.png")
    dialog.buttons.accepted.emit()
    saved = firm.firm_profile()
    assert saved is not None and saved.firm == "Harbor Compliance LLC"
    assert saved.lines()[0] == "Jane Roe, CISSP, CHPS" and saved.logo == small_png()


def test_xlsx_and_csv_exports_and_import_from_the_menu(qtbot: QtBot, make_window: Any,
                                                       dialogs: Any, tmp_path: Path,
                                                       questionnaire: Questionnaire,
                                                       demo_file: Path) -> None:
    w = make_window(questionnaire)
    assert w.open_path(demo_file)
    out = tmp_path / "sheet"
    dialogs.paths.append(out)
    w.menus.export_xlsx.trigger()
    assert (tmp_path / "sheet.xlsx").exists() and not dialogs.errors
    # Read the vendors back into another practice through the menu.
    assert w.open_path(clinic(tmp_path, questionnaire, "Target"))
    n = len(w.session.vendors)
    dialogs.choices.append(1)
    dialogs.paths.append(tmp_path / "sheet.xlsx")
    w.menus.import_inventory.trigger()
    assert len(w.session.vendors) > n
    assert QApplication.instance() is not None


def test_clients_of_the_same_name_are_told_apart_by_their_files(
        qtbot: QtBot, make_window: Any, tmp_path: Path, questionnaire: Questionnaire,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    first = clinic(folder, questionnaire, "Maple Grove")
    second = folder / "maple-2025.riskwizard"
    second.write_bytes(first.read_bytes())
    clinic(folder, questionnaire, "Oak Street", 1)
    w = make_window(questionnaire)
    monkeypatch.setattr(consultant, "choose_folder", lambda *args: folder)
    dialog = consultant.clients(w)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    names = sorted(dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()))
    assert names == ["Maple Grove (Maple Grove.riskwizard)",
                     "Maple Grove (maple-2025.riskwizard)", "Oak Street"]
    dialog.close()
