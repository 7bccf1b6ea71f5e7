"""Appendix: the evidence files kept in the practice file, each with its SHA-256, so a
reader can check that a file handed over (the evidence pack) is the one recorded."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from riskwizard.domain.evidence import owner
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.fonts import MONO
from riskwizard.report.layout import RULE
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer


def applies(ctx: Context) -> bool:
    return bool(ctx.data.evidence)


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [w.heading("Appendix: evidence files", 0), Paragraph(
        "Files kept inside the practice file as evidence. The SHA-256 fingerprint of each "
        "identifies its exact content: the evidence pack holds the same files with a "
        "manifest of the same fingerprints.", s.body)]
    rows: list[list[object]] = [w.head_row("File", "Attached to", "Added", "SHA-256")]
    more = caps.Continued(w)
    for e in ctx.data.evidence:
        kind, key = owner(e)
        rows.append([more.cell(e.name, label=f"Evidence {e.id}"),
                     w.para(caps.capped(f"{kind} {key}", caps.NAME), s.cell),
                     w.para(caps.capped(f"{e.created_at[:10]} {e.added_by}".strip(),
                                        caps.NAME), s.cell),
                     Paragraph(f'<font name="{MONO}" size="7">{e.sha256[:32]}<br/>'
                               f"{e.sha256[32:]}</font>", s.cell)])
    table = Table(rows, colWidths=[PORTRAIT_WIDTH * f for f in (0.3, 0.2, 0.18, 0.32)],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(table)
    out.extend(more.below())
    return out
