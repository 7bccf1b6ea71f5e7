"""Assets and vendors as CSV: spreadsheets in and out.

Import is forgiving about how a value is written ("Laptop", "laptop", "yes", "Y", "TRUE")
and strict about what it means: a row it cannot take is left out and reported with its
line number and the reason, and every other row is kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, Lookup, keys, lookup_for
from riskwizard.domain.model import (
    Asset,
    AssetKind,
    DisposalStatus,
    Encryption,
    Site,
    Vendor,
    VendorKind,
)

# The header rows written: the exported columns of domain.columns, in their order.
ASSET_COLUMNS = keys(columns.ASSET_COLUMNS)
VENDOR_COLUMNS = keys(columns.VENDOR_COLUMNS)

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


R = TypeVar("R")
E = TypeVar("E", bound=StrEnum)


class CsvError(ValueError):
    """A CSV file that cannot be read at all (one line)."""


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportResult(Generic[R]):
    records: list[R] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    def summary(self) -> str:
        kept = f"{len(self.records)} row{'s' if len(self.records) != 1 else ''} imported"
        if not self.rejected:
            return kept + "."
        return f"{kept}; {len(self.rejected)} could not be taken."


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
    if not value.strip():
        return default
    k = _key(value)
    for member in cls:
        if k in (member.value, _key(member.name)):
            return member
    allowed = ", ".join(m.value for m in cls)
    raise ValueError(f"{column}: '{value}' is not one of: {allowed}")


def _date(value: str, column: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{column}: '{value}' is not a date like 2025-03-31") from None


def _rows(text: str, required: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise CsvError("the file is empty")
    names = {_key(n): n for n in reader.fieldnames if n}
    for col in required:
        if col not in names:
            raise CsvError(f"the first row must name the columns; '{col}' is missing")
    for row in reader:
        line = reader.line_num
        plain = {k: (row.get(orig) or "") for k, orig in names.items()}
        if not any(v.strip() for v in plain.values()):
            continue
        yield line, plain


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise CsvError(f"{path}: not a text file")  # pragma: no cover - cp1252 decodes most bytes


# ---------------------------------------------------------------- assets

def parse_assets(text: str, sites: Sequence[Site]) -> ImportResult[Asset]:
    by_name = {s.name.strip().lower(): s.id for s in sites}
    result: ImportResult[Asset] = ImportResult()
    for line, row in _rows(text, ["name"]):
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
            result.records.append(Asset(
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
    return result


def import_assets(path: Path, sites: Sequence[Site]) -> ImportResult[Asset]:
    return parse_assets(_read_text(path), sites)


def format_assets(assets: Iterable[Asset], sites: Sequence[Site]) -> str:
    return _format(columns.ASSET_COLUMNS, assets, lookup_for(list(sites)))


def _format(cols: list[Column[R]], records: Iterable[R], lookup: Lookup) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    exported = [c for c in cols if c.exported]
    w.writerow([c.key for c in exported])
    for record in records:
        w.writerow([c.csv(record, lookup) for c in exported])
    return out.getvalue()


# ---------------------------------------------------------------- vendors

def parse_vendors(text: str) -> ImportResult[Vendor]:
    result: ImportResult[Vendor] = ImportResult()
    for line, row in _rows(text, ["name"]):
        try:
            name = row.get("name", "").strip()
            if not name:
                raise ValueError("name: must not be empty")
            baa_date = _date(row.get("baa_date", ""), "baa_date")
            baa_expiry = _date(row.get("baa_expiry", ""), "baa_expiry")
            if baa_date and baa_expiry and baa_expiry < baa_date:
                raise ValueError("baa_expiry: comes before baa_date")
            result.records.append(Vendor(
                name=name, service=row.get("service", "").strip(),
                handles_ephi=_bool(row.get("handles_ephi", "yes") or "yes", "handles_ephi"),
                baa_signed=_bool(row.get("baa_signed", ""), "baa_signed"),
                baa_date=baa_date, baa_expiry=baa_expiry,
                contact=row.get("contact", "").strip(), notes=row.get("notes", ""),
                kind=_enum(VendorKind, row.get("kind", ""), "kind",
                           VendorKind.BUSINESS_ASSOCIATE)))
        except ValueError as exc:
            result.rejected.append(RejectedRow(line, str(exc)))
    return result


def import_vendors(path: Path) -> ImportResult[Vendor]:
    return parse_vendors(_read_text(path))


def format_vendors(vendors: Iterable[Vendor]) -> str:
    return _format(columns.VENDOR_COLUMNS, vendors, lookup_for([]))


def write_csv(path: Path, text: str) -> None:
    """Write CSV text (UTF-8 with a BOM so spreadsheet programs read accents) atomically."""
    from riskwizard.fileio import write_atomically

    data = text.encode("utf-8-sig")
    write_atomically(path, lambda fh: fh.write(data))
