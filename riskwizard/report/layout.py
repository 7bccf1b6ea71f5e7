"""Page layout of the report: the document template, page decorations, styles and tables.

Pages are US Letter (the practices are American). Portrait for reading, landscape for the
wide registers. Every page but the cover carries the practice name in its header; every page
has "Page X of Y", the report date and the confidentiality marking in its footer; a draft
(incomplete assessment) is watermarked on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from riskwizard.report import breaks  # noqa: F401 - long words break at separators
from riskwizard.report.fonts import (
    MAIN,
    MAIN_BOLD,
    MAIN_ITALIC,
    fit,
    markup,
    needs_shaping,
    visual_line,
)

# page streams compressed, not also spelled out in ASCII (7-bit safe mail of 1995): a
# smaller file, and a few percent of a long report's time (reportlab reads this at save)
rl_config.useA85 = 0

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
    # a word wider than the line (an address, a link) breaks after a separator where one
    # fits (``breaks``), else at the edge; a paragraph split over two pages leaves at
    # least two lines on each (no orphan or widow line)
    base: dict[str, Any] = {"fontName": MAIN, "fontSize": 9.5, "leading": 13.5,
                            "textColor": INK, "splitLongWords": 1, "uriWasteReduce": 0.3,
                            "allowOrphans": 0, "allowWidows": 0}
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


PAGE_REF = "rwPageRef"
"""The name of the callback that draws a page number not known yet (``ReportDocument``)."""


def page_ref(kind: str, key: str, *args: object) -> str:
    """Markup that marks where the page of heading ``key`` is drawn (of kind "toc": a
    contents line; "cell": a table cell; "total": the number of pages, no key): the
    document draws a form there, and fills the form in with the number when the last page
    is done."""
    label = "|".join(str(a) for a in (kind, key, *args))
    return f'<onDraw name="{PAGE_REF}" label="{label}"/>'


class _HeadingList(Flowable):  # type: ignore[misc]
    """A table of lines made from the report's headings, which ``ReportDocument`` hands it
    before the build (``set_headings``): its size is known at once, its page numbers are
    drawn when the document ends, so the report is laid out in a single pass."""

    def __init__(self) -> None:
        super().__init__()
        self._table: Table | None = None

    def set_headings(self, headings: Sequence[Heading]) -> None:
        raise NotImplementedError

    def _make(self, width: float) -> Table:
        raise NotImplementedError

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._table = self._make(availWidth)
        w, h = self._table.wrap(availWidth, availHeight)
        return w, h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return list(self._make(availWidth).split(availWidth, availHeight))

    def draw(self) -> None:
        if self._table is not None:
            self._table.drawOn(self.canv, 0, 0)


TOC_STYLE = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0)])
TOC_DOTS = " . "


class Contents(_HeadingList):
    """The contents: a line per heading that goes in them, dots, and its page."""

    def __init__(self, styles: Styles) -> None:
        super().__init__()
        self.level_styles = [styles.toc1, styles.toc2]
        self.entries: list[tuple[int, str, str]] = []

    def set_headings(self, headings: Sequence[Heading]) -> None:
        self.entries = [(h.toc_level, h.toc_text, h.toc_key) for h in headings if h.in_toc]

    def level_style(self, level: int) -> ParagraphStyle:
        while level >= len(self.level_styles):  # deeper levels indent 1 cm more each
            prev = self.level_styles[-1]
            self.level_styles.append(ParagraphStyle(
                f"{prev.name}-{len(self.level_styles)}-indented", parent=prev,
                firstLineIndent=prev.firstLineIndent + inch / 2.54,
                leftIndent=prev.leftIndent + inch / 2.54))
        return self.level_styles[level]

    def _make(self, width: float) -> Table:
        rows: list[list[Flowable]] = []
        for level, text, key in self.entries:
            style = self.level_style(level)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([Paragraph(f'<a href="#{key}">{markup(text)}</a>'
                                   + page_ref("toc", key, level, f"{width:.3f}"), style)])
        return Table(rows or [[""]], colWidths=(width,), style=TOC_STYLE)


class ElementIndex(_HeadingList):
    """"Where to find each element of the risk analysis": element -> section -> page, from
    the headings that say they hold an element (``Heading.elements``)."""

    def __init__(self, elements: Sequence[str], styles: Styles) -> None:
        super().__init__()
        self.order = list(elements)
        self.styles = styles
        self.entries: list[tuple[str, str, str]] = []

    def set_headings(self, headings: Sequence[Heading]) -> None:
        self.entries = [(name, h.toc_text, h.toc_key) for name in self.order
                        for h in headings if name in h.elements]

    def _make(self, width: float) -> Table:
        s = self.styles
        rows: list[list[Any]] = [[Paragraph(t, s.cell_head)
                                  for t in ("Element of the risk analysis", "Section", "Page")]]
        for element, text, key in self.entries:
            rows.append([Paragraph(element, s.cell),
                         Paragraph(f'<a href="#{key}">{markup(text)}</a>', s.cell),
                         Paragraph(page_ref("cell", key, f"{width * 0.12 - 8:.3f}"), s.cell)])
        return data_table(rows, [width * 0.38, width * 0.5, width * 0.12])


def flowables_in(story: Iterable[Any]) -> Iterator[Any]:
    """Every flowable of ``story``, those inside a KeepTogether too."""
    for f in story:
        yield f
        inner = getattr(f, "_content", None)
        if isinstance(inner, (list, tuple)):
            yield from flowables_in(inner)


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
    bookmarks gathered from ``Heading`` flowables as they are laid out.

    One pass lays the report out and draws it. What is not known until the last page is
    drawn as a PDF form that is filled in at the end: the contents' and the elements
    table's page numbers (their lines are known before, from the story's headings) and
    each page's "Page X of Y". The header, footer rule and draft mark, the same on every
    page of a size, are one form each, drawn on every page.
    """

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
        self._pages: dict[str, int] = {}  # heading key -> the page it landed on
        self._refs: list[tuple[str, list[str]]] = []  # form name, its page_ref label
        self._footers: list[tuple[str, int, tuple[float, float]]] = []
        self._decorations: dict[tuple[tuple[float, float], bool], str] = {}
        self._contents: Contents | None = None
        self.addPageTemplates([
            self._template("cover", PORTRAIT, header=False),
            self._template("portrait", PORTRAIT),
            self._template("landscape", LANDSCAPE),
        ])

    def _template(self, name: str, size: tuple[float, float], *,
                  header: bool = True) -> PageTemplate:
        w, h = size
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, w - 2 * MARGIN_X,
                      h - MARGIN_TOP - MARGIN_BOTTOM, id=f"{name}-frame",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

        def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
            if self.info.draft:
                self._watermark(canv, size)
            form = self._decorations.setdefault((size, header),
                                                f"rwdeco{len(self._decorations)}")
            canv.doForm(form)
            self._page_number(canv, size)

        return PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=size)

    # ------------------------------------------------------------ the single pass

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        """Lay out and draw ``flowables``, once."""
        story = list(flowables_in(flowables))
        headings = [f for f in story if isinstance(f, Heading)]
        self._contents = next((f for f in story if isinstance(f, Contents)), None)
        for f in story:
            if isinstance(f, _HeadingList):
                f.set_headings(headings)
        if self._progress is not None:
            self._progress("Laying out pages")
        super().build(flowables, *args, **kwargs)

    def handle_documentBegin(self) -> None:  # noqa: N802 - reportlab's name
        super().handle_documentBegin()
        self.canv.setNamedCB(PAGE_REF, self._page_ref)

    def _page_ref(self, canv: Canvas, kind: str, label: str) -> None:
        """Where a page number not known yet goes: a form, and a link to the heading."""
        parts = label.split("|")
        info = canv._curr_tx_info
        x, y = info["cur_x"], info["cur_y"]
        name = f"rwref{len(self._refs)}"
        self._refs.append((name, [*parts, f"{x:.3f}"]))
        canv.saveState()
        canv.translate(x, y)
        canv.doForm(name)
        canv.restoreState()
        if parts[0] != "total":  # a heading's page: a link to it
            right = float(parts[-1]) if parts[0] == "toc" else x + float(parts[-1])
            canv.linkRect("", parts[1], (x, y, right, y + info["leading"]), relative=1)

    def _endBuild(self) -> None:  # noqa: N802 - reportlab's name
        self._doSave = 0
        super()._endBuild()
        self._fill_in()
        self.canv.save()

    def _fill_in(self) -> None:
        """The forms drawn on the pages: decorations, page totals, contents numbers."""
        canv = self.canv
        for (size, header), name in self._decorations.items():
            canv.beginForm(name, 0, 0, *size)
            self._decorate(canv, size, header)
            canv.endForm()
        total = self.page
        for name, number, (w, h) in self._footers:
            canv.beginForm(name, 0, 0, w, h)
            canv.setFont(MAIN, 7.5)
            canv.setFillColor(MUTED)
            canv.drawRightString(w - MARGIN_X, 0.5 * inch,
                                 f"Report date {self.info.report_date.isoformat()}   ·   "
                                 f"Page {number} of {total}")
            canv.endForm()
        for name, label in self._refs:
            self._fill_ref(canv, name, label)

    def _fill_ref(self, canv: Canvas, name: str, label: list[str]) -> None:
        kind, key, x = label[0], label[1], float(label[-1])
        page = self.page if kind == "total" else self._pages.get(key)
        number = str(page) if page is not None else ""
        if kind == "toc":  # dots up to the number, right-aligned (as reportlab's contents)
            level, width = int(label[2]), float(label[3])
            style = (self._contents.level_style(level) if self._contents is not None
                     else ParagraphStyle("toc", fontName=MAIN, fontSize=10))
            size = style.fontSize
            free = width - x
            numw = stringWidth(number, style.fontName, size)
            while numw > free and size >= 1.0:
                size *= 0.9
                numw = stringWidth(number, style.fontName, size)
            dotw = stringWidth(TOC_DOTS, style.fontName, size)
            dots = int((free - numw) / dotw)
            canv.beginForm(name, -1, -size, free + 1, style.leading)
            text = canv.beginText(free - dots * dotw - numw, 0)
            text.setFont(style.fontName, size)
            text.setFillColor(style.textColor)
            text.textLine(dots * TOC_DOTS + number)
            canv.drawText(text)
        else:  # a table cell: the number where the text starts
            canv.beginForm(name, -1, -8, float(label[2]) + 1, 10.5)
            canv.setFont(MAIN, 8)
            canv.setFillColor(INK)
            canv.drawString(0, 0, number)
        canv.endForm()

    # ------------------------------------------------------------ page decorations

    def _watermark(self, canv: Canvas, size: tuple[float, float]) -> None:
        """DRAFT across the page (drawn on the page itself: its transparency is lost in
        a form)."""
        w, h = size
        canv.saveState()
        canv.setFillColor(colors.HexColor("#B3261E"))
        canv.setFillAlpha(0.09)
        canv.setFont(MAIN_BOLD, 120)
        canv.translate(w / 2, h / 2)
        canv.rotate(35)
        canv.drawCentredString(0, -40, "DRAFT")
        canv.restoreState()

    def _decorate(self, canv: Canvas, size: tuple[float, float], header: bool) -> None:
        w, h = size
        canv.saveState()
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
        """"Page X of Y" (Y known at the end: a form of the page's own, filled in then)."""
        name = f"rwpage{self.page}"
        self._footers.append((name, self.page, size))
        canv.doForm(name)

    # ------------------------------------------------------------ contents and bookmarks

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, Heading):
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, flowable.toc_level,
                                      closed=flowable.toc_level > 0)
            self._pages.setdefault(key, self.page)


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


