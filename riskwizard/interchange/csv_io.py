"""Assets and vendors as CSV: spreadsheets in and out.

Import is forgiving about how a value is written ("Laptop", "laptop", "yes", "Y", "TRUE")
and strict about what it means: a row it cannot take is left out and reported with its
line number and the reason, and every other row is kept. A file that cannot be read as a
whole (an encoding it cannot tell, an unterminated quote, a column named twice, a cell or a
file larger than any real inventory) is refused in one line and nothing is imported.

Export neutralises cells a spreadsheet would run as a formula (OWASP "CSV injection"): a
cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, unless it is only a number or phone number (``-5``, ``+1 (555) 010-0100``),
which a spreadsheet cannot run. Import takes that apostrophe off again.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, Lookup, keys, lookup_for
from riskwizard.domain.dates import DateError, parse_date
from riskwizard.domain.inventory import baa_dates_problem
from riskwizard.domain.labels import label
from riskwizard.domain.model import (
    Asset,
    AssetKind,
    BaaStatus,
    DisposalStatus,
    Encryption,
    Site,
    Vendor,
    VendorKind,
)
from riskwizard.domain.records import RecordError, check_record
from riskwizard.fileio import CSV, OneLineError, read_limited, unreadable, write_atomically

# The header rows written: the exported columns of domain.columns, in their order.
ASSET_COLUMNS = keys(columns.ASSET_COLUMNS)
VENDOR_COLUMNS = keys(columns.VENDOR_COLUMNS)

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


R = TypeVar("R")
E = TypeVar("E", bound=StrEnum)


class CsvError(OneLineError, ValueError):
    """A CSV file that cannot be read at all (one line)."""


MAX_CELL = 131_072  # characters in one cell (Python's csv limit); no real inventory nears it
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"[+-]?[0-9][0-9 ().,/+-]*")


def _runs(cell: str) -> bool:
    """A spreadsheet would run it: a formula sign first, and not a plain number."""
    return cell.startswith(_FORMULA_START) and not _NUMBER_LIKE.fullmatch(cell)


def _looks_neutralised(cell: str) -> bool:
    """Apostrophes, then something a spreadsheet would run: what ``neutralise`` writes."""
    rest = cell.lstrip("'")
    return len(rest) < len(cell) and _runs(rest)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show, never run (see the module's note). A cell that
    already looks neutralised gets one more apostrophe, so that reading it back
    (``_unneutralise``) gives exactly what was typed."""
    return "'" + cell if _runs(cell) or _looks_neutralised(cell) else cell


def _unneutralise(cell: str) -> str:
    return cell[1:] if _looks_neutralised(cell) else cell


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportResult(Generic[R]):
    records: list[R] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    already: int = 0  # rows the same, column for column, as a record already in the list

    def summary(self) -> str:
        kept = f"{len(self.records)} row{'s' if len(self.records) != 1 else ''} imported"
        if self.already:
            kept += (f"; {self.already} row{'s were' if self.already != 1 else ' was'} "
                     "already in the list, the same in every column, and "
                     f"{'were' if self.already != 1 else 'was'} skipped")
        if not self.rejected:
            return kept + "."
        return f"{kept}; {len(self.rejected)} could not be taken."

    def drop_known(self, known: Iterable[R], cols: list[Column[R]], lookup: Lookup) -> None:
        """Leave out each row that is already in the list (every exported column the
        same), so a list exported, edited and imported again adds only what is new."""
        exported = [c for c in cols if c.exported]

        def row(record: R) -> tuple[str, ...]:
            return tuple(c.csv(record, lookup) for c in exported)

        have = set(map(row, known))
        new = [r for r in self.records if row(r) not in have]
        self.already += len(self.records) - len(new)
        self.records = new


