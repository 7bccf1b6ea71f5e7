"""Methodology: the scales, the matrix, the levels and the questionnaire."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.elements import DOCUMENTATION, LIKELIHOOD, REVIEW
from riskwizard.report.fonts import markup
from riskwizard.report.layout import (
    data_table,
)
from riskwizard.report.wording import long_date, module_title, plural, words
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    m = ctx.matrix
    # after "How the information was collected", on its page when there is room
    out: list[Flowable] = [CondPageBreak(3 * inch), Spacer(1, 16), w.heading("Methodology", 0)]
    out.extend(how_it_was_done(ctx, w))
    for title, scale in (("Likelihood scale", m.likelihood), ("Impact scale", m.impact)):
        out.append(w.heading(title, 1, in_toc=False))
        rows: list[list[Any]] = [w.head_row("Value", "Name", "Meaning")]
        for p in scale:
            rows.append([Paragraph(str(p.value), s.cell_bold), Paragraph(p.name, s.cell),
                         Paragraph(markup(p.meaning), s.cell)])
        out.append(data_table(rows, [0.55 * inch, 1.2 * inch, PORTRAIT_WIDTH - 1.75 * inch]))
    out.append(w.heading("Risk matrix", 1, elements=(LIKELIHOOD,)))
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
                     w.para(caps.capped(versions.get(mod.id, "—"), caps.NAME), s.cell),
                     Paragraph("Yes" if mod.id in visible else "No", s.cell)])
    out.append(data_table(rows, [2.6 * inch, 0.9 * inch, 1.1 * inch, 1.2 * inch,
                                 PORTRAIT_WIDTH - 5.8 * inch]))
    out.extend(documentation(ctx, w))
    out.extend(periodic_review(ctx, w))
    out.append(PageBreak())
    return out


STEPS = (
    ("Scope",
     "Every site, asset and vendor in the practice's inventory: all the places electronic "
     "patient information (ePHI) is created, received, kept or sent ({scope}). Each threat "
     "event is rated against the records it can reach."),
    ("Threats and vulnerabilities",
     "Threat sources (people inside or outside the practice, vendors, technical failures, "
     "nature) and the threat events they can cause come from a threat catalogue reviewed by "
     "people who know the Security Rule. Each event names the vulnerabilities and "
     "predisposing conditions it uses."),
    ("Current security measures",
     "The answers to the questionnaire: each question is a control that lowers a named "
     "event's likelihood or impact. “Partly” counts half; “Not sure” counts nothing and "
     "marks the rating as uncertain."),
    ("Likelihood and impact",
     "Each risk is rated twice on the 1 to 5 scales below: <b>inherent</b> (with none of "
     "its measures in place) and <b>current</b> (residual, with the measures the answers "
     "show). A person may change the current rating, with a written reason."),
    ("Level of risk",
     "Read from the risk matrix below for the current likelihood and impact; the register "
     "writes out the reasons for each rating."),
    ("Inventory cross-checks",
     "The inventory is checked against the answers (an unencrypted laptop, a vendor without "
     "a business associate agreement): where they disagree it is reported under “Findings "
     "from the inventory” and raises the risk."),
)


def how_it_was_done(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    d = ctx.data
    scope = (f"{plural(len(d.sites), 'site')}, {plural(len(d.assets), 'asset')} and "
             f"{plural(len(d.vendors), 'vendor')} in this report")
    out: list[Flowable] = [Paragraph(
        "The analysis follows the HHS <i>Guidance on Risk Analysis Requirements under the "
        "HIPAA Security Rule</i> (2010; 45 CFR 164.308(a)(1)(ii)(A)) and uses the terms of "
        "NIST SP 800-30 Rev. 1, <i>Guide for Conducting Risk Assessments</i>: a risk is a "
        "threat event, caused by a threat source, exploiting a vulnerability, rated by its "
        "likelihood and impact.", s.body)]
    rows: list[list[Any]] = [w.head_row("Step", "How it was done")]
    for title, text in STEPS:
        rows.append([Paragraph(f"<b>{title}</b>", s.cell),
                     Paragraph(text.format(scope=scope), s.cell)])
    out.append(data_table(rows, [1.6 * inch, PORTRAIT_WIDTH - 1.6 * inch]))
    return out


DEFAULT_TRIGGERS = ("a new system that keeps or sends patient information",
                    "a move of patient information to the cloud",
                    "a breach or security incident",
                    "a new vendor that handles patient information",
                    "a new site or office")


def documentation(ctx: Context, w: Writer) -> list[Flowable]:
    """Where the analysis and what it rests on are kept (45 CFR 164.316(b))."""
    s = w.s
    return [
        w.heading("Documentation", 1, elements=(DOCUMENTATION,)),
        Paragraph(
            "Everything this report rests on is kept in the practice file (one riskwizard "
            "file per practice): every answer with who gave it, when, and its notes; the "
            "sites, assets and vendors; the risk register with its ratings, reasons and "
            "decisions; and the remediation plan. Every answer and note is printed in the "
            "appendices of this report. Keep the file, this report signed, and the documents "
            "it refers to (policies, business associate agreements) for at least six years "
            "from the date they were last in effect (45 CFR 164.316(b)(2)). The fingerprint "
            "on the sign-off page ties this report to the answers it was made from.", s.body),
    ]


def periodic_review(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    a = ctx.assessment
    out: list[Flowable] = [w.heading("Periodic review", 1, elements=(REVIEW,))]
    when = (f"The next review of this analysis is due by <b>{long_date(a.next_review)}</b>."
            if a.next_review else
            "No date is recorded for the next review; the analysis should be repeated at "
            "least once a year.")
    out.append(Paragraph(when, s.body))
    triggers = [t.strip() for t in a.review_triggers.splitlines() if t.strip()]
    own = bool(triggers)
    out.append(Paragraph(
        "The analysis is reviewed earlier after any of these"
        + ("" if own else " (no triggers are recorded, so the usual ones apply)") + ":",
        s.body))
    for t in (triggers if own else list(DEFAULT_TRIGGERS)):
        out.append(w.para("•&nbsp;&nbsp;" + caps.capped(t, caps.LINE), s.field))
    return out
