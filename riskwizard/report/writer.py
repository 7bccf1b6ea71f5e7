"""Writing the report's flowables: user text made safe for Paragraph markup, table cells
that never outgrow a page, headings for the contents, level chips. One ``Writer`` per report,
shared by every section (it numbers headings). How much of a person's text is shown where,
and what is said of the rest, is ``caps``'s rule.

Every string that came from a person (names, notes, addresses, rationales) goes through
``fonts.markup`` (escaped, fonts per script) before it meets Paragraph markup; our own
labels are plain ASCII and written as markup directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from riskwizard.domain.analysis.findings import Finding
from riskwizard.domain.model import Answer
from riskwizard.domain.risk import Level
from riskwizard.report import breaks, caps
from riskwizard.report.fonts import MAIN, clean, main_font_only, markup, needs_shaping
from riskwizard.report.layout import (
    ALERT,
    LANDSCAPE,
    MARGIN_X,
    PORTRAIT,
    RULE,
    FieldError,
    Heading,
    Styles,
)

PORTRAIT_WIDTH = PORTRAIT[0] - 2 * MARGIN_X
LANDSCAPE_WIDTH = LANDSCAPE[0] - 2 * MARGIN_X
CHUNK = 1500          # long text is laid out in paragraphs of at most this many characters


def _chunks(line: str, size: int) -> Iterable[str]:
    while len(line) > size:
        cut = line.rfind(" ", size - 200, size)
        cut = cut if cut > 0 else size
        yield line[:cut]
        line = line[cut:].lstrip(" ")
    if line:
        yield line


def _broken(line: str, width: float, size: float = 8) -> list[str]:
    """One line of plain text in lines that fit ``width`` points: broken at spaces, and a
    word wider than the column (an e-mail address, a link) broken after a separator
    (``breaks``), else where it reaches the edge, rather than printed over the next
    column."""
    out: list[str] = []

    def fits(text: str) -> bool:
        return bool(stringWidth(text, MAIN, size) <= width)

    # most cells of a long table are one short line: no glyph is wider than ``size``, so
    # a line of few enough characters fits as it is (no measuring, no splitting)
    if len(line) * size <= width:
        return [line]
    for part in simpleSplit(line, MAIN, size, width) or [""]:
        # simpleSplit lets only a lone word run past the edge; no glyph is wider than size
        if " " not in part and len(part) * size > width and not fits(part):
            out.extend(p for p in breaks.pieces(part, lambda text, _line: fits(text)) if p)
        else:
            out.append(part)
    return out


class FieldParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph of user text that knows which field it shows: a failure to lay it out or
    draw it says where ("asset 12's notes"), wherever it sits (a table, a paged table)."""

    rw_field = ""

    def _fail(self, exc: Exception) -> FieldError:
        return FieldError(self.rw_field, exc)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # a table measures a cell, then wraps it again to draw it (and a long table's
        # header on every page): the same width gives the same lines, broken once
        if self.__dict__.get("_rw_wrapped") == (availWidth, availHeight):
            return self.width, self.height
        try:
            size = super().wrap(availWidth, availHeight)
        except FieldError:
            raise
        except Exception as exc:
            if not self.rw_field:
                raise
            raise self._fail(exc) from exc
        self._rw_wrapped = (availWidth, availHeight)
        return size  # type: ignore[no-any-return]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        try:
            parts = super().split(availWidth, availHeight)
        except FieldError:
            raise
        except Exception as exc:
            if not self.rw_field:
                raise
            raise self._fail(exc) from exc
        for part in parts:
            part.rw_field = self.rw_field
        return list(parts)

    def draw(self) -> None:
        try:
            super().draw()
        except FieldError:
            raise
        except Exception as exc:
            if not self.rw_field:
                raise
            raise self._fail(exc) from exc