def _key(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace("/", "_").replace(" ", "_")


def _bool(value: str, column: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(f"{column}: '{value}' is not yes or no")


def _enum(cls: type[E], value: str, column: str, default: E) -> E:
    """A member from its code ("phone_tablet"), its name, the words the window and the PDF
    show ("Phone or tablet", "Don't know"), or a word only one member's words have
    ("phone", "desktop")."""
    if not value.strip():
        return default
    k = _key(value)
    for member in cls:
        if k in (member.value, _key(member.name), _key(label(member))):
            return member
    words = set(re.findall(r"[a-z0-9]+", value.lower()))
    if words:
        hits = [m for m in cls
                if words <= set(re.findall(r"[a-z0-9]+", f"{label(m)} {m.value}".lower()))]
        if len(hits) == 1:
            return hits[0]
    allowed = ", ".join(f"{label(m)} ({m.value})" for m in cls)
    raise ValueError(f"{column}: '{value}' is not one of: {allowed}")


def _aliases(cols: Sequence[Column[Any]]) -> dict[str, str]:
    """Column names the program itself uses, as headers: the window's and the PDF's
    ("Looked after by", "Holds patient data") for the CSV keys ("owner", "holds_ephi")."""
    out: dict[str, str] = {}
    for c in cols:
        if c.exported:
            for name in (c.header, c.short):
                if name and _key(name) != c.key:
                    out.setdefault(_key(name), c.key)
    return out


def _date(value: str, column: str) -> date | None:
    """A date cell, in any form a person or a spreadsheet writes (``domain.dates``)."""
    try:
        return parse_date(value)
    except DateError as exc:
        raise ValueError(f"{column}: {exc}") from None


def _keys(cols: Sequence[Column[Any]]) -> set[str]:
    """Every name a column of ``cols`` is known by in a header: its key and its aliases."""
    return {c.key for c in cols if c.exported} | set(_aliases(cols))


def _names_other_list(names: Iterable[str], own: Sequence[Column[Any]],
                      other: Sequence[Column[Any]]) -> list[str]:
    """The columns of a header that only the other list has, when none are ours alone (a
    vendor list read as assets): empty when the header is not the other list's."""
    mine, theirs = _keys(own), _keys(other)
    only_theirs = [n for n in names if n in theirs and n not in mine]
    only_mine = [n for n in names if n in mine and n not in theirs]
    return only_theirs if len(only_theirs) >= 2 and not only_mine else []


def _rows(text: str, required: Sequence[str], source: str = "the file",
          cols: tuple[Sequence[Column[Any]], Sequence[Column[Any]], str, str] | None = None
          ) -> list[tuple[int, dict[str, str]]]:
    """Every non-empty row as (line, column key -> cell); CsvError for a file that cannot
    be read as a whole, or that holds the other list (``cols``: this list's columns, the
    other's, and what each is called). Read completely before anything is imported."""
    aliases = _aliases(cols[0]) if cols else {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise CsvError(f"{source}: the file is empty")
        names: dict[str, int] = {}
        for i, n in enumerate(header):
            k = _key(n)
            if not k:
                continue
            k = aliases.get(k, k)
            if k in names:
                raise CsvError(f"{source}: line 1: the column '{n.strip()[:60]}' is named "
                               "twice")
            names[k] = i
        if cols and (foreign := _names_other_list([_key(n) for n in header], *cols[:2])):
            raise CsvError(f"{source}: this is a list of {cols[3]}, not {cols[2]} (it has "
                           f"the columns {', '.join(foreign[:4])}); import it on the "
                           f"{cols[3].capitalize()} page")
        for col in required:
            if col not in names:
                raise CsvError(f"{source}: line 1 must name the columns; '{col}' is missing")
        start = 1
        for cells in reader:
            line = start + 1
            start = reader.line_num
            plain = {k: _unneutralise(cells[i]) if i < len(cells) else ""
                     for k, i in names.items()}
            if any(len(c) > MAX_CELL for c in cells):
                raise CsvError(f"{source}: line {line}: a cell longer than {MAX_CELL:,} "
                               "characters; no real inventory has one")
            if not any(v.strip() for v in plain.values()):
                continue
            rows.append((line, plain))
    except csv.Error as exc:
        text_ = str(exc)
        if "field larger than field limit" in text_:
            text_ = f"a cell longer than {csv.field_size_limit():,} characters; no real " \
                    "inventory has one"
        elif "unexpected end of data" in text_ or "EOF" in text_:
            text_ = "a quote (\") is opened and never closed"
        raise CsvError(f"{source}: line {reader.line_num}: {text_}") from None
    return rows


def _read_text(path: Path) -> str:
    try:
        raw = read_limited(path)
    except OSError as exc:
        raise CsvError(unreadable(path, exc, "a CSV file")) from None
    return decode(raw, str(path))


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(raw: bytes, source: str) -> str:
    """The text of a spreadsheet saved as CSV: UTF-8 (with or without a BOM), UTF-16 or
    UTF-32 (with a BOM, as Excel's "Unicode text" has), or Windows-1252; CsvError (one
    line) for anything else."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return _no_nul(raw[len(bom):].decode(enc), source, enc)
            except UnicodeDecodeError as exc:
                raise CsvError(f"{source}: not valid {enc.upper()} text (byte "
                               f"{exc.start + len(bom)})") from None
    if b"\x00" in raw[:4096]:
        # UTF-16 without a BOM, or not text at all
        for enc in ("utf-16-le", "utf-16-be"):
            with contextlib.suppress(UnicodeDecodeError):
                text = raw.decode(enc)
                if "\x00" not in text and text.isprintable() is False and "," in text:
                    return text
        raise CsvError(f"{source}: not a text file (save it from the spreadsheet as CSV, "
                       "UTF-8)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _no_nul(raw.decode("cp1252"), source, "cp1252")
    except UnicodeDecodeError as exc:
        raise CsvError(f"{source}: neither UTF-8 nor Windows-1252 text (byte {exc.start}); "
                       "save it from the spreadsheet as CSV, UTF-8") from None


def _no_nul(text: str, source: str, enc: str) -> str:
    if "\x00" in text:
        raise CsvError(f"{source}: not a text file (it holds NUL characters)")
    return text


# ---------------------------------------------------------------- assets

def _take(result: ImportResult[R], record: R) -> None:
    """Keep a row's record if every field is in range (the same checks as the store's)."""
    try:
        check_record(record)
    except RecordError as exc:
        raise ValueError(str(exc).split(": ", 1)[-1] if "." in str(exc).split(":")[0]
                         else str(exc)) from None
    result.records.append(record)


def parse_assets(text: str, sites: Sequence[Site], source: str = "the file",
                 known: Iterable[Asset] = ()) -> ImportResult[Asset]:
    """The assets of a CSV text, leaving out those already in ``known``."""
    by_name = {s.name.strip().lower(): s.id for s in sites}
    result: ImportResult[Asset] = ImportResult()
    for line, row in _rows(text, ["name"], source,
                                  (columns.ASSET_COLUMNS, columns.VENDOR_COLUMNS, "assets",
                                   "vendors")):
        try:
            name = row.get("name", "").strip()
            if not name:
                raise ValueError("name: must not be empty")
            site_text = row.get("site", "").strip()
            site_id = None
            if site_text:
                if site_text.lower() not in by_name:
                    raise ValueError(f"site: no site called '{site_text}' (add it first)")
                site_id = by_name[site_text.lower()]
            _take(result, Asset(
                name=name,
                kind=_enum(AssetKind, row.get("kind", ""), "kind", AssetKind.OTHER),
                site_id=site_id, owner=row.get("owner", "").strip(),
                holds_ephi=_bool(row.get("holds_ephi", "yes") or "yes", "holds_ephi"),
                encrypted_at_rest=_enum(Encryption, row.get("encrypted_at_rest", ""),
                                        "encrypted_at_rest", Encryption.UNKNOWN),
                disposal_status=_enum(DisposalStatus, row.get("disposal_status", ""),
                                      "disposal_status", DisposalStatus.IN_USE),
                notes=row.get("notes", "")))
        except ValueError as exc:
            result.rejected.append(RejectedRow(line, str(exc)))
    result.drop_known(known, columns.ASSET_COLUMNS, lookup_for(list(sites)))
    return result


def import_assets(path: Path, sites: Sequence[Site],
                  known: Iterable[Asset] = ()) -> ImportResult[Asset]:
    return parse_assets(_read_text(path), sites, str(path), known)


def format_assets(assets: Iterable[Asset], sites: Sequence[Site]) -> str:
    return _format(columns.ASSET_COLUMNS, assets, lookup_for(list(sites)))


def _format(cols: list[Column[R]], records: Iterable[R], lookup: Lookup) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    exported = [c for c in cols if c.exported]
    w.writerow([c.key for c in exported])
    for record in records:
        w.writerow([neutralise(c.csv(record, lookup)) for c in exported])
    return out.getvalue()


# ---------------------------------------------------------------- vendors

def parse_vendors(text: str, source: str = "the file",
                  known: Iterable[Vendor] = (), today: date | None = None
                  ) -> ImportResult[Vendor]:
    """The vendors of a CSV text, leaving out those already in ``known``; a row whose
    BAA dates cannot be true (``inventory.baa_dates_problem``, on ``today``) is refused."""
    today = today or date.today()
    result: ImportResult[Vendor] = ImportResult()
    for line, row in _rows(text, ["name"], source,
                                  (columns.VENDOR_COLUMNS, columns.ASSET_COLUMNS, "vendors",
                                   "assets")):
        try:
            name = row.get("name", "").strip()
            if not name:
                raise ValueError("name: must not be empty")
            baa_date = _date(row.get("baa_date", ""), "baa_date")
            baa_expiry = _date(row.get("baa_expiry", ""), "baa_expiry")
            problem = baa_dates_problem(baa_date, baa_expiry, today)
            if problem:
                raise ValueError(f"baa_date, baa_expiry: {problem}")
            _take(result, Vendor(
                name=name, service=row.get("service", "").strip(),
                handles_ephi=_bool(row.get("handles_ephi", "yes") or "yes", "handles_ephi"),
                baa=_baa(row.get("baa", "")),
                baa_date=baa_date, baa_expiry=baa_expiry,
                contact=row.get("contact", "").strip(), notes=row.get("notes", ""),
                kind=_enum(VendorKind, row.get("kind", ""), "kind",
                           VendorKind.BUSINESS_ASSOCIATE)))
        except ValueError as exc:
            result.rejected.append(RejectedRow(line, str(exc)))
    result.drop_known(known, columns.VENDOR_COLUMNS, lookup_for([]))
    return result


def _baa(value: str) -> BaaStatus:
    """The "BAA signed" cell: the words ("Signed", "Not signed", "Don't know"), the codes,
    or yes/no and true/false as files written before "Don't know" existed hold (an empty
    cell is not signed, as it always was)."""
    v = value.strip().lower()
    if v in _TRUE:
        return BaaStatus.SIGNED
    if v in _FALSE:
        return BaaStatus.NOT_SIGNED
    try:
        return _enum(BaaStatus, value, "baa", BaaStatus.NOT_SIGNED)
    except ValueError as exc:
        raise ValueError(f"{exc}; or yes or no") from None


def import_vendors(path: Path, known: Iterable[Vendor] = ()) -> ImportResult[Vendor]:
    return parse_vendors(_read_text(path), str(path), known)


def format_vendors(vendors: Iterable[Vendor]) -> str:
    return _format(columns.VENDOR_COLUMNS, vendors, lookup_for([]))


def write_csv(path: Path, text: str) -> None:
    """Write CSV text (UTF-8 with a BOM so spreadsheet programs read accents) atomically;
    an existing file is replaced only if it is itself a CSV (never a practice file)."""
    data = text.encode("utf-8-sig")
    write_atomically(path, lambda fh: fh.write(data), CSV)
