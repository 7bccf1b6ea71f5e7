"""Appendix: recognized security practices (HITECH Act section 13412) and where each
question fits in NIST SP 800-66r2, HICP 405(d) and NIST CSF 2.0 — the record OCR asks for
when a practice wants its security practices taken into account."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from riskwizard.domain import frameworks
from riskwizard.domain.navigation import visible_questions
from riskwizard.domain.recognized import recognized_practices
from riskwizard.report.context import Context
from riskwizard.report.layout import RULE
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    data, q = ctx.data, ctx.questionnaire
    answers_of = {a.id: data.answers_for(a.id) for a in data.assessments}
    status = recognized_practices(q, data.assessments, answers_of, ctx.assessment)
    out: list[Flowable] = [
        w.heading("Appendix: security practices and frameworks", 0),
        Paragraph(
            "The HITECH Act (section 13412) asks HHS to take into account the recognized "
            "security practices a practice has had in place for the previous 12 months. The "
            "table shows, for each of the ten HICP 405(d) practices, whether this "
            "assessment's answers show it in place and since when, by the practice's own "
            "assessments in this file.", s.body)]
    rows: list[list[object]] = [w.head_row("HICP practice", "In place", "Since",
                                           "Still missing")]
    for p in status:
        missing = ", ".join(m.title for m in p.missing[:4])
        if len(p.missing) > 4:
            missing += f" and {len(p.missing) - 4} more"
        rows.append([w.text(f"{p.number}. {p.name}", s.cell),
                     w.text("Yes" if p.in_place else ("Not asked" if not p.questions
                                                     else "No"), s.cell),
                     w.text((p.since.isoformat() + (" (12 months or more)"
                                                    if p.for_a_year else ""))
                            if p.since else "", s.cell),
                     w.text(missing, s.cell)])
    table = Table(rows, colWidths=[PORTRAIT_WIDTH * f for f in (0.32, 0.12, 0.2, 0.36)],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(table)
    out.append(Paragraph(
        "Where each question fits in other frameworks (NIST SP 800-66r2 key activity, HICP "
        "405(d) practice, NIST CSF 2.0 subcategory):", s.body))
    rows = [w.head_row("Question", *frameworks.FRAMEWORKS)]
    for question in visible_questions(q, ctx.answers):
        mapped = frameworks.mappings(question)
        if not mapped:
            continue
        rows.append([w.text(question.title, s.cell),
                     *(w.text("; ".join(t for f, t in mapped if f == name), s.cell)
                       for name in frameworks.FRAMEWORKS)])
    table = Table(rows, colWidths=[PORTRAIT_WIDTH * f for f in (0.26, 0.36, 0.22, 0.16)],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(table)
    return out
