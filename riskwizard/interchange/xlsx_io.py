"""Spreadsheets (XLSX, through openpyxl): the risk register, the remediation plan and the
inventories, with the columns the window and the PDF use (``riskwizard.domain.columns``).

Every sheet has a frozen, filterable header row and columns as wide as their contents (up
to a limit). Text a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with a leading apostrophe and as text, so a vendor
named ``=HYPERLINK(...)`` stays a name. Writing is atomic: a failure leaves no file.

Inventories read back in: the sheets this module writes, headed by the window's column
names or by the CSV keys, values in the program's own words ("Laptop", "Yes").
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from riskwizard.domain import columns as cols
from riskwizard.domain.columns import Column, Kind, Lookup, lookup_for
from riskwizard.domain.labels import label
from riskwizard.domain.model import (
    OPEN_RISK_STATUSES,
    Asset,
    PracticeData,
    Site,
    Vendor,
)
from riskwizard.fileio import XLSX, OutputError, write_atomically

R = TypeVar("R")

MAX_WIDTH = 60
MAX_CELL = 32767  # Excel's limit on the characters of one cell
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these; openpyxl refuses them (IllegalCharacterError).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


class XlsxError(ValueError):
    """A spreadsheet that cannot be written or read, said in one line."""


def safe_text(text: str) -> str:
    """Text as a spreadsheet cell shows it and never runs it: characters XML cannot hold
    become U+FFFD, text that would start a formula gets a leading apostrophe, and text
    longer than a cell holds is cut with an ellipsis."""
    text = _ILLEGAL.sub("\ufffd", text)
    if text.startswith(FORMULA_START) or text.lstrip(" ").startswith(FORMULA_START[:4]):
        text = "'" + text
    if len(text) > MAX_CELL:
        text = text[:MAX_CELL - 1] + "…"
    return text


@dataclass
class Sheet:
    """One worksheet: a title, a header row, and rows of values (text, numbers, dates)."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)


def sheet_title(title: str) -> str:
    return _SHEET_BAD.sub("-", title).strip("'")[:31] or "Sheet"


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, StrEnum):
        return safe_text(label(value))
    if isinstance(value, int | float | date):
        return value
    return safe_text(str(value))


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def build_workbook(sheets: Sequence[Sheet]) -> Any:
    """An openpyxl ``Workbook`` of ``sheets``."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        title = sheet_title(sheet.title)
        n = 2
        while title.lower() in used:
            title = sheet_title(f"{sheet.title[:27]} {n}")
            n += 1
        used.add(title.lower())
        ws = wb.create_sheet(title)
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE3EC")
        for c, head in enumerate(sheet.headers, 1):
            cell = ws.cell(row=1, column=c, value=safe_text(head))
            cell.font, cell.fill = bold, fill
            tip = sheet.tips[c - 1] if c - 1 < len(sheet.tips) else ""
            if tip:
                cell.comment = Comment(safe_text(tip), "Risk Wizard")
        widths = [len(h) + 3 for h in sheet.headers]  # room for the filter button
        wrap = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(sheet.rows, 2):
            for c, raw in enumerate(row, 1):
                value = _cell_value(raw)
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever it starts with
                    if "\n" in value:
                        cell.alignment = wrap
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                widths[c - 1] = max(widths[c - 1], _width(value) + 2)
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = min(max(w, 6), MAX_WIDTH)
        ws.freeze_panes = "A2"
        last = get_column_letter(max(len(sheet.headers), 1))
        ws.auto_filter.ref = f"A1:{last}{max(len(sheet.rows) + 1, 1)}"
    if not wb.worksheets:
        wb.create_sheet("Empty")
    return wb


def save_workbook(wb: Any, path: Path, *, replace: bool = True) -> None:
    """Write a workbook atomically (an existing file is replaced only if it is a
    spreadsheet, and only when ``replace``); raises ``XlsxError`` in one line."""
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    try:
        write_atomically(Path(path), lambda fh: fh.write(data), XLSX, replace=replace)
    except OutputError as exc:
        raise XlsxError(str(exc)) from None


def write_sheets(path: Path, sheets: Sequence[Sheet], *, replace: bool = True) -> None:
    save_workbook(build_workbook(sheets), path, replace=replace)


def table(title: str, columns: list[Column[R]], records: Iterable[R], lookup: Lookup) -> Sheet:
    """A sheet with ``columns`` (their window headers), one row per record."""
    sheet = Sheet(title, [c.header for c in columns], tips=[c.tip for c in columns])
    for record in records:
        row: list[Any] = []
        for c in columns:
            value = c.value(record, lookup)
            if c.kind is Kind.LINK:
                row.append(lookup.site_name(value))
            elif c.kind in (Kind.NUMBER, Kind.DATE) and not isinstance(value, bool):
                row.append(value)
            else:
                row.append(c.text(record, lookup))
        sheet.rows.append(row)
    return sheet


# ---------------------------------------------------------------- the practice's lists

def register_sheet(data: PracticeData, assessment_id: int, today: date) -> Sheet:
    from riskwizard.domain.risk import default_matrix

    m = default_matrix()
    risks = sorted(data.risks_for(assessment_id), key=lambda r: (
        r.status not in OPEN_RISK_STATUSES,
        -m.level(r.rated_likelihood, r.rated_impact).rank,
        -r.rated_likelihood * r.rated_impact, r.id))
    return table("Risk register", cols.REGISTER_COLUMNS, risks,
                 lookup_for(data.sites, today))


def plan_sheet(data: PracticeData, assessment_id: int, today: date) -> Sheet:
    items = data.remediation_for(assessment_id)
    lookup = cols.plan_lookup(data.risks_for(assessment_id), items, today, data.sites)
    order = lookup.plan_order
    items = sorted(items, key=lambda i: (order.get(i.id, len(order) + 1), i.id))
    return table("Remediation plan", cols.PLAN_COLUMNS, items, lookup)


def inventory_sheets(data: PracticeData, today: date,
                     scope: tuple[int, ...] = ()) -> list[Sheet]:
    lookup = lookup_for(data.sites, today, scope)
    return [table("Assets", cols.ASSET_COLUMNS, data.assets, lookup),
            table("Vendors", cols.VENDOR_COLUMNS, data.vendors, lookup),
            table("Sites", cols.SITE_COLUMNS, data.sites, lookup)]


def export_practice(data: PracticeData, assessment_id: int, path: Path,
                    today: date | None = None, *, replace: bool = False) -> None:
    """The register, the plan and the inventories of one assessment, one sheet each. A
    file already at ``path`` is replaced only when asked (``replace``)."""
    today = today or date.today()
    scope = next((a.scope_site_ids for a in data.assessments if a.id == assessment_id), ())
    write_sheets(path, [register_sheet(data, assessment_id, today),
                        plan_sheet(data, assessment_id, today),
                        *inventory_sheets(data, today, scope)], replace=replace)


# ---------------------------------------------------------------- reading back

def load_workbook(path: Path, data_only: bool = True) -> Any:
    """Open a workbook for reading; ``XlsxError`` (one line) when it is not one. With
    ``data_only=False`` a formula someone typed comes back as its text, never run."""
    from openpyxl import load_workbook as load

    if Path(path).is_dir():
        raise XlsxError(f"{path}: is a folder, not a spreadsheet")
    try:
        return load(Path(path), read_only=False, data_only=data_only)
    except FileNotFoundError:
        raise XlsxError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise XlsxError(f"{path}: is a folder, not a spreadsheet") from None
    except PermissionError:
        raise XlsxError(f"{path}: permission denied (cannot read the file)") from None
    except Exception as exc:  # a hostile or damaged file can make openpyxl raise anything
        # openpyxl says little that helps a person; the kind of failure is enough
        raise XlsxError(f"{path}: not a spreadsheet this program can read "
                        f"({type(exc).__name__})") from None


def cell_text(value: Any) -> str:
    """A cell's value as the text it shows (our apostrophe before formula-like text off)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if text.startswith("'") and text[1:].lstrip(" ").startswith(FORMULA_START):
        text = text[1:]
    return text


