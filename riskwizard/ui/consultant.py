"""The window's consultant flows, called from the File menu: the firm profile, the Clients
view, a new practice from a template or another client, imports and exports on the open
file (JSON, CSV, XLSX), and the delegation packet with its review queue.

Each flow asks through the window's dialog service (scriptable in tests), says every
failure in one line, and opens its own dialogs with ``open()`` (not ``exec()``): the dialog
is returned so a test can drive it as a person would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from riskwizard.fileio import OutputError
from riskwizard.store import StoreError
from riskwizard.store.practice_file import SUFFIX
from riskwizard.ui import flows

if TYPE_CHECKING:
    from riskwizard.domain.model import PracticeData
    from riskwizard.ui.clients_page import ClientsDialog
    from riskwizard.ui.firm_dialog import FirmDialog
    from riskwizard.ui.main_window import MainWindow
    from riskwizard.ui.review_queue import ReviewQueue
    from riskwizard.ui.start_from_dialog import StartFromDialog

XLSX_FILTER = "Excel workbooks (*.xlsx)"
JSON_FILTER = "JSON files (*.json)"
CSV_FILTER = "Spreadsheet files (*.csv)"
SHEET_FILTER = "Spreadsheets (*.csv *.xlsx);;All files (*)"
KINDS = ["Assets", "Vendors"]


def choose_folder(parent: QWidget, title: str, start: Path | None) -> Path | None:
    """A folder chooser (tests replace this function)."""
    name = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
    return Path(name) if name else None


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _suggest(w: MainWindow, what: str, suffix: str) -> Path:
    s = w.session
    assert s is not None
    return s.path.with_name(f"{s.practice.name} – {what}{suffix}")


# ---------------------------------------------------------------- firm and clients

def firm_profile(w: MainWindow) -> FirmDialog:
    from riskwizard.ui.firm_dialog import FirmDialog

    dialog = FirmDialog(w.dialogs, w)
    dialog.open()
    return dialog


def clients(w: MainWindow) -> ClientsDialog:
    from riskwizard.ui.clients_page import ClientsDialog

    folder = w.settings.clients_folder()
    def opened() -> tuple[Path, PracticeData] | None:
        session = w.session
        return (session.path, session.data()) if session is not None else None

    dialog = ClientsDialog(w.questionnaire, w.settings.recent_files(), folder, w.today(), w,
                           opened)

    def pick_folder() -> None:
        chosen = choose_folder(dialog, "The folder with your clients' practice files",
                               dialog.folder)
        if chosen is not None:
            w.settings.set_clients_folder(chosen)
            w.settings.sync()
            dialog.set_folder(chosen)

    def open_then(then: str) -> Callable[[Path], None]:
        def go(path: Path) -> None:
            if w.open_path(path):
                if then == "next_year":
                    w.start_next_year()
                elif then == "report":
                    w.export_pdf()
        return go

    dialog.folder_requested.connect(pick_folder)
    dialog.open_requested.connect(open_then("open"))
    dialog.next_year_requested.connect(open_then("next_year"))
    dialog.report_requested.connect(open_then("report"))
    dialog.open()
    return dialog


# ---------------------------------------------------------------- a new practice

def new_from(w: MainWindow) -> StartFromDialog | None:
    from riskwizard.domain.templates import TemplateError, shipped_templates
    from riskwizard.ui.start_from_dialog import StartFromDialog

    try:
        templates = shipped_templates(w.questionnaire)
    except TemplateError as exc:
        w.dialogs.error(w, "The templates cannot be read", str(exc))
        templates = []
    dialog = StartFromDialog(w.questionnaire, templates, w.dialogs, w)
    dialog.accepted.connect(lambda: create_from(w, dialog))
    dialog.open()
    return dialog


def create_from(w: MainWindow, dialog: StartFromDialog) -> bool:
    """Make the new practice file the dialog describes, and open it."""
    from riskwizard.domain.templates import practice_from_client, practice_from_template
    from riskwizard.interchange.packet import new_secret_meta
    from riskwizard.store import write_new_file
    from riskwizard.store.practice_file import now_utc

    name = dialog.name.text().strip()
    last = w.settings.last_file()
    folder = last.parent if last is not None else Path.home()
    path = w.dialogs.save_path(w, "Where to keep the new practice file",
                               folder / f"{name}{SUFFIX}", "Practice files (*.riskwizard)")
    if path is None:
        return False
    path = _with_suffix(path, SUFFIX)
    today, stamp = w.today(), now_utc()
    if dialog.from_client.isChecked() and dialog.source is not None:
        data = practice_from_client(dialog.source, name, dialog.copy_choice(),
                                    w.questionnaire, today, stamp)
    else:
        template = dialog.template()
        if template is None:
            return False
        data = practice_from_template(template, name, w.questionnaire, today,
                                      dialog.chosen_sections(), stamp)
    try:
        write_new_file(path, data, new_secret_meta())
    except StoreError as exc:
        w.dialogs.error(w, "Could not create the file", str(exc))
        return False
    return w.open_path(path)


# ---------------------------------------------------------------- exports

def export_xlsx(w: MainWindow) -> Path | None:
    from riskwizard.interchange.xlsx_io import XlsxError, export_practice

    s = w.session
    if s is None:
        return None
    out = w.dialogs.save_path(w, "Save the spreadsheet as",
                              _suggest(w, "register, plan and inventories", ".xlsx"),
                              XLSX_FILTER)
    if out is None:
        return None
    chosen, out = out, _with_suffix(out, ".xlsx")
    try:  # the Save dialog asked before replacing the name chosen, not one with .xlsx added
        export_practice(s.data(), s.assessment.id, out, w.today(), replace=out == chosen)
    except (XlsxError, StoreError) as exc:
        w.dialogs.error(w, "The spreadsheet was not saved", str(exc))
        return None
    w.statusBar().showMessage(f"Spreadsheet saved: {out.name}" + flows.not_encrypted_note(w), 8000)
    return out


def export_json(w: MainWindow) -> Path | None:
    from riskwizard.interchange.json_io import export_json as write

    s = w.session
    if s is None:
        return None
    out = w.dialogs.save_path(w, "Save everything in the file as JSON",
                              _suggest(w, "export", ".json"), JSON_FILTER)
    if out is None:
        return None
    out = _with_suffix(out, ".json")
    try:
        write(s.data(), out)
    except (OutputError, StoreError) as exc:
        w.dialogs.error(w, "The JSON file was not saved", str(exc))
        return None
    w.statusBar().showMessage(f"JSON saved: {out.name}" + flows.not_encrypted_note(w), 8000)
    return out


def export_csv(w: MainWindow) -> Path | None:
    from riskwizard.interchange import csv_io

    s = w.session
    if s is None:
        return None
    kind = w.dialogs.choose(w, "Export as CSV", "Which list?", KINDS)
    if kind is None:
        return None
    out = w.dialogs.save_path(w, f"Save the {KINDS[kind].lower()} as CSV",
                              _suggest(w, KINDS[kind].lower(), ".csv"), CSV_FILTER)
    if out is None:
        return None
    out = _with_suffix(out, ".csv")
    text = (csv_io.format_assets(s.assets, s.sites) if kind == 0
            else csv_io.format_vendors(s.vendors))
    try:
        csv_io.write_csv(out, text)
    except OutputError as exc:
        w.dialogs.error(w, "The CSV file was not saved", str(exc))
        return None
    w.statusBar().showMessage(f"CSV saved: {out.name}" + flows.not_encrypted_note(w), 8000)
    return out


# ---------------------------------------------------------------- imports

def import_inventory(w: MainWindow) -> int:
    """Assets or vendors from a CSV or XLSX file into the open practice; returns how many
    were added. Rows that cannot be taken are listed, with their line and why."""
    from riskwizard.interchange import csv_io, xlsx_io

    s, ctx = w.session, w.ctx
    if s is None or ctx is None:
        return 0
    kind = w.dialogs.choose(w, "Import", "What does the file list?", KINDS)
    if kind is None:
        return 0
    path = w.dialogs.open_path(w, f"Import {KINDS[kind].lower()}", SHEET_FILTER)
    if path is None:
        return 0
    try:
        if path.suffix.lower() == ".xlsx":
            result = (xlsx_io.import_assets(path, s.sites, s.assets) if kind == 0
                      else xlsx_io.import_vendors(path, s.vendors))
        else:
            result = (csv_io.import_assets(path, s.sites, s.assets) if kind == 0
                      else csv_io.import_vendors(path, s.vendors))
    except (csv_io.CsvError, xlsx_io.XlsxError) as exc:
        w.dialogs.error(w, "Nothing was imported", str(exc))
        return 0
    details = "\n".join(f"Line {r.line}: {r.reason}" for r in result.rejected)
    if not result.records:
        w.dialogs.info(w, "Nothing was imported", result.summary(), details)
        return 0
    n = len(result.records)
    if not w.dialogs.ask(w, "Import", f"Add {n} {KINDS[kind].lower()[:-1]}"
                         f"{'' if n == 1 else 's'} from {path.name}?"
                         + (f" {len(result.rejected)} row(s) cannot be taken; they are "
                            "listed next." if result.rejected else ""), "Add"):
        return 0
    if ctx.attempt(lambda: s.add_many(result.records)) is None:
        return 0
    if result.rejected:
        w.dialogs.info(w, "Imported", result.summary(), details)
    w.statusBar().showMessage(result.summary(), 8000)
    return n


def import_json(w: MainWindow) -> bool:
    """A new practice file from a JSON export, then opened."""
    from riskwizard.interchange.json_io import InterchangeError, read_json_file
    from riskwizard.store import write_new_file

    source = w.dialogs.open_path(w, "A practice exported as JSON", JSON_FILTER)
    if source is None:
        return False
    try:
        data = read_json_file(source)
    except InterchangeError as exc:
        w.dialogs.error(w, "Nothing was imported", str(exc))
        return False
    out = w.dialogs.save_path(w, "Where to keep the new practice file",
                              source.with_suffix(SUFFIX), "Practice files (*.riskwizard)")
    if out is None:
        return False
    out = _with_suffix(out, SUFFIX)
    try:
        write_new_file(out, data)
    except StoreError as exc:
        w.dialogs.error(w, "Nothing was imported", str(exc))
        return False
    return w.open_path(out)


# ---------------------------------------------------------------- the delegation packet

TECHNICAL_CHOICE = "The technical questions (for IT support)"


def export_packet(w: MainWindow) -> Path | None:
    from riskwizard import firm
    from riskwizard.interchange import packet

    s = w.session
    if s is None:
        return None
    modules = [m for m in s.visible_modules() if m.id != "profile"]
    items = [TECHNICAL_CHOICE, *(f"The section “{m.title}”" for m in modules)]
    picked = w.dialogs.choose(w, "Questions for the IT vendor",
                              "Which questions go in the packet? It holds only the "
                              "questions, their guidance and the answer choices.", items)
    if picked is None:
        return None
    questions = (packet.technical_questions(s.questionnaire, s.answers) if picked == 0 else
                 packet.section_questions(s.questionnaire, s.answers, modules[picked - 1].id))
    out = w.dialogs.save_path(w, "Save the packet as",
                              _suggest(w, "questions for IT", ".xlsx"), XLSX_FILTER)
    if out is None:
        return None
    out = _with_suffix(out, ".xlsx")
    try:
        who = firm.firm_profile()
    except firm.FirmError:
        who = None
    try:
        packet.export_packet(out, questions, s.questionnaire, s.packet_secret(),
                             s.assessment.id, w.today(), who)
    except (packet.PacketError, StoreError) as exc:
        w.dialogs.error(w, "The packet was not saved", str(exc))
        return None
    w.statusBar().showMessage(f"Packet saved: {out.name} ({len(questions)} questions)", 8000)
    return out


def import_packet(w: MainWindow) -> ReviewQueue | None:
    from riskwizard.interchange import packet
    from riskwizard.ui.review_queue import ReviewQueue

    s, ctx = w.session, w.ctx
    if s is None or ctx is None:
        return None
    path = w.dialogs.open_path(w, "The packet the IT vendor sent back", XLSX_FILTER)
    if path is None:
        return None
    try:
        returned = packet.read_packet(path, s.packet_secret(), s.questionnaire,
                                      [a.id for a in s.assessments])
    except (packet.PacketError, StoreError) as exc:
        w.dialogs.error(w, "The packet was not taken", str(exc))
        return None
    if returned.assessment_id != s.assessment.id:
        title = next(a.title for a in s.assessments if a.id == returned.assessment_id)
        w.dialogs.error(w, "The packet was not taken",
                        f"{path.name}: made for “{title}”; choose that assessment in the "
                        "Assessment list first.")
        return None
    if not returned.answers:
        w.dialogs.info(w, "No answers yet", f"{path.name}: no question was answered.",
                       "\n".join(returned.problems))
        return None
    queue = ReviewQueue(ctx, returned, w)
    queue.open()
    return queue
