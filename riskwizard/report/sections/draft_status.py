"""What is missing while the assessment is a draft."""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
)

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
        out.append(PageBreak())
        return out
    out.append(Paragraph(
        f"The assessment is not complete: {total} question{'s' if total != 1 else ''} "
        "still need an answer, an addressable-specification decision or the reason for "
        "one. Every page of this report is marked DRAFT until nothing is left open.",
        s.draft_box))
    out.append(Paragraph("Still open: " + markup("; ".join(ctx.open_points)) + ".", s.body))
    for module, items in ctx.missing.items():
        out.append(Paragraph(markup(module), s.h3))
        for item in items:
            out.append(w.para(f"•&nbsp;&nbsp;{markup(item)}", s.small))
    out.append(PageBreak())
    return out