class Writer:
    """Styles and the small flowable helpers every section uses."""

    def __init__(self) -> None:
        self.s = Styles.make()
        self.section = ""  # the section being built (set by ReportBuilder)
        self.field = ""  # the record being written ("risk R-3"), when a section says so
        self._keys = 0
        self._shaped: dict[str, ParagraphStyle] = {}
        self.alert_cell = ParagraphStyle("alert_cell", parent=self.s.cell, textColor=ALERT)

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

    def para(self, text: str, style: ParagraphStyle, field: str = "") -> Paragraph:
        """A Paragraph of ready markup (our labels plus escaped user text); ``field`` names
        where the user text came from, for the error if it cannot be drawn."""
        if needs_shaping(text):
            shaped = self._shaped.get(style.name)
            if shaped is None:
                shaped = self._shaped[style.name] = ParagraphStyle(
                    f"{style.name}-shaped", parent=style, shaping=1)
            style = shaped
        para = FieldParagraph(text, style)
        para.rw_field = field or self.field or (f"a field in the section “{self.section}”"
                                                if self.section else "")
        return para

    def text(self, value: object, style: ParagraphStyle, field: str = "") -> Paragraph:
        """A Paragraph of one user string."""
        return self.para(markup(value), style, field)

    def long(self, value: object, style: ParagraphStyle, prefix: str = "",
             field: str = "") -> list[Flowable]:
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
                out.append(self.para(prefix + markup(chunk), style, field))
                prefix = ""
        if not out and prefix:
            out.append(self.para(prefix, style))
        return out

    def fast_cell(self, value: object, width: float, cap: caps.Cap,
                  field: str = "") -> str | Paragraph:
        """A table cell of user text for long tables, within ``cap`` (``caps``'s rule):
        text the main font draws, and that the cap does not cut, is broken into lines here
        and left a plain string (a Paragraph costs ten times as much to lay out); any other
        text is a Paragraph, cut and saying so. ``width`` is the cell's inner width."""
        c = caps.cut(value, cap)
        if not c.was_cut and main_font_only(c.shown):
            lines: list[str] = []
            for line in c.shown.split("\n"):
                lines.extend(_broken(line, width))
            return "\n".join(lines)
        return self.para(caps.capped(value, cap), self.s.cell, field)

    def inventory_says(self, findings: Sequence[Finding], answer: Answer | None,
                       gap: bool) -> list[Flowable]:
        """Under an answer: what the inventory shows about it. "But the inventory shows"
        when the answer claims the safeguard (an answer the finding contradicts)."""
        if not findings or answer is None or not answer.choice:
            return []
        lead = "The inventory also shows" if gap else "But the inventory shows"
        return [self.para(f'<font color="#B3261E"><b>{lead}:</b></font> '
                          + caps.capped(f"{f.title}. {f.detail}", caps.FINDING), self.s.note)
                for f in findings]

    def heading(self, text: str, level: int, *, in_toc: bool = True,
                elements: tuple[str, ...] = ()) -> Heading:
        """A heading (a bookmark, and a contents line when ``in_toc``); ``elements`` are the
        parts of the risk analysis it holds, for "Where to find each element"."""
        self._keys += 1
        style = (self.s.h1, self.s.h2, self.s.h3)[min(level, 2)]
        return Heading(text, style, level, f"h{self._keys}", in_toc=in_toc or bool(elements),
                       elements=elements)

    def head_row(self, *labels: str) -> list[Paragraph]:
        return [FieldParagraph(label, self.s.cell_head) for label in labels]

    def level_chip(self, level: Level, suffix: str = "") -> str:
        return (f'<font backColor="{level.color}" color="{level.text}"><b>&nbsp;{level.name}'
                f'&nbsp;</b></font>{suffix}')

    def level_cell(self, level: Level) -> tuple[Paragraph, tuple[Any, ...]]:
        """A level cell and the style command that colors it (position filled in later)."""
        style = ParagraphStyle("lvl", parent=self.s.cell_bold,
                               textColor=colors.HexColor(level.text))
        return Paragraph(level.name, style), ("BACKGROUND", colors.HexColor(level.color))
