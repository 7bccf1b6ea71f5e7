"""How the information was collected: who took part, when (the assessment's dates and the
days the answers were given) and how (the questionnaire, the inventories, interviews)."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable, PageBreak, Paragraph

from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.elements import COLLECTION
from riskwizard.report.sections.about import participants
from riskwizard.report.wording import long_date, plural
from riskwizard.report.writer import Writer

NAMES_SHOWN = 12  # names written out in the "interviews" line; "About this report" has all


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    a, d = ctx.assessment, ctx.data
    out: list[Flowable] = [PageBreak(), w.heading("How the information was collected", 0,
                                                  elements=(COLLECTION,))]
    period = (f"{long_date(a.period_start)} to {long_date(a.period_end)}"
              if a.period_start or a.period_end else "not set")
    when = (f"The assessment covers <b>{period}</b>; it was started on "
            f"{long_date(a.started_on)} and this report was made on {long_date(ctx.today)}.")
    span = ctx.answered_range
    if span is not None:
        first, last = (_day(x) for x in span)
        when += (f" The answers were given between {first} and {last}." if first != last
                 else f" The answers were given on {first}.")
    else:
        when += " No answer records when it was given."
    out.append(Paragraph(when, s.body))
    questions = ctx.progress.total
    out.append(Paragraph(
        f"<b>Questionnaire.</b> {plural(questions, 'question')} apply to this practice "
        f"(from {plural(len(ctx.modules), 'section')} of the questionnaire); "
        f"{ctx.progress.answered} were answered and confirmed for this assessment. Each "
        "answer records who gave it and when, and may carry a note.", s.body))
    out.append(Paragraph(
        f"<b>Inventories.</b> The practice's lists of {plural(len(d.sites), 'site')}, "
        f"{plural(len(d.assets), 'asset')} and {plural(len(d.vendors), 'vendor')} were "
        "checked against the answers (see Findings from the inventory).", s.body))
    people = participants(ctx)
    if people:
        names = [name for name, _roles in people]
        shown = ", ".join(caps.name(n) for n in names[:NAMES_SHOWN])
        more = (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")
        out.append(w.para(
            f"<b>Interviews.</b> The answers come from interviews with, and the knowledge "
            f"of: {shown}{more}. Their parts are listed under About this report.", s.body))
    else:
        out.append(Paragraph("<b>Interviews.</b> No names of the people interviewed are "
                             "recorded.", s.body))
    return out


def _day(text: str) -> str:
    try:
        return long_date(date.fromisoformat(text))
    except ValueError:
        return text[:10]
