"""Asset and vendor inventories and sites (landscape)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, Kind, Lookup, lookup_for
from riskwizard.report.context import Context
from riskwizard.report.fonts import MAIN_BOLD, markup
from riskwizard.report.layout import (
    ALERT,
    ALERT_BG,
    data_table,
)
from riskwizard.report.wording import iso, plural
from riskwizard.report.writer import LANDSCAPE_WIDTH, Writer

R = TypeVar("R")


def build(ctx: Context, w: Writer) -> list[Flowable]:
    s = w.s
    out: list[Flowable] = [PageBreak(), w.heading("Asset inventory", 0)]
    assets = ctx.data.assets
    ephi = sum(1 for a in assets if a.holds_ephi)
    out.append(Paragraph(
        f"{plural(len(assets), 'asset')}, {ephi} of them holding or reaching patient "
        "information (ePHI)." if assets else "No assets recorded yet.", s.body))
    cols = columns.ASSET_COLUMNS
    rows: list[list[Any]] = [w.head_row(*(c.printed for c in cols))]
    extra: list[tuple[Any, ...]] = []
    alert = ParagraphStyle("alert", parent=s.cell_bold, textColor=ALERT)
    lookup = _lookup(ctx)
    encrypted = _index(cols, "encrypted_at_rest")
    for n, a in enumerate(assets, 1):
        rows.append(_cells(w, cols, a, lookup, {"notes": "Asset notes"}))
        if a.holds_ephi and a.encrypted_at_rest.value in ("no", "unknown") and encrypted >= 0:
            extra.append(("TEXTCOLOR", (encrypted, n), (encrypted, n), ALERT))
            extra.append(("FONTNAME", (encrypted, n), (encrypted, n), MAIN_BOLD))
    if assets:
        out.append(data_table(rows, _widths(cols), extra=extra))
        out.extend(w.overflow())

    out.append(PageBreak())
    out.append(w.heading("Vendors and business associate agreements", 0))
    vendors = ctx.data.vendors
    problems = [(v, v.baa_problem(ctx.today)) for v in vendors]
    bad = sum(1 for _, p in problems if p)
    out.append(Paragraph(
        f"{plural(len(vendors), 'vendor')}, {sum(1 for v in vendors if v.handles_ephi)} "
        f"of them handling patient information. <b>{bad} need attention</b> (highlighted): "
        "a business associate must sign a BAA before it handles patient information "
        "(45 CFR 164.308(b), 164.314(a))." if vendors else "No vendors recorded yet.",
        s.body))
    vendor_cols = [c for c in columns.VENDOR_COLUMNS if c.key != "notes"]  # notes go under service
    rows = [w.head_row(*(c.printed for c in vendor_cols))]
    extra = []
    service = _index(vendor_cols, "service")
    for n, (v, problem) in enumerate(problems, 1):
        if problem:
            extra.append(("BACKGROUND", (0, n), (-1, n), ALERT_BG))
        attention = Paragraph(problem.upper(), alert) if problem else "—"
        rows.append(_cells(w, vendor_cols, v, lookup, {}, {
            "name": partial(w.cell, v.name, s.cell_bold if problem else s.cell, "Vendor"),
            "attention": partial(_given, attention)}))
        if v.notes.strip() and service >= 0:
            rows[-1][service] = [rows[-1][service], w.cell(
                v.notes, s.muted, f"Vendor {markup(v.name)[:60]} notes")]
    widths = _widths(vendor_cols)
    if vendors:
        out.append(data_table(rows, widths, extra=extra, stripes=True))
        out.extend(w.overflow())
    if ctx.data.sites:
        out.append(w.heading("Sites", 1, in_toc=False))
        site_cols = columns.SITE_COLUMNS
        rows = [w.head_row(*(c.printed for c in site_cols))]
        labels = {"address": "Site address", "notes": "Site notes"}
        for site in ctx.data.sites:
            in_scope = site_cols[_index(site_cols, "in_scope")].text(site, lookup)
            rows.append(_cells(w, site_cols, site, lookup, labels, {
                "in_scope": partial(Paragraph, in_scope, s.cell),
                "notes": partial(w.cell, site.notes or "", s.cell, "Site notes")}))
        out.append(data_table(rows, _widths(site_cols)))
        out.extend(w.overflow())
    out.append(NextPageTemplate("portrait"))
    out.append(PageBreak())
    return out


def _given(value: Any) -> Any:
    return value


def _lookup(ctx: Context) -> Lookup:
    return lookup_for(ctx.data.sites, ctx.today, ctx.assessment.scope_site_ids)


def _index(cols: Sequence[Column[Any]], key: str) -> int:
    return next((i for i, c in enumerate(cols) if c.key == key), -1)


def _widths(cols: Sequence[Column[Any]]) -> list[float]:
    """Each column's printed width; those without one share what is left."""
    fixed = sum(c.print_width for c in cols)
    free = sum(1 for c in cols if not c.print_width) or 1
    rest = (LANDSCAPE_WIDTH / inch - fixed) / free
    return [(c.print_width or rest) * inch for c in cols]


def _cells(w: Writer, cols: Sequence[Column[R]], record: R, lookup: Lookup,
           labels: dict[str, str], special: dict[str, Callable[[], Any]] | None = None
           ) -> list[Any]:
    """A row: user text as wrapping cells (cut past a page, continued below the table),
    fixed words as plain strings (thousands of rows lay out much faster), empty as "—"."""
    row: list[Any] = []
    for c in cols:
        if special and c.key in special:
            row.append(special[c.key]())
        elif c.kind in (Kind.TEXT, Kind.LINK):
            text = c.text(record, lookup)
            if c.key == "notes":
                row.append(w.cell(text, w.s.cell, labels.get(c.key, c.printed)) if text else "")
            else:
                row.append(w.cell(text or ("—" if c.key != "name" else ""), w.s.cell,
                                  labels.get(c.key, c.printed)))
        elif c.kind is Kind.DATE:
            row.append(iso(c.value(record, lookup)))
        else:
            row.append(c.text(record, lookup))
    return row
