"""The sign-off page and the assessment's fingerprint."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from riskwizard.report.context import Context
from riskwizard.report.fingerprint import assessment_fingerprint
from riskwizard.report.fonts import MONO, clean
from riskwizard.report.layout import (
    MUTED,
    NAVY,
    NOTE_BG,
    RULE,
)
from riskwizard.report.wording import cap
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    p = ctx.data.practice
    out: list[Flowable] = [w.heading("Sign-off", 0)]
    out.append(Paragraph(
        "By signing, the people below confirm that they have reviewed this risk analysis, "
        "that it reflects the practice as it was on the report date to the best of their "
        "knowledge, and that the practice accepts the remediation plan.", s.body))
    out.append(Spacer(1, 8))
    people = [("Security official", p.security_official),
              ("Privacy official", p.privacy_official),
              ("Assessor", p.assessor),
              ("Practice owner or physician in charge", "")]
    for role, who in people:
        name, _, title = clean(who).partition(", ")
        block = Table([
            [Paragraph(role.upper(), s.cover_label), "", ""],
            [w.cell(cap(name, 300) or " ", s.body), w.cell(cap(title, 300) or " ",
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
        w.drop_overflow()
        out.append(KeepTogether([block, Spacer(1, 16)]))
    digest = assessment_fingerprint(ctx.data, ctx.assessment.id)
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
