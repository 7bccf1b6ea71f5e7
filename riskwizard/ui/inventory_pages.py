"""Assets and vendors: editable tables with spreadsheet import and export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from riskwizard.domain import columns
from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.model import BAA_EXPIRED, BAA_MISSING, BAA_UNKNOWN, Asset, Vendor
from riskwizard.domain.risk import default_matrix
from riskwizard.fileio import OutputError
from riskwizard.interchange import csv_io
from riskwizard.ui.context import Context
from riskwizard.ui.dialogs import CSV_FILTER
from riskwizard.ui.evidence_panel import add_evidence_button
from riskwizard.ui.pages import Page
from riskwizard.ui.record_model import Column, RecordTableModel, from_domain
from riskwizard.ui.tables import TablePage


def _site_choices(ctx: Context) -> Callable[[], list[tuple[Any, str]]]:
    return lambda: [(None, "(no site)")] + [(s.id, s.name) for s in ctx.session.sites]


def _save(ctx: Context) -> Callable[[Any, dict[str, Any]], Any]:
    return lambda r, ch: ctx.attempt(lambda: ctx.session.update(r, **ch))


def _lookup(ctx: Context) -> Callable[[], columns.Lookup]:
    return lambda: columns.lookup_for(ctx.session.sites, ctx.session.today())


def asset_columns(ctx: Context) -> list[Column]:
    return [from_domain(c, _lookup(ctx),
                        _site_choices(ctx) if c.kind is columns.Kind.LINK else None)
            for c in columns.ASSET_COLUMNS]


def vendor_columns(ctx: Context) -> list[Column]:
    return [from_domain(c, _lookup(ctx), display=(lambda v: _baa_problem(ctx, v) or "")
                        if c.key == "attention" else None)
            for c in columns.VENDOR_COLUMNS]


def _baa_problem(ctx: Context, vendor: Vendor) -> str | None:
    problem = vendor.baa_problem(ctx.session.today())
    return {BAA_MISSING: "No signed agreement", BAA_UNKNOWN: "Not known if signed",
            BAA_EXPIRED: "Agreement expired"}.get(problem or "", problem)


def _warning_colors() -> tuple[QColor, QColor]:
    high = default_matrix().level_by_id("high")
    return QColor(high.color), QColor(high.text)


class _InventoryPage(Page, TablePage):
    noun = "item"
    kind: Kind
    """The kind of record listed."""

    def __init__(self, ctx: Context, title: str, intro: str, columns: list[Column],
                 parent: QWidget | None, row_style: Any = None) -> None:
        self.ctx = ctx
        model = RecordTableModel(self._records, columns, _save(ctx), None,
                                 row_style)
        super().__init__(title, intro, model, noun=self.noun, on_add=self._add,
                         on_delete=self._delete, on_import=self._import,
                         on_export=self._export, parent=parent)
        model.setParent(self)

    def _records(self) -> list[Any]:
        raise NotImplementedError

    def _new(self) -> Any:
        raise NotImplementedError

    def refresh(self, changes: Changes) -> None:
        """Records saved (edited here, say): their rows read again; anything more (added,
        deleted, another assessment, the sites renamed): the table read again."""
        others = (changes.kinds & frozenset(self.shows)) - {self.kind}
        if changes.switched or others \
                or not self.model.records_changed(changes.ids_of(self.kind)):
            self.model.reload()

    def _add(self) -> bool:
        if self.ctx.attempt(lambda: self.ctx.session.add(self._new())) is None:
            return False
        self.model.appended()
        return True

    def _delete(self, records: list[Any]) -> None:
        names = ", ".join(r.name for r in records[:3]) + ("…" if len(records) > 3 else "")
        what = names if len(records) <= 3 else f"{len(records)} {self.noun}s ({names})"
        if not self.ctx.dialogs.ask(self, f"Delete {self.noun}s", f"Delete {what}?",
                                    "Delete"):
            return
        for r in records:
            self.ctx.attempt(partial(self.ctx.session.delete, r))
        self.model.reload()

    def _parse(self, path: Any) -> csv_io.ImportResult[Any]:
        raise NotImplementedError

    def _format(self) -> str:
        raise NotImplementedError

    def _import(self) -> None:
        path = self.ctx.dialogs.open_path(self, f"Import {self.noun}s from a spreadsheet",
                                          CSV_FILTER, self.ctx.session.path.parent)
        if path is None:
            return
        try:
            result = self._parse(path)
        except csv_io.CsvError as exc:
            self.ctx.dialogs.error(self, "Could not import", str(exc))
            return
        if result.records and self.ctx.attempt(
                lambda: self.ctx.session.add_many(result.records)) is None:
            return
        self.model.reload()
        details = "\n".join(f"Row {r.line}: {r.reason}" for r in result.rejected)
        text = result.summary()
        if result.rejected:
            text += " Click “Show Details” to see which rows and why; fix them and import " \
                    "those rows again."
        self.ctx.dialogs.info(self, "Import finished", text, details)

    def _export(self) -> None:
        suggested = self.ctx.session.path.with_name(
            f"{self.ctx.session.path.stem} {self.noun}s.csv")
        path = self.ctx.dialogs.save_path(self, f"Export {self.noun}s to a spreadsheet",
                                          suggested, CSV_FILTER)
        if path is None:
            return
        try:
            csv_io.write_csv(path, self._format())
        except OutputError as exc:
            self.ctx.dialogs.error(self, "Could not export", str(exc))
            return
        self.ctx.saved.emit(f"Exported {self.model.rowCount()} {self.noun}s to {path.name}")


class AssetsPage(_InventoryPage):
    noun = "asset"
    kind = Kind.ASSETS
    shows = (Kind.ASSETS, Kind.SITES)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, "Assets",
            "Everything that holds, sends or reaches patient data: computers, phones, the "
            "EHR, the fax, backup drives, paper charts. Double-click a cell to change it.",
            asset_columns(ctx), parent)
        self.fit_columns([c.width for c in columns.ASSET_COLUMNS])
        self.evidence_button = add_evidence_button(  # proof behind the chosen asset
            self, "asset_id", lambda a: f"how “{a.name}” is protected (an encryption "
            "screenshot, a wipe certificate)")

    def _records(self) -> list[Any]:
        return self.ctx.session.assets

    def _new(self) -> Asset:
        first = self.ctx.session.sites[0].id if self.ctx.session.sites else None
        return Asset(f"New asset {len(self.ctx.session.assets) + 1}", site_id=first)

    def _parse(self, path: Any) -> csv_io.ImportResult[Any]:
        return csv_io.import_assets(path, self.ctx.session.sites, self.ctx.session.assets)

    def _format(self) -> str:
        return csv_io.format_assets(self.ctx.session.assets, self.ctx.session.sites)


class VendorsPage(_InventoryPage):
    noun = "vendor"
    kind = Kind.VENDORS
    shows = (Kind.VENDORS,)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        bg, fg = _warning_colors()
        attention = [c.key for c in columns.VENDOR_COLUMNS].index("attention")

        def style(vendor: Vendor, column: int) -> tuple[QColor, QColor] | None:
            if column == attention and vendor.baa_problem(ctx.session.today()):
                return bg, fg
            return None

        super().__init__(
            ctx, "Vendors",
            "Companies that work for the practice. Any vendor that handles patient data must "
            "sign a business associate agreement (BAA) promising to protect it.",
            vendor_columns(ctx), parent, style)
        self.fit_columns([c.width for c in columns.VENDOR_COLUMNS])
        self.evidence_button = add_evidence_button(  # proof behind the chosen vendor
            self, "vendor_id", lambda v: f"the agreement with “{v.name}” (a signed BAA)")

    def _records(self) -> list[Any]:
        return self.ctx.session.vendors

    def _new(self) -> Vendor:
        return Vendor(f"New vendor {len(self.ctx.session.vendors) + 1}")

    def _parse(self, path: Any) -> csv_io.ImportResult[Any]:
        return csv_io.import_vendors(path, self.ctx.session.vendors)

    def _format(self) -> str:
        return csv_io.format_vendors(self.ctx.session.vendors)


_ = date
