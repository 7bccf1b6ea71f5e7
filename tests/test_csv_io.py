"""CSV import and export of assets and vendors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from riskwizard.domain.model import Asset, AssetKind, Encryption, Site, Vendor
from riskwizard.interchange.csv_io import (
    CsvError,
    format_assets,
    format_vendors,
    import_assets,
    parse_assets,
    parse_vendors,
    write_csv,
)

SITES = [Site("Main clinic", id=1), Site("Westside", id=2)]


def test_assets_round_trip(tmp_path: Path) -> None:
    assets = [Asset("Front desk PC", AssetKind.WORKSTATION, site_id=1, owner="Dana",
                    encrypted_at_rest=Encryption.YES, notes='says "hi", <b>&'),
              Asset("Fax", AssetKind.PRINTER_SCANNER, holds_ephi=False)]
    path = tmp_path / "assets.csv"
    write_csv(path, format_assets(assets, SITES))
    result = import_assets(path, SITES)
    assert result.rejected == []
    assert result.records == assets


def test_assets_report_rejected_rows_and_keep_the_rest() -> None:
    text = ("Name,Kind,Site,Holds ePHI\n"
            "Laptop 1,Laptop,Main clinic,yes\n"
            ",laptop,,\n"
            "Laptop 2,toaster,,\n"
            "Laptop 3,laptop,Moon base,\n"
            "Laptop 4,,,maybe\n"
            "\n"
            "Tablet,phone tablet,westside,N\n")
    result = parse_assets(text, SITES)
    assert [a.name for a in result.records] == ["Laptop 1", "Tablet"]
    assert result.records[1].kind is AssetKind.PHONE_TABLET
    assert result.records[1].site_id == 2 and not result.records[1].holds_ephi
    assert [r.line for r in result.rejected] == [3, 4, 5, 6]
    assert "name" in result.rejected[0].reason
    assert "toaster" in result.rejected[1].reason
    assert "Moon base" in result.rejected[2].reason
    assert "maybe" in result.rejected[3].reason
    assert result.summary() == "2 rows imported; 4 could not be taken."


def test_vendors_round_trip_and_bad_dates() -> None:
    vendors = [Vendor("ClearChart", "EHR", baa_signed=True, baa_date=date(2024, 1, 2),
                      baa_expiry=date(2027, 1, 2), contact="a@example.com"),
               Vendor("Cleaner", handles_ephi=False)]
    assert parse_vendors(format_vendors(vendors)).records == vendors
    bad = parse_vendors("name,baa_date,baa_expiry\nX,2024-13-01,\nY,2025-01-01,2024-01-01\n")
    assert bad.records == []
    assert [r.line for r in bad.rejected] == [2, 3]


def test_missing_name_column_is_refused() -> None:
    with pytest.raises(CsvError, match="'name' is missing"):
        parse_vendors("service,contact\nx,y\n")
    with pytest.raises(CsvError, match="empty"):
        parse_vendors("")
