"""Page layout of the report: the document template, page decorations, styles and tables.

Pages are US Letter (the practices are American). Portrait for reading, landscape for the
wide registers. Every page but the cover carries the practice name in its header; every page
has "Page X of Y", the report date and the confidentiality marking in its footer; a draft
(incomplete assessment) is watermarked on every page.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import IndexingFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from riskwizard.report.fonts import (
    MAIN,
    MAIN_BOLD,
    MAIN_ITALIC,
    fit,
    markup,
    needs_shaping,
    visual_line,
)

PORTRAIT = letter
LANDSCAPE = landscape(letter)
MARGIN_X = 0.85 * inch
MARGIN_TOP = 0.95 * inch
MARGIN_BOTTOM = 0.85 * inch

INK = colors.HexColor("#1D2733")
NAVY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#2E6DA4")
MUTED = colors.HexColor("#5B6675")
RULE = colors.HexColor("#C9D2DC")
STRIPE = colors.HexColor("#F3F6F9")
HEAD_BG = colors.HexColor("#E4EBF2")
ALERT = colors.HexColor("#B3261E")
ALERT_BG = colors.HexColor("#FBE9E7")
NOTE_BG = colors.HexColor("#F6F8FA")


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": MAIN, "fontSize": 9.5, "leading": 13.5,
                            "textColor": INK, "splitLongWords": 1}
    base.update(kw)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class Styles:
    """The report's type scale: one body size, three heading sizes, small and table text."""

    body: ParagraphStyle
    field: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    note: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_center: ParagraphStyle
    cover_title: ParagraphStyle
    cover_name: ParagraphStyle
    cover_text: ParagraphStyle
    cover_label: ParagraphStyle
    toc1: ParagraphStyle
    toc2: ParagraphStyle
    big_number: ParagraphStyle
    draft_box: ParagraphStyle

    @classmethod
    def make(cls) -> Styles:
        return cls(
            body=_style("body", spaceAfter=5),
            field=_style("field", spaceBefore=2, spaceAfter=1),
            small=_style("small", fontSize=8, leading=11),
            muted=_style("muted", fontSize=8, leading=11, textColor=MUTED),
            note=_style("note", fontSize=8.5, leading=12, leftIndent=10, textColor=INK,
                        spaceAfter=2),
            h1=_style("h1", fontName=MAIN_BOLD, fontSize=18, leading=23, textColor=NAVY,
                      spaceAfter=12, keepWithNext=1),
            h2=_style("h2", fontName=MAIN_BOLD, fontSize=12.5, leading=16, textColor=NAVY,
                      spaceBefore=14, spaceAfter=6, keepWithNext=1),
            h3=_style("h3", fontName=MAIN_BOLD, fontSize=10, leading=13.5, textColor=INK,
                      spaceBefore=9, spaceAfter=3, keepWithNext=1),
            cell=_style("cell", fontSize=8, leading=10.5),
            cell_bold=_style("cell_bold", fontName=MAIN_BOLD, fontSize=8, leading=10.5),
            cell_head=_style("cell_head", fontName=MAIN_BOLD, fontSize=7.5, leading=9.5,
                             textColor=NAVY),
            cell_center=_style("cell_center", fontSize=8, leading=10.5, alignment=TA_CENTER),
            cover_title=_style("cover_title", fontName=MAIN_BOLD, fontSize=26, leading=32,
                               textColor=NAVY, spaceAfter=6),
            cover_name=_style("cover_name", fontName=MAIN_BOLD, fontSize=16, leading=21,
                              textColor=INK, spaceAfter=4),
            cover_text=_style("cover_text", fontSize=10.5, leading=15, textColor=INK),
            cover_label=_style("cover_label", fontName=MAIN_BOLD, fontSize=8, leading=11,
                               textColor=MUTED),
            toc1=_style("toc1", fontName=MAIN_BOLD, fontSize=10.5, leading=15, spaceBefore=5,
                        leftIndent=0, firstLineIndent=0),
            toc2=_style("toc2", fontSize=9.5, leading=13, leftIndent=16, firstLineIndent=0),
            big_number=_style("big_number", fontName=MAIN_BOLD, fontSize=20, leading=24,
                              textColor=NAVY, alignment=TA_CENTER),
            draft_box=_style("draft_box", fontSize=9, leading=12.5, textColor=ALERT),
        )


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that becomes a contents line and a PDF bookmark."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str,
                 toc_text: str | None = None, *, in_toc: bool = True,
                 elements: tuple[str, ...] = ()) -> None:
        super().__init__(markup(text), style)
        self.toc_level = level
        self.toc_key = key
        self.toc_text = " ".join((toc_text or text).split())
        self.in_toc = in_toc
        self.elements = elements  # the parts of a risk analysis (OCR's) this section holds


