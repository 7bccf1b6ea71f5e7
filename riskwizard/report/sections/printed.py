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

FREE_MIN = 1.7 * inch  # a column without a printed width (notes) is never narrower
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
    """Each column's printed width, scaled to ``total``; those without one share what is
    left, at least ``FREE_MIN`` each (the others shrink in proportion for them)."""
    fixed = sum(c.print_width for c in cols) * inch
    free = sum(1 for c in cols if not c.print_width)
    rest = total - fixed
    if free == 0:
        return [c.print_width * inch * total / fixed for c in cols]
    if rest < FREE_MIN * free:
        scale = (total - FREE_MIN * free) / fixed
        return [c.print_width * inch * scale or FREE_MIN for c in cols]
    return [(c.print_width * inch or rest / free) for c in cols]


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
          lookup: Lookup, label: str, cap: caps.Cap,
          first: Callable[[Column[R], R], list[Flowable] | None] | None = None,
          extra: Extra | None = None, bold: Sequence[str] = (),
          tone: Callable[[str, R], ParagraphStyle | None] | None = None,
          ) -> list[list[Flowable]]:
    """The cells of one record's row: each printed column's value, then the columns printed
    within it as labelled lines, then ``extra``. A person's text shares ``cap`` with the
    other texts of its cell and continues below the table past its share. ``first`` may
    draw a column's own value its way (a level in its color); ``bold`` heads are bold;
    ``tone`` may give a printed column's cell its own style (text on a level's color)."""
    s = w.s
    row: list[list[Flowable]] = []
    for p in printed:
        drawn = first(p.head, record) if first is not None else None
        fields = ([] if drawn is not None else [p.head]) + p.within
        texts = {c.key: words(c, record, lookup) for c in fields}
        long = [c for c in fields if c.kind is Kind.TEXT and texts[c.key]]
        shares = dict(zip((c.key for c in long),
                          caps.share([texts[c.key] for c in long], cap), strict=True))
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
