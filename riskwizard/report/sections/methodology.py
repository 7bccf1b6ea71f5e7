"""Methodology: the scales, the matrix, the levels and the questionnaire."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    TableStyle,
)

from riskwizard.report.context import Context
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    data_table,
)
from riskwizard.report.wording import module_title, words
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    m = ctx.matrix
    out: list[Flowable] = [w.heading("Methodology", 0)]
    out.append(Paragraph(
        "The analysis follows the approach HHS describes for the Security Rule risk "
        "analysis (45 CFR 164.308(a)(1)(ii)(A)) and NIST SP 800-30 and 800-66: list where "
        "electronic patient information is created, received, kept and sent; answer "
        "questions about each safeguard of the Security Rule; treat every weak answer as a "
        "risk (a threat exploiting a vulnerability); rate each risk's likelihood and impact "
        "on the scales below; and plan remediation by level.", s.body))
    for title, scale in (("Likelihood scale", m.likelihood), ("Impact scale", m.impact)):
        out.append(w.heading(title, 1, in_toc=False))
        rows: list[list[Any]] = [w.head_row("Value", "Name", "Meaning")]
        for p in scale:
            rows.append([Paragraph(str(p.value), s.cell_bold), Paragraph(p.name, s.cell),
                         Paragraph(markup(p.meaning), s.cell)])
        out.append(data_table(rows, [0.55 * inch, 1.2 * inch, PORTRAIT_WIDTH - 1.75 * inch]))
    out.append(w.heading("Risk matrix", 1, in_toc=False))
    out.append(Paragraph("The level of a risk is read from its likelihood (rows) and "
                         "impact (columns).", s.body))
    head: list[Any] = [Paragraph("Likelihood \\ impact", s.cell_head)]
    head += [Paragraph(f"{p.value} {p.name}", s.cell_head) for p in m.impact]
    rows = [head]
    extra: list[tuple[Any, ...]] = []
    for r, lp in enumerate(reversed(m.likelihood), 1):
        row: list[Any] = [Paragraph(f"{lp.value} {lp.name}", s.cell_bold)]
        for c, ip in enumerate(m.impact, 1):
            lv = m.level(lp.value, ip.value)
            chip, (_cmd, color) = w.level_cell(lv)
            row.append(chip)
            extra.append(("BACKGROUND", (c, r), (c, r), color))
        rows.append(row)
    grid = data_table(rows, [1.3 * inch] + [1.0 * inch] * len(m.impact), extra=extra,
                      stripes=False)
    grid.setStyle(TableStyle([("GRID", (1, 1), (-1, -1), 1.5, colors.white)]))
    out.append(grid)
    out.append(w.heading("Risk levels", 1, in_toc=False))
    rows = [w.head_row("Level", "What it means", "Remediation due", "Priority")]
    extra = []
    for i, lv in enumerate(reversed(m.levels), 1):
        chip, (_cmd, color) = w.level_cell(lv)
        days = m.due_days.get(lv.id)
        rows.append([chip, Paragraph(markup(lv.meaning), s.cell),
                     Paragraph(f"within {days} days" if days else "—", s.cell),
                     Paragraph(words(m.priority[lv.id]) if lv.id in m.priority
                               else "—", s.cell)])
        extra.append(("BACKGROUND", (0, i), (0, i), color))
    out.append(data_table(rows, [0.9 * inch, 3.4 * inch, 1.3 * inch, 1.2 * inch],
                          extra=extra, stripes=False))
    out.append(w.heading("Questionnaire", 1, in_toc=False))
    out.append(Paragraph(
        "The questions come from the riskwizard questionnaire, which is data reviewed by "
        "people who know the Security Rule. Each module has a version; the assessment "
        "records the version it was answered against.", s.body))
    rows = [w.head_row("Module", "Kind", "Installed version", "Answered against",
                          "Shown for this practice")]
    versions = ctx.assessment.questionnaire_versions
    visible = {mod.id for mod in ctx.modules}
    for mod in ctx.questionnaire.modules:
        rows.append([Paragraph(markup(module_title(mod)), s.cell),
                     Paragraph(words(mod.kind), s.cell), Paragraph(markup(mod.version),
                                                                   s.cell),
                     w.cell(versions.get(mod.id, "—"), s.cell, "Version"),
                     Paragraph("Yes" if mod.id in visible else "No", s.cell)])
    out.append(data_table(rows, [2.6 * inch, 0.9 * inch, 1.1 * inch, 1.2 * inch,
                                 PORTRAIT_WIDTH - 5.8 * inch]))
    out.extend(w.overflow())
    out.append(PageBreak())
    return out
