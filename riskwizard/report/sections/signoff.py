"""The sign-off page and the assessment's fingerprint."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from riskwizard.domain.model import Treatment
from riskwizard.domain.register import treatment_problem
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import MONO, clean
from riskwizard.report.layout import (
    MUTED,
    NAVY,
    NOTE_BG,
    RULE,
    data_table,
)
from riskwizard.report.wording import iso
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def accepted_risks(ctx: Context, w: Writer) -> list[Flowable]:
    """"Risks the practice accepted": each with its level, the reason, who decided and
    when; what a decision still lacks is said in red (``treatment_problem``)."""
    s = w.s
    risks = sorted((r for r in ctx.risks if r.is_open and r.treatment is Treatment.ACCEPT),
                   key=ctx.risk_order)
    out: list[Flowable] = [w.heading("Risks the practice accepted", 0)]
    if not risks:
        out.append(Paragraph("None: the practice has accepted no risk; every risk is being "
                             "reduced, transferred or avoided.", s.body))
        return out
    one = len(risks) == 1
    it = "it" if one else "them"
    out.append(Paragraph(
        f"{'This risk stays as it is' if one else f'These {len(risks)} risks stay as they are'}"
        ", for "
        f"the reason given: the practice decided not to lower {it} further. The people who "
        f"sign on the next page accept {it}.", s.body))
    rows: list[list[Any]] = [w.head_row("Risk", "Level", "Reason", "Decided by", "When")]
    extra: list[tuple[Any, ...]] = []
    for i, r in enumerate(risks, 1):
        chip, (_cmd, color) = w.level_cell(ctx.level(r))
        extra.append(("BACKGROUND", (1, i), (1, i), color))
        reason: Any = (w.para(caps.capped(r.treatment_reason, caps.CELL), s.cell)
                       if r.treatment_reason.strip() else Paragraph("—", s.cell))
        problem = treatment_problem(r)
        if problem:
            reason = [reason, Paragraph(problem, w.alert_cell)]
        rows.append([w.para(f"R-{r.id}: " + caps.capped(r.title, caps.LINE), s.cell),
                     chip, reason,
                     w.para(caps.name(r.decided_by), s.cell) if r.decided_by.strip()
                     else Paragraph("—", s.cell),
                     Paragraph(iso(r.decided_on), s.cell)])
    out.append(data_table(rows, [2.1 * inch, 0.75 * inch, 2.05 * inch, 1.1 * inch,
                                 PORTRAIT_WIDTH - 6.0 * inch], extra=extra))
    return out


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    p = ctx.data.practice
    # the accepted risks on the page before: the signers read them, then sign for them
    out: list[Flowable] = [*accepted_risks(ctx, w), PageBreak(), w.heading("Sign-off", 0)]
    out.append(Paragraph(
        "By signing, each person below states: <b>“I have reviewed the risk register, "
        "accept the risks listed as accepted, and approve the remediation plan.”</b> (The "
        "accepted risks are listed on the page before this one.) They "
        "also confirm that this risk analysis reflects the practice as it was on the report "
        "date, to the best of their knowledge.", s.body))
    out.append(Spacer(1, 8))
    people = [("Security official", p.security_official),
              ("Privacy official", p.privacy_official),
              ("Assessor", p.assessor),
              ("Practice owner or physician in charge", "")]
    for role, who in people:
        name, _, title = clean(who).partition(", ")
        block = Table([
            [Paragraph(role.upper(), s.cover_label), "", ""],
            [w.para(caps.name(name) or " ", s.body), w.para(caps.name(title) or " ",
                                                            s.body), ""],
            [Paragraph("Name", s.muted), Paragraph("Title", s.muted),
             Paragraph("Date", s.muted)],
            [Spacer(1, 26), "", ""],
            [Paragraph("Signature", s.muted), "", ""],
        ], colWidths=[2.6 * inch, 2.6 * inch, PORTRAIT_WIDTH - 5.2 * inch])
        block.setStyle(TableStyle([
            ("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 3), (-1, 3)), ("SPAN", (0, 4), (-1, 4)),
            ("LINEBELOW", (0, 1), (-1, 1), 0.6, MUTED),
            ("LINEBELOW", (0, 3), (-1, 3), 0.6, MUTED),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]))
        out.append(KeepTogether([block, Spacer(1, 16)]))
    digest = ctx.fingerprint
    mono = ParagraphStyle("mono", parent=s.body, fontName=MONO, fontSize=10, leading=14,
                          textColor=NAVY)
    box = Table([
        [Paragraph("ASSESSMENT FINGERPRINT (SHA-256)", s.cover_label)],
        [Paragraph(digest, mono)],
        [Paragraph(
            "The SHA-256 of the assessment’s records (the assessment, its answers, risks "
            "and remediation items) as canonical JSON: each record as the program exports "
            "it, answers sorted by question id, risks and remediation items by id, keys "
            "sorted, no spaces, UTF-8. A copy of the practice file whose assessment gives "
            "the same fingerprint holds exactly the answers, risks and plan signed "
            f"here. Assessment id {ctx.assessment.id}; fingerprint format 1.", s.muted)],
    ], colWidths=[PORTRAIT_WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, RULE),
                             ("BACKGROUND", (0, 0), (-1, -1), NOTE_BG),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, 0), 8),
                             ("BOTTOMPADDING", (0, -1), (-1, -1), 8)]))
    out.append(KeepTogether([Spacer(1, 6), box]))
    return out
