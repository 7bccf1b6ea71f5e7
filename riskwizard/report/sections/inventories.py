"""Scope: sites, systems and where patient data lives and flows, as summaries and
exceptions; the full inventories are an appendix the user can leave out.

A practice with thousands of assets reads the counts (by kind, by site, by encryption, by
BAA status) and every exception in full (each device holding patient data that is not known
to be encrypted, each vendor handling patient data without a current BAA), not a dump in
entry order. Every long table is a ``PagedTable``: its cost per page stays flat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, Kind, Lookup, lookup_for
from riskwizard.domain.inventory import BaaBucket, baa_status, unencrypted_with_patient_data
from riskwizard.domain.labels import label
from riskwizard.domain.model import Asset, Encryption
from riskwizard.report import caps
from riskwizard.report.context import Context
from riskwizard.report.elements import SCOPE
from riskwizard.report.fonts import MAIN, MAIN_BOLD
from riskwizard.report.layout import (
    ALERT,
    ALERT_BG,
    PagedTable,
    RowCells,
    data_table,
)
from riskwizard.report.sections import printed
from riskwizard.report.sections.printed import table_head
from riskwizard.report.wording import iso, plural
from riskwizard.report.writer import LANDSCAPE_WIDTH, PORTRAIT_WIDTH, Writer

R = TypeVar("R")

NAMES = ("name", "owner", "service", "contact")  # named records and people: caps.NAME


def build(ctx: Context, w: Writer) -> list[Flowable]:
    """The scope section (portrait): sites, counts, exceptions."""
    s = w.s
    assets, vendors, sites = ctx.data.assets, ctx.data.vendors, ctx.data.sites
    lookup = _lookup(ctx)
    out: list[Flowable] = [NextPageTemplate("portrait"), PageBreak(),
                           w.heading("Scope: sites, systems and where patient data is", 0,
                                     elements=(SCOPE,))]
    ephi = [a for a in assets if a.holds_ephi]
    flows = [v for v in vendors if v.handles_ephi]
    scope = [ctx.sites[i].name for i in ctx.assessment.scope_site_ids if i in ctx.sites]
    out.append(w.para(
        f"The analysis covers {'the sites listed as in scope' if scope else 'the whole practice'}"
        f": {plural(len(sites), 'site')}, {plural(len(assets), 'asset')} "
        f"({len(ephi)} holding or reaching patient information) and "
        f"{plural(len(vendors), 'vendor')} ({len(flows)} of them receiving patient "
        "information, which is where it flows outside the practice). The inventories the "
        "practice keeps are summarised here; every exception is listed in full.", s.body))

    out.extend(table_head(w, "Sites", 1))
    if sites:
        site_cols = columns.SITE_COLUMNS
        out.append(_paged(w, site_cols, sites, lookup, PORTRAIT_WIDTH))
    else:
        out.append(Paragraph("No sites recorded yet.", s.body))

    out.extend(table_head(w, "Assets by kind", 1))
    if assets:
        out.append(_counts_table(w, "Kind", _by(assets, lambda a: label(a.kind))))
        out.append(w.heading("Assets by site", 2, in_toc=False))
        out.append(_counts_table(w, "Site", _by(assets, lambda a: lookup.site_name(a.site_id)
                                               or "No site given")))
    else:
        out.append(Paragraph("No assets recorded yet.", s.body))

    out.extend(table_head(w, "Vendors and business associate agreements", 1))
    if vendors:
        status = Counter(baa_status(v, ctx.today).value for v in vendors)
        rows: list[list[Any]] = [w.head_row("BAA status", "Vendors")]
        for key in (b.value for b in BaaBucket):
            rows.append([key, str(status.get(key, 0))])
        out.append(data_table(rows, [3.2 * inch, 1.0 * inch]))
    else:
        out.append(Paragraph("No vendors recorded yet.", s.body))

    out.extend(table_head(w, "Exceptions", 1, room=2.2 * inch))  # and its first list
    bad_assets = [a for a in assets if unencrypted_with_patient_data(a)]
    out.append(w.heading("Devices holding patient data that are not known to be encrypted",
                         2, in_toc=False))
    if bad_assets:
        out.append(Paragraph(
            f"{plural(len(bad_assets), 'asset')} holding patient information "
            f"{'is' if len(bad_assets) == 1 else 'are'} not encrypted, or nobody knows "
            "whether they are. Every one is listed.", s.body))
        cols = [c for c in columns.ASSET_COLUMNS if c.key not in ("holds_ephi", "notes")]
        out.append(_paged(w, cols, bad_assets, lookup, PORTRAIT_WIDTH))
    else:
        out.append(Paragraph("None: every asset holding patient information is encrypted "
                             "(or does not need to be).", s.body))
    bad_vendors = [v for v in vendors if v.baa_problem(ctx.today)]
    out.extend(table_head(w, "Vendors handling patient data without a current BAA", 2,
                         in_toc=False))
    if bad_vendors:
        out.append(Paragraph(
            f"{plural(len(bad_vendors), 'vendor')}: a business associate must sign a BAA "
            "before it handles patient information (45 CFR 164.308(b), 164.314(a)). Every "
            "one is listed.", s.body))
        vcols = [c for c in columns.VENDOR_COLUMNS
                 if c.key in ("name", "service", "baa_date", "baa_expiry", "attention")]
        out.append(_paged(w, vcols, bad_vendors, lookup, PORTRAIT_WIDTH))
    else:
        out.append(Paragraph("None: every vendor handling patient information has a current "
                             "business associate agreement.", s.body))
    if ctx.inventory_appendix:
        out.append(Paragraph("The full asset and vendor inventories are in the appendix "
                             "“Full inventory”.", s.muted))
    else:
        out.append(Paragraph("The full asset and vendor inventories were left out of this "
                             "report when it was made; they are kept in the practice file.",
                             s.muted))
    return out


def appendix(ctx: Context, w: Writer) -> list[Flowable]:
    """Every asset and vendor, in landscape tables that cost the same per page."""
    s = w.s
    lookup = _lookup(ctx)
    out: list[Flowable] = [NextPageTemplate("landscape"), PageBreak(),
                           w.heading("Appendix: full inventory", 0),
                           w.heading("Assets", 1, in_toc=False)]
    assets = ctx.data.assets
    if assets:
        cols = columns.ASSET_COLUMNS
        out.append(Paragraph(
            f"{plural(len(assets), 'asset')}, in the order they were entered. A name longer "
            f"than {caps.NAME.chars} characters or {caps.NAME.lines} lines, or a note "
            f"longer than {caps.LINE.chars} characters or {caps.LINE.lines} lines, is cut, "
            "and says how much was left out.", s.muted))
        out.append(_paged(w, cols, assets, lookup, LANDSCAPE_WIDTH))
    else:
        out.append(Paragraph("No assets recorded yet.", s.body))
    out.extend(table_head(w, "Vendors", 1, in_toc=False))
    vendors = ctx.data.vendors
    if vendors:
        vcols = columns.VENDOR_COLUMNS
        out.append(_paged(w, vcols, vendors, lookup, LANDSCAPE_WIDTH))
    else:
        out.append(Paragraph("No vendors recorded yet.", s.body))
    out.append(NextPageTemplate("portrait"))
    out.append(PageBreak())
    return out


def _by(assets: Sequence[Asset], key: Callable[[Asset], str]) -> list[tuple[str, list[int]]]:
    """(group, [assets, with patient data, encrypted, not encrypted, not known]), largest
    group first."""
    groups: dict[str, list[int]] = {}
    for a in assets:
        g = groups.setdefault(key(a), [0, 0, 0, 0, 0])
        g[0] += 1
        if a.holds_ephi:
            g[1] += 1
            column = {Encryption.YES: 2, Encryption.NO: 3, Encryption.UNKNOWN: 4}
            if a.encrypted_at_rest in column:
                g[column[a.encrypted_at_rest]] += 1
    return sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0]))


def _counts_table(w: Writer, first: str, groups: list[tuple[str, list[int]]]) -> Flowable:
    header = w.head_row(first, "Assets", "With patient data", "Encrypted",
                        "Not encrypted", "Not known")
    totals = [sum(g[i] for _, g in groups) for i in range(5)]

    def row(item: tuple[str, list[int]]) -> RowCells:
        name, counts = item
        cmds: list[tuple[Any, ...]] = []
        for column in (4, 5):  # a device not known to be encrypted, in red
            if counts[column - 1]:
                cmds.append(("TEXTCOLOR", (column, 0), (column, 0), ALERT))
        return [w.fast_cell(name, PORTRAIT_WIDTH - 4.6 * inch - 8, caps.NAME),
                *map(str, counts)], cmds

    items = [*groups, ("Total", totals)]
    return PagedTable(header, items, row,
                      [PORTRAIT_WIDTH - 4.6 * inch, 0.8 * inch, 1.1 * inch, 0.85 * inch,
                       1.0 * inch, 0.85 * inch])


def _paged(w: Writer, cols: Sequence[Column[R]], records: Sequence[R], lookup: Lookup,
           total: float) -> PagedTable:
    widths = printed.widths(cols, total)
    return PagedTable(w.head_row(*(c.printed for c in cols)), records,
                      _row_maker(w, cols, lookup, widths), widths)


def _lookup(ctx: Context) -> Lookup:
    return lookup_for(ctx.data.sites, ctx.today, ctx.assessment.scope_site_ids)


@lru_cache(maxsize=4096)
def _wrapped(text: str, width: float, bold: bool) -> str:
    """A fixed label broken into lines that fit its column (plain table cells do not wrap,
    and a label such as "Printer, scanner or fax" would print over the next column)."""
    lines = simpleSplit(text, MAIN_BOLD if bold else MAIN, 8, width)
    return "\n".join(lines) if lines else text


def _row_maker(w: Writer, cols: Sequence[Column[R]], lookup: Lookup,
               widths: Sequence[float]) -> Callable[[R], RowCells]:
    """A function from a record to its row: user text as capped Paragraph cells, fixed
    words as plain strings broken to the column's width (thousands of rows lay out much
    faster), empty as "—"."""
    encrypted = next((i for i, c in enumerate(cols) if c.key == "encrypted_at_rest"), -1)

    def row(record: R) -> RowCells:
        cells: list[Any] = []
        cmds: list[tuple[Any, ...]] = []
        # a device holding patient data not known to be encrypted: its word in bold red,
        # broken to the column's width in bold (wider than the regular it is measured in)
        alert = (encrypted >= 0 and isinstance(record, Asset)
                 and unencrypted_with_patient_data(record))
        for i, c in enumerate(cols):
            inner = widths[i] - 8
            if c.kind in (Kind.TEXT, Kind.LINK):
                text = c.text(record, lookup)
                if c.key == "attention" and text:
                    cells.append(_wrapped(text.upper(), inner, True))
                    cmds.append(("TEXTCOLOR", (i, 0), (i, 0), ALERT))
                    cmds.append(("FONTNAME", (i, 0), (i, 0), MAIN_BOLD))
                    cmds.append(("BACKGROUND", (0, 0), (-1, 0), ALERT_BG))
                elif not text:
                    cells.append("" if c.key == "notes" else "—")
                else:
                    kind = "asset" if isinstance(record, Asset) else "vendor"
                    cap = caps.NAME if c.key in NAMES else caps.LINE
                    field = f"{kind} {getattr(record, 'id', '?')}'s {c.header.lower()}"
                    # a word wider than the column (an e-mail address) is broken
                    cells.append(w.fast_cell(text, inner, cap, field))
            elif c.kind is Kind.DATE:
                cells.append(iso(c.value(record, lookup)))
            else:
                cells.append(_wrapped(c.text(record, lookup), inner, alert and i == encrypted))
        if alert:
            cmds.append(("TEXTCOLOR", (encrypted, 0), (encrypted, 0), ALERT))
            cmds.append(("FONTNAME", (encrypted, 0), (encrypted, 0), MAIN_BOLD))
        return cells, cmds

    return row
