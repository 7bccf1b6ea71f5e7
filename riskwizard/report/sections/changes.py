"""What changed since the previous assessment (``domain.comparison``)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from riskwizard.domain.comparison import Change
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    data_table,
)
from riskwizard.report.wording import long_date, module_title, plural
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    c, before = ctx.comparison, ctx.previous
    if c is None or before is None:
        return []
    view = c
    out: list[Flowable] = [w.heading("Changes since the previous assessment", 0)]
    period = (f", {long_date(before.period_start)} to {long_date(before.period_end)}"
              if before.period_start and before.period_end else "")
    out.append(w.para(
        f"This assessment compared with the one before it, "
        f"{caps.name(before.title)}{markup(period)}. A gap is an answer that shows "
        "a weakness (see Findings by safeguard). A gap is closed when the answer now shows "
        "the safeguard in place, or when the question no longer applies to the practice; "
        "a gap not yet answered again counts as still open.", s.body))
    if view.pending:
        n = len(view.pending)
        out.append(Paragraph(
            f"This assessment is not finished: {plural(n, 'question')} answered last "
            f"time {'is' if n == 1 else 'are'} not answered yet (or depend on questions "
            "not answered yet). They are not counted as changed below, and a gap among "
            "them counts as still open.", s.draft_box))
    figures = [(str(len(view.closed)), "gaps closed"),
               (str(len(view.new_gaps)), "new gaps"),
               (str(len(view.still_open)), "gaps still open"),
               (str(len(view.changed)), "answers changed")]
    out.extend([Spacer(1, 4), w.figures(figures)])

    if view.by_module:
        out.append(w.heading("By section", 1, in_toc=False))
        rows: list[list[Any]] = [w.head_row("Section", "Gaps closed", "New gaps",
                                               "Still open", "Answers changed")]
        for m in ctx.questionnaire.modules:
            counts = view.by_module.get(m.id)
            if counts is None:
                continue
            rows.append([Paragraph(markup(module_title(m)), s.cell),
                         *(Paragraph(str(x), s.cell) for x in (
                             counts.closed, counts.new_gaps, counts.still_open,
                             counts.changed))])
        out.append(data_table(rows, [3.2 * inch] + [0.9 * inch] * 4))

    groups: list[tuple[str, list[Change], str]] = [
        ("Gaps closed", view.closed, "No gap of the previous assessment was closed."),
        ("New gaps", view.new_gaps, "No new gaps."),
        ("Other answers that changed", view.other_changes(),
         "No other answer changed." if not view.pending
         else "No other answer given so far changed."),
    ]
    arrow = markup("→")  # not in the main font: markup picks one that has it
    for title, changes, empty in groups:
        # the heading stays with the table's first rows, but a long table may split
        # right under it instead of leaving half a page blank
        out.append(CondPageBreak(1.4 * inch))
        heading = w.heading(f"{title} ({len(changes)})", 1, in_toc=False)
        heading.keepWithNext = 0
        out.append(heading)
        if not changes:
            out.append(Paragraph(empty, s.body))
            continue
        rows = [[*w.head_row("Question", "Section"),
                 w.para(f"Before {arrow} after", s.cell_head)]]
        for ch in changes:
            module = ctx.questionnaire.module(ch.question.module_id)
            rows.append([Paragraph(markup(ch.question.title), s.cell),
                         Paragraph(markup(module_title(module)), s.cell),
                         w.para(f"{markup(ch.before_text)} {arrow} "
                                   f"<b>{markup(ch.after_text)}</b>", s.cell)])
        out.append(data_table(rows, [3.1 * inch, 2.1 * inch,
                                     PORTRAIT_WIDTH - 5.2 * inch]))
    if view.still_open:
        waiting = sum(1 for ch in view.still_open if view.is_pending(ch))
        again = len(view.still_open) - waiting
        parts = []
        if again:
            parts.append(f"{again} {'is' if again == 1 else 'are'} among the findings of "
                         "this one")
        if waiting:
            parts.append(f"{waiting} {'is' if waiting == 1 else 'are'} not answered again "
                         "yet")
        n = len(view.still_open)
        if len(parts) == 1:
            text = (f"The {plural(n, 'gap')} still open from the previous assessment "
                    + parts[0].split(" ", 1)[1] + ".")
        else:
            text = (f"Of the {plural(n, 'gap')} still open from the previous assessment, "
                    f"{' and '.join(parts)}.")
        out.append(Spacer(1, 6))
        out.append(Paragraph(text, s.muted))
    out.append(PageBreak())
    return out
