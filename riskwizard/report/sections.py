"""The report's content: one method per section, each returning flowables for the story.

Every string that came from a person (names, notes, addresses, rationales) goes through
``fonts.markup`` (escaped, fonts per script) before it meets Paragraph markup; our own
labels are plain ASCII and written as markup directly.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from riskwizard.domain.comparison import Change, Comparison, compare, previous_assessment
from riskwizard.domain.labels import label as enum_label
from riskwizard.domain.model import (
    PRIORITY_ORDER,
    Answer,
    Assessment,
    Decision,
    PracticeData,
    RemediationItem,
    RemediationStatus,
    Risk,
    RiskStatus,
)
from riskwizard.domain.navigation import (
    effective_decision,
    is_gap,
    missing_summary,
    progress,
    visible_modules,
    visible_questions,
)
from riskwizard.domain.questionnaire import Module, ModuleKind, Question, Questionnaire
from riskwizard.domain.risk import Level, RiskMatrix, count_by_cell
from riskwizard.report.charts import heat_map
from riskwizard.report.fingerprint import assessment_fingerprint
from riskwizard.report.fonts import MAIN_BOLD, MONO, clean, markup, needs_shaping
from riskwizard.report.layout import (
    ALERT,
    ALERT_BG,
    LANDSCAPE,
    MARGIN_X,
    MUTED,
    NAVY,
    NOTE_BG,
    PORTRAIT,
    RULE,
    Heading,
    Styles,
    contents,
    data_table,
)

PORTRAIT_WIDTH = PORTRAIT[0] - 2 * MARGIN_X
LANDSCAPE_WIDTH = LANDSCAPE[0] - 2 * MARGIN_X
CELL_CHARS = 600      # a table cell longer than this is cut; the full text follows the table
CELL_LINES = 10
CHUNK = 1500          # long text is laid out in paragraphs of at most this many characters
DUE_SOON_DAYS = 30
LIVE = (RiskStatus.DRAFT, RiskStatus.CONFIRMED)

REQUIREMENT_WORDS = {
    "required": "Required", "addressable": "Addressable", "proposed": "Proposed rule",
    "best_practice": "Best practice", "profile": "Profile",
}
DECISION_WORDS = {
    Decision.IMPLEMENTED: "Implemented",
    Decision.ALTERNATIVE: "Equivalent alternative measure",
    Decision.NOT_REASONABLE: "Not reasonable and appropriate",
}
STATUS_WORDS = {
    RemediationStatus.NOT_STARTED: "Not started", RemediationStatus.IN_PROGRESS: "In progress",
    RemediationStatus.DONE: "Done", RemediationStatus.DEFERRED: "Deferred",
}


def long_date(d: date | None) -> str:
    return f"{d:%B} {d.day}, {d.year}" if d else "not set"


def iso(d: date | None) -> str:
    return d.isoformat() if d else "—"


def words(value: object) -> str:
    """An enumeration value in the same words the window uses (``phone_tablet`` ->
    ``Phone or tablet``)."""
    if isinstance(value, StrEnum):
        return enum_label(value)
    text = str(getattr(value, "value", value)).replace("_", " ")
    return text[:1].upper() + text[1:]


def _chunks(line: str, size: int) -> Iterable[str]:
    while len(line) > size:
        cut = line.rfind(" ", size - 200, size)
        cut = cut if cut > 0 else size
        yield line[:cut]
        line = line[cut:].lstrip(" ")
    if line:
        yield line


@dataclass
class Context:
    """What every section needs: the data, the assessment, and derived lookups."""

    data: PracticeData
    questionnaire: Questionnaire
    assessment: Assessment
    today: date
    matrix: RiskMatrix

    def __post_init__(self) -> None:
        aid = self.assessment.id
        self.answers: dict[str, Answer] = self.data.answers_for(aid)
        self.risks: list[Risk] = sorted(self.data.risks_for(aid), key=lambda r: r.id)
        self.live_risks = [r for r in self.risks if r.status in LIVE]
        self.items: list[RemediationItem] = self.data.remediation_for(aid)
        self.sites = {s.id: s for s in self.data.sites}
        self.assets = {a.id: a for a in self.data.assets}
        self.risk_by_id = {r.id: r for r in self.risks}
        self.risks_by_question: dict[str, list[Risk]] = {}
        for r in self.risks:
            if r.question_id:
                self.risks_by_question.setdefault(r.question_id, []).append(r)
        self.modules = visible_modules(self.questionnaire, self.answers)
        self.progress = progress(self.questionnaire, self.answers)
        self.missing = missing_summary(self.questionnaire, self.answers)
        self.draft = bool(self.missing)
        # the assessment before this one, and what changed since (None for the first)
        self.previous: Assessment | None = previous_assessment(self.data.assessments,
                                                               self.assessment)
        self.comparison: Comparison | None = (
            compare(self.questionnaire, self.data.answers_for(self.previous.id), self.answers)
            if self.previous is not None else None)

    def level(self, risk: Risk) -> Level:
        return self.matrix.level(risk.likelihood, risk.impact)

    def risk_order(self, risk: Risk) -> tuple[int, int, int]:
        return (-self.level(risk).rank, -(risk.likelihood * risk.impact), risk.id)


class ReportBuilder:
    """Builds the story, section by section."""

    def __init__(self, ctx: Context, progress: Callable[[int, str], None]) -> None:
        self.ctx = ctx
        self.s = Styles.make()
        self._progress = progress
        self._keys = 0
        self._overflow: list[tuple[str, str]] = []
        self._shaped: dict[str, ParagraphStyle] = {}
        self.alert_cell = ParagraphStyle("alert_cell", parent=self.s.cell, textColor=ALERT)

    # ------------------------------------------------------------ small helpers

    def figures(self, figures: list[tuple[str, str]]) -> Table:
        """A row of big numbers with a short label under each, divided by thin rules."""
        s = self.s
        width = PORTRAIT_WIDTH / len(figures)
        label = ParagraphStyle("figlabel", parent=s.muted, alignment=1)
        table = Table([[Paragraph(n, s.big_number) for n, _ in figures],
                       [Paragraph(t, label) for _, t in figures]],
                      colWidths=[width] * len(figures))
        table.setStyle(TableStyle([("LINEAFTER", (0, 0), (-2, -1), 0.5, RULE),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, 0), 0)]))
        return table

    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A Paragraph of ready markup (our labels plus escaped user text)."""
        if needs_shaping(text):
            shaped = self._shaped.get(style.name)
            if shaped is None:
                shaped = self._shaped[style.name] = ParagraphStyle(
                    f"{style.name}-shaped", parent=style, shaping=1)
            style = shaped
        return Paragraph(text, style)

    def text(self, value: object, style: ParagraphStyle) -> Paragraph:
        """A Paragraph of one user string."""
        return self.para(markup(value), style)

    def long(self, value: object, style: ParagraphStyle, prefix: str = "") -> list[Flowable]:
        """User text of any length: a paragraph per line, long lines in chunks, so that no
        single paragraph is taller than a page."""
        out: list[Flowable] = []
        blank = False
        for line in clean(value).split("\n"):
            if not line.strip():
                if out and not blank:
                    out.append(Spacer(1, style.leading * 0.4))
                blank = True
                continue
            blank = False
            for chunk in _chunks(line, CHUNK):
                out.append(self.para(prefix + markup(chunk), style))
                prefix = ""
        if not out and prefix:
            out.append(self.para(prefix, style))
        return out

    def cell(self, value: object, style: ParagraphStyle | None = None,
             label: str = "") -> Paragraph:
        """A table cell of user text; very long text is cut here and printed in full after
        the table (a table row cannot break across pages)."""
        style = style or self.s.cell
        text = clean(value)
        lines = text.split("\n")
        if len(text) > CELL_CHARS or len(lines) > CELL_LINES:
            short = "\n".join(lines[:CELL_LINES])[:CELL_CHARS - 100].rstrip()
            n = len(self._overflow) + 1
            self._overflow.append((label or "Entry", text))
            return self.para(f"{markup(short)}… <i>(continued below the table, "
                             f"note {n})</i>", style)
        return self.para(markup(text), style)

    def overflow(self) -> list[Flowable]:
        """The full text of cells cut by ``cell``, after the table they belong to."""
        if not self._overflow:
            return []
        out: list[Flowable] = [Paragraph("Full text of long entries", self.s.h3)]
        for n, (label, text) in enumerate(self._overflow, 1):
            out.append(self.para(f"<b>Note {n}: {markup(label)}</b>", self.s.body))
            out.extend(self.long(text, self.s.note))
        self._overflow = []
        return out

    def heading(self, text: str, level: int, *, in_toc: bool = True) -> Heading:
        self._keys += 1
        style = (self.s.h1, self.s.h2, self.s.h3)[min(level, 2)]
        return Heading(text, style, level, f"h{self._keys}", in_toc=in_toc)

    def head_row(self, *labels: str) -> list[Paragraph]:
        return [Paragraph(label, self.s.cell_head) for label in labels]

    def level_chip(self, level: Level, suffix: str = "") -> str:
        return (f'<font backColor="{level.color}" color="{level.text}"><b>&nbsp;{level.name}'
                f'&nbsp;</b></font>{suffix}')

    def level_cell(self, level: Level) -> tuple[Paragraph, tuple[Any, ...]]:
        """A level cell and the style command that colors it (position filled in later)."""
        style = ParagraphStyle("lvl", parent=self.s.cell_bold,
                               textColor=colors.HexColor(level.text))
        return Paragraph(level.name, style), ("BACKGROUND", colors.HexColor(level.color))

    def step(self, percent: int, what: str) -> None:
        self._progress(percent, what)

    # ------------------------------------------------------------ the story

    def story(self) -> list[Flowable]:
        ctx = self.ctx
        story: list[Flowable] = []
        parts: list[tuple[str, Callable[[], list[Flowable]]]] = [
            ("Cover", self.cover),
            ("Contents", self.contents),
            ("Executive summary", self.summary),
            ("Findings by safeguard", self.findings),
            ("Risk register", self.register),
            ("Remediation plan", self.remediation),
            ("Asset and vendor inventories", self.inventories),
            ("Appendix: every answer", self.appendix),
            ("Methodology", self.methodology),
            ("Sign-off", self.signoff),
        ]
        if ctx.draft:
            parts.insert(3, ("Draft status", self.draft_status))
        if ctx.comparison is not None:
            parts.insert(3, ("Changes since the previous assessment", self.changes))
        for i, (what, make) in enumerate(parts):
            self.step(int(40 * i / len(parts)), what)
            story.extend(make())
        return story

    # ------------------------------------------------------------ 1. cover

    def cover(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        p, a = ctx.data.practice, ctx.assessment
        out: list[Flowable] = []
        logo = self.logo()
        top: list[Flowable] = [
            Paragraph("HIPAA SECURITY RULE · 45 CFR 164.308(a)(1)(ii)(A)", s.cover_label),
            Spacer(1, 6),
            *self.cover_title(a.title),
        ]
        if logo is not None:
            out.append(Table([[top, logo]], colWidths=[PORTRAIT_WIDTH - 2.1 * inch, 2.1 * inch],
                             style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                               ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)])))
        else:
            out.extend(top)
        out.append(Spacer(1, 0.45 * inch))
        out.append(HRFlowable(width="100%", thickness=2, color=NAVY, spaceAfter=14))
        out.append(self.text(_cap(p.name), s.cover_name))
        for line in _cap(p.address).split("\n"):
            if line.strip():
                out.append(self.text(line, s.cover_text))
        out.append(Spacer(1, 0.3 * inch))
        scope = [ctx.sites[i].name for i in a.scope_site_ids if i in ctx.sites]
        period = (f"{long_date(a.period_start)} to {long_date(a.period_end)}"
                  if a.period_start or a.period_end else "not set")
        status = ("Draft: the assessment is not complete" if ctx.draft
                  else "Complete")
        rows: list[tuple[str, str]] = [
            ("Assessment period", period),
            ("Report date", long_date(ctx.today)),
            ("Assessment started", long_date(a.started_on)),
            ("Status", status),
            ("Assessed by", p.assessor or "not recorded"),
            ("Security official", p.security_official or "not recorded"),
            ("Privacy official", p.privacy_official or "not recorded"),
            ("Scope", "; ".join(scope) if scope else "the whole practice"),
        ]
        table = Table([[Paragraph(k.upper(), s.cover_label), self.cell(_cap(v, 500),
                                                                        s.cover_text)]
                       for k, v in rows], colWidths=[1.7 * inch, PORTRAIT_WIDTH - 1.7 * inch],
                      hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (0, -1), 6),
            ("LINEBELOW", (0, 0), (-1, -2), 0.25, RULE),
        ]))
        out.append(table)
        self._overflow = []  # the cover's fields are capped, never continued
        out.append(Spacer(1, 0.45 * inch))
        box = Table([[Paragraph(
            "<b>CONFIDENTIAL.</b> This report describes security weaknesses of the practice "
            "and how they could be exploited. Keep it locked away and share it only with "
            "people who need it. Keep it, with the documents it refers to, for at least six "
            "years from the date it was last in effect (45 CFR 164.316(b)(2)).", s.small)]],
            colWidths=[PORTRAIT_WIDTH])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, ALERT),
                                 ("BACKGROUND", (0, 0), (-1, -1), ALERT_BG),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 10),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                                 ("TOPPADDING", (0, 0), (-1, -1), 8),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]))
        out.append(box)
        out.append(NextPageTemplate("portrait"))
        out.append(PageBreak())
        return out

    def cover_title(self, title: str) -> list[Flowable]:
        """"Security Risk Analysis" and the assessment's title, without saying it twice:
        a title such as "2026 security risk analysis" becomes the heading itself."""
        s = self.s
        title = " ".join(_cap(title, 300).split())
        found = re.search(r"security\s+risk\s+analysis", title, re.IGNORECASE)
        if found is None:
            return [Paragraph("Security Risk Analysis", s.cover_title),
                    self.text(title, s.cover_text)]
        heading = title[:found.start()] + "Security Risk Analysis" + title[found.end():]
        return [self.para(markup(heading[:1].upper() + heading[1:]), s.cover_title)]

    def logo(self) -> Flowable | None:
        raw = self.ctx.data.practice.logo_png
        if not raw:
            return None
        try:
            from reportlab.lib.utils import ImageReader

            reader = ImageReader(io.BytesIO(raw))
            w, h = reader.getSize()
            if w <= 0 or h <= 0:
                return None
            scale = min(2.0 * inch / w, 1.1 * inch / h)
            img = Image(io.BytesIO(raw), width=w * scale, height=h * scale)
            img.hAlign = "RIGHT"
            return img
        except Exception:  # a damaged logo must not stop the report
            return None

    # ------------------------------------------------------------ 2. contents

    def contents(self) -> list[Flowable]:
        return [self.heading("Contents", 0, in_toc=False), contents(self.s), PageBreak()]

    # ------------------------------------------------------------ 3. summary

    def summary(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = [self.heading("Executive summary", 0)]
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

        out.append(self.para(
            f"This report records the security risk analysis of {markup(_cap(p.name, 300))} "
            f"({markup(_cap(a.title, 300))}), which the HIPAA Security Rule requires of every "
            "practice that keeps patient information electronically. It lists where patient "
            "information could be lost, exposed or made unavailable, how likely and how harmful "
            "each risk is, and what the practice plans to do about it.", s.body))

        headline, explanation, tone = self.posture(by_level, len(overdue), len(baa),
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

        pct = int(ctx.progress.fraction * 100)
        figures = [
            (f"{pct}%", f"complete ({ctx.progress.answered} of {ctx.progress.total} "
                        "questions)"),
            (str(len(gaps)), "answers show a gap"),
            (str(len(live)), "open risks"),
            (str(len(open_items)), f"remediation items open ({len(overdue)} overdue)"),
        ]
        out.append(self.figures(figures))

        out.append(self.heading("Risks by level", 1, in_toc=False))
        rows: list[list[Any]] = [self.head_row("Level", "Risks", "What it means")]
        extra: list[tuple[Any, ...]] = []
        for i, lv in enumerate(reversed(ctx.matrix.levels), 1):
            chip, (_cmd, color) = self.level_cell(lv)
            rows.append([chip, Paragraph(str(by_level[lv.id]), s.cell_bold),
                         Paragraph(lv.meaning, s.cell)])
            extra.append(("BACKGROUND", (0, i), (0, i), color))
        chart = heat_map(ctx.matrix, count_by_cell(ctx.risks))
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
        out.append(self.heading("Top risks", 1, in_toc=False))
        if top:
            rows = [self.head_row("Risk", "Level", "Likelihood × impact", "Treatment")]
            extra = []
            for i, r in enumerate(top, 1):
                lv = ctx.level(r)
                chip, (_cmd, color) = self.level_cell(lv)
                rows.append([self.cell(f"R-{r.id}  {r.title}", s.cell, f"Risk R-{r.id}"),
                             chip,
                             Paragraph(f"{ctx.matrix.likelihood_name(r.likelihood)} × "
                                       f"{ctx.matrix.impact_name(r.impact)}", s.cell),
                             Paragraph(words(r.treatment), s.cell)])
                extra.append(("BACKGROUND", (1, i), (1, i), color))
            out.append(data_table(rows, [3.4 * inch, 0.75 * inch, 1.55 * inch, 1.1 * inch],
                                  extra=extra))
            out.extend(self.overflow())
        else:
            out.append(Paragraph("No open risks recorded so far." if ctx.draft
                                 else "No open risks.", s.body))

        soon = sorted((i for i in open_items if i.due_date is not None
                       and i.due_date <= ctx.today + timedelta(days=DUE_SOON_DAYS)),
                      key=lambda i: (i.due_date or date.max, PRIORITY_ORDER[i.priority], i.id))
        out.append(self.heading("Remediation due soon", 1, in_toc=False))
        if soon:
            rows = [self.head_row("Action", "Owner", "Due", "Status")]
            extra = []
            for item in soon[:8]:
                late = item.is_overdue(ctx.today)
                due = f"{iso(item.due_date)}" + ("<br/><b>OVERDUE</b>" if late else "")
                rows.append([self.cell(item.action, s.cell, "Action"),
                             self.cell(item.owner or "—", s.cell, "Owner"),
                             Paragraph(due, self.alert_cell if late else s.cell),
                             Paragraph(STATUS_WORDS[item.status],
                                                               s.cell)])
            out.append(data_table(rows, [3.6 * inch, 1.55 * inch, 0.8 * inch, 0.85 * inch],
                                  extra=extra))
            if len(soon) > 8:
                out.append(Paragraph(f"… and {len(soon) - 8} more in the remediation plan.",
                                     s.muted))
            out.extend(self.overflow())
        else:
            out.append(Paragraph(f"Nothing is overdue or due in the next {DUE_SOON_DAYS} "
                                 "days.", s.body))
        out.append(PageBreak())
        return out

    def posture(self, by_level: dict[str, int], overdue: int, baa: int,
                gaps: int = 0) -> tuple[str, str, colors.Color]:
        """The headline of the summary, its explanation and its color. Only a complete
        assessment with no open risk and no gap is good news (green); an unfinished one is
        said to be unfinished, in a neutral color, whatever it has found so far."""
        ctx = self.ctx
        levels = ctx.matrix.levels
        worst = next((lv for lv in reversed(levels) if by_level.get(lv.id)), None)
        n = by_level.get(worst.id, 0) if worst else 0
        found = ""
        if worst is not None:
            risks = "risk" if n == 1 else "risks"
            found = (f"The worst open risks are at the <b>{worst.name}</b> level ({n} {risks}): "
                     f"{worst.meaning[:1].lower() + worst.meaning[1:]} ")
        if ctx.draft:
            answered = sum(1 for q in visible_questions(ctx.questionnaire, ctx.answers)
                           if _answered(q, ctx.answers.get(q.id)))
            total = ctx.progress.total
            if answered < total:
                head = (f"Not finished: {answered} of {total} questions answered"
                        if answered else f"Not started: none of the {total} questions answered")
            else:
                left = total - ctx.progress.answered
                head = (f"Not finished: {_plural(left, 'question')} still "
                        f"need{'s' if left == 1 else ''} a decision or its reason")
            if worst is not None:
                text = "So far, t" + found[1:]
            elif gaps:
                text = (f"So far {_plural(gaps, 'answer')} show{'s' if gaps == 1 else ''} a "
                        "gap, with no open risk recorded for "
                        f"{'it' if gaps == 1 else 'them'} yet. ")
            elif answered:
                text = "So far no answer shows a gap and no risk is recorded. "
            if answered:
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
            text = (f"{_plural(gaps, 'answer')} show{'s' if gaps == 1 else ''} a gap, but no "
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
                          f"information {'have' if baa != 1 else 'has'} no valid business "
                          "associate agreement")
        if extras:
            text += " Also: " + "; ".join(extras) + "."
        return head, text, tone

    # ------------------------------------------------------------ changes since last time

    def changes(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        c, before = ctx.comparison, ctx.previous
        if c is None or before is None:
            return []
        view = c
        out: list[Flowable] = [self.heading("Changes since the previous assessment", 0)]
        period = (f", {long_date(before.period_start)} to {long_date(before.period_end)}"
                  if before.period_start and before.period_end else "")
        out.append(self.para(
            f"This assessment compared with the one before it, "
            f"{markup(_cap(before.title, 300))}{markup(period)}. A gap is an answer that shows "
            "a weakness (see Findings by safeguard). A gap is closed when the answer now shows "
            "the safeguard in place, or when the question no longer applies to the practice; "
            "a gap not yet answered again counts as still open.", s.body))
        if view.pending:
            n = len(view.pending)
            out.append(Paragraph(
                f"This assessment is not finished: {_plural(n, 'question')} answered last "
                f"time {'is' if n == 1 else 'are'} not answered yet (or depend on questions "
                "not answered yet). They are not counted as changed below, and a gap among "
                "them counts as still open.", s.draft_box))
        figures = [(str(len(view.closed)), "gaps closed"),
                   (str(len(view.new_gaps)), "new gaps"),
                   (str(len(view.still_open)), "gaps still open"),
                   (str(len(view.changed)), "answers changed")]
        out.extend([Spacer(1, 4), self.figures(figures)])

        if view.by_module:
            out.append(self.heading("By section", 1, in_toc=False))
            rows: list[list[Any]] = [self.head_row("Section", "Gaps closed", "New gaps",
                                                   "Still open", "Answers changed")]
            for m in ctx.questionnaire.modules:
                counts = view.by_module.get(m.id)
                if counts is None:
                    continue
                rows.append([Paragraph(markup(_module_title(m)), s.cell),
                             *(Paragraph(str(x), s.cell) for x in (
                                 counts.closed, counts.new_gaps, counts.still_open,
                                 counts.changed))])
            out.append(data_table(rows, [3.2 * inch] + [0.9 * inch] * 4))

        groups: list[tuple[str, list[Change], str]] = [
            ("Gaps closed", view.closed, "No gap of the previous assessment was closed."),
            ("New gaps", view.new_gaps, "No new gaps."),
            ("Other answers that changed", view.other_changes(),
             "No other answer changed." if not view.pending
             else "No other answer given so far changed."),
        ]
        arrow = markup("→")  # not in the main font: markup picks one that has it
        for title, changes, empty in groups:
            # the heading stays with the table's first rows, but a long table may split
            # right under it instead of leaving half a page blank
            out.append(CondPageBreak(1.4 * inch))
            heading = self.heading(f"{title} ({len(changes)})", 1, in_toc=False)
            heading.keepWithNext = 0
            out.append(heading)
            if not changes:
                out.append(Paragraph(empty, s.body))
                continue
            rows = [[*self.head_row("Question", "Section"),
                     self.para(f"Before {arrow} after", s.cell_head)]]
            for ch in changes:
                module = ctx.questionnaire.module(ch.question.module_id)
                rows.append([Paragraph(markup(ch.question.title), s.cell),
                             Paragraph(markup(_module_title(module)), s.cell),
                             self.para(f"{markup(ch.before_text)} {arrow} "
                                       f"<b>{markup(ch.after_text)}</b>", s.cell)])
            out.append(data_table(rows, [3.1 * inch, 2.1 * inch,
                                         PORTRAIT_WIDTH - 5.2 * inch]))
        if view.still_open:
            waiting = sum(1 for ch in view.still_open if view.is_pending(ch))
            again = len(view.still_open) - waiting
            parts = []
            if again:
                parts.append(f"{again} {'is' if again == 1 else 'are'} among the findings of "
                             "this one")
            if waiting:
                parts.append(f"{waiting} {'is' if waiting == 1 else 'are'} not answered again "
                             "yet")
            n = len(view.still_open)
            if len(parts) == 1:
                text = (f"The {_plural(n, 'gap')} still open from the previous assessment "
                        + parts[0].split(" ", 1)[1] + ".")
            else:
                text = (f"Of the {_plural(n, 'gap')} still open from the previous assessment, "
                        f"{' and '.join(parts)}.")
            out.append(Spacer(1, 6))
            out.append(Paragraph(text, s.muted))
        out.append(PageBreak())
        return out

    # ------------------------------------------------------------ draft status

    def draft_status(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.heading("Draft status: what is missing", 0)]
        total = sum(len(v) for v in self.ctx.missing.values())
        out.append(Paragraph(
            f"The assessment is not complete: {total} question{'s' if total != 1 else ''} "
            "still need an answer, an addressable-specification decision or the reason for "
            "one. Every page of this report is marked DRAFT until they are done.",
            s.draft_box))
        for module, items in self.ctx.missing.items():
            out.append(Paragraph(markup(module), s.h3))
            for item in items:
                out.append(self.para(f"•&nbsp;&nbsp;{markup(item)}", s.small))
        out.append(PageBreak())
        return out

    # ------------------------------------------------------------ 4. findings

    def safeguard_modules(self) -> list[Module]:
        return [m for m in self.ctx.modules if m.kind is not ModuleKind.PROFILE]

    def findings(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = [self.heading("Findings by safeguard", 0)]
        out.append(Paragraph(
            "Each finding is an answer that shows a weakness: a safeguard that is missing or "
            "only partly in place, or an addressable specification that is neither implemented "
            "nor replaced by an equivalent measure. Citations are to 45 CFR Part 164.", s.body))
        summary_rows: list[list[Any]] = [self.head_row("Section", "Questions", "Answered",
                                                       "Findings")]
        per_module: list[tuple[Module, list[Question], int, list[Question]]] = []
        state = ParagraphStyle("section_state", parent=s.body, spaceBefore=4)
        for m in self.safeguard_modules():
            qs = visible_questions(ctx.questionnaire, ctx.answers, m)
            answered = sum(1 for q in qs if _answered(q, ctx.answers.get(q.id)))
            gaps = [q for q in qs if is_gap(q, ctx.answers.get(q.id))]
            per_module.append((m, qs, answered, gaps))
            summary_rows.append([Paragraph(markup(_module_title(m)), s.cell),
                                 Paragraph(str(len(qs)), s.cell),
                                 Paragraph(str(answered), s.cell),
                                 Paragraph(str(len(gaps)) if answered else "—",
                                           s.cell_bold)])
        out.append(data_table(summary_rows, [4.0 * inch, 0.9 * inch, 0.9 * inch, 0.9 * inch]))
        for m, qs, answered, gaps in per_module:
            out.append(CondPageBreak(1.6 * inch))
            out.append(self.heading(_module_title(m), 1))
            if m.summary:
                out.append(Paragraph(markup(m.summary), s.muted))
            out.append(Paragraph(section_state(len(qs), answered, len(gaps)), state))
            for q in gaps:
                out.extend(self.finding(q))
        # no page break here: the risk register starts on a new (landscape) page
        return out

    def finding(self, q: Question) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        answer = ctx.answers.get(q.id)
        option = q.option(answer.choice if answer else None)
        kind = REQUIREMENT_WORDS.get(q.requirement.value, "")
        if q.citations:
            source = f"§ {markup(', '.join(q.citations))}" + (f" · {kind}" if kind else "")
        else:
            source = f"{kind or 'Good practice'} (no HIPAA citation)"
        head = [Paragraph(markup(q.title), s.h3),
                self.para(f'<font color="#5B6675">{source}</font>', s.small),
                Paragraph(f"<i>{markup(q.text)}</i>", s.small), Spacer(1, 3)]
        body: list[Flowable] = [
            self.para(f"<b>Answer:</b> {markup(option.label if option else '—')}", s.field)]
        if answer is not None:
            decision = effective_decision(q, answer)
            if q.addressable:
                made = DECISION_WORDS[decision] if decision else "none yet: to be put in place"
                body.append(self.para(f"<b>Addressable decision:</b> {made}", s.field))
                if answer.rationale.strip():
                    body.extend(self.long(answer.rationale, s.note, "<b>Reason:</b> "))
            if answer.note.strip():
                body.extend(self.long(answer.note, s.note, "<b>Note:</b> "))
        linked = ctx.risks_by_question.get(q.id, [])
        if linked:
            for r in linked:
                lv = ctx.level(r)
                state = "" if r.status in LIVE else f" ({words(r.status)})"
                body.append(self.para(
                    f"<b>Risk R-{r.id}:</b> {markup(r.title)}{state} &nbsp; "
                    f"{self.level_chip(lv)} &nbsp;<font color='#5B6675'>"
                    f"likelihood {r.likelihood}, impact {r.impact}</font>", s.field))
        else:
            body.append(Paragraph("<b>Risk:</b> none recorded yet.", s.field))
        # the heading, citation and first lines of the answer stay together
        return [KeepTogether([*head, *body[:2]]), *body[2:],
                HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=4,
                           spaceAfter=2)]

    # ------------------------------------------------------------ 5. risk register

    def register(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                               self.heading("Risk register", 0)]
        if ctx.live_risks:
            out.append(Paragraph(
                f"{len(ctx.live_risks)} open risks (draft or confirmed), most serious first. "
                "Likelihood and impact are rated 1 to 5 (see Methodology); the level follows "
                "from the risk matrix.", s.body))
            out.extend(self.register_table())
        elif ctx.risks:
            out.append(Paragraph("No open risks: every risk recorded was dismissed or merged "
                                 "into another (below).", s.body))
        else:
            out.append(Paragraph("No risks recorded yet.", s.body))
        out.extend(self.closed_risks([r for r in ctx.risks if r.status not in LIVE]))
        return out

    def register_table(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = []
        rows: list[list[Any]] = [self.head_row("ID", "Risk", "Assets and sites", "Likeli­hood",
                                               "Impact", "Level", "Treatment", "Status")]
        extra: list[tuple[Any, ...]] = []
        for i, r in enumerate(sorted(ctx.live_risks, key=ctx.risk_order), 1):
            lv = ctx.level(r)
            chip, (_cmd, color) = self.level_cell(lv)
            extra.append(("BACKGROUND", (5, i), (5, i), color))
            desc = [markup(r.title) and f"<b>{markup(_cap(r.title, 400))}</b>"]
            if r.threat:
                desc.append(f"<font color='#5B6675'>Threat:</font> {markup(_cap(r.threat, 400))}")
            if r.vulnerability:
                desc.append(f"<font color='#5B6675'>Vulnerability:</font> "
                            f"{markup(_cap(r.vulnerability, 400))}")
            cell_desc = [self.para("<br/>".join(d for d in desc if d), s.cell)]
            if r.notes.strip():
                cell_desc.append(self.cell(r.notes, s.cell, f"Risk R-{r.id} notes"))
            rows.append([
                Paragraph(f"R-{r.id}", s.cell), cell_desc,
                self.cell(self.where(r), s.cell, f"Risk R-{r.id} assets and sites"),
                Paragraph(f"{r.likelihood} {ctx.matrix.likelihood_name(r.likelihood)}", s.cell),
                Paragraph(f"{r.impact} {ctx.matrix.impact_name(r.impact)}", s.cell),
                chip, Paragraph(words(r.treatment), s.cell),
                Paragraph(words(r.status), s.cell)])
        widths = [0.45, 3.4, 1.75, 0.75, 0.75, 0.7, 0.7, 0.8]
        out.append(data_table(rows, [w * inch for w in widths], extra=extra))
        out.extend(self.overflow())
        return out

    def closed_risks(self, closed: list[Risk]) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = []
        if closed:
            out.append(self.heading("Dismissed and merged risks", 1, in_toc=False))
            out.append(Paragraph(
                f"{_plural(len(closed), 'risk was', 'risks were')} dismissed or merged into "
                "another and are not counted as open.", s.body))
            rows = [self.head_row("ID", "Risk", "Status", "Notes")]
            for r in closed:
                status = words(r.status)
                if r.status is RiskStatus.MERGED and r.merged_into:
                    status += f" into R-{r.merged_into}"
                rows.append([Paragraph(f"R-{r.id}", s.cell),
                             self.cell(r.title, s.cell, f"Risk R-{r.id}"),
                             Paragraph(status, s.cell),
                             self.cell(r.notes or "—", s.cell, f"Risk R-{r.id} notes")])
            out.append(data_table(rows, [0.45 * inch, 4.0 * inch, 1.4 * inch, 3.45 * inch]))
            out.extend(self.overflow())
        return out

    def where(self, r: Risk) -> str:
        ctx = self.ctx
        names = [ctx.assets[i].name for i in r.asset_ids if i in ctx.assets]
        sites = [ctx.sites[i].name for i in r.site_ids if i in ctx.sites]
        parts = []
        if names:
            parts.append("; ".join(names))
        if sites:
            parts.append("Sites: " + "; ".join(sites))
        return "\n".join(parts) or "—"

    # ------------------------------------------------------------ 6. remediation plan

    def remediation(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = [PageBreak(), self.heading("Remediation plan", 0)]
        items = sorted(ctx.items, key=lambda i: (PRIORITY_ORDER[i.priority],
                                                 i.due_date or date.max, i.id))
        if not items:
            out.append(Paragraph("No remediation actions yet.", s.body))
            return out
        overdue = sum(1 for i in items if i.is_overdue(ctx.today))
        done = sum(1 for i in items if i.status is RemediationStatus.DONE)
        overdue_text = f"{overdue} overdue (marked in red)" if overdue else "none overdue"
        out.append(Paragraph(
            f"{_plural(len(items), 'action')}, by priority and then due date: {done} done, "
            f"{overdue_text}.", s.body))
        rows: list[list[Any]] = [self.head_row("#", "Action", "For risk", "Owner", "Due",
                                               "Priority", "Effort", "Status")]
        extra: list[tuple[Any, ...]] = []
        for n, item in enumerate(items, 1):
            late = item.is_overdue(ctx.today)
            risk = ctx.risk_by_id.get(item.risk_id) if item.risk_id else None
            due = iso(item.due_date)
            if late:
                due += "<br/><b>OVERDUE</b>"
                extra.append(("BACKGROUND", (0, n), (-1, n), ALERT_BG))
            status = STATUS_WORDS[item.status]
            if item.status is RemediationStatus.DONE and item.completed_date:
                status += f"<br/><font color='#5B6675'>{iso(item.completed_date)}</font>"
            action: list[Flowable] = [self.cell(item.action, s.cell, f"Action {n}")]
            if item.notes.strip():
                action.append(self.cell(item.notes, s.muted, f"Action {n} notes"))
            rows.append([
                Paragraph(str(n), s.cell), action,
                self.cell(f"R-{risk.id} {risk.title}" if risk else "—", s.cell,
                          f"Action {n} risk"),
                self.cell(item.owner or "—", s.cell, f"Action {n} owner"),
                Paragraph(due, self.alert_cell if late else s.cell),
                Paragraph(words(item.priority), s.cell), Paragraph(words(item.effort), s.cell),
                Paragraph(status, s.cell)])
        widths = [0.3, 3.05, 1.75, 1.25, 0.8, 0.6, 0.6, 0.0]
        widths[-1] = LANDSCAPE_WIDTH / inch - sum(widths[:-1])
        out.append(data_table(rows, [w * inch for w in widths], extra=extra))
        out.extend(self.overflow())
        return out

    # ------------------------------------------------------------ 7. inventories

    def inventories(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = [PageBreak(), self.heading("Asset inventory", 0)]
        assets = ctx.data.assets
        ephi = sum(1 for a in assets if a.holds_ephi)
        out.append(Paragraph(
            f"{_plural(len(assets), 'asset')}, {ephi} of them holding or reaching patient "
            "information (ePHI)." if assets else "No assets recorded yet.", s.body))
        rows: list[list[Any]] = [self.head_row("Asset", "Kind", "Site", "Owner", "ePHI",
                                               "Encrypted", "Status", "Notes")]
        extra: list[tuple[Any, ...]] = []
        cell, alert = s.cell, ParagraphStyle("alert", parent=s.cell_bold, textColor=ALERT)
        for n, a in enumerate(assets, 1):
            site_name = ctx.sites[a.site_id].name if a.site_id in ctx.sites else "—"
            unprotected = a.holds_ephi and a.encrypted_at_rest.value in ("no", "unknown")
            # fixed words are plain strings: thousands of rows lay out much faster
            rows.append([self.cell(a.name, cell, "Asset"), words(a.kind),
                         self.cell(site_name, cell, "Site"),
                         self.cell(a.owner or "—", cell, "Owner"),
                         "Yes" if a.holds_ephi else "No", words(a.encrypted_at_rest),
                         words(a.disposal_status),
                         self.cell(a.notes, s.cell, "Asset notes") if a.notes else ""])
            if unprotected:
                extra.append(("TEXTCOLOR", (5, n), (5, n), ALERT))
                extra.append(("FONTNAME", (5, n), (5, n), MAIN_BOLD))
        widths = [1.9, 1.0, 1.35, 1.5, 0.45, 0.75, 0.85]
        widths.append(LANDSCAPE_WIDTH / inch - sum(widths))
        if assets:
            out.append(data_table(rows, [w * inch for w in widths], extra=extra))
            out.extend(self.overflow())

        out.append(PageBreak())
        out.append(self.heading("Vendors and business associate agreements", 0))
        vendors = ctx.data.vendors
        problems = [(v, v.baa_problem(ctx.today)) for v in vendors]
        bad = sum(1 for _, p in problems if p)
        out.append(Paragraph(
            f"{_plural(len(vendors), 'vendor')}, {sum(1 for v in vendors if v.handles_ephi)} "
            f"of them handling patient information. <b>{bad} need attention</b> (highlighted): "
            "a business associate must sign a BAA before it handles patient information "
            "(45 CFR 164.308(b), 164.314(a))." if vendors else "No vendors recorded yet.",
            s.body))
        rows = [self.head_row("Vendor", "Service", "ePHI", "BAA signed", "BAA date",
                              "BAA expires", "Attention", "Contact")]
        extra = []
        for n, (v, problem) in enumerate(problems, 1):
            if problem:
                extra.append(("BACKGROUND", (0, n), (-1, n), ALERT_BG))
            rows.append([self.cell(v.name, s.cell_bold if problem else cell, "Vendor"),
                         self.cell(v.service or "—", cell, "Service"),
                         "Yes" if v.handles_ephi else "No", "Yes" if v.baa_signed else "No",
                         iso(v.baa_date), iso(v.baa_expiry),
                         Paragraph(problem.upper(), alert) if problem else "—",
                         self.cell(v.contact or "—", cell, "Contact")])
            if v.notes.strip():
                rows[-1][1] = [rows[-1][1], self.cell(v.notes, s.muted,
                                                      f"Vendor {markup(v.name)[:60]} notes")]
        widths = [1.9, 1.8, 0.45, 0.6, 0.8, 0.8, 1.15]
        widths.append(LANDSCAPE_WIDTH / inch - sum(widths))
        if vendors:
            out.append(data_table(rows, [w * inch for w in widths], extra=extra,
                                  stripes=True))
            out.extend(self.overflow())
        if ctx.data.sites:
            out.append(self.heading("Sites", 1, in_toc=False))
            rows = [self.head_row("Site", "Address", "In scope", "Notes")]
            scope = set(ctx.assessment.scope_site_ids)
            for site in ctx.data.sites:
                rows.append([self.cell(site.name, cell, "Site"),
                             self.cell(site.address or "—", cell, "Site address"),
                             Paragraph("Yes" if not scope or site.id in scope else "No", cell),
                             self.cell(site.notes or "", cell, "Site notes")])
            out.append(data_table(rows, [2.2 * inch, 3.3 * inch, 0.7 * inch,
                                         LANDSCAPE_WIDTH - 6.2 * inch]))
            out.extend(self.overflow())
        out.append(NextPageTemplate("portrait"))
        out.append(PageBreak())
        return out

    # ------------------------------------------------------------ 8. appendix

    def appendix(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        out: list[Flowable] = [self.heading("Appendix: every question and answer", 0)]
        out.append(Paragraph(
            "Every question shown for this practice, with the answer given, notes, and the "
            "decision recorded for addressable specifications. Questions that do not apply "
            "(hidden by earlier answers) are left out.", s.body))
        for m in ctx.modules:
            out.append(CondPageBreak(1.2 * inch))
            out.append(self.heading(_module_title(m), 1, in_toc=False))
            for q in visible_questions(ctx.questionnaire, ctx.answers, m):
                out.extend(self.answer_block(q, ctx.answers.get(q.id)))
        known = {q.id for q in ctx.questionnaire.questions()}
        stale = [a for qid, a in sorted(ctx.answers.items()) if qid not in known]
        if stale:
            out.append(self.heading("Answers to questions no longer asked", 1))
            out.append(Paragraph("These answers were given to questions that the installed "
                                 "questionnaire no longer contains; they are kept as "
                                 "recorded.", s.body))
            for a in stale:
                out.append(self.para(f"<b>{markup(a.question_id)}</b>: "
                                     f"{markup(a.choice or 'no answer')}", s.body))
                if a.note.strip():
                    out.extend(self.long(a.note, s.note, "<b>Note:</b> "))
        out.append(PageBreak())
        return out

    def answer_block(self, q: Question, answer: Answer | None) -> list[Flowable]:
        s = self.s
        option = q.option(answer.choice if answer else None)
        gap = is_gap(q, answer)
        cites = ", ".join(q.citations)
        meta = " · ".join(x for x in (q.id, f"§ {cites}" if cites else "",
                                      REQUIREMENT_WORDS.get(q.requirement.value, "")) if x)
        label = option.label if option else "Not answered"
        color = "#B3261E" if gap or option is None else "#1D2733"
        flags = " &nbsp;<font color='#B3261E'>(gap)</font>" if gap else ""
        if answer is not None and answer.flagged:
            flags += " &nbsp;<font color='#9A5B00'>⚑ flagged for review</font>"
        lines: list[Flowable] = [
            self.para(f"<b>{markup(q.title)}</b> &nbsp;<font size=7 color='#5B6675'>"
                      f"{markup(meta)}</font>", s.body),
            Paragraph(f"<font color='#5B6675'>{markup(q.text)}</font>", s.small),
            self.para(f"Answer: <font color='{color}'><b>{markup(label)}</b></font>{flags}",
                      s.small),
        ]
        out: list[Flowable] = [KeepTogether(lines)]
        if answer is not None:
            decision = effective_decision(q, answer)
            if q.addressable:
                made = (DECISION_WORDS[decision] if decision
                        else "<b>none yet: to be put in place</b>")
                out.append(self.para(f"Addressable decision: {made}", s.small))
            if answer.rationale.strip():
                out.extend(self.long(answer.rationale, s.note, "<b>Reason:</b> "))
            if answer.note.strip():
                out.extend(self.long(answer.note, s.note, "<b>Note:</b> "))
            if answer.answered_by or answer.answered_at:
                who = ", ".join(x for x in (answer.answered_by, answer.answered_at[:10]) if x)
                out.append(self.para(f"<font color='#5B6675'>Answered by "
                                     f"{markup(_cap(who, 300))}</font>", s.muted))
        out.append(Spacer(1, 7))
        return out

    # ------------------------------------------------------------ 9. methodology

    def methodology(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        m = ctx.matrix
        out: list[Flowable] = [self.heading("Methodology", 0)]
        out.append(Paragraph(
            "The analysis follows the approach HHS describes for the Security Rule risk "
            "analysis (45 CFR 164.308(a)(1)(ii)(A)) and NIST SP 800-30 and 800-66: list where "
            "electronic patient information is created, received, kept and sent; answer "
            "questions about each safeguard of the Security Rule; treat every weak answer as a "
            "risk (a threat exploiting a vulnerability); rate each risk's likelihood and impact "
            "on the scales below; and plan remediation by level.", s.body))
        for title, scale in (("Likelihood scale", m.likelihood), ("Impact scale", m.impact)):
            out.append(self.heading(title, 1, in_toc=False))
            rows: list[list[Any]] = [self.head_row("Value", "Name", "Meaning")]
            for p in scale:
                rows.append([Paragraph(str(p.value), s.cell_bold), Paragraph(p.name, s.cell),
                             Paragraph(markup(p.meaning), s.cell)])
            out.append(data_table(rows, [0.55 * inch, 1.2 * inch, PORTRAIT_WIDTH - 1.75 * inch]))
        out.append(self.heading("Risk matrix", 1, in_toc=False))
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
                chip, (_cmd, color) = self.level_cell(lv)
                row.append(chip)
                extra.append(("BACKGROUND", (c, r), (c, r), color))
            rows.append(row)
        grid = data_table(rows, [1.3 * inch] + [1.0 * inch] * len(m.impact), extra=extra,
                          stripes=False)
        grid.setStyle(TableStyle([("GRID", (1, 1), (-1, -1), 1.5, colors.white)]))
        out.append(grid)
        out.append(self.heading("Risk levels", 1, in_toc=False))
        rows = [self.head_row("Level", "What it means", "Remediation due", "Priority")]
        extra = []
        for i, lv in enumerate(reversed(m.levels), 1):
            chip, (_cmd, color) = self.level_cell(lv)
            days = m.due_days.get(lv.id)
            rows.append([chip, Paragraph(markup(lv.meaning), s.cell),
                         Paragraph(f"within {days} days" if days else "—", s.cell),
                         Paragraph(words(m.priority[lv.id]) if lv.id in m.priority
                                   else "—", s.cell)])
            extra.append(("BACKGROUND", (0, i), (0, i), color))
        out.append(data_table(rows, [0.9 * inch, 3.4 * inch, 1.3 * inch, 1.2 * inch],
                              extra=extra, stripes=False))
        out.append(self.heading("Questionnaire", 1, in_toc=False))
        out.append(Paragraph(
            "The questions come from the riskwizard questionnaire, which is data reviewed by "
            "people who know the Security Rule. Each module has a version; the assessment "
            "records the version it was answered against.", s.body))
        rows = [self.head_row("Module", "Kind", "Installed version", "Answered against",
                              "Shown for this practice")]
        versions = ctx.assessment.questionnaire_versions
        visible = {mod.id for mod in ctx.modules}
        for mod in ctx.questionnaire.modules:
            rows.append([Paragraph(markup(_module_title(mod)), s.cell),
                         Paragraph(words(mod.kind), s.cell), Paragraph(markup(mod.version),
                                                                       s.cell),
                         self.cell(versions.get(mod.id, "—"), s.cell, "Version"),
                         Paragraph("Yes" if mod.id in visible else "No", s.cell)])
        out.append(data_table(rows, [2.6 * inch, 0.9 * inch, 1.1 * inch, 1.2 * inch,
                                     PORTRAIT_WIDTH - 5.8 * inch]))
        out.extend(self.overflow())
        out.append(PageBreak())
        return out

    # ------------------------------------------------------------ 10. sign-off

    def signoff(self) -> list[Flowable]:
        ctx, s = self.ctx, self.s
        p = ctx.data.practice
        out: list[Flowable] = [self.heading("Sign-off", 0)]
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
                [self.cell(_cap(name, 300) or " ", s.body), self.cell(_cap(title, 300) or " ",
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
            self._overflow = []
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


def _answered(q: Question, answer: Answer | None) -> bool:
    """An option is chosen (a decision or its reason may still be missing)."""
    return answer is not None and q.option(answer.choice) is not None


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def section_state(total: int, answered: int, gaps: int) -> str:
    """What a section's answers say so far, true for a partly answered section too."""
    if total == 0:
        return "No questions in this section apply to the practice."
    if answered == 0:
        return (f"Not started: none of the {_plural(total, 'question')} in this section is "
                "answered yet, so nothing can be said about these safeguards.")
    if answered < total:
        found = (f"{_plural(gaps, 'finding')} so far (below)" if gaps
                 else "no findings among the answered questions")
        rest = _plural(total - answered, "unanswered question")
        return f"{answered} of {total} answered; {found}. The {rest} may add findings."
    if gaps:
        return f"All {total} answered; {_plural(gaps, 'finding')}:"
    return (f"No findings: all {_plural(total, 'answer')} in this section show the safeguard "
            "in place.")


def _module_title(m: Module) -> str:
    if m.proposed and "proposed" not in m.title.lower():
        return f"{m.title} (proposed rule, not yet law)"
    return m.title


def _cap(text: str, limit: int = 1000) -> str:
    """Fields that must stay on one page (cover, sign-off): cut, visibly, past ``limit``."""
    text = clean(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


__all__ = ["Context", "ReportBuilder", "MAIN_BOLD", "Sequence", "MUTED"]
