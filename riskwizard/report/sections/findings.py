"""Findings by safeguard: each answer that shows a weakness, with its risks."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from riskwizard.domain.comparison import answered as is_answered
from riskwizard.domain.labels import formal
from riskwizard.domain.model import Risk
from riskwizard.domain.navigation import effective_decision, is_gap, visible_questions
from riskwizard.domain.questionnaire import Module, ModuleKind, Question
from riskwizard.report import caps
from riskwizard.report.context import LIVE, Context
from riskwizard.report.elements import MEASURES
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    RULE,
    data_table,
)
from riskwizard.report.wording import module_title, plural, words
from riskwizard.report.writer import Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [w.heading("Findings by safeguard", 0, elements=(MEASURES,))]
    out.append(Paragraph(
        "Each finding is an answer that shows a weakness: a safeguard that is missing or "
        "only partly in place, or an addressable specification that is neither implemented "
        "nor replaced by an equivalent measure. Citations are to 45 CFR Part 164.", s.body))
    summary_rows: list[list[Any]] = [w.head_row("Section", "Questions", "Answered",
                                                   "Findings")]
    per_module: list[tuple[Module, list[Question], int, list[Question]]] = []
    raised = risks_of(ctx)
    state = ParagraphStyle("section_state", parent=s.body, spaceBefore=4)
    for m in safeguard_modules(ctx):
        qs = visible_questions(ctx.questionnaire, ctx.answers, m)
        answered = sum(1 for q in qs if is_answered(q, ctx.answers.get(q.id)))
        gaps = [q for q in qs if is_gap(q, ctx.answers.get(q.id))]
        per_module.append((m, qs, answered, gaps))
        summary_rows.append([Paragraph(markup(module_title(m)), s.cell),
                             Paragraph(str(len(qs)), s.cell),
                             Paragraph(str(answered), s.cell),
                             Paragraph(str(len(gaps)) if answered else "—",
                                       s.cell_bold)])
    out.append(data_table(summary_rows, [4.0 * inch, 0.9 * inch, 0.9 * inch, 0.9 * inch]))
    for m, qs, answered, gaps in per_module:
        out.append(CondPageBreak(1.6 * inch))
        out.append(w.heading(module_title(m), 1))
        if m.summary:
            out.append(Paragraph(markup(m.summary), s.muted))
        out.append(Paragraph(section_state(len(qs), answered, len(gaps)), state))
        for q in gaps:
            w.field = f"the answer to question {q.id}"
            out.extend(finding(ctx, w, q, raised))
        # answers that claim the safeguard while the inventory shows otherwise
        disputed = [q for q in qs if q.id in ctx.contradictions and q not in gaps
                    and is_answered(q, ctx.answers.get(q.id))]
        if disputed:
            out.append(Paragraph(f"{plural(len(disputed), 'answer')} in this section "
                                 f"{'says' if len(disputed) == 1 else 'say'} the safeguard "
                                 "is in place, but the inventory disagrees:", state))
        for q in disputed:
            w.field = f"the answer to question {q.id}"
            out.extend(finding(ctx, w, q, raised))
    # no page break here: the risk register starts on a new (landscape) page
    return out


def safeguard_modules(ctx: Context) -> list[Module]:
    return [m for m in ctx.modules if m.kind is not ModuleKind.PROFILE]


RISKS_SHOWN = 4  # the most serious risks an answer raises, named under it


def risks_of(ctx: Context) -> dict[str, list[Risk]]:
    """Question id -> the risks of the register its answer raises: those recorded for the
    question, and the derived risks whose rating counts the answer as a gap."""
    out = {qid: list(risks) for qid, risks in ctx.risks_by_question.items()}
    by_key = {r.key: r for r in ctx.risks if r.key}
    for derived in ctx.analysis.risks if ctx.analysis is not None else ():
        risk = by_key.get(derived.key)
        if risk is None:
            continue
        for qid in derived.gap_question_ids:
            if risk not in out.setdefault(qid, []):
                out[qid].append(risk)
    for risks in out.values():
        risks.sort(key=ctx.risk_order)
    return out


def finding(ctx: Context, w: Writer, q: Question,
            raised: dict[str, list[Risk]]) -> list[Flowable]:
    s = w.s
    answer = ctx.answers.get(q.id)
    option = q.option(answer.choice if answer else None)
    kind = formal(q.requirement)
    if q.citations:
        source = f"§ {markup(', '.join(q.citations))}" + (f" · {kind}" if kind else "")
    else:
        source = f"{kind or 'Good practice'} (no HIPAA citation)"
    head = [Paragraph(markup(q.title), s.h3),
            w.para(f'<font color="#5B6675">{source}</font>', s.small),
            Paragraph(f"<i>{markup(q.text)}</i>", s.small), Spacer(1, 3)]
    body: list[Flowable] = [
        w.para(f"<b>Answer:</b> {markup(option.label if option else '—')}", s.field)]
    if answer is not None:
        decision = effective_decision(q, answer)
        if q.addressable:
            made = formal(decision) if decision else "none yet: to be put in place"
            body.append(w.para(f"<b>Addressable decision:</b> {made}", s.field))
            if answer.rationale.strip():
                body.extend(caps.note(w, answer.rationale, s.note, "<b>Reason:</b> "))
        if answer.note.strip():
            body.extend(caps.note(w, answer.note, s.note, "<b>Note:</b> "))
        body.extend(w.inventory_says(ctx.contradictions.get(q.id, []), answer,
                                     is_gap(q, answer)))
    linked = raised.get(q.id, [])
    if linked:
        for r in linked[:RISKS_SHOWN]:
            lv = ctx.level(r)
            state = "" if r.status in LIVE else f" ({words(r.status)})"
            body.append(w.para(
                f"<b>Risk R-{r.id}:</b> {caps.capped(r.title, caps.LINE)}{state} &nbsp; "
                f"{w.level_chip(lv)} &nbsp;<font color='#5B6675'>"
                f"likelihood {r.rated_likelihood}, impact {r.rated_impact}</font>", s.field))
        if len(linked) > RISKS_SHOWN:
            body.append(Paragraph(f"… and {plural(len(linked) - RISKS_SHOWN, 'more risk')} "
                                  "in the register that this answer raises.", s.field))
    else:
        body.append(Paragraph("<b>Risk:</b> none recorded yet." if ctx.draft else
                              "<b>Risk:</b> none in the register for this answer.", s.field))
    # the heading, citation and first lines of the answer stay together
    return [KeepTogether([*head, *body[:2]]), *body[2:],
            HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=4,
                       spaceAfter=2)]


def section_state(total: int, answered: int, gaps: int) -> str:
    """What a section's answers say so far, true for a partly answered section too."""
    if total == 0:
        return "No questions in this section apply to the practice."
    if answered == 0:
        return (f"Not started: none of the {plural(total, 'question')} in this section is "
                "answered yet, so nothing can be said about these safeguards.")
    if answered < total:
        found = (f"{plural(gaps, 'finding')} so far (below)" if gaps
                 else "no findings among the answered questions")
        rest = plural(total - answered, "unanswered question")
        return f"{answered} of {total} answered; {found}. The {rest} may add findings."
    if gaps:
        return f"All {total} answered; {plural(gaps, 'finding')}:"
    return (f"No findings: all {plural(total, 'answer')} in this section show the safeguard "
            "in place.")
