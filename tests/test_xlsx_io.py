"""XLSX exports: the window's columns, formula-safe, frozen filtered headers, fitted widths,
atomic; inventories read back as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from riskwizard.domain import columns
from riskwizard.domain.columns import lookup_for
from riskwizard.domain.model import BaaStatus, PracticeData, Vendor
from riskwizard.domain.risk import default_matrix
from riskwizard.interchange import xlsx_io
from riskwizard.interchange.xlsx_io import (
    Sheet,
    XlsxError,
    import_assets,
    import_vendors,
    safe_text,
    table,
    write_sheets,
)

TODAY = date(2026, 11, 24)


def test_the_practice_workbook(tmp_path: Path, demo_data: PracticeData) -> None:
    a = demo_data.latest_assessment()
    assert a is not None
    path = tmp_path / "clinic.xlsx"
    xlsx_io.export_practice(demo_data, a.id, path, TODAY)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Risk register", "Remediation plan", "Assets", "Vendors", "Sites"]
    expect = {"Risk register": columns.REGISTER_COLUMNS,
              "Remediation plan": columns.PLAN_COLUMNS, "Assets": columns.ASSET_COLUMNS,
              "Vendors": columns.VENDOR_COLUMNS, "Sites": columns.SITE_COLUMNS}
    for name, cols in expect.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == [c.header for c in cols]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        for letter, dim in ws.column_dimensions.items():
            assert 6 <= dim.width <= xlsx_io.MAX_WIDTH, (name, letter)
    assert wb["Risk register"].max_row - 1 == len(demo_data.risks_for(a.id))
    assert wb["Assets"].max_row - 1 == len(demo_data.assets)
    # The register is most serious first, as in the window.
    levels = [c.value for c in wb["Risk register"]["A"][1:]]
    matrix = default_matrix()
    order = {lv.name: -lv.rank for lv in matrix.levels}  # by the matrix's own names
    live = levels[: sum(1 for r in demo_data.risks_for(a.id) if r.is_open)]
    assert [order[v] for v in live] == sorted(order[v] for v in live)


FORMULA = st.text(min_size=0, max_size=30).map(lambda s: s)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["=", "+", "-", "@", "\t", "\r", " =", ""]), st.text(max_size=40))
def test_no_text_ever_becomes_a_formula(lead: str, rest: str) -> None:
    text = lead + rest
    wb = xlsx_io.build_workbook([Sheet("T", ["Name"], [[text]])])
    cell = wb["T"]["A2"]
    if text == "":
        return
    assert cell.data_type == "s"
    value = str(cell.value)
    assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not value.lstrip(" ").startswith(("=", "+", "-", "@"))


def test_formula_like_names_round_trip_as_names(tmp_path: Path) -> None:
    vendors = [Vendor(name='=HYPERLINK("http://x","y")', service="+1 555", id=1),
               Vendor(name="@SUM(A1)", contact="-2", notes="a\x00b\nline two", id=2)]
    data = PracticeData(practice=__import__("riskwizard.domain.model").domain.model
                        .Practice("P"), vendors=vendors)
    path = tmp_path / "v.xlsx"
    xlsx_io.write_sheets(path, xlsx_io.inventory_sheets(data, TODAY))
    with path.open("rb") as fh:
        assert b"<f>" not in fh.read()
    back = xlsx_io.import_vendors(path)
    assert [v.name for v in back.records] == [v.name for v in vendors]
    assert back.records[1].notes == "a\ufffdb\nline two"


def test_inventories_read_back(tmp_path: Path, demo_data: PracticeData) -> None:
    path = tmp_path / "inv.xlsx"
    xlsx_io.write_sheets(path, xlsx_io.inventory_sheets(demo_data, TODAY))
    assets = xlsx_io.import_assets(path, demo_data.sites)
    assert not assets.rejected
    assert [(a.name, a.kind, a.site_id, a.encrypted_at_rest) for a in assets.records] == [
        (a.name, a.kind, a.site_id, a.encrypted_at_rest) for a in demo_data.assets]
    vendors = xlsx_io.import_vendors(path)
    assert [(v.name, v.kind, v.baa, v.baa_expiry) for v in vendors.records] == [
        (v.name, v.kind, v.baa, v.baa_expiry) for v in demo_data.vendors]
    # the demo has one vendor whose BAA nobody knows about, shown in words
    assert [v.name for v in demo_data.vendors if v.baa is BaaStatus.UNKNOWN] == [
        "After Hours Answering Co."]
    ws = load_workbook(path)["Vendors"]
    head = [c.value for c in ws[1]]
    words = {row[0]: row[head.index("BAA signed")] for row in ws.iter_rows(2, values_only=True)}
    assert words["After Hours Answering Co."] == "Don't know"
    assert words["ClearChart EHR Inc."] == "Signed"


def test_an_older_workbooks_yes_and_no_under_baa_signed(tmp_path: Path) -> None:
    """Workbooks written when "BAA signed" was a yes/no column still import."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Vendors"
    ws.append(["Name", "BAA signed"])
    for row in [("A", "Yes"), ("B", "No"), ("C", True), ("D", False), ("E", None),
                ("F", "Don't know"), ("G", "Not signed")]:
        ws.append(list(row))
    wb.save(tmp_path / "old.xlsx")
    vendors = xlsx_io.import_vendors(tmp_path / "old.xlsx")
    assert not vendors.rejected, vendors.rejected
    s, n, u = BaaStatus.SIGNED, BaaStatus.NOT_SIGNED, BaaStatus.UNKNOWN
    assert [v.baa for v in vendors.records] == [s, n, s, n, n, u, n]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(XlsxError, match="no such folder"):
        xlsx_io.write_sheets(tmp_path / "missing" / "x.xlsx", [Sheet("A", ["x"])])
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    with pytest.raises(XlsxError, match="not an Excel workbook"):
        xlsx_io.write_sheets(target, [Sheet("A", ["x"])])
    assert target.read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_unreadable_files_are_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    for path in (junk, tmp_path / "none.xlsx", tmp_path):
        with pytest.raises(XlsxError) as err:
            xlsx_io.import_vendors(path)
        assert "\n" not in str(err.value)


def test_safe_text_cuts_what_a_cell_cannot_hold() -> None:
    assert len(safe_text("x" * 40000)) == xlsx_io.MAX_CELL
    assert safe_text("=1") == "'=1"


def test_a_sheet_of_the_other_list_is_refused_in_one_line(tmp_path: Path) -> None:
    """The vendors' sheet imported as assets (its only sheet), or the assets' as vendors:
    refused, saying which list it is, instead of rows taken as the wrong kind."""
    from riskwizard.domain.demo import build_demo
    from riskwizard.resources import installed_questionnaire

    d = build_demo(installed_questionnaire(), "small", date(2026, 12, 1))
    lookup = lookup_for(d.sites)
    vendors, assets = tmp_path / "vendors.xlsx", tmp_path / "assets.xlsx"
    write_sheets(vendors, [table("Suppliers", columns.VENDOR_COLUMNS, d.vendors, lookup)])
    write_sheets(assets, [table("Devices", columns.ASSET_COLUMNS, d.assets, lookup)])
    with pytest.raises(XlsxError, match=r"this is a list of vendors, not assets .*"
                                        r"import it on the Vendors page"):
        import_assets(vendors, d.sites)
    with pytest.raises(XlsxError, match=r"this is a list of assets, not vendors .*"
                                        r"import it on the Assets page"):
        import_vendors(assets)
    assert len(import_assets(assets, d.sites).records) == len(d.assets)
    assert len(import_vendors(vendors).records) == len(d.vendors)
