"""Columns defined once in domain.columns: a column added there reaches the window's table,
the CSV export and the PDF; a level renamed in the matrix changes words, never colours."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date
from importlib import resources
from typing import Any

import pypdf
import pytest

from riskwizard.domain import columns
from riskwizard.domain.columns import Column, Kind
from riskwizard.domain.model import Asset, PracticeData, RemediationItem, Risk
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import default_matrix, matrix_from_data
from riskwizard.interchange import csv_io

EXTRA: Column[Asset] = Column("serial", "Serial number", lambda a, lookup: f"SN-{a.id}",
                              short="Serial", print_width=0.6)


def test_csv_headers_are_the_domain_keys() -> None:
    assert csv_io.ASSET_COLUMNS == [c.key for c in columns.ASSET_COLUMNS]
    assert csv_io.VENDOR_COLUMNS == [c.key for c in columns.VENDOR_COLUMNS if c.exported]


def test_an_added_column_reaches_csv_pdf_and_window(
        monkeypatch: pytest.MonkeyPatch, demo_data: PracticeData,
        questionnaire: Questionnaire, qtbot: Any) -> None:
    monkeypatch.setattr(columns, "ASSET_COLUMNS", [*columns.ASSET_COLUMNS[:-1], EXTRA,
                                                   columns.ASSET_COLUMNS[-1]])
    # CSV
    text = csv_io.format_assets(demo_data.assets, demo_data.sites)
    assert text.splitlines()[0].split(",")[-2] == "serial"
    assert f"SN-{demo_data.assets[0].id}" in text
    # PDF
    from riskwizard.report import render_report

    pdf, _ = render_report(demo_data, questionnaire, today=date(2026, 11, 24))
    flat = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Serial" in flat and f"SN-{demo_data.assets[0].id}" in flat
    # the window's table model
    from PySide6.QtCore import Qt

    from riskwizard.ui import inventory_pages
    from riskwizard.ui.record_model import RecordTableModel

    class FakeSession:
        sites = demo_data.sites
        assets = demo_data.assets

        def today(self) -> date:
            return date(2026, 11, 24)

    ctx: Any = type("Ctx", (), {"session": FakeSession()})()
    model = RecordTableModel(lambda: demo_data.assets, inventory_pages.asset_columns(ctx),
                             lambda r, ch: r)
    headers = [model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(model.columnCount())]
    assert headers[-2] == "Serial number"
    assert model.data(model.index(0, len(headers) - 2)) == f"SN-{demo_data.assets[0].id}"


def test_renaming_a_level_changes_words_not_colours() -> None:
    data = json.loads(resources.files("riskwizard.domain").joinpath("risk_matrix.json")
                      .read_text("utf-8"))
    for level in data["levels"]:
        level["name"] = level["name"].upper() + "!"
    renamed, default = matrix_from_data(data), default_matrix()
    assert [lv.id for lv in renamed.levels] == ["low", "medium", "high", "critical"]
    for li in range(1, 6):
        for im in range(1, 6):
            a, b = renamed.level(li, im), default.level(li, im)
            assert (a.id, a.color, a.text, a.rank) == (b.id, b.color, b.text, b.rank)
            assert a.name == b.name.upper() + "!"
    assert renamed.level_by_id("critical").color == default.level_by_id("critical").color
    assert dict(renamed.due_days) == dict(default.due_days)
    assert dict(renamed.priority) == dict(default.priority)


def test_renamed_levels_in_the_pdf_and_window(
        monkeypatch: pytest.MonkeyPatch, demo_data: PracticeData,
        questionnaire: Questionnaire) -> None:
    """The report and the window's level colours read ids: a renamed matrix builds, says the
    new words, and keeps the colours."""
    default = default_matrix()
    renamed = dataclasses.replace(default, levels=tuple(
        dataclasses.replace(lv, name=f"Level {lv.id}") for lv in default.levels))
    import riskwizard.report as report
    from riskwizard.ui import inventory_pages

    monkeypatch.setattr(report, "default_matrix", lambda: renamed)
    monkeypatch.setattr(inventory_pages, "default_matrix", lambda: renamed)
    pdf, _ = report.render_report(demo_data, questionnaire, today=date(2026, 11, 24))
    flat = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Level critical" in flat and "Level low" in flat
    bg, fg = inventory_pages._warning_colors()
    assert (bg.name().upper(), fg.name().upper()) == (
        default.level_by_id("high").color.upper(), default.level_by_id("high").text.upper())


def test_column_words() -> None:
    lookup = columns.lookup_for([], date(2026, 1, 1))
    asset = Asset("Laptop", holds_ephi=False)
    by_key = {c.key: c for c in columns.ASSET_COLUMNS}
    assert by_key["holds_ephi"].text(asset, lookup) == "No"
    assert by_key["holds_ephi"].csv(asset, lookup) == "no"
    assert by_key["kind"].csv(asset, lookup) == "other"
    assert by_key["site"].kind is Kind.LINK and by_key["site"].text(asset, lookup) == ""


TICKET: Column[Risk] = Column("ticket", "Ticket number", lambda r, lookup: f"TK-{r.id}",
                              short="Ticket", print_width=0.6)
REVIEWER: Column[Risk] = Column("reviewer", "Reviewed by", lambda r, lookup: f"RV-{r.id}",
                                print_in="title")
BUDGET: Column[RemediationItem] = Column("budget", "Budget", lambda i, lookup: f"USD-{i.id}",
                                         print_width=0.55)


def test_a_column_added_to_the_register_or_plan_reaches_pdf_spreadsheet_and_window(
        monkeypatch: pytest.MonkeyPatch, demo_data: PracticeData,
        questionnaire: Questionnaire, qtbot: Any) -> None:
    """The PDF's register and plan print the domain's lists: a column of its own, or a line
    within another column's cell (``print_in``); the spreadsheet and the window's plan
    follow the same lists."""
    monkeypatch.setattr(columns, "REGISTER_COLUMNS",
                        [*columns.REGISTER_COLUMNS, TICKET, REVIEWER])
    monkeypatch.setattr(columns, "PLAN_COLUMNS", [*columns.PLAN_COLUMNS, BUDGET])
    a = demo_data.latest_assessment()
    assert a is not None
    risk = next(r for r in demo_data.risks_for(a.id) if r.is_open)
    item = demo_data.remediation_for(a.id)[0]
    # PDF: the register and the plan, each read back where it is printed
    from riskwizard.report import render_report

    pdf, _ = render_report(demo_data, questionnaire, today=date(2026, 11, 24))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    texts = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    register = " ".join(t for t in texts if "Measures in place and why this rating" in t)
    assert "Ticket" in register and f"TK-{risk.id}" in register
    assert f"Reviewed by: RV-{risk.id}" in register
    plan = " ".join(t for t in texts if "Do first" in t and "Lowers" in t)
    assert "Budget" in plan and f"USD-{item.id}" in plan
    # the spreadsheets
    from riskwizard.interchange import xlsx_io

    today = date(2026, 11, 24)
    register_sheet = xlsx_io.register_sheet(demo_data, a.id, today)
    plan_sheet = xlsx_io.plan_sheet(demo_data, a.id, today)
    assert register_sheet.headers[-2:] == ["Ticket number", "Reviewed by"]
    assert plan_sheet.headers[-1] == "Budget"
    # the window's plan
    from PySide6.QtCore import Qt

    from riskwizard.ui.remediation_page import RemediationPage

    class FakeSession:
        remediation = demo_data.remediation_for(a.id)
        risks = demo_data.risks_for(a.id)

        def today(self) -> date:
            return today

    ctx: Any = type("Ctx", (), {"session": FakeSession()})()
    page = RemediationPage(ctx)
    qtbot.addWidget(page)
    model = page.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(model.columnCount())]
    assert headers[-1] == "Budget"
    assert f"USD-{item.id}" in {model.data(model.index(r, len(headers) - 1))
                                for r in range(model.rowCount())}


def test_every_register_and_plan_column_prints_somewhere() -> None:
    """``print_in`` names a column of the same list that prints in a column of its own."""
    from riskwizard.report.sections.printed import layout

    for cols in (columns.REGISTER_COLUMNS, columns.PLAN_COLUMNS):
        printed = layout(cols)
        placed = [p.head.key for p in printed] + [c.key for p in printed for c in p.within]
        assert sorted(placed) == sorted(c.key for c in cols)
        assert all(not p.head.print_in for p in printed)
        assert all(c.print_in == p.head.key for p in printed for c in p.within)
