"""About this report (the page after the cover): who prepared it (the consultant's firm,
assessor, credentials, contact, logo), who took part, every assessment in the file, what the
report is and is not, and the program and content versions it was made with."""

from __future__ import annotations

import io
import re
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, Table, TableStyle

import riskwizard
from riskwizard.domain.model import AssessmentStatus
from riskwizard.firm import check_logo
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.layout import data_table
from riskwizard.report.sections.printed import table_head
from riskwizard.report.wording import long_date
from riskwizard.report.writer import PORTRAIT_WIDTH, Writer

DISCLAIMER = (
    "This report is a risk analysis under the HIPAA Security Rule (45 CFR "
    "164.308(a)(1)(ii)(A)) as of its date: it records the practice's answers, inventories "
    "and decisions as they were when it was made, and the risks they show. It is not legal "
    "advice and not a certification of compliance; it does not find weaknesses nobody "
    "described, and it ages as the practice changes. Review it at least once a year and "
    "after the changes listed under Periodic review.")


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [w.heading("About this report", 0)]
    block, problem = ctx.prepared
    out.append(w.heading("Prepared by", 1, in_toc=False))
    lines = [w.para(f"<b>{caps.capped(line, caps.LINE)}</b>" if i == 0
                    else caps.capped(line, caps.LINE), s.body)
             for i, line in enumerate(block.lines())]
    if not lines:
        lines = [Paragraph("The practice itself (no assessor is recorded).", s.body)]
    image = _logo(block.logo)
    if image is not None:
        out.append(Table([[lines, image]],
                         colWidths=[PORTRAIT_WIDTH - 2.2 * inch, 2.2 * inch],
                         style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                           ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]),
                         hAlign="LEFT"))
    else:
        out.extend(lines)
    if problem:
        out.append(Paragraph("The consultant's firm profile could not be read, so it is not "
                             "shown here.", s.muted))

    out.extend(table_head(w, "Who took part", 1, in_toc=False))
    people = participants(ctx)
    if people:
        rows: list[list[Any]] = [w.head_row("Name", "Part")]
        for name, roles in people:
            rows.append([w.para(caps.name(name), s.cell),
                         w.para(caps.capped("; ".join(roles), caps.LINE), s.cell)])
        out.append(data_table(rows, [3.0 * inch, PORTRAIT_WIDTH - 3.0 * inch]))
    else:
        out.append(Paragraph("No names are recorded: no assessor, officials or people who "
                             "answered.", s.body))

    out.extend(table_head(w, "Revision history", 1, in_toc=False))
    rows = [w.head_row("Assessment", "Period", "Status", "")]
    for a in sorted(ctx.data.assessments,
                    key=lambda a: (a.period_start or a.started_on or ctx.today, a.id)):
        period = (f"{long_date(a.period_start)} to {long_date(a.period_end)}"
                  if a.period_start or a.period_end else "not set")
        status = "Complete" if a.status is AssessmentStatus.COMPLETE else "In progress"
        rows.append([w.para(caps.name(a.title), s.cell), Paragraph(period, s.cell),
                     Paragraph(status, s.cell),
                     Paragraph("<b>this report</b>" if a.id == ctx.assessment.id else "",
                               s.cell)])
    out.append(data_table(rows, [2.6 * inch, 2.4 * inch, 0.9 * inch,
                                 PORTRAIT_WIDTH - 5.9 * inch]))

    out.append(w.heading("What this report is and is not", 1, in_toc=False))
    out.append(Paragraph(DISCLAIMER, s.body))

    out.append(w.heading("Versions", 1, in_toc=False))
    answered = ctx.assessment.questionnaire_versions
    modules = ", ".join(f"{caps.cut(k, caps.NAME).shown} {caps.cut(v, caps.NAME).shown}"
                        for k, v in sorted(answered.items()))
    out.append(w.para(f"Made with riskwizard {riskwizard.__version__}. Threat catalogue: "
                      f"{caps.name(ctx.catalogue_version)}. Questionnaire modules "
                      "as answered: "
                      + (caps.capped(modules, caps.FIELD) if modules else "none recorded")
                      + ".", s.small))
    out.append(PageBreak())
    return out


def _logo(raw: bytes | None) -> Flowable | None:
    """The logo, when it is a whole image (a damaged one is left out, never fatal)."""
    if not raw or check_logo(raw) is not None:
        return None
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(io.BytesIO(raw)).getSize()
        scale = min(2.0 * inch / width, 1.0 * inch / height)
        img = Image(io.BytesIO(raw), width=width * scale, height=height * scale)
        img.hAlign = "RIGHT"
        return img
    except Exception:  # noqa: BLE001 - a damaged logo must not stop the report
        return None


_DETAIL = re.compile(r"\s*(?:,|\(|\s-\s|\s[–—]\s|\swith\s)\s*", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:dr|mr|mrs|ms|mx|prof)\.?\s+", re.IGNORECASE)


def split_name(text: str) -> tuple[str, str]:
    """A name as people write it in a role field, split into the person and the rest:
    "Dana Whitfield, Office Manager" -> ("Dana Whitfield", "Office Manager")."""
    text = " ".join(text.split())
    found = _DETAIL.search(text)
    if found is None or found.start() == 0:
        return text, ""
    rest = text[found.end():].rstrip(")").strip()
    return text[:found.start()], ("with " + rest if "with" in found.group().lower() else rest)


def participants(ctx: Context) -> list[tuple[str, list[str]]]:
    """Who took part, each person once: "Dana Whitfield, Office Manager" (the security
    official) and "Dana Whitfield (office manager)" (who answered) are one person, with
    both parts, the rest of what was written said with the part."""
    people: dict[str, tuple[str, list[str]]] = {}
    for written, roles in ctx.participants:
        name, detail = split_name(written)
        key = _HONORIFIC.sub("", name).casefold()
        entry = people.setdefault(key, (name, []))
        for role in roles:
            part = role[:1].upper() + role[1:]
            entry[1].append(f"{part} ({detail})" if detail else part)
    return list(people.values())