class ElementIndex(IndexingFlowable):  # type: ignore[misc]
    """"Where to find each element of the risk analysis": element -> section -> page, from
    the headings that say they hold an element (``Heading.elements``), so the pages are the
    ones the document ends up with (filled in over ``multiBuild``'s passes)."""

    def __init__(self, elements: Sequence[str], styles: Styles) -> None:
        super().__init__()
        self.order = list(elements)
        self.styles = styles
        self._entries: list[tuple[str, str, int, str]] = []
        self._last: list[tuple[str, str, int, str]] = []
        self._table: Table | None = None

    def isIndexing(self) -> int:  # noqa: N802 - reportlab's name
        return 1

    def beforeBuild(self) -> None:  # noqa: N802 - reportlab's name
        self._last = self._entries[:]
        self._entries = []

    def isSatisfied(self) -> bool:  # noqa: N802 - reportlab's name
        return self._entries == self._last

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == "Element":
            elements, text, page, key = stuff
            for element in elements:
                self._entries.append((element, text, page, key))

    def rows(self) -> list[tuple[str, str, int, str]]:
        """(element, section, page, key) in the elements' order, from the last pass."""
        found = self._last or self._entries
        return [e for name in self.order for e in found if e[0] == name]

    def _make(self, width: float) -> Table:
        s = self.styles
        rows: list[list[Any]] = [[Paragraph(t, s.cell_head)
                                  for t in ("Element of the risk analysis", "Section", "Page")]]
        for element, text, page, key in self.rows():
            rows.append([Paragraph(element, s.cell),
                         Paragraph(f'<a href="#{key}">{markup(text)}</a>', s.cell),
                         Paragraph(f'<a href="#{key}">{page}</a>', s.cell)])
        return data_table(rows, [width * 0.38, width * 0.5, width * 0.12])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._table = self._make(availWidth)
        w, h = self._table.wrap(availWidth, availHeight)
        return w, h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return list(self._make(availWidth).split(availWidth, availHeight))

    def draw(self) -> None:
        if self._table is not None:
            self._table.drawOn(self.canv, 0, 0)


def _skip_draw(*args: Any, **kwargs: Any) -> None:
    pass


