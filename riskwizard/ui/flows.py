"""The window's longer conversations: making a new practice file, the demo file, starting
next year's assessment, and making the PDF report in the background."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from riskwizard.domain.model import Practice
from riskwizard.session import AssessmentExists, Session
from riskwizard.store import StoreError
from riskwizard.ui.dialogs import PDF_FILTER, PRACTICE_FILTER

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
        w.statusBar().showMessage(f"Report saved: {out.name}", 8000)
        if w.dialogs.ask(w, "Report ready",
                         f"The report is ready ({pages} pages):\n{out}\n\nOpen it now?",
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
