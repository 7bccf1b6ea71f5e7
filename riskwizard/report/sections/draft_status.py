"""What is missing while the assessment is a draft."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
)

from riskwizard.domain.model import AssessmentStatus, RiskStatus
from riskwizard.domain.navigation import marked_summary
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import markup
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [w.heading("Draft status: what is missing", 0)]
    total = sum(len(v) for v in ctx.missing.values())
    if not total:
        out.append(Paragraph("Every question is answered, but the assessment is not "
                             "finished: " + markup("; ".join(ctx.open_points)) + ". Every "
                             "page of this report is marked DRAFT until nothing is left "
                             "open.", s.draft_box))
        out.extend(_marked(ctx, w))
        out.append(PageBreak())
        return out
    out.append(Paragraph(
        f"The assessment is not complete: {total} question{'s' if total != 1 else ''} "
        "still need an answer, an addressable-specification decision or the reason for "
        "one. Every page of this report is marked DRAFT until nothing is left open.",
        s.draft_box))
    out.append(Paragraph("Still open: " + markup("; ".join(ctx.open_points)) + ".", s.body))
    _listed(w, out, "Questions still to answer or decide", ctx.missing)
    out.extend(_marked(ctx, w))
    out.append(PageBreak())
    return out


def _listed(w: Writer, out: list[Flowable], title: str, by_module: dict[str, list[str]]
            ) -> None:
    """``title``, then each section's items, one line each."""
    if not by_module:
        return
    out.append(Paragraph(markup(title), w.s.h2))
    for module, items in by_module.items():
        out.append(Paragraph(markup(module), w.s.h3))
        for item in items:
            out.append(w.para(f"•&nbsp;&nbsp;{markup(item)}", w.s.small))


def _marked(ctx: Context, w: Writer) -> list[Flowable]:
    """Each open point by name: the answers flagged or still to re-confirm, the risks
    still in draft, and what finishing the assessment takes."""
    out: list[Flowable] = []
    flagged, carried = marked_summary(ctx.questionnaire, ctx.answers)
    _listed(w, out, "Answers flagged for review", flagged)
    _listed(w, out, "Answers carried from last year, to re-confirm", carried)
    drafts = [r for r in ctx.risks if r.status is RiskStatus.DRAFT]
    if drafts:
        out.append(Paragraph("Risks still in draft (confirm, merge or dismiss each)",
                             w.s.h2))
        for r in sorted(drafts, key=ctx.risk_order):
            out.append(w.para(f"•&nbsp;&nbsp;R-{r.id}: {markup(caps.capped(r.title, caps.LINE))}"
                              f" ({ctx.level(r).name})", w.s.small))
    if ctx.assessment.status is not AssessmentStatus.COMPLETE:
        out.append(Paragraph("The assessment is not marked complete", w.s.h2))
        out.append(w.para("Mark it complete in the program once the points above are "
                          "settled; the next report is then final, without the DRAFT mark.",
                          w.s.small))
    return out