def contents(styles: Styles) -> Contents:
    return Contents(styles)


class _Cell(CellStyle):  # type: ignore[misc]
    """A data table cell's starting style: the cell type, ink, top-aligned, the padding.
    Given to each cell when the table is made (rather than as commands run over every
    cell: a long report's tables have hundreds of thousands of cells)."""

    fontname = MAIN
    fontsize = 8
    leading = 10.5  # plain-string cells (fixed words: yes/no, kinds, dates) use the cell type
    color = INK
    valign = "TOP"
    leftPadding = 4
    rightPadding = 4
    topPadding = 3
    bottomPadding = 4


def data_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
               extra: Sequence[tuple[Any, ...]] = (), header_rows: int = 1,
               stripes: bool = True, heights: Sequence[float] | None = None) -> Table:
    """A table with a repeated header row, subtle striping and hairline rules; ``heights``
    are the rows' heights when they are known already (measured once, not again)."""
    ncols = max(map(len, rows), default=0)
    table = Table(list(map(list, rows)), colWidths=list(widths), repeatRows=header_rows,
                  rowHeights=None if heights is None else list(heights),
                  hAlign="LEFT", splitByRow=1,
                  cellStyles=[[_Cell("cell") for _ in range(ncols)] for _ in rows])
    cmds: list[tuple[Any, ...]] = [
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


class _Rows:
    """The rows of one long table, made and measured once each, shared by the
    ``PagedTable`` of every page it runs over: a row made to try a page that it did not
    fit is kept for the next page; a page's rows are forgotten once placed."""

    BATCH = 48  # rows measured together (one small probe table)

    def __init__(self, header: Sequence[Any], records: Sequence[Any],
                 row: Callable[[Any], RowCells], widths: Sequence[float],
                 stripes: bool) -> None:
        self.header = list(header)
        self.records = records
        self.row = row
        self.widths = list(widths)
        self.stripes = stripes
        self.made: dict[int, RowCells] = {}
        self.heights: dict[int, float] = {}
        self.header_height: float | None = None

    def cells(self, index: int) -> RowCells:
        made = self.made.get(index)
        if made is None:
            made = self.made[index] = self.row(self.records[index])
        return made

    def table(self, start: int, stop: int, heights: Sequence[float] | None = None) -> Table:
        """Rows ``start`` to ``stop`` under the header; ``heights`` when measured."""
        rows: list[list[Any]] = [list(self.header)]
        extra: list[tuple[Any, ...]] = []
        for n, index in enumerate(range(start, stop), 1):
            cells, cmds = self.cells(index)
            rows.append(cells)
            for cmd in cmds:
                name, (c0, _r0), (c1, _r1), *args = cmd
                extra.append((name, (c0, n), (c1, n), *args))
        table = data_table(rows, self.widths, extra=extra, stripes=False,
                           heights=None if heights is None else list(heights))
        if self.stripes and len(rows) > 2:
            # stripes keep their rhythm from one page to the next
            first, second = ((colors.white, STRIPE) if start % 2 == 0
                             else (STRIPE, colors.white))
            table.setStyle(TableStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1),
                                        [first, second])]))
        return table

    def measure(self, start: int, stop: int, width: float) -> None:
        """Measure the rows from ``start`` to ``stop`` not measured yet."""
        todo = [i for i in range(start, stop) if i not in self.heights]
        while todo:
            first = todo[0]
            last = min(len(self.records), max(todo[-1] + 1, first + self.BATCH))
            table = self.table(first, last)
            table.wrap(width, 1_000_000)
            heights = table._rowHeights
            self.header_height = heights[0]
            for n, index in enumerate(range(first, last), 1):
                self.heights[index] = heights[n]
            todo = [i for i in todo if i not in self.heights]

    def forget(self, stop: int) -> None:
        """The rows before ``stop`` are placed: no page asks for them again."""
        for index in [i for i in self.made if i < stop]:
            del self.made[index]
            self.heights.pop(index, None)