def _csv_for(ws: Any, columns: list[Column[Any]]) -> str:
    """A worksheet as the CSV text ``csv_io`` reads: headers by key, enums by value."""
    import csv

    by_name: dict[str, Column[Any]] = {}
    for col in columns:
        by_name[col.header.strip().lower()] = col
        by_name[col.key.lower()] = col
    rows = ws.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise XlsxError(f"the sheet '{ws.title}' is empty") from None
    picked = [by_name.get(cell_text(h).strip().lower()) for h in header]
    out = io.StringIO()
    w = csv.writer(out)
    # a header not of these columns is passed on once, as written (``csv_io`` ignores it,
    # and refuses a sheet whose columns are the other list's)
    names: list[str] = []
    seen: set[str] = set()
    for c, h in zip(picked, header, strict=False):
        if c is not None:
            name = c.key if c.exported else ""
        else:
            name = cell_text(h)
        key = name.strip().lower()
        names.append("" if key in seen else name)
        if key:
            seen.add(key)
    w.writerow(names)
    for row in rows:
        values = []
        for c, raw in zip(picked, row, strict=False):
            text = cell_text(raw)
            if c is not None and c.enum is not None:
                text = next((m.value for m in c.enum
                             if text.strip().lower() in (label(m).lower(), m.value)), text)
            values.append(text)
        w.writerow(values)
    return out.getvalue()


def _sheet(wb: Any, path: Path, names: Sequence[str]) -> Any:
    for ws in wb.worksheets:
        if ws.title.strip().lower() in names:
            return ws
    if len(wb.worksheets) == 1:
        return wb.worksheets[0]
    raise XlsxError(f"{path}: no sheet called '{names[0].title()}'")


def import_assets(path: Path, sites: Sequence[Site], known: Iterable[Asset] = ()) -> Any:
    """Assets from a spreadsheet (the "Assets" sheet, or its only sheet): an
    ``ImportResult`` with each row it could not take and why."""
    from riskwizard.interchange import csv_io

    wb = load_workbook(path)
    text = _csv_for(_sheet(wb, path, ["assets"]), cols.ASSET_COLUMNS)
    try:
        return csv_io.parse_assets(text, sites, known=known)
    except csv_io.CsvError as exc:
        raise XlsxError(f"{path}: {exc}") from None


def import_vendors(path: Path, known: Iterable[Vendor] = ()) -> Any:
    from riskwizard.interchange import csv_io

    wb = load_workbook(path)
    text = _csv_for(_sheet(wb, path, ["vendors"]), cols.VENDOR_COLUMNS)
    try:
        return csv_io.parse_vendors(text, known=known)
    except csv_io.CsvError as exc:
        raise XlsxError(f"{path}: {exc}") from None


__all__ = ["Asset", "Sheet", "Vendor", "XlsxError", "build_workbook", "export_practice",
           "import_assets", "import_vendors", "safe_text", "write_sheets"]
