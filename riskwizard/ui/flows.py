"""The window's longer conversations: making a new practice file, the demo file, starting
next year's assessment, making the PDF report in the background, the password on the
practice file, and the evidence pack for an auditor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from riskwizard.domain.model import Practice
from riskwizard.session import AssessmentExists, Session
from riskwizard.store import StoreError
from riskwizard.ui.dialogs import PDF_FILTER, PRACTICE_FILTER, ZIP_FILTER
from riskwizard.ui.password_dialog import WRONG_PASSWORD, new_password_problem

if TYPE_CHECKING:
    from riskwizard.ui.main_window import MainWindow
    from riskwizard.ui.worker import Task


def create_practice(window: MainWindow) -> Session | None:
    """Ask for a name and a place, and make a new practice file there."""
    w = window
    name = w.dialogs.text(w, "New practice", "Name of the practice:")
    if name is None or not name.strip():
        return None
    last = w.settings.last_file()
    folder = last.parent if last is not None else Path.home()
    path = w.dialogs.save_path(w, "Where to keep the practice file",
                               folder / f"{name.strip()}.riskwizard", PRACTICE_FILTER)
    # (save_path opens in Documents instead when the last file was the demo's, kept in
    # the program's own folder)
    if path is None:
        return None
    if path.suffix != ".riskwizard":
        path = path.with_name(path.name + ".riskwizard")
    if path.exists():
        w.dialogs.error(w, "Could not create the file",
                        f"{path}: already exists; choose another name.")
        return None
    try:
        return Session.create(path, Practice(name.strip()), w.questionnaire)
    except StoreError as exc:
        w.dialogs.error(w, "Could not create the file", str(exc))
        return None


def demo_file(window: MainWindow) -> Path | None:
    """The demo practice's file, made the first time it is asked for."""
    w = window
    path = w.demo_path()
    if not path.exists():
        from riskwizard.domain.demo import build_demo
        from riskwizard.store import write_new_file

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new_file(path, build_demo(w.questionnaire, "small", w.today()),
                           {"demo": "small"})
        except (StoreError, OSError) as exc:
            w.dialogs.error(w, "Could not make the demo practice", str(exc))
            return None
    return path


def start_next_year(window: MainWindow) -> bool:
    """A new assessment for the year after the latest one (whichever one is open); True when
    it was started and is now the open one."""
    w = window
    if w.session is None or w.ctx is None:
        return False
    s = w.session
    title = "Start next year's assessment"
    try:
        year = s.check_next_assessment()
    except AssessmentExists as exc:
        w.dialogs.info(w, title, str(exc))
        return False
    latest = s.latest_assessment()
    if not w.dialogs.ask(
            w, title,
            f"Start the {year} assessment, beginning with the answers of "
            f"“{latest.title}”? That one is kept unchanged in the file.", "Start"):
        return False
    try:
        started = w.ctx.attempt(s.start_next_assessment)
    except AssessmentExists as exc:
        w.dialogs.info(w, title, str(exc))
        return False
    if started is None:
        return False
    w.settings.set_assessment_for(s.path, s.assessment.id)
    return True


def export_pdf(window: MainWindow) -> Task | None:
    """Ask where, then make the report on a worker thread with a progress dialog; the
    returned task must be kept until it is done."""
    w = window
    if w.session is None:
        return None
    try:
        from riskwizard import report
        build_report = report.build_report
    except (ImportError, AttributeError):
        w.dialogs.info(w, "Report not ready yet",
                       "Making the PDF report is not available in this version yet.")
        return None
    s = w.session
    suggested = s.path.with_name(f"{s.practice.name} – {s.assessment.title}.pdf")
    out = w.dialogs.save_path(w, "Save the report as", suggested, PDF_FILTER)
    if out is None:
        return None
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    try:
        data = s.data()
    except StoreError as exc:
        w.dialogs.error(w, "Could not make the report", str(exc))
        return None
    questionnaire, aid, today = w.questionnaire, s.assessment.id, w.today()
    progress = QProgressDialog("Making the report…", "", 0, 100, w)
    progress.setWindowTitle("Export report")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setValue(0)
    action = w.export_action
    action.setEnabled(False)

    def work(report_progress: Callable[[int, str], None]) -> int:
        return int(build_report(data, questionnaire, out, assessment_id=aid, today=today,
                                progress=report_progress))

    def on_progress(pct: int, what: str) -> None:
        progress.setValue(min(pct, 99))
        if what:
            progress.setLabelText(what)

    def finished() -> None:
        progress.reset()
        progress.deleteLater()
        action.setEnabled(w.session is not None)

    def on_done(pages: object) -> None:
        finished()
        note = not_encrypted_note(w)
        w.statusBar().showMessage(f"Report saved: {out.name}{note}", 8000)
        if w.dialogs.ask(w, "Report ready",
                         f"The report is ready ({pages} pages):\n{out}\n\n"
                         + (f"{NOT_ENCRYPTED}\n\n" if note else "") + "Open it now?",
                         "Open", "Close"):
            w.dialogs.show_file(out)

    def on_error(exc: BaseException) -> None:
        finished()
        from riskwizard.fileio import OutputError

        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        known = isinstance(exc, OutputError) or type(exc).__name__ == "ReportError"
        w.dialogs.error(w, "Could not make the report",
                        text if known else f"Something went wrong: {text}")

    from riskwizard.ui.worker import run_in_background

    return run_in_background(work, on_done=on_done, on_error=on_error, on_progress=on_progress)


