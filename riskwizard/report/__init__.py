"""The PDF deliverable: the risk analysis report a practice prints, signs and keeps.

``build_report`` is safe to call from a worker thread: it keeps no global state besides the
one-time font registration (guarded by a lock), and writes its output atomically, so a failure
leaves no partial file and an existing PDF untouched.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import default_matrix
from riskwizard.fileio import PDF, OutputError, write_atomically
from riskwizard.report.context import Context
from riskwizard.report.fingerprint import (
    FINGERPRINT_VERSION,
    assessment_fingerprint,
    canonical_assessment,
)
from riskwizard.report.fonts import FontError, clean, register_fonts
from riskwizard.report.layout import FieldError, PageInfo, ReportDocument
from riskwizard.report.sections import ReportBuilder

__all__ = ["build_report", "render_report", "ReportError", "assessment_fingerprint",
           "canonical_assessment", "FINGERPRINT_VERSION"]

Progress = Callable[[int, str], None]


class ReportError(Exception):
    """The report could not be made, said in one line."""


def _no_progress(percent: int, what: str) -> None:
    pass


def render_report(data: PracticeData, questionnaire: Questionnaire, *,
                  assessment_id: int | None = None, today: date | None = None,
                  progress: Progress | None = None,
                  inventory_appendix: bool = True) -> tuple[bytes, int]:
    """The report as PDF bytes and its page count (``build_report`` without the file).
    ``inventory_appendix=False`` leaves the full asset and vendor lists out (the summaries
    and every exception stay)."""
    report = progress or _no_progress
    today = today or date.today()
    if assessment_id is None:
        assessment = data.latest_assessment()
        if assessment is None:
            raise ReportError("the practice has no assessment to report on")
    else:
        assessment = next((a for a in data.assessments if a.id == assessment_id), None)
        if assessment is None:
            raise ReportError(f"the practice has no assessment {assessment_id}")
    try:
        register_fonts()
    except FontError as exc:
        raise ReportError(str(exc)) from None
    ctx = Context(data, questionnaire, assessment, today, default_matrix(),
                  inventory_appendix=inventory_appendix)
    try:
        story = ReportBuilder(ctx, report).story()
    except FieldError as exc:
        raise ReportError(f"the report could not be built: {exc}") from exc

    name = " ".join(clean(data.practice.name).split()) or "the practice"
    info = PageInfo(practice_name=name, assessment_title=clean(assessment.title),
                    report_date=today, draft=ctx.draft)
    buffer = io.BytesIO()

    def laying_out(what: str) -> None:
        report(45, what)  # one pass lays the pages out and draws them

    doc = ReportDocument(
        buffer, info,
        title=f"Security Risk Analysis: {name[:200]}",
        author=clean(data.practice.assessor) or name[:200],
        subject=f"HIPAA Security Rule risk analysis, {clean(assessment.title)}"
                f"{' (DRAFT)' if ctx.draft else ''}",
        progress=laying_out)
    try:
        doc.build(story)
    except FieldError as exc:
        raise ReportError(f"the report could not be built: {exc}") from exc
    except LayoutError as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise ReportError(f"the report could not be laid out ({first[:200]})") from exc
    return buffer.getvalue(), doc.page


def build_report(data: PracticeData, questionnaire: Questionnaire, out: Path, *,
                 assessment_id: int | None = None, today: date | None = None,
                 progress: Progress | None = None, inventory_appendix: bool = True) -> int:
    """Write the report for ``assessment_id`` (default: the latest assessment) to ``out``,
    atomically; returns the number of pages. ``progress(percent, what)`` is called as the
    sections are built. Raises ReportError with a one-line message."""
    out = Path(out)
    report = progress or _no_progress
    if out.is_dir():
        raise ReportError(f"{out}: is a folder")
    if not out.parent.is_dir():
        raise ReportError(f"{out.parent}: no such folder")
    try:
        pdf, pages = render_report(data, questionnaire, assessment_id=assessment_id,
                                   today=today, progress=report,
                                   inventory_appendix=inventory_appendix)
    except ReportError:
        raise
    except Exception as exc:  # one line for the window and the command line, cause chained
        text = str(exc).splitlines()[0] if str(exc) else ""
        raise ReportError(f"the report could not be built ({type(exc).__name__}: "
                          f"{text[:200]})") from exc
    report(97, "Writing the file")
    try:
        write_atomically(out, lambda fh: fh.write(pdf), PDF)
    except OutputError as exc:
        raise ReportError(str(exc)) from None
    report(100, "Done")
    return pages