class ReportFrame(Frame):  # type: ignore[misc]
    """A frame that lays flowables out without drawing them while the document only
    counts pages (the first pass: its output is thrown away)."""

    def __init__(self, doc: ReportDocument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a weak reference: flowables point at their frame, and reportlab deep-copies some
        self._doc = weakref.ref(doc)

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:  # noqa: N803
        doc = self._doc()
        if doc is None or doc.drawing or getattr(flowable, "frameAction", None):
            return int(super()._add(flowable, canv, trySplit))
        flowable.drawOn = _skip_draw
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add  # reportlab calls the alias


class FieldError(Exception):
    """A user string that could not be laid out or drawn, naming the field it came from
    ("the practice name", "asset 12's notes")."""

    def __init__(self, where: str, cause: BaseException | None = None) -> None:
        if cause is None:  # re-made from its message (reportlab annotates exceptions)
            line = next((x for x in where.splitlines() if " could not be drawn" in x),
                        where.strip().splitlines()[0] if where.strip() else "")
            super().__init__(line)
            self.where = line.split(" could not be drawn")[0]
            return
        text = str(cause).splitlines()[0] if str(cause) else ""
        super().__init__(f"{where} could not be drawn ({type(cause).__name__}: {text[:200]})")
        self.where = where

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer print on every page."""

    practice_name: str
    assessment_title: str
    report_date: date
    draft: bool


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """The report's document template: cover, portrait and landscape pages; contents and
    bookmarks gathered from ``Heading`` flowables as they are laid out."""

    def __init__(self, filename: Any, info: PageInfo, *, title: str, author: str,
                 subject: str, progress: Callable[[str], None] | None = None) -> None:
        super().__init__(filename, pagesize=PORTRAIT, leftMargin=MARGIN_X,
                         rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                         bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                         subject=subject, creator="riskwizard", producer="riskwizard",
                         keywords="HIPAA, Security Rule, risk analysis",
                         lang="en-US", initialFontName=MAIN)
        self.info = info
        self._progress = progress
        self._pass = 0
        # "Page X of Y": each pass prints the total the previous pass ended with, and the
        # build is only done when the two agree (see _allSatisfied)
        self._total = 0
        self.drawing = True
        self.addPageTemplates([
            self._template("cover", PORTRAIT, header=False),
            self._template("portrait", PORTRAIT),
            self._template("landscape", LANDSCAPE),
        ])

    def _template(self, name: str, size: tuple[float, float], *,
                  header: bool = True) -> PageTemplate:
        w, h = size
        frame = ReportFrame(self, MARGIN_X, MARGIN_BOTTOM, w - 2 * MARGIN_X,
                            h - MARGIN_TOP - MARGIN_BOTTOM, id=f"{name}-frame",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

        def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
            self._decorate(canv, size, header)
            self._page_number(canv, size)

        return PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=size)

    # ------------------------------------------------------------ page decorations

    def _decorate(self, canv: Canvas, size: tuple[float, float], header: bool) -> None:
        w, h = size
        canv.saveState()
        if self.info.draft:
            canv.setFillColor(colors.HexColor("#B3261E"))
            canv.setFillAlpha(0.09)
            canv.setFont(MAIN_BOLD, 120)
            canv.translate(w / 2, h / 2)
            canv.rotate(35)
            canv.drawCentredString(0, -40, "DRAFT")
            canv.rotate(-35)
            canv.translate(-w / 2, -h / 2)
            canv.setFillAlpha(1)
        if header:
            y = h - 0.55 * inch
            canv.setFont(MAIN_BOLD, 8)
            canv.setFillColor(NAVY)
            try:
                left = fit(self.info.practice_name, (w - 2 * MARGIN_X) * 0.55, 8, bold=True)
                _draw_line(canv, MARGIN_X, y, left, 8, bold=True)
            except Exception as exc:
                raise FieldError("the practice name (page header)", exc) from exc
            canv.setFillColor(MUTED)
            try:
                right = fit(self.info.assessment_title, (w - 2 * MARGIN_X) * 0.4, 8)
                _draw_line(canv, w - MARGIN_X, y, right, 8, align=TA_RIGHT)
            except Exception as exc:
                raise FieldError("the assessment's title (page header)", exc) from exc
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.line(MARGIN_X, y - 6, w - MARGIN_X, y - 6)
        y = 0.5 * inch
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, y + 12, w - MARGIN_X, y + 12)
        canv.setFont(MAIN, 7.5)
        canv.setFillColor(MUTED)
        marking = "CONFIDENTIAL: security details of the practice"
        if self.info.draft:
            marking = "DRAFT: assessment incomplete · " + marking
        canv.drawString(MARGIN_X, y, marking)
        canv.restoreState()

    def _page_number(self, canv: Canvas, size: tuple[float, float]) -> None:
        w, _h = size
        number, total = self.page, self._total or "?"
        canv.saveState()
        canv.setFont(MAIN, 7.5)
        canv.setFillColor(MUTED)
        canv.drawRightString(w - MARGIN_X, 0.5 * inch,
                             f"Report date {self.info.report_date.isoformat()}   ·   "
                             f"Page {number} of {total}")
        canv.restoreState()

    # ------------------------------------------------------------ contents and bookmarks

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's name
        self._pass += 1
        # the first pass only finds page numbers for the contents and "Page X of Y"; it can
        # never be the last (the contents change from empty), so it need not draw
        self.drawing = self._pass > 1
        if self._progress is not None:
            self._progress(f"Laying out pages (pass {self._pass})")

    def _allSatisfied(self) -> bool:  # noqa: N802 - reportlab's name
        contents_done = bool(super()._allSatisfied())
        pages_done = self.page == self._total
        self._total = self.page
        return contents_done and pages_done

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, Heading):
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, flowable.toc_level,
                                      closed=flowable.toc_level > 0)
            if flowable.in_toc:
                self.notify("TOCEntry", (flowable.toc_level, flowable.toc_text, self.page, key))
            if flowable.elements:
                self.notify("Element", (flowable.elements, flowable.toc_text, self.page, key))


def _draw_line(canv: Canvas, x: float, y: float, text: str, size: float, *,
               bold: bool = False, align: int = TA_LEFT) -> None:
    """One line of user text at (x, y), with the fallback fonts it needs."""
    shaped = needs_shaping(text)
    style = ParagraphStyle("line", fontName=MAIN_BOLD if bold else MAIN, fontSize=size,
                           leading=size * 1.2, textColor=canv._fillColorObj,
                           alignment=align, shaping=1 if shaped else 0)
    # shaped like the body (joined Arabic, Devanagari conjuncts, Hebrew right to left)
    para = Paragraph(markup(visual_line(text) if shaped else text), style)
    width = canv._pagesize[0]
    _w, ph = para.wrap(width, size * 3)
    if align == TA_RIGHT:
        para.drawOn(canv, x - width, y - ph + size)
    else:
        para.drawOn(canv, x, y - ph + size)


def contents(styles: Styles) -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [styles.toc1, styles.toc2]
    return toc


def data_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
               extra: Sequence[tuple[Any, ...]] = (), header_rows: int = 1,
               stripes: bool = True) -> Table:
    """A table with a repeated header row, subtle striping and hairline rules."""
    table = Table(list(map(list, rows)), colWidths=list(widths), repeatRows=header_rows,
                  hAlign="LEFT", splitByRow=1)
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        # plain-string cells (fixed words: yes/no, kinds, dates) use the cell type
        ("FONT", (0, 0), (-1, -1), MAIN, 8, 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, header_rows - 1), 0.8, NAVY),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
    ]
    if stripes and len(rows) > header_rows + 1:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, STRIPE]))
    cmds.extend(extra)
    table.setStyle(TableStyle(cmds))
    return table


def level_colors(color: str, text: str) -> tuple[colors.Color, colors.Color]:
    return colors.HexColor(color), colors.HexColor(text)


__all__ = ["MAIN_ITALIC", "Styles", "Heading", "ReportDocument", "PageInfo",
           "contents", "data_table", "level_colors", "PagedTable", "RowCells"]


RowCells = tuple[list[Any], list[tuple[Any, ...]]]
"""A table row's cells and its own style commands, written for row 0 (moved where it lands)."""


class PagedTable(Flowable):  # type: ignore[misc]
    """A table of any length whose cost per page stays flat.

    reportlab splits one ``Table`` page by page, rebuilding what is left each time: cost
    that grows with the square of the rows, and every row's cells held in memory at once.
    This holds the records and makes the cells of only the rows that can go on the page it
    is asked about (``row(record)`` builds them), as a small ``Table`` with the header
    repeated; the rest stays a ``PagedTable`` over the same list, from an offset.
    """

    CHUNK = 64  # rows tried at first: more than the smallest rows fill on one page

    def __init__(self, header: Sequence[Any], records: Sequence[Any],
                 row: Callable[[Any], RowCells], widths: Sequence[float], *,
                 stripes: bool = True, start: int = 0, per_page: int = 0) -> None:
        super().__init__()
        self.header = list(header)
        self.records = records
        self.row = row
        self.widths = list(widths)
        self.stripes = stripes
        self.start = start
        # rows the last page took: the next page is tried with a few more than that
        self.per_page = per_page
        self._table: Table | None = None

    def _chunk(self, count: int) -> Table:
        rows: list[list[Any]] = [list(self.header)]
        extra: list[tuple[Any, ...]] = []
        for n, record in enumerate(self.records[self.start:self.start + count], 1):
            cells, cmds = self.row(record)
            rows.append(cells)
            for cmd in cmds:
                name, (c0, _r0), (c1, _r1), *args = cmd
                extra.append((name, (c0, n), (c1, n), *args))
        stripes = self.stripes and (self.start % 2 == 0)
        table = data_table(rows, self.widths, extra=extra, stripes=False)
        if self.stripes and len(rows) > 2:
            # stripes keep their rhythm from one page to the next
            first, second = (colors.white, STRIPE) if stripes else (STRIPE, colors.white)
            table.setStyle(TableStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1),
                                        [first, second])]))
        return table

    def _rest(self) -> int:
        return len(self.records) - self.start

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._rest() <= self.CHUNK:
            self._table = self._chunk(self._rest())
            return tuple(self._table.wrap(availWidth, availHeight))
        # more rows than any page holds: too tall, so the frame asks for a split
        self._table = None
        self.width = availWidth
        self.height = availHeight + 1_000_000
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        count = min(self.per_page + 6 if self.per_page else self.CHUNK, self._rest())
        while True:
            table = self._chunk(count)
            _w, h = table.wrap(availWidth, availHeight)
            if h <= availHeight and count < self._rest():
                count = min(self._rest(), count * 2)  # short rows: the page takes more
                continue
            break
        if h <= availHeight:
            return [table]
        parts = table.split(availWidth, availHeight)
        if not parts:
            return []
        first = parts[0]
        placed = len(first._cellvalues) - 1
        if placed <= 0:
            return []
        rest = PagedTable(self.header, self.records, self.row, self.widths,
                          stripes=self.stripes, start=self.start + placed,
                          per_page=placed if availHeight > 200 else self.per_page)
        return [first, rest]

    def draw(self) -> None:
        if self._table is None:
            raise RuntimeError("a long table is drawn only in parts")
        self._table.drawOn(self.canv, 0, 0)
