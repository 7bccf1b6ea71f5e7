"""Risks: each gap in the answers becomes a draft the person confirms, merges or dismisses,
rates for likelihood and impact, links to sites and assets, and decides how to treat."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
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
from riskwizard.domain.dates import day_words
from riskwizard.domain.labels import TREATMENT_HELP, label
from riskwizard.domain.model import Risk, RiskStatus, Treatment
from riskwizard.domain.register import (
    actions_done_note,
    actions_for,
    needs_action,
    treatment_problem,
)
from riskwizard.domain.risk import Level, default_matrix
from riskwizard.ui import look
from riskwizard.ui.context import Context
from riskwizard.ui.pages import Page
from riskwizard.ui.record_model import Column, RecordTableModel
from riskwizard.ui.record_proxy import FilterProxy, RecordProxy
from riskwizard.ui.tables import (
    empty_label,
    find_shortcut,
    fit_columns,
    intro_label,
    make_table_view,
    page_title,
)

LEVEL_COLUMN = 0
INHERENT_COLUMN = 2
UNCERTAIN_COLUMN = 3
RATING_COLUMNS = (4, 5)  # likelihood and impact: changed in the panel, hidden in the table
NAMES_SHOWN = 6
UNCERTAIN_MARK = "?"
NO_RISKS = "No risks yet — they appear here when an answer shows a gap."
SHOW = [("Open risks (draft or confirmed)", {RiskStatus.DRAFT, RiskStatus.CONFIRMED}),
        ("Draft", {RiskStatus.DRAFT}), ("Confirmed", {RiskStatus.CONFIRMED}),
        ("Dismissed or merged", {RiskStatus.DISMISSED, RiskStatus.MERGED}),
        ("All risks", set(RiskStatus))]


DRAFTS = next(i for i, (_, shown) in enumerate(SHOW) if shown == {RiskStatus.DRAFT})


def names_text(names: list[str], cap: int = NAMES_SHOWN) -> str:
    """``names`` joined, at most ``cap`` of them and "and N more"."""
    shown = ", ".join(names[:cap])
    return shown + (f" and {len(names) - cap} more" if len(names) > cap else "")


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def scale_choices(kind: str) -> list[tuple[Any, str]]:
    m = default_matrix()
    points = m.likelihood if kind == "likelihood" else m.impact
    return [(p.value, f"{p.value} – {p.name}") for p in points]


class StatusProxy(RecordProxy):
    """Filters risks by status as well as by text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statuses: set[RiskStatus] = set(SHOW[0][1])
        self.set_row_filter(lambda risk: risk.status in self.statuses)

    def show_statuses(self, statuses: set[RiskStatus]) -> None:
        self.statuses = set(statuses)
        self.set_row_filter(lambda risk: risk.status in self.statuses)


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
            "Each risk is a threat to your patient data — a stolen laptop, a scam e-mail, a "
            "vendor's breach — against the places it lives, rated before and after the "
            "measures you have. Your answers and inventories keep this list up to date. Review "
            "each one: confirm it, fold it into a similar one (merge), or dismiss it if it "
            "does not apply; change a rating if you know better, and say what you will do.",
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

        def current(r: Risk) -> Level:
            return m.level(r.rated_likelihood, r.rated_impact)

        def inherent(r: Risk) -> Level:
            return m.level(r.inherent_likelihood, r.inherent_impact)

        columns = [
            # Sorted by level, then by likelihood × impact inside a level.
            Column("Level", lambda r: current(r).rank * 100
                   + r.rated_likelihood * r.rated_impact,
                   display=lambda r: current(r).name,
                   tip="How serious the risk is now, with the measures you have"),
            Column("Risk", lambda r: r.title, "title"),
            Column("Before measures",
                   lambda r: inherent(r).rank * 100 + r.inherent_likelihood * r.inherent_impact,
                   display=lambda r: inherent(r).name,
                   tip="How serious it would be with no protection in place"),
            Column(UNCERTAIN_MARK, lambda r: int(r.uncertain),
                   display=lambda r: UNCERTAIN_MARK if r.uncertain else "",
                   tip="? – the rating rests on “Not sure” answers: find out"),
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
                lv = current(risk)
                return QColor(lv.color), QColor(lv.text)
            return None

        self.model = RecordTableModel(lambda: ctx.session.risks, columns, self._save_cell,
                                      self, style)
        self.proxy = StatusProxy(self)
        self.proxy.setSourceModel(self.model)
        self.show_combo.currentIndexChanged.connect(self._show_changed)
        self.filter.textChanged.connect(self._filter_changed)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = make_table_view(splitter, "Risks")
        self.view.setModel(self.proxy)
        self.view.sortByColumn(LEVEL_COLUMN, Qt.SortOrder.DescendingOrder)
        em = self.fontMetrics().horizontalAdvance("M")
        fit_columns(self.view, self.model, [6, 18, 6, 2, 7, 6, 7, 6], stretch=1)
        for column in RATING_COLUMNS:
            self.view.setColumnHidden(column, True)
        splitter.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        detail_scroll = QScrollArea(splitter)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail = QWidget(detail_scroll)
        detail_scroll.setWidget(self.detail)
        look.paint_once(detail_scroll)
        d = QVBoxLayout(self.detail)
        self.d_title = QLabel(self.detail)
        self.d_title.setWordWrap(True)
        f = self.d_title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.d_title.setFont(f)
        d.addWidget(self.d_title)
        chip_row = QHBoxLayout()
        self.d_level = QLabel(self.detail)
        self.d_level.setAccessibleName("Level now")
        self.d_level.setMargin(4)
        chip_row.addWidget(self.d_level)
        self.d_inherent = QLabel(self.detail)
        self.d_inherent.setWordWrap(True)
        chip_row.addWidget(self.d_inherent, 1)
        d.addLayout(chip_row)
        self.d_meaning = QLabel(self.detail)
        self.d_meaning.setWordWrap(True)
        d.addWidget(self.d_meaning)
        self.d_uncertain = QLabel(self.detail)
        self.d_uncertain.setWordWrap(True)
        d.addWidget(self.d_uncertain)
        self.d_text = QLabel(self.detail)
        self.d_text.setWordWrap(True)
        self.d_text.setTextFormat(Qt.TextFormat.RichText)
        self.d_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        actions = QGridLayout()
        self.confirm_button = QPushButton("&Confirm", self.detail)
        self.confirm_button.setToolTip("Yes, this is a real risk for us; suggest how to fix it.")
        self.merge_button = QPushButton("M&erge into…", self.detail)
        self.merge_button.setToolTip("This is the same as another risk; fold it into that one.")
        self.dismiss_button = QPushButton("D&ismiss", self.detail)
        self.dismiss_button.setToolTip("This does not apply to us.")
        self.reopen_button = QPushButton("&Reopen", self.detail)
        self.reopen_button.setToolTip("Put this risk back on the list as a draft to review.")
        # Two by two, so the panel stays narrow beside the table.
        for n, b in enumerate((self.confirm_button, self.dismiss_button, self.merge_button,
                               self.reopen_button)):
            actions.addWidget(b, n // 2, n % 2)
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, box in (("&Likelihood:", self.likelihood), ("Im&pact:", self.impact),
                          ("&Treatment:", self.treatment)):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
            lab = QLabel(text, rating)
            lab.setBuddy(box)
            box.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(lab, box)
        self.likelihood.activated.connect(lambda _: self._edit(
            likelihood_override=int(self.likelihood.currentData())))
        self.impact.activated.connect(lambda _: self._edit(
            impact_override=int(self.impact.currentData())))
        self.treatment.activated.connect(lambda _: self.decide(
            Treatment(self.treatment.currentData())))
        self.decision = QLabel(rating)
        self.decision.setWordWrap(True)
        self.decision.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.decision)
        self.problem = QLabel(rating)
        self.problem.setWordWrap(True)
        bold = QFont(self.problem.font())
        bold.setBold(True)
        self.problem.setFont(bold)
        self._warn(self.problem)
        form.addRow(self.problem)
        d.addWidget(rating)

        links = QGroupBox("Where it applies", self.detail)
        lv = QVBoxLayout(links)
        lv.addWidget(QLabel("Sites:", links))
        self.site_list = QListWidget(links)
        self.site_list.setAccessibleName("Sites this risk concerns")
        self.site_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 8)
        self.site_list.itemChanged.connect(self._site_toggled)
        lv.addWidget(self.site_list)
        row = QHBoxLayout()
        self.asset_label = QLabel(links)
        self.asset_label.setWordWrap(True)
        row.addWidget(self.asset_label, 1)
        # With the other actions at the top of the panel, where it is always in view.
        self.assets_button = QPushButton("Choose &assets…", self.detail)
        self.assets_button.clicked.connect(self.choose_assets)
        actions.addWidget(self.assets_button, 2, 0)
        self.evidence_button = QPushButton("E&vidence…", self.detail)
        self.evidence_button.setToolTip("Files behind this risk: a quote, a signed agreement, "
                                        "a screenshot of the fix (Alt+V)")
        self.evidence_button.clicked.connect(self.show_evidence)
        actions.addWidget(self.evidence_button, 2, 1)
        self.setTabOrder(self.reopen_button, self.assets_button)  # Tab goes as it reads
        self.setTabOrder(self.assets_button, self.evidence_button)
        lv.addLayout(row)
        d.addWidget(links)
        d.addWidget(self.d_text)
        d.addStretch(1)
        splitter.addWidget(detail_scroll)
        # The table (its Risk column, the main text) gets two thirds of the room; the
        # details, which wrap, the rest.
        splitter.setSizes([62 * em, 31 * em])
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        # No risks at all: a plain sentence instead of a bare table and an idle panel.
        self.body = QStackedWidget(self)
        self.body.addWidget(splitter)
        self.empty_label = empty_label(NO_RISKS, self)
        self.body.addWidget(self.empty_label)
        self.splitter = splitter
        v.addWidget(self.body, 1)
        self._filling = False
        self._fill_detail(None)

    def _warn(self, label: QLabel) -> None:
        """Warning words in a colour that reads on the window (light or dark)."""
        pal = label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor(look.warning_colour(self)))
        label.setPalette(pal)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._warn(self.problem)
            self._fill_detail(self.current())

    # --- which risk

    def _filter_changed(self, text: str) -> None:
        """Filter the list; when what is left has no current risk (one risk, say), choose
        the first, so the panel shows what the person is looking for."""
        self.proxy.setFilterFixedString(text)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 1))
        self._fill_detail(self.current())

    def _show_changed(self, index: int) -> None:
        self.proxy.show_statuses(SHOW[index][1])
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 1))
        self._fill_detail(self.current())

    def current(self) -> Risk | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())  # type: ignore[no-any-return]

    def _current_changed(self, *_: Any) -> None:
        self._fill_detail(self.current())

    def show_drafts(self) -> None:
        """Only the risks waiting to be reviewed ("Review risks" on the overview), the
        first of them chosen."""
        self.show_combo.setCurrentIndex(DRAFTS)
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 1))

    def refresh(self, changes: Changes) -> None:
        current = self.current()
        at = self.view.currentIndex().row()
        self.model.reload()
        if current is not None:
            self.select(current.id, reveal=False)
        if (current is None or not self.view.currentIndex().isValid()) and self.proxy.rowCount():
            # the risk left what is shown (a draft confirmed while drafts are shown): the
            # one that took its place is next
            row = min(max(at, 0), self.proxy.rowCount() - 1)
            self.view.setCurrentIndex(self.proxy.index(row, 1))
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
            for w in (self.d_level, self.d_inherent, self.d_meaning, self.d_uncertain,
                      self.problem):
                w.hide()
            self.d_text.setText("")
            self.decision.setText("")
            self.site_list.clear()
            self.asset_label.setText("")
            self._filling = False
            return
        lv = self.matrix.level(risk.rated_likelihood, risk.rated_impact)
        before = self.matrix.level(risk.inherent_likelihood, risk.inherent_impact)
        self.d_title.setText(risk.title)
        self.d_level.show()
        self.d_level.setText(f" {lv.name} ")
        self.d_level.setStyleSheet(f"background-color: {lv.color}; color: {lv.text}; "
                                   "border-radius: 4px; font-weight: bold;")
        self.d_inherent.show()
        self.d_inherent.setText(f"now · before any measures: {before.name}")
        self.d_meaning.show()
        self.d_meaning.setText(lv.meaning)
        self.d_uncertain.setVisible(risk.uncertain)
        self.d_uncertain.setText("⚠ Rests on “Not sure” answers — find out, and answer them, "
                                 "to make this rating sure.")
        self.d_text.setText(self._detail_html(risk))
        self._fill_decision(risk)
        self.likelihood.setCurrentIndex(max(self.likelihood.findData(risk.rated_likelihood), 0))
        self.impact.setCurrentIndex(max(self.impact.findData(risk.rated_impact), 0))
        self.treatment.setCurrentIndex(max(self.treatment.findData(risk.treatment.value), 0))
        self.merge_button.setEnabled(risk.is_open)
        self._update_buttons()
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
        linked = set(risk.asset_ids)  # (made once: in the loop's test it was made again for
        names = [a.name for a in self.ctx.session.assets if a.id in linked]  # every asset)
        self.asset_label.setText("Assets: " + (names_text(names) if names else "none chosen"))
        n = len(self.ctx.session.evidence_for(risk_id=risk.id))
        from riskwizard.ui.evidence_panel import show_count

        show_count(self.evidence_button, n)
        self._filling = False

    def _detail_html(self, risk: Risk) -> str:
        s = self.ctx.session
        esc = html.escape
        parts = [f"<b>Status:</b> {label(risk.status)}"]
        if risk.threat:
            parts.append(f"<b>What could happen:</b> {esc(risk.threat)}")
        if risk.vulnerability:
            parts.append(f"<b>Why it could happen:</b> {esc(risk.vulnerability)}")
        if risk.status is RiskStatus.MERGED and risk.merged_into:
            into = s.risk(risk.merged_into)
            if into is not None:
                parts.append(f"<b>Merged into:</b> {esc(into.title)}")

        def bullets(lines: list[str]) -> str:
            return "".join(f"<br>• {esc(line)}" for line in lines)

        reasons = lines_of(risk.reasons)
        if reasons:
            parts.append("<b>Why this rating</b>" + bullets(reasons))
        measures = lines_of(risk.measures)
        parts.append("<b>What already protects you</b>"
                     + (bullets(measures) if measures else "<br>Nothing yet"))
        covers = []
        for what, records, ids in (("Equipment and systems", s.assets, risk.asset_ids),
                                   ("Vendors", s.vendors, risk.vendor_ids),
                                   ("Sites", s.sites, risk.site_ids)):
            wanted = set(ids)
            names = [r.name for r in records if r.id in wanted]
            if names:
                covers.append(f"{what}: {esc(names_text(names))}")
        if covers:
            parts.append("<b>What it covers</b><br>" + "<br>".join(covers))
        items = actions_for(risk, s.remediation)
        if items:
            parts.append("<b>Actions in the plan that lower it</b>" + "".join(
                f"<br>• {esc(i.action)} <i>({esc(label(i.status))})</i>" for i in items))
            done = actions_done_note(risk, s.remediation, self.matrix)
            if done:  # the same words as the PDF's register
                parts[-1] += (f"<br><span style='color:{look.warning_colour(self)}'>"
                              f"{esc(done)}</span>")
        elif needs_action(risk, s.remediation, self.matrix):
            parts.append("<b>Actions in the plan that lower it</b><br>"
                         f"<span style='color:{look.warning_colour(self)}'><b>⚠ No action "
                         "planned</b> — add one on "
                         "the Remediation plan page, or choose another treatment.</span>")
        else:
            parts.append("<b>Actions in the plan that lower it</b><br>No action planned")
        return "<br><br>".join(parts)

    def _fill_decision(self, risk: Risk) -> None:
        if risk.treatment_reason or risk.decided_by:
            when = (day_words(risk.decided_on)
                    if risk.decided_on else "date not recorded")
            reason = html.escape(risk.treatment_reason) or "no reason written"
            self.decision.setText(f"<b>Why:</b> {reason}<br><b>Decided by:</b> "
                                  f"{html.escape(risk.decided_by) or 'not recorded'}, {when}")
            self.decision.show()
        else:
            self.decision.setText("")
            self.decision.hide()
        problem = treatment_problem(risk)
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)

    # --- selection

    def selected_risks(self) -> list[Risk]:
        """The risks selected in the table (the current one when none is)."""
        rows = {self.proxy.mapToSource(i).row()
                for i in self.view.selectionModel().selectedRows()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.proxy.mapToSource(self.view.currentIndex()).row()}
        return [self.model.record(r) for r in sorted(rows)]

    def _selection_changed(self, *_: Any) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_risks()
        drafts = sum(r.status is RiskStatus.DRAFT for r in chosen)
        live = sum(r.is_open for r in chosen)
        closed = len(chosen) - live
        self.confirm_button.setEnabled(drafts > 0)
        self.dismiss_button.setEnabled(live > 0)
        self.reopen_button.setEnabled(closed > 0)
        many = len(chosen) > 1
        self.confirm_button.setText(f"&Confirm {drafts}" if many and drafts else "&Confirm")
        self.dismiss_button.setText(f"D&ismiss {live}" if many and live else "D&ismiss")
        self.reopen_button.setText(f"&Reopen {closed}" if many and closed else "&Reopen")

    # --- changes

    def _save_cell(self, risk: Risk, changes: dict[str, Any]) -> Any:
        if "treatment" in changes:
            return self.decide(Treatment(changes.pop("treatment")), risk)
        result = self.ctx.attempt(lambda: self.ctx.session.update(risk, **changes))
        if result is not None:
            self._fill_detail(self.current())
        return result

    def _apply(self, action: Any) -> None:
        risk = self.current()
        if risk is None:
            return
        result = self.ctx.attempt(lambda: action(risk))
        self._after(risk, result)

    def _apply_many(self, action: Any, which: Any) -> None:
        """Run ``action`` once on the selected risks that ``which`` accepts."""
        risk = self.current()
        chosen = [r for r in self.selected_risks() if which(r)]
        if risk is None or not chosen:
            return
        result = self.ctx.attempt(lambda: action(chosen))
        self._after(risk, result)

    def _after(self, risk: Risk, result: Any) -> None:
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
        self._apply_many(self.ctx.session.confirm_risks,
                         lambda r: r.status is RiskStatus.DRAFT)

    def dismiss(self) -> None:
        self._apply_many(self.ctx.session.dismiss_risks, lambda r: r.is_open)

    def reopen(self) -> None:
        self._apply_many(self.ctx.session.reopen_risks, lambda r: not r.is_open)

    def decide(self, treatment: Treatment, risk: Risk | None = None) -> Any:
        """Record the treatment; accepting or transferring asks why and who decided."""
        risk = risk or self.current()
        if self._filling or risk is None:
            return None
        reason, who = "", ""
        if treatment in (Treatment.ACCEPT, Treatment.TRANSFER):
            verb = "accept" if treatment is Treatment.ACCEPT else "transfer"
            got = self.ctx.dialogs.text(
                self, f"Why {verb} this risk?",
                f"Write down why the practice will {verb} “{risk.title}”"
                + (" (who takes it on, under which contract)" if verb == "transfer" else "")
                + ":", risk.treatment_reason)
            if got is not None:
                who_got = self.ctx.dialogs.text(
                    self, "Who decided?", "Name of the person who made this decision:",
                    risk.decided_by or self.ctx.session.practice.security_official)
            if got is None or who_got is None:
                self._fill_detail(self.current())  # cancelled: show the treatment as it was
                return None
            reason, who = got, who_got
        try:
            result = self.ctx.attempt(
                lambda: self.ctx.session.decide_risk(risk, treatment, reason, who))
        except ValueError as exc:
            self.ctx.dialogs.error(self, "The decision was not saved", str(exc))
            self._fill_detail(self.current())
            self.problem.setText(str(exc))
            self.problem.show()
            return None
        self._after(risk, result)
        return result

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

    def show_evidence(self) -> None:
        """The files attached to the risk shown."""
        risk = self.current()
        if risk is None:
            return
        from riskwizard.ui.evidence_panel import open_panel

        self.evidence_panel = open_panel(self, f"what was done about “{risk.title}”",
                                         lambda: self._fill_detail(self.current()),
                                         risk_id=risk.id)

    def choose_assets(self) -> None:
        risk = self.current()
        if risk is None:
            return
        picker = AssetPicker(self.ctx, risk.asset_ids, self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            chosen = picker.chosen()
            self._apply(lambda r: self.ctx.session.update(r, asset_ids=chosen))
