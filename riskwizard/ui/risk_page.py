"""Risks: each gap in the answers becomes a draft the person confirms, merges or dismisses,
rates for likelihood and impact, links to sites and assets, and decides how to treat."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.labels import TREATMENT_HELP, label
from riskwizard.domain.model import Risk, RiskStatus, Treatment
from riskwizard.domain.risk import default_matrix
from riskwizard.ui.context import Context
from riskwizard.ui.pages import Page
from riskwizard.ui.tables import (
    Column,
    FilterProxy,
    RecordTableModel,
    empty_label,
    find_shortcut,
    fit_columns,
    intro_label,
    make_table_view,
    page_title,
)

LEVEL_COLUMN = 0
NO_RISKS = "No risks yet — they appear here when an answer shows a gap."
SHOW = [("Open risks (draft or confirmed)", {RiskStatus.DRAFT, RiskStatus.CONFIRMED}),
        ("Draft", {RiskStatus.DRAFT}), ("Confirmed", {RiskStatus.CONFIRMED}),
        ("Dismissed or merged", {RiskStatus.DISMISSED, RiskStatus.MERGED}),
        ("All risks", set(RiskStatus))]


def scale_choices(kind: str) -> list[tuple[Any, str]]:
    m = default_matrix()
    points = m.likelihood if kind == "likelihood" else m.impact
    return [(p.value, f"{p.value} – {p.name}") for p in points]


class StatusProxy(FilterProxy):
    """Filters risks by status as well as by text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statuses: set[RiskStatus] = set(SHOW[0][1])

    def filterAcceptsRow(self, row: int,
                         parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if isinstance(model, RecordTableModel) and model.record(row).status not in self.statuses:
            return False
        return super().filterAcceptsRow(row, parent)


class AssetPicker(QDialog):
    """Choose which assets a risk concerns, from a filterable list with check boxes."""

    def __init__(self, ctx: Context, chosen: tuple[int, ...], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assets this risk concerns")
        v = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter assets…")
        self.filter.setAccessibleName("Filter assets")
        v.addWidget(self.filter)
        self.model = QStandardItemModel(self)
        picked = set(chosen)
        for a in ctx.session.assets:
            item = QStandardItem(f"{a.name} ({label(a.kind)}"
                                 f"{', ' + ctx.session.site_name(a.site_id) if a.site_id else ''})")
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if a.id in picked else Qt.CheckState.Unchecked)
            item.setData(a.id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(item)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.DisplayRole)
        view = QListView(self)
        view.setAccessibleName("Assets")
        view.setUniformItemSizes(True)
        view.setModel(self.proxy)
        v.addWidget(view, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(32 * em, 30 * em)

    def chosen(self) -> tuple[int, ...]:
        return tuple(sorted(
            int(self.model.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked))


class RiskPage(Page, QWidget):
    """The list of risks and the one selected."""

    shows = (Kind.RISKS, Kind.REMEDIATION, Kind.SITES, Kind.ASSETS, Kind.VENDORS)

    risks_changed = Signal()
    """A risk was confirmed, dismissed, merged or edited."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.matrix = default_matrix()
        v = QVBoxLayout(self)
        v.addWidget(page_title("Risks", self))
        v.addWidget(intro_label(
            "Every weak spot found in your answers is listed here. Review each one: confirm "
            "it, fold it into a similar risk (merge), or dismiss it if it does not apply. Rate "
            "how likely it is and how bad it would be; the level follows from those two.",
            self))
        bar = QHBoxLayout()
        self.show_combo = QComboBox(self)
        for text, _ in SHOW:
            self.show_combo.addItem(text)
        self.show_combo.setAccessibleName("Which risks to show")
        show_label = QLabel("&Show:", self)
        show_label.setBuddy(self.show_combo)
        bar.addWidget(show_label)
        bar.addWidget(self.show_combo)
        bar.addStretch(1)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter… (Ctrl+F)")
        self.filter.setAccessibleName("Filter risks")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(200)
        find = QLabel("Find:", self)
        find.setBuddy(self.filter)
        find_shortcut(self.filter, self)
        bar.addWidget(find)
        bar.addWidget(self.filter)
        v.addLayout(bar)

        m = self.matrix
        columns = [
            Column("Level", lambda r: m.level(r.likelihood, r.impact).rank,
                   display=lambda r: m.level(r.likelihood, r.impact).name),
            Column("Risk", lambda r: r.title, "title"),
            Column("Likelihood", lambda r: r.likelihood, "likelihood", "choice",
                   choices=lambda: scale_choices("likelihood")),
            Column("Impact", lambda r: r.impact, "impact", "choice",
                   choices=lambda: scale_choices("impact")),
            Column("Status", lambda r: r.status),
            Column("Treatment", lambda r: r.treatment, "treatment", "enum", Treatment,
                   tip="What the practice does about the risk:\n"
                       + "\n".join(TREATMENT_HELP.values())),
        ]

        def style(risk: Risk, column: int) -> tuple[QColor, QColor] | None:
            if column == LEVEL_COLUMN:
                lv = m.level(risk.likelihood, risk.impact)
                return QColor(lv.color), QColor(lv.text)
            return None

        self.model = RecordTableModel(lambda: ctx.session.risks, columns, self._save_cell,
                                      self, style)
        self.proxy = StatusProxy(self)
        self.proxy.setSourceModel(self.model)
        self.show_combo.currentIndexChanged.connect(self._show_changed)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = make_table_view(splitter, "Risks")
        self.view.setModel(self.proxy)
        self.view.sortByColumn(LEVEL_COLUMN, Qt.SortOrder.DescendingOrder)
        em = self.fontMetrics().horizontalAdvance("M")
        fit_columns(self.view, self.model, [5, 14, 7, 6, 7, 7], stretch=1)
        splitter.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        detail_scroll = QScrollArea(splitter)
        detail_scroll.setWidgetResizable(True)
        self.detail = QWidget(detail_scroll)
        detail_scroll.setWidget(self.detail)
        d = QVBoxLayout(self.detail)
        self.d_title = QLabel(self.detail)
        self.d_title.setWordWrap(True)
        f = self.d_title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.d_title.setFont(f)
        d.addWidget(self.d_title)
        self.d_level = QLabel(self.detail)
        self.d_level.setAutoFillBackground(True)
        self.d_level.setMargin(6)
        d.addWidget(self.d_level)
        self.d_text = QLabel(self.detail)
        self.d_text.setWordWrap(True)
        self.d_text.setTextFormat(Qt.TextFormat.RichText)
        d.addWidget(self.d_text)

        actions = QHBoxLayout()
        self.confirm_button = QPushButton("&Confirm", self.detail)
        self.confirm_button.setToolTip("Yes, this is a real risk for us; suggest how to fix it.")
        self.merge_button = QPushButton("M&erge into…", self.detail)
        self.merge_button.setToolTip("This is the same as another risk; fold it into that one.")
        self.dismiss_button = QPushButton("D&ismiss", self.detail)
        self.dismiss_button.setToolTip("This does not apply to us.")
        self.reopen_button = QPushButton("&Reopen", self.detail)
        self.reopen_button.setToolTip("Put this risk back on the list as a draft to review.")
        for b in (self.confirm_button, self.merge_button, self.dismiss_button,
                  self.reopen_button):
            actions.addWidget(b)
        actions.addStretch(1)
        d.addLayout(actions)
        self.confirm_button.clicked.connect(self.confirm)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.merge_button.clicked.connect(self.merge)
        self.reopen_button.clicked.connect(self.reopen)

        rating = QGroupBox("Rating", self.detail)
        form = QFormLayout(rating)
        self.likelihood = QComboBox(rating)
        for value, text in scale_choices("likelihood"):
            self.likelihood.addItem(text, value)
        self.impact = QComboBox(rating)
        for value, text in scale_choices("impact"):
            self.impact.addItem(text, value)
        self.treatment = QComboBox(rating)
        for t in Treatment:
            self.treatment.addItem(label(t), t.value)
            self.treatment.setItemData(self.treatment.count() - 1, TREATMENT_HELP[t],
                                       Qt.ItemDataRole.ToolTipRole)
        self.treatment.setToolTip("What the practice does about this risk:\n"
                                  + "\n".join(TREATMENT_HELP.values()))
        for text, box in (("&Likelihood:", self.likelihood), ("Im&pact:", self.impact),
                          ("&Treatment:", self.treatment)):
            lab = QLabel(text, rating)
            lab.setBuddy(box)
            box.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(lab, box)
        self.likelihood.activated.connect(lambda _: self._edit(
            likelihood=int(self.likelihood.currentData())))
        self.impact.activated.connect(lambda _: self._edit(impact=int(self.impact.currentData())))
        self.treatment.activated.connect(lambda _: self._edit(
            treatment=Treatment(self.treatment.currentData())))
        d.addWidget(rating)

        links = QGroupBox("Where it applies", self.detail)
        lv = QVBoxLayout(links)
        lv.addWidget(QLabel("Sites:", links))
        self.site_list = QListWidget(links)
        self.site_list.setAccessibleName("Sites this risk concerns")
        self.site_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        self.site_list.itemChanged.connect(self._site_toggled)
        lv.addWidget(self.site_list)
        row = QHBoxLayout()
        self.asset_label = QLabel(links)
        self.asset_label.setWordWrap(True)
        row.addWidget(self.asset_label, 1)
        self.assets_button = QPushButton("Choose &assets…", links)
        self.assets_button.clicked.connect(self.choose_assets)
        row.addWidget(self.assets_button)
        lv.addLayout(row)
        d.addWidget(links)
        d.addStretch(1)
        splitter.addWidget(detail_scroll)
        splitter.setSizes([60 * em, 34 * em])
        splitter.setStretchFactor(0, 1)
        # No risks at all: a plain sentence instead of a bare table and an idle panel.
        self.body = QStackedWidget(self)
        self.body.addWidget(splitter)
        self.empty_label = empty_label(NO_RISKS, self)
        self.body.addWidget(self.empty_label)
        self.splitter = splitter
        v.addWidget(self.body, 1)
        self._filling = False
        self._fill_detail(None)

    # --- which risk

    def _show_changed(self, index: int) -> None:
        self.proxy.statuses = set(SHOW[index][1])
        self.proxy.invalidate()
        self._fill_detail(self.current())

    def current(self) -> Risk | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())  # type: ignore[no-any-return]

    def _current_changed(self, *_: Any) -> None:
        self._fill_detail(self.current())

    def refresh(self, changes: Changes) -> None:
        current = self.current()
        self.model.reload()
        if current is not None:
            self.select(current.id, reveal=False)
        elif self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 1))
        self._fill_detail(self.current())

    def select(self, risk_id: int, *, reveal: bool = True) -> None:
        """Make a risk the current one; ``reveal`` shows all risks if it is filtered out."""
        row = self.model.row_of(risk_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 1))
        if not index.isValid() and not reveal:
            return
        if not index.isValid():
            self.show_combo.setCurrentIndex(len(SHOW) - 1)
            index = self.proxy.mapFromSource(self.model.index(row, 1))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _fill_detail(self, risk: Risk | None) -> None:
        self._filling = True
        none = self.model.rowCount() == 0
        self.body.setCurrentWidget(self.empty_label if none else self.splitter)
        self.detail.setEnabled(risk is not None)
        if risk is None:
            self.d_title.setText(
                "Choose a risk in the list to see and change it." if self.proxy.rowCount()
                else "No risks to show here. Choose “All risks” under Show to see the others.")
            self.d_level.hide()
            self.d_text.setText("")
            self.site_list.clear()
            self.asset_label.setText("")
            self._filling = False
            return
        lv = self.matrix.level(risk.likelihood, risk.impact)
        self.d_title.setText(risk.title)
        self.d_level.show()
        self.d_level.setText(f"{lv.name} risk — {lv.meaning}")
        self.d_level.setStyleSheet(f"background-color: {lv.color}; color: {lv.text}; "
                                   "border-radius: 4px;")
        parts = [f"<b>Status:</b> {label(risk.status)}"]
        if risk.threat:
            parts.append(f"<b>What could happen:</b> {html.escape(risk.threat)}")
        if risk.vulnerability:
            parts.append(f"<b>Why it could happen:</b> {html.escape(risk.vulnerability)}")
        if risk.status is RiskStatus.MERGED and risk.merged_into:
            into = next((r for r in self.ctx.session.risks if r.id == risk.merged_into), None)
            if into is not None:
                parts.append(f"<b>Merged into:</b> {html.escape(into.title)}")
        items = [i for i in self.ctx.session.remediation if i.risk_id == risk.id]
        if items:
            parts.append(f"<b>Remediation plan:</b> {len(items)} item"
                         f"{'s' if len(items) != 1 else ''}")
        self.d_text.setText("<br>".join(parts))
        self.likelihood.setCurrentIndex(max(self.likelihood.findData(risk.likelihood), 0))
        self.impact.setCurrentIndex(max(self.impact.findData(risk.impact), 0))
        self.treatment.setCurrentIndex(max(self.treatment.findData(risk.treatment.value), 0))
        live = risk.is_open
        self.confirm_button.setEnabled(risk.status is RiskStatus.DRAFT)
        self.dismiss_button.setEnabled(live)
        self.merge_button.setEnabled(live)
        self.reopen_button.setEnabled(not live)
        self.site_list.clear()
        for s in self.ctx.session.sites:
            item = QListWidgetItem(s.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if s.id in risk.site_ids
                               else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.site_list.addItem(item)
        if not self.ctx.session.sites:
            self.site_list.addItem("(no sites yet: add them on the Practice page)")
        names = [a.name for a in self.ctx.session.assets if a.id in set(risk.asset_ids)]
        self.asset_label.setText(
            "Assets: " + (", ".join(names[:4]) + (f" and {len(names) - 4} more"
                                                   if len(names) > 4 else "")
                          if names else "none chosen"))
        self._filling = False

    # --- changes

    def _save_cell(self, risk: Risk, changes: dict[str, Any]) -> Any:
        result = self.ctx.attempt(lambda: self.ctx.session.update(risk, **changes))
        if result is not None:
            self._fill_detail(self.current())
        return result

    def _apply(self, action: Any) -> None:
        risk = self.current()
        if risk is None:
            return
        result = self.ctx.attempt(lambda: action(risk))
        if result is not None:
            row = self.view.currentIndex().row()
            self.model.reload()
            self.select(risk.id, reveal=False)
            if not self.view.currentIndex().isValid() and self.proxy.rowCount():
                # It left the list (dismissed, merged): go on to the next one.
                self.view.setCurrentIndex(
                    self.proxy.index(min(max(row, 0), self.proxy.rowCount() - 1), 1))
            self._fill_detail(self.current())
            self.risks_changed.emit()

    def _edit(self, **changes: Any) -> None:
        if not self._filling:
            self._apply(lambda r: self.ctx.session.update(r, **changes))

    def confirm(self) -> None:
        self._apply(lambda r: self.ctx.session.confirm_risks([r]))

    def dismiss(self) -> None:
        self._apply(lambda r: self.ctx.session.dismiss_risks([r]))

    def reopen(self) -> None:
        self._apply(lambda r: self.ctx.session.reopen_risks([r]))

    def merge(self) -> None:
        risk = self.current()
        if risk is None:
            return
        others = [r for r in self.ctx.session.live_risks() if r.id != risk.id]
        if not others:
            self.ctx.dialogs.info(self, "Merge", "There is no other open risk to merge into.")
            return
        pick = self.ctx.dialogs.choose(self, "Merge into another risk",
                                       f"Fold “{risk.title}” into:", [r.title for r in others])
        if pick is not None:
            target = others[pick]
            self._apply(lambda r: self.ctx.session.merge_risk(r, target))

    def _site_toggled(self, item: QListWidgetItem) -> None:
        risk = self.current()
        if self._filling or risk is None:
            return
        ids = [int(self.site_list.item(i).data(Qt.ItemDataRole.UserRole))
               for i in range(self.site_list.count())
               if self.site_list.item(i).checkState() == Qt.CheckState.Checked]
        self._apply(lambda r: self.ctx.session.update(r, site_ids=tuple(ids)))

    def choose_assets(self) -> None:
        risk = self.current()
        if risk is None:
            return
        picker = AssetPicker(self.ctx, risk.asset_ids, self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            chosen = picker.chosen()
            self._apply(lambda r: self.ctx.session.update(r, asset_ids=chosen))
