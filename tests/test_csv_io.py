"""CSV import and export of assets and vendors."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskwizard.domain import columns
from riskwizard.domain.columns import Column
from riskwizard.domain.model import (
    Asset,
    AssetKind,
    BaaStatus,
    Encryption,
    Site,
    Vendor,
    VendorKind,
)
from riskwizard.interchange.csv_io import (
    CsvError,
    _key,
    format_assets,
    format_vendors,
    import_assets,
    import_vendors,
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
    vendors = [Vendor("ClearChart", "EHR", baa=BaaStatus.SIGNED, baa_date=date(2024, 1, 2),
                      baa_expiry=date(2027, 1, 2), contact="a@example.com"),
               Vendor("Cleaner", handles_ephi=False),
               Vendor("Answering", baa=BaaStatus.UNKNOWN)]
    assert parse_vendors(format_vendors(vendors)).records == vendors
    bad = parse_vendors("name,baa_date,baa_expiry\nX,2024-13-01,\nY,2025-01-01,2024-01-01\n")
    assert bad.records == []
    assert [r.line for r in bad.rejected] == [2, 3]


@pytest.mark.parametrize(("cell", "baa"), [
    ("yes", BaaStatus.SIGNED), ("Y", BaaStatus.SIGNED), ("TRUE", BaaStatus.SIGNED),
    ("1", BaaStatus.SIGNED), ("no", BaaStatus.NOT_SIGNED), ("false", BaaStatus.NOT_SIGNED),
    ("0", BaaStatus.NOT_SIGNED), ("", BaaStatus.NOT_SIGNED),
    ("Signed", BaaStatus.SIGNED), ("Not signed", BaaStatus.NOT_SIGNED),
    ("Don't know", BaaStatus.UNKNOWN), ("don’t know", BaaStatus.UNKNOWN),
    ("unknown", BaaStatus.UNKNOWN), ("not_signed", BaaStatus.NOT_SIGNED),
    ("signed", BaaStatus.SIGNED)])
@pytest.mark.parametrize("header", ["baa_signed", "baa", "BAA signed"])
def test_baa_cell_old_yes_no_and_the_words(header: str, cell: str, baa: BaaStatus) -> None:
    """Files written before "Don't know" say yes/no under ``baa_signed``; new ones write the
    codes under ``baa``; people type the words the window shows under its header."""
    result = parse_vendors(f"name,{header}\nX,\"{cell}\"\n")
    assert not result.rejected, result.rejected
    assert [v.baa for v in result.records] == [baa]


def test_baa_cell_that_is_none_of_them_is_refused() -> None:
    result = parse_vendors("name,baa_signed\nX,perhaps\n")
    assert result.records == []
    reason = result.rejected[0].reason
    assert reason.startswith("baa: 'perhaps' is not one of: Signed (signed), Not signed")
    assert "Don't know (unknown)" in reason and reason.endswith("or yes or no")


def test_baa_is_written_as_its_code() -> None:
    text = format_vendors([Vendor("A", baa=BaaStatus.UNKNOWN)])
    header, row = text.splitlines()
    assert dict(zip(header.split(","), row.split(","), strict=True))["baa"] == "unknown"


def test_missing_name_column_is_refused() -> None:
    with pytest.raises(CsvError, match="'name' is missing"):
        parse_vendors("service,contact\nx,y\n")
    with pytest.raises(CsvError, match="empty"):
        parse_vendors("")


def test_the_programs_own_words_import() -> None:
    """Every word the window and the PDF show for a kind, an encryption state, a disposal
    status or a vendor's role reads back as that value, and so do the window's headers."""
    from riskwizard.domain import columns
    from riskwizard.domain.labels import label
    from riskwizard.domain.model import AssetKind, DisposalStatus, Encryption, VendorKind
    from riskwizard.interchange.csv_io import parse_assets, parse_vendors

    headers = {c.key: c.header for c in columns.ASSET_COLUMNS}
    for kind in AssetKind:
        for enc in Encryption:
            for status in DisposalStatus:
                text = (f'{headers["name"]},{headers["kind"]},{headers["encrypted_at_rest"]},'
                        f'{headers["disposal_status"]},{headers["holds_ephi"]}\n'
                        f'"PC","{label(kind)}","{label(enc)}","{label(status)}",Yes\n')
                result = parse_assets(text, [])
                assert not result.rejected, result.rejected
                a = result.records[0]
                assert (a.kind, a.encrypted_at_rest, a.disposal_status) == (kind, enc, status)
    for role in VendorKind:
        result = parse_vendors(f'Name,What they do\n"V","{label(role)}"\n')
        assert not result.rejected and result.records[0].kind is role


@pytest.mark.parametrize(("word", "kind"), [("desktop", "workstation"), ("phone", "phone_tablet"),
                                            ("Laptop", "laptop"), ("USB", "removable_media")])
def test_a_word_only_one_kind_has_is_enough(word: str, kind: str) -> None:
    from riskwizard.interchange.csv_io import parse_assets

    result = parse_assets(f"name,kind\nPC,{word}\n", [])
    assert not result.rejected and result.records[0].kind.value == kind


def test_a_word_several_kinds_share_is_refused_with_the_choices() -> None:
    from riskwizard.interchange.csv_io import parse_assets

    result = parse_assets("name,kind\nPC,or\n", [])  # "Phone or tablet", "USB drive or disc"
    assert result.rejected and "Phone or tablet" in result.rejected[0].reason


@pytest.mark.parametrize("typed", ["'=", "'=SUM(A1)", "''+1x", "'@home", "=1+1", "'", "'-"])
def test_what_looks_neutralised_already_round_trips_as_typed(typed: str) -> None:
    from riskwizard.interchange.csv_io import _unneutralise, neutralise

    assert _unneutralise(neutralise(typed)) == typed


@given(st.text(max_size=12))
def test_any_cell_round_trips_through_neutralising(typed: str) -> None:
    from riskwizard.interchange.csv_io import _unneutralise, neutralise

    safe = neutralise(typed)
    assert _unneutralise(safe) == typed
    from riskwizard.interchange.csv_io import _runs

    assert not _runs(safe)  # a spreadsheet shows it, never runs it


_plain = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
_names = st.text(_plain, min_size=1, max_size=12).map(str.strip).filter(bool)  # as read
_assets = st.builds(Asset, name=_names, kind=st.sampled_from(list(AssetKind)),
                    site_id=st.sampled_from([None, 1, 2]), owner=st.sampled_from(["", "Dana"]),
                    holds_ephi=st.booleans(),
                    encrypted_at_rest=st.sampled_from(list(Encryption)),
                    notes=st.text(_plain, max_size=10))
_vendors = st.builds(Vendor, name=_names, service=st.sampled_from(["", "EHR", "billing"]),
                     handles_ephi=st.booleans(), baa=st.sampled_from(list(BaaStatus)),
                     kind=st.sampled_from(list(VendorKind)))


def _row(one_record_csv: str) -> str:
    """The row of a one-record CSV (a quoted cell may hold line breaks)."""
    return one_record_csv.split("\r\n", 1)[1]


@given(st.lists(_assets, max_size=6), st.lists(_assets, max_size=3), st.data())
def test_assets_imported_again_add_only_what_is_new(
        listed: list[Asset], extra: list[Asset], data: st.DataObject) -> None:
    """A list exported, edited and imported again adds only the rows not already in the
    list (the same in every column); the summary says how many were skipped."""
    known = [dataclasses.replace(a, id=i) for i, a in enumerate(listed, 1)]
    edited = data.draw(st.permutations(known + extra))
    result = parse_assets(format_assets(edited, SITES), SITES, known=known)
    have = {_row(format_assets([a], SITES)) for a in known}
    expected = [a for a in edited if _row(format_assets([a], SITES)) not in have]
    assert [format_assets([r], SITES) for r in result.records] == \
        [format_assets([a], SITES) for a in expected]
    assert result.already == len(edited) - len(expected)
    assert (result.already > 0) == ("already in the list" in result.summary())


@given(st.lists(_vendors, max_size=6), st.lists(_vendors, max_size=3), st.data())
def test_vendors_imported_again_add_only_what_is_new(
        listed: list[Vendor], extra: list[Vendor], data: st.DataObject) -> None:
    known = [dataclasses.replace(v, id=i) for i, v in enumerate(listed, 1)]
    edited = data.draw(st.permutations(known + extra))
    result = parse_vendors(format_vendors(edited), known=known)
    have = {_row(format_vendors([v])) for v in known}
    expected = [v for v in edited if _row(format_vendors([v])) not in have]
    assert [format_vendors([r]) for r in result.records] == \
        [format_vendors([v]) for v in expected]
    assert result.already == len(edited) - len(expected)


# ---------------------------------------------------------------- the other list's file

def _headers(cols: list[Column[Any]]) -> st.SearchStrategy[list[str]]:
    """Headers a person's file may have for ``cols``: each column by its key or by the
    window's or the PDF's name, in any case and order, some left out."""
    names = [st.sampled_from([c.key, c.header, c.short or c.header, c.key.upper()])
             for c in cols if c.exported and c.key != "name"]
    return st.tuples(*names).flatmap(
        lambda ns: st.lists(st.sampled_from(ns), min_size=1, max_size=len(ns),
                            unique_by=_key)).map(lambda ns: ["name", *ns])


@given(header=_headers(columns.VENDOR_COLUMNS), body=st.lists(
    st.text(alphabet="abc, \"\n", max_size=20), max_size=3))
def test_a_vendor_list_is_never_taken_as_assets(header: list[str], body: list[str]) -> None:
    """A vendor list read as assets (or the other way) is refused with one line saying so,
    when its columns are the other list's; a list's own file is never refused for that."""
    text = format_row(header) + "".join(format_row([b] * len(header)) for b in body)
    vendor_only = {_key(h) for h in header} & (_keys_of(columns.VENDOR_COLUMNS)
                                                - _keys_of(columns.ASSET_COLUMNS))
    try:
        parse_assets(text, [], "vendors.csv")
    except CsvError as exc:
        said = str(exc)
    else:
        said = ""
    if len(vendor_only) >= 2:
        assert said.startswith("vendors.csv: this is a list of vendors, not assets"), said
        assert "\n" not in said and "Vendors page" in said
    else:
        assert "this is a list of" not in said
    try:
        parse_vendors(text, "vendors.csv")
    except CsvError as exc:
        assert "this is a list of" not in str(exc)


@given(header=_headers(columns.ASSET_COLUMNS))
def test_an_asset_list_is_never_taken_as_vendors(header: list[str]) -> None:
    text = format_row(header) + format_row(["Front desk PC"] * len(header))
    asset_only = {_key(h) for h in header} & (_keys_of(columns.ASSET_COLUMNS)
                                               - _keys_of(columns.VENDOR_COLUMNS))
    with contextlib.suppress(CsvError):
        parse_assets(text, [], "assets.csv")  # its own list: refused for no such reason
    if len(asset_only) >= 2:
        with pytest.raises(CsvError, match=r"^assets\.csv: this is a list of assets, not "
                                           r"vendors \(.*\); import it on the Assets page$"):
            parse_vendors(text, "assets.csv")
    else:
        with contextlib.suppress(CsvError):
            parse_vendors(text, "assets.csv")


def format_row(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _keys_of(cols: list[Column[Any]]) -> set[str]:
    return {_key(n) for c in cols if c.exported for n in (c.key, c.header, c.short) if n}


def test_the_demo_lists_go_to_their_own_pages(tmp_path: Path) -> None:
    from riskwizard.domain.demo import build_demo
    from riskwizard.resources import installed_questionnaire

    d = build_demo(installed_questionnaire(), "small", date(2026, 12, 1))
    assets, vendors = tmp_path / "assets.csv", tmp_path / "vendors.csv"
    write_csv(assets, format_assets(d.assets, d.sites))
    write_csv(vendors, format_vendors(d.vendors))
    assert len(import_assets(assets, d.sites).records) == len(d.assets)
    assert len(import_vendors(vendors).records) == len(d.vendors)
    with pytest.raises(CsvError, match="this is a list of vendors, not assets"):
        import_assets(vendors, d.sites)
    with pytest.raises(CsvError, match="this is a list of assets, not vendors"):
        import_vendors(assets)