class PagedTable(Flowable):  # type: ignore[misc]
    """A table of any length whose cost per page stays flat.

    reportlab splits one ``Table`` page by page, rebuilding what is left each time: cost
    that grows with the square of the rows, and every row's cells held in memory at once.
    This holds the records and makes the cells of only the rows near the page it is asked
    about (``row(record)`` builds them), measures each row once, and hands the page a
    small ``Table`` of the rows that fit, with the header repeated and the row heights
    already known; the rest stays a ``PagedTable`` over the same rows, from an offset.
    """

    CHUNK = 64  # at most this many rows left: tried as one table

    def __init__(self, header: Sequence[Any], records: Sequence[Any],
                 row: Callable[[Any], RowCells], widths: Sequence[float], *,
                 stripes: bool = True, start: int = 0, rows: _Rows | None = None) -> None:
        super().__init__()
        self.rows = rows or _Rows(header, records, row, widths, stripes)
        self.start = start
        self._table: Table | None = None

    def _rest(self) -> int:
        return len(self.rows.records) - self.start

    def _fitting(self, width: float, height: float) -> int:
        """How many rows from ``start`` fit in ``height`` under the header."""
        rows, total = self.rows, len(self.rows.records)
        stop = min(total, self.start + rows.BATCH)
        rows.measure(self.start, stop, width)
        used = rows.header_height or 0.0
        count = 0
        index = self.start
        while index < total:
            if index not in rows.heights:
                rows.measure(index, min(total, index + rows.BATCH), width)
            used += rows.heights[index]
            if used > height:
                break
            count += 1
            index += 1
        return count

    def _page(self, count: int) -> Table:
        rows = self.rows
        stop = self.start + count
        heights = [rows.header_height or 0.0,
                   *(rows.heights[i] for i in range(self.start, stop))]
        return rows.table(self.start, stop, heights)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._rest() <= self.CHUNK:
            self.rows.measure(self.start, len(self.rows.records), availWidth)
            self._table = self._page(self._rest())
            return tuple(self._table.wrap(availWidth, availHeight))
        # more rows than any page holds: too tall, so the frame asks for a split
        self._table = None
        self.width = availWidth
        self.height = availHeight + 1_000_000
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        count = self._fitting(availWidth, availHeight)
        if count <= 0:
            return []
        table = self._page(count)
        if count == self._rest():
            return [table]
        self.rows.forget(self.start + count)
        return [table, PagedTable((), (), self.rows.row, (), start=self.start + count,
                                  rows=self.rows)]

    def draw(self) -> None:
        if self._table is None:
            raise RuntimeError("a long table is drawn only in parts")
        self._table.drawOn(self.canv, 0, 0)
