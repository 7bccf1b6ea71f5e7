"""Appendix: every question shown, with its answer, notes and decision."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from riskwizard.domain.analysis.findings import Finding
from riskwizard.domain.labels import formal
from riskwizard.domain.model import (
    Answer,
)
from riskwizard.domain.navigation import effective_decision, is_gap, visible_questions
from riskwizard.domain.questionnaire import Question
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import markup
from riskwizard.report.wording import module_title
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [PageBreak(), w.heading("Appendix: every question and answer", 0)]
    out.append(Paragraph(
        "Every question shown for this practice, with the answer given, notes, and the "
        "decision recorded for addressable specifications. Questions that do not apply "
        "(hidden by earlier answers) are left out.", s.body))
    for m in ctx.modules:
        out.append(CondPageBreak(1.2 * inch))
        out.append(w.heading(module_title(m), 1, in_toc=False))
        for q in visible_questions(ctx.questionnaire, ctx.answers, m):
            w.field = f"the answer to question {q.id}"
            out.extend(answer_block(w, q, ctx.answers.get(q.id),
                                    ctx.contradictions.get(q.id, [])))
    known = {q.id for q in ctx.questionnaire.questions()}
    stale = [a for qid, a in sorted(ctx.answers.items()) if qid not in known]
    if stale:
        out.append(w.heading("Answers to questions no longer asked", 1))
        out.append(Paragraph("These answers were given to questions that the installed "
                             "questionnaire no longer contains; they are kept as "
                             "recorded.", s.body))
        for a in stale:
            out.append(w.para(f"<b>{markup(a.question_id)}</b>: "
                                 f"{markup(a.choice or 'no answer')}", s.body))
            if a.note.strip():
                out.extend(w.long(a.note, s.note, "<b>Note:</b> "))
    return out


def answer_block(w: Writer, q: Question, answer: Answer | None,
                 contradicted: Sequence[Finding] = ()) -> list[Flowable]:
    s = w.s
    option = q.option(answer.choice if answer else None)
    gap = is_gap(q, answer)
    cites = ", ".join(q.citations)
    meta = " · ".join(x for x in (q.id, f"§ {cites}" if cites else "",
                                  formal(q.requirement)) if x)
    label = option.label if option else "Not answered"
    color = "#B3261E" if gap or option is None else "#1D2733"
    flags = " &nbsp;<font color='#B3261E'>(gap)</font>" if gap else ""
    if answer is not None and answer.flagged:
        flags += " &nbsp;<font color='#9A5B00'>⚑ flagged for review</font>"
    lines: list[Flowable] = [
        w.para(f"<b>{markup(q.title)}</b> &nbsp;<font size=7 color='#5B6675'>"
                  f"{markup(meta)}</font>", s.body),
        Paragraph(f"<font color='#5B6675'>{markup(q.text)}</font>", s.small),
        w.para(f"Answer: <font color='{color}'><b>{markup(label)}</b></font>{flags}",
                  s.small),
    ]
    lines.extend(w.inventory_says(contradicted, answer, gap))
    out: list[Flowable] = [KeepTogether(lines)]
    if answer is not None:
        decision = effective_decision(q, answer)
        if q.addressable:
            made = (formal(decision) if decision
                    else "<b>none yet: to be put in place</b>")
            out.append(w.para(f"Addressable decision: {made}", s.small))
        if answer.rationale.strip():
            out.extend(w.long(answer.rationale, s.note, "<b>Reason:</b> "))
        if answer.note.strip():
            out.extend(w.long(answer.note, s.note, "<b>Note:</b> "))
        if answer.answered_by or answer.answered_at:
            who = ", ".join(x for x in (answer.answered_by, answer.answered_at[:10]) if x)
            out.append(w.para(f"<font color='#5B6675'>Answered by "
                                 f"{caps.capped(who, caps.NAME)}</font>", s.muted))
    out.append(Spacer(1, 7))
    return out