# ---------------------------------------------------------------- the password on the file

NOT_ENCRYPTED = ("This file is not encrypted, though the practice file has a password: keep "
                 "it somewhere safe, and send it only a safe way.")


def not_encrypted_note(w: MainWindow) -> str:
    """What a success message adds about an export of a practice file with a password."""
    return " (not encrypted: keep it safe)" if w.session is not None and \
        w.session.encrypted else ""


def _set_password(w: MainWindow, old: str | None, new: str | None, done: str) -> bool:
    """Rewrite the open file with ``new``; True when done. Refusals are said in one line;
    the file stays as it was."""
    assert w.session is not None and w.ctx is not None
    s = w.session
    for page in w.pages.values():
        page.flush()  # text still being typed reaches the file before it is rewritten
    try:
        changes = s.set_password(old, new)
    except StoreError as exc:
        w.dialogs.error(w, "The password was not changed", str(exc))
        return False
    finally:
        w.menus.update(w.session is not None)
    w.ctx.changed.emit(changes)
    w.statusBar().showMessage(done, 10000)
    return True


def _ask_new(w: MainWindow, title: str, text: str) -> str | None:
    problem = ""
    while True:
        pair = w.dialogs.new_password(w, title, text, problem)
        if pair is None:
            return None
        problem = new_password_problem(*pair)
        if not problem:
            return pair[0]


def _with_current(w: MainWindow, title: str, new: str | None, done: str) -> bool:
    """Ask for the current password (one try each time) and rewrite the file with
    ``new``."""
    problem = ""
    while True:
        old = w.dialogs.password(w, title, "Type the password the file has now.", problem)
        if old is None:
            return False
        assert w.session is not None
        if w.session.check_password(old):  # a wrong one changes nothing at all
            return _set_password(w, old, new, done)
        problem = WRONG_PASSWORD


def protect_with_password(w: MainWindow) -> bool:
    if w.session is None or w.session.encrypted:
        return False
    title = "Protect with a password"
    new = _ask_new(w, title, "From now on the practice file opens only with this password. "
                   "Keep it somewhere safe: without it nobody, not even Risk Wizard, can "
                   "open the file.")
    if new is None:
        return False
    return _set_password(w, None, new, "The practice file is now protected with a password.")


def change_password(w: MainWindow) -> bool:
    if w.session is None or not w.session.encrypted:
        return False
    title = "Change password"
    new = _ask_new(w, title, "Type the new password for the practice file.")
    if new is None:
        return False
    return _with_current(w, title, new, "The practice file's password was changed.")


def remove_password(w: MainWindow) -> bool:
    if w.session is None or not w.session.encrypted:
        return False
    title = "Remove password"
    if not w.dialogs.ask(w, title, "Remove the password? Anyone who can reach the practice "
                         "file will be able to open it.", "Remove password"):
        return False
    return _with_current(w, title, None,
                         "The password was removed: the practice file opens without one.")


# ---------------------------------------------------------------- the evidence pack

def evidence_pack(w: MainWindow) -> Path | None:
    """Write every evidence file of the practice into one zip for an auditor."""
    s = w.session
    if s is None:
        return None
    from riskwizard.domain.model import Evidence
    from riskwizard.evidence import write_evidence_pack
    from riskwizard.fileio import OutputError

    title = "Evidence pack for an auditor"
    if not s.repo.records(Evidence):
        w.dialogs.info(w, title, "No evidence files are attached yet. Attach them with "
                       "Evidence… on a question or a risk.")
        return None
    out = w.dialogs.save_path(w, "Save the evidence pack as",
                              s.path.with_name(f"{s.practice.name} – evidence pack.zip"),
                              ZIP_FILTER)
    if out is None:
        return None
    chosen = out
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    try:  # the Save dialog asked before replacing the name chosen, not one with .zip added
        n = write_evidence_pack(s.repo, out, replace=out == chosen)
    except (OutputError, StoreError) as exc:
        w.dialogs.error(w, "The evidence pack was not saved", str(exc))
        return None
    w.statusBar().showMessage(f"Evidence pack saved: {out.name} ({n} file"
                              f"{'s' if n != 1 else ''}){not_encrypted_note(w)}", 8000)
    w.dialogs.info(w, title, f"{n} evidence file{'s' if n != 1 else ''} saved in\n{out}\n\n"
                   "The zip is not encrypted: keep it somewhere safe, and send it to the "
                   "auditor only a safe way.")
    return out
