"""The executive summary: posture, figures, risks by level, top risks, what is due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from riskwizard.domain.comparison import answered as is_answered
from riskwizard.domain.labels import label
from riskwizard.domain.model import (
    PRIORITY_ORDER,
    RemediationItem,
    RemediationStatus,
)
from riskwizard.domain.navigation import counted_questions, is_gap, visible_questions
from riskwizard.domain.register import first_actions
from riskwizard.domain.risk import UNANSWERED_RATED
from riskwizard.report import caps
from riskwizard.report.charts import heat_map
from riskwizard.report.context import Context
from riskwizard.report.layout import (
    ALERT,
    NAVY,
    NOTE_BG,
    data_table,
)
from riskwizard.report.sections.printed import table_head
from riskwizard.report.wording import iso, plural, words
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer

DUE_SOON_DAYS = 30
IN_PLAN = "the full text is in the risk register and the remediation plan"


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [w.heading("Executive summary", 0)]
    p, a = ctx.data.practice, ctx.assessment
    live = ctx.live_risks
    by_level: dict[str, int] = {lv.id: 0 for lv in ctx.matrix.levels}
    for r in live:
        by_level[ctx.level(r).id] += 1
    open_items = [i for i in ctx.items if i.status not in (RemediationStatus.DONE,
                                                           RemediationStatus.DEFERRED)]
    overdue = [i for i in open_items if i.is_overdue(ctx.today)]
    baa = [v for v in ctx.data.vendors if v.baa_problem(ctx.today)]
    gaps = [q for q in visible_questions(ctx.questionnaire, ctx.answers)
            if is_gap(q, ctx.answers.get(q.id))]

    out.append(w.para(
        f"This report records the security risk analysis of {caps.name(p.name)} "
        f"({caps.name(a.title)}), which the HIPAA Security Rule requires of every "
        "practice that keeps patient information electronically. It lists where patient "
        "information could be lost, exposed or made unavailable, how likely and how harmful "
        "each risk is, and what the practice plans to do about it.", s.body))

    headline, explanation, tone = posture(ctx, by_level, len(overdue), len(baa),
                                               len(gaps))
    box = Table([[Paragraph(f"<b>{headline}</b>",
                            ParagraphStyle("posture", parent=s.h2, spaceBefore=0,
                                           textColor=tone)),
                  ], [Paragraph(explanation, s.body)]], colWidths=[PORTRAIT_WIDTH])
    box.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 4, tone),
                             ("BACKGROUND", (0, 0), (-1, -1), NOTE_BG),
                             ("LEFTPADDING", (0, 0), (-1, -1), 12),
                             ("TOPPADDING", (0, 0), (-1, 0), 8),
                             ("BOTTOMPADDING", (0, -1), (-1, -1), 6)]))
    out.extend([Spacer(1, 4), box, Spacer(1, 10)])

    figures = [
        (f"{ctx.progress.percent}%", f"answered ({ctx.progress.answered} of "
                                     f"{ctx.progress.total} questions"
                    + (f"; {plural(len(ctx.open_points), 'point')} still open, see "
                       "Draft status)" if ctx.draft else ")")),
        (str(len(gaps)), "answers show a gap"),
        (str(len(live)), "open risks"),
        (str(len(open_items)), f"remediation items open ({len(overdue)} overdue)"),
    ]
    out.append(w.figures(figures))
    out.extend(what_first(ctx, w))
    # the actions first (the owner's question: what, who, by when), then the risks
    out.extend(due_soon(ctx, w, open_items))

    out.extend(table_head(w, "Risks by level", 1, in_toc=False))
    rows: list[list[Any]] = [w.head_row("Level", "Risks", "What it means")]
    extra: list[tuple[Any, ...]] = []
    for i, lv in enumerate(reversed(ctx.matrix.levels), 1):
        chip, (_cmd, color) = w.level_cell(lv)
        rows.append([chip, Paragraph(str(by_level[lv.id]), s.cell_bold),
                     Paragraph(lv.meaning, s.cell)])
        extra.append(("BACKGROUND", (0, i), (0, i), color))
    chart = heat_map(ctx.matrix, rated_cells(ctx))
    avail = PORTRAIT_WIDTH - chart.width - 12
    levels = data_table(rows, [0.75 * inch, 0.45 * inch, avail - 1.2 * inch], extra=extra,
                        stripes=False)
    side = Table([[chart, [levels, Spacer(1, 6), Paragraph(
        "Each square counts the open risks (draft or confirmed) rated at that likelihood "
        "and impact; its color is the level the matrix gives them.", s.muted)]]],
        colWidths=[chart.width + 12, PORTRAIT_WIDTH - chart.width - 12])
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    out.append(side)

    top = sorted(live, key=ctx.risk_order)[:5]
    out.extend(table_head(w, "Top risks", 1, in_toc=False))
    if top:
        rows = [w.head_row("Risk", "Level", "Likelihood × impact", "Treatment")]
        extra = []
        for i, r in enumerate(top, 1):
            w.field = f"risk R-{r.id}"
            lv = ctx.level(r)
            chip, (_cmd, color) = w.level_cell(lv)
            rows.append([w.para(f"R-{r.id}&nbsp; " + caps.capped(r.title, caps.LINE, IN_PLAN),
                                s.cell),
                         chip,
                         Paragraph(f"{ctx.matrix.likelihood_name(r.rated_likelihood)} × "
                                   f"{ctx.matrix.impact_name(r.rated_impact)}", s.cell),
                         Paragraph(words(r.treatment), s.cell)])
            extra.append(("BACKGROUND", (1, i), (1, i), color))
        out.append(data_table(rows, [3.4 * inch, 0.75 * inch, 1.55 * inch, 1.1 * inch],
                              extra=extra))
    else:
        out.append(Paragraph("No open risks recorded so far." if ctx.draft
                             else "No open risks.", s.body))

    out.append(PageBreak())
    return out


def due_soon(ctx: Context, w: Writer, open_items: list[RemediationItem]) -> list[Flowable]:
    """The open actions overdue or due within ``DUE_SOON_DAYS``, soonest first."""
    s = w.s
    out: list[Flowable] = []
    soon = sorted((i for i in open_items if i.due_date is not None
                   and i.due_date <= ctx.today + timedelta(days=DUE_SOON_DAYS)),
                  key=lambda i: (i.due_date or date.max, PRIORITY_ORDER[i.priority], i.id))
    out.extend(table_head(w, "Remediation due soon", 1, in_toc=False))
    if soon:
        rows: list[list[Any]] = [w.head_row("Action", "Owner", "Due", "Status")]
        for item in soon[:8]:
            w.field = f"remediation action {item.id}"
            late = item.is_overdue(ctx.today)
            due = f"{iso(item.due_date)}" + ("<br/><b>OVERDUE</b>" if late else "")
            rows.append([w.para(caps.capped(item.action, caps.LINE, IN_PLAN), s.cell),
                         w.para(caps.name(item.owner) or "—", s.cell),
                         Paragraph(due, w.alert_cell if late else s.cell),
                         Paragraph(label(item.status), s.cell)])
        out.append(data_table(rows, [3.6 * inch, 1.55 * inch, 0.8 * inch, 0.85 * inch]))
        if len(soon) > 8:
            out.append(Paragraph(f"… and {len(soon) - 8} more in the remediation plan.",
                                 s.muted))
    else:
        out.append(Paragraph(f"Nothing is overdue or due in the next {DUE_SOON_DAYS} "
                             "days.", s.body))
    return out


def rated_cells(ctx: Context) -> dict[tuple[int, int], int]:
    """(likelihood, impact) -> open risks rated there, by the rating the register shows
    (a person's override, else the derived current rating)."""
    out: dict[tuple[int, int], int] = {}
    for r in ctx.live_risks:
        cell = (r.rated_likelihood, r.rated_impact)
        out[cell] = out.get(cell, 0) + 1
    return out


def what_first(ctx: Context, w: Writer) -> list[Flowable]:
    """The five open actions that take away the most risk, in that order (not by due
    date; ``first_actions``), with who does them and by when."""
    s = w.s
    first = first_actions(ctx.items, ctx.risks, 5, ctx.matrix)
    out: list[Flowable] = [w.heading("What to do first", 1, in_toc=False)]
    if not first:
        out.append(Paragraph("No open actions in the remediation plan.", s.body))
        return out
    out.append(Paragraph("The open actions for the most serious open risks first, and "
                         "among those the ones that lower the risk the most (not by due "
                         "date).", s.muted))
    rows: list[list[Any]] = [w.head_row("#", "Action", "Risks", "Owner", "Due")]
    for n, item in enumerate(first, 1):
        late = item.is_overdue(ctx.today)
        due = iso(item.due_date) + ("<br/><b>OVERDUE</b>" if late else "")
        ids = item.linked_risk_ids
        rows.append([Paragraph(str(n), s.cell_bold),
                     w.para(caps.capped(item.action, caps.LINE, IN_PLAN), s.cell),
                     Paragraph(", ".join(f"R-{i}" for i in ids[:4])
                               + (" …" if len(ids) > 4 else "") or "—", s.cell),
                     w.para(caps.name(item.owner) or "—", s.cell),
                     Paragraph(due, w.alert_cell if late else s.cell)])
    out.append(data_table(rows, [0.3 * inch, PORTRAIT_WIDTH - 3.2 * inch, 0.9 * inch, 1.2 * inch,
                                 0.8 * inch]))
    return out


def posture(ctx: Context, by_level: dict[str, int], overdue: int, baa: int,
            gaps: int = 0) -> tuple[str, str, colors.Color]:
    """The headline of the summary, its explanation and its color. Only a complete
    assessment with no open risk and no gap is good news (green); an unfinished one is
    said to be unfinished, in a neutral color, whatever it has found so far."""
    levels = ctx.matrix.levels
    worst = next((lv for lv in reversed(levels) if by_level.get(lv.id)), None)
    n = by_level.get(worst.id, 0) if worst else 0
    found = ""
    if worst is not None:
        risks = "risk" if n == 1 else "risks"
        found = (f"The worst open risks are at the <b>{worst.name}</b> level ({n} {risks}): "
                 f"{worst.meaning[:1].lower() + worst.meaning[1:]} ")
    if ctx.draft:
        answered = sum(1 for q in counted_questions(ctx.questionnaire, ctx.answers)
                       if is_answered(q, ctx.answers.get(q.id)))
        total = ctx.progress.total
        if answered < total:
            head = (f"Not finished: {answered} of {total} questions answered"
                    if answered else f"Not started: none of the {total} questions answered")
        elif (left := total - ctx.progress.answered):
            head = (f"Not finished: {plural(left, 'question')} still "
                    f"need{'s' if left == 1 else ''} a decision or its reason")
        else:
            head = "Not finished: " + "; ".join(ctx.open_points)
        if worst is not None:
            text = "So far, t" + found[1:]
            if answered < total:
                text += f"{UNANSWERED_RATED} "
        elif gaps:
            text = (f"So far {plural(gaps, 'answer')} show{'s' if gaps == 1 else ''} a "
                    "gap, with no open risk recorded for "
                    f"{'it' if gaps == 1 else 'them'} yet. ")
        elif answered:
            text = "So far no answer shows a gap and no risk is recorded. "
        if answered and answered == total:
            text += ("Every question is answered; the report stays a draft until the "
                     "points above, listed in “Draft status”, are settled.")
        elif answered:
            text += ("Until every question is answered this report is a draft: the "
                     "findings below are only those of the answers given, and the picture "
                     "may change (what is missing is listed in “Draft status”).")
        else:
            text = ("Nothing can be said yet about the practice's safeguards. The report "
                    "is a draft until every question is answered (the questions are "
                    "listed in “Draft status”).")
        tone = ALERT if worst is not None and worst.rank >= len(levels) - 1 else NAVY
    elif worst is None and gaps:
        head = "Overall: gaps without open risks"
        text = (f"{plural(gaps, 'answer')} show{'s' if gaps == 1 else ''} a gap, but no "
                "open risk is recorded for them (dismissed, merged or not yet rated). "
                "Review them under “Findings by safeguard”.")
        tone = NAVY
    elif worst is None:
        head = "Overall: no open risks"
        text = ("The answers show no open risks. Keep the safeguards in place and repeat "
                "the analysis at least once a year or when something important changes.")
        tone = colors.HexColor(levels[0].color)
    else:
        rank = worst.rank / max(1, len(levels) - 1)
        head = {True: "needs urgent attention", False: "needs attention"}[rank >= 1]
        if rank < 0.5:
            head = "fair"
        head = f"Overall: {head}"
        text = found + ("Fixing the risks at the top of the remediation plan lowers the "
                        "chance of a breach the most.")
        tone = ALERT if rank >= 1 else colors.HexColor("#9A5B00") if rank >= 0.5 \
            else NAVY
    extras = []
    if overdue:
        extras.append(f"{overdue} remediation item{'s are' if overdue != 1 else ' is'} "
                      "overdue")
    if baa:
        extras.append(f"{baa} vendor{'s' if baa != 1 else ''} handling patient "
                      f"information {'have' if baa != 1 else 'has'} no business associate "
                      "agreement known to be signed and current")
    if extras:
        text += " Also: " + "; ".join(extras) + "."
    return head, text, tone
