"""The printed register and plan take their columns from ``domain.columns``, as the window
and the spreadsheets do: a column prints in a column of its own, or, when it says
``print_in``, as a labelled line in another column's cell ("Threat: …" under the risk).
A column added to the domain's list therefore shows in the PDF too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable

from riskwizard.domain.columns import Column, Kind, Lookup
from riskwizard.report import caps
from riskwizard.report.fonts import markup
from riskwizard.report.writer import Writer

R = TypeVar("R")

FREE_MIN = 1.7 * inch  # a column without a printed width (notes), when there is room
FREE_TIGHT = 1.2 * inch  # and when there is not
MUTED_LABEL = "<font color='#5B6675'>{}</font>"


@dataclass
class Printed(Generic[R]):
    """One printed column: its own column of the list and those printed within it."""

    head: Column[R]
    within: list[Column[R]] = field(default_factory=list)


def layout(cols: Sequence[Column[R]]) -> list[Printed[R]]:
    """The printed columns, in the list's order; a ``print_in`` naming no column of the
    list prints in a column of its own."""
    keys = {c.key for c in cols}
    out: dict[str, Printed[R]] = {}
    for c in cols:
        if not c.print_in or c.print_in not in keys:
            out[c.key] = Printed(c)
    for c in cols:
        if c.key not in out:
            out[c.print_in].within.append(c)
    return list(out.values())


def widths(cols: Sequence[Column[Any]], total: float) -> list[float]:
    """Each column's printed width, fitted to ``total``. Columns without a printed width
    (notes) share what is left, ``FREE_MIN`` each when there is room and never less than
    ``FREE_TIGHT``; when the columns do not fit, the columns of people's text (which wrap)
    give up the room, never those of fixed words, dates and numbers (which must not run
    into the next column)."""
    free = [c for c in cols if not c.print_width]
    fixed = sum(c.print_width for c in cols) * inch
    rest = total - fixed
    each = max(FREE_TIGHT, min(FREE_MIN, rest / len(free))) if free else 0.0
    if not free or rest >= FREE_MIN * len(free):
        each = rest / len(free) if free else 0.0
        over = 0.0 if free else fixed - total
    else:
        over = fixed + each * len(free) - total
    text = sum(c.print_width for c in cols if c.kind in (Kind.TEXT, Kind.LINK)) * inch
    factor = (text - over) / text if text and (over > 0 or not free) else 1.0
    out = [(c.print_width * inch * (factor if c.kind in (Kind.TEXT, Kind.LINK) else 1.0)
            if c.print_width else each) for c in cols]
    if factor < 0.3 or sum(out) > total + 0.01:  # no room even so: all shrink alike
        scale = total / sum(c.print_width * inch or each for c in cols)
        out = [(c.print_width * inch or each) * scale for c in cols]
    return out


def words(c: Column[R], record: R, lookup: Lookup) -> str:
    """A column's value in words, "" for nothing (an unticked box says nothing)."""
    value = c.value(record, lookup)
    if value is None or value is False or value == "":
        return ""
    return c.text(record, lookup)


Extra = Callable[[str, Any], list[Flowable]]
"""(printed column's key, record) -> what the report adds in that cell beyond the columns
(the records a risk covers, who decided): layout of the PDF's own."""


def cells(w: Writer, more: caps.Continued, printed: Sequence[Printed[R]], record: R,
          lookup: Lookup, label: str, cap: caps.Cap | Sequence[caps.Cap],
          first: Callable[[Column[R], R], list[Flowable] | None] | None = None,
          extra: Extra | None = None, bold: Sequence[str] = (),
          tone: Callable[[str, R], ParagraphStyle | None] | None = None,
          ) -> list[list[Flowable]]:
    """The cells of one record's row: each printed column's value, then the columns printed
    within it as labelled lines, then ``extra``. A person's text shares ``cap`` with the
    other texts of its cell and continues below the table past its share. ``first`` may
    draw a column's own value its way (a level in its color); ``bold`` heads are bold;
    ``tone`` may give a printed column's cell its own style (text on a level's color).
    ``cap`` is one for every cell, or one per printed column."""
    s = w.s
    row: list[list[Flowable]] = []
    limits = [cap] * len(printed) if isinstance(cap, caps.Cap) else list(cap)
    for p, limit in zip(printed, limits, strict=True):
        drawn = first(p.head, record) if first is not None else None
        fields = ([] if drawn is not None else [p.head]) + p.within
        texts = {c.key: words(c, record, lookup) for c in fields}
        long = [c for c in fields if c.kind is Kind.TEXT and texts[c.key]]
        shares = dict(zip((c.key for c in long),
                          caps.share([texts[c.key] for c in long], limit), strict=True))
        cell: list[Flowable] = list(drawn or [])
        toned = tone(p.head.key, record) if tone is not None else None
        label_of = "{}" if toned is not None else MUTED_LABEL
        for c in fields:
            text = texts[c.key]
            head = "" if c is p.head else label_of.format(markup(c.printed) + ":") + " "
            style = (s.cell_bold if c is p.head and c.key in bold
                     else toned if toned is not None else s.cell)
            if c.key in shares:
                cell.append(more.cell(text, style, f"{label} {c.header.lower()}",
                                      cap=shares[c.key], prefix=head))
            elif c is p.head:
                cell.append(w.para(markup(text or "—"), s.cell))
            elif not text:
                continue
            elif c.kind is Kind.BOOL:
                cell.append(w.para(f"<b>{markup(c.tip or c.header)}</b>", w.alert_cell))
            else:
                cell.append(w.para(head + markup(text), style))
        if extra is not None:
            cell.extend(extra(p.head.key, record))
        row.append(cell)
    return row


TABLE_ROOM = 1.4 * inch  # a heading over a table starts a page with less room than this


def table_head(w: Writer, text: str, level: int, room: float = TABLE_ROOM,
               **kw: Any) -> list[Flowable]:
    """A heading over a table (or its intro and table): on a new page unless the heading,
    a line and the table's first rows fit in ``room`` on this one, so it is never left
    alone at the foot of a page."""
    return [CondPageBreak(room), w.heading(text, level, **kw)]


ROW_HEIGHT = 300.0  # points: a table row is never taller (a landscape page holds 482,
# and the first row shares its page with the heading, the intro and the header row)


def heights(row: Sequence[Sequence[Flowable]], widths: Sequence[float]) -> list[float]:
    """The height of each cell of a row laid out in ``widths`` (4 points padding a side,
    as ``data_table`` pads)."""
    out = []
    for cell, width in zip(row, widths, strict=True):
        height = 7.0
        for f in cell:
            height += f.wrap(width - 8, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        out.append(height)
    return out


def fitted(make: Callable[[list[caps.Cap]], list[list[Flowable]]],
           widths: Sequence[float], more: caps.Continued,
           cap: caps.Cap) -> list[list[Flowable]]:
    """A row made by ``make`` (given a cap per cell), made again with a smaller cap for
    each cell taller than ``ROW_HEIGHT`` until none is (a row cannot break across pages):
    the more text a cell holds, the less of each field it shows; the rest continues below
    the table."""
    limits = [cap] * len(widths)
    while True:
        mark = more.mark()
        row = make(limits)
        tall = [i for i, h in enumerate(heights(row, widths))
                if h > ROW_HEIGHT and limits[i].chars > 60]
        if not tall:
            return row
        more.rewind(mark)
        for i in tall:
            c = limits[i]
            limits[i] = caps.Cap(c.chars * 2 // 3, max(1, c.lines * 2 // 3))
