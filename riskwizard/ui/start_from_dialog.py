"""Starting a practice from a template or from another client's file, taking only what the
person ticks. Everything taken is a starting point: answers are marked to confirm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain import assessments as periods
from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.templates import CopyChoice, Template
from riskwizard.store import StoreError, open_practice_file
from riskwizard.ui.dialogs import PRACTICE_FILTER, Dialogs

ID_ROLE = Qt.ItemDataRole.UserRole


class StartFromDialog(QDialog):
    """Choose a template or another client's file, and what to take from it."""

    def __init__(self, questionnaire: Questionnaire, templates: list[Template],
                 dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New practice from a template or another client")
        self.questionnaire, self.templates, self.dialogs = questionnaire, templates, dialogs
        self.source: PracticeData | None = None
        self.source_path: Path | None = None
        v = QVBoxLayout(self)
        name_row = QHBoxLayout()
        name_label = QLabel("&Name of the new practice:", self)
        self.name = QLineEdit(self)
        name_label.setBuddy(self.name)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name, 1)
        v.addLayout(name_row)

        self.from_template = QRadioButton("Start from a &template", self)
        self.from_client = QRadioButton("Start from another &client's file", self)
        group = QButtonGroup(self)
        group.addButton(self.from_template)
        group.addButton(self.from_client)
        self.from_template.setChecked(True)
        v.addWidget(self.from_template)
        self.template_list = QListWidget(self)
        self.template_list.setAccessibleName("Templates")
        for t in templates:
            item = QListWidgetItem(f"{t.name} — {t.description}")
            item.setData(ID_ROLE, t.id)
            item.setToolTip(t.description)
            self.template_list.addItem(item)
        self.template_list.setCurrentRow(0)
        self.template_list.setWordWrap(True)
        v.addWidget(self.template_list)

        client_row = QHBoxLayout()
        client_row.addWidget(self.from_client)
        self.client_button = QPushButton("Choose the &file…", self)
        self.client_button.clicked.connect(self.choose_client)
        self.client_label = QLabel("", self)
        client_row.addWidget(self.client_button)
        client_row.addWidget(self.client_label, 1)
        v.addLayout(client_row)
        self.copy_box = QGroupBox("Take from that file", self)
        cb = QVBoxLayout(self.copy_box)
        self.kind_box = QCheckBox("The kind and size of practice", self.copy_box)
        self.sites_box = QCheckBox("Site names (not addresses)", self.copy_box)
        self.assets_box = QCheckBox("Assets (names and kinds; not owners or notes)",
                                    self.copy_box)
        self.vendors_box = QCheckBox("Vendors (names, services, roles; not contacts or BAA "
                                     "dates)", self.copy_box)
        for b in (self.kind_box, self.sites_box, self.assets_box, self.vendors_box):
            cb.addWidget(b)
        v.addWidget(self.copy_box)

        v.addWidget(QLabel("Answers to take, section by section (each is marked “to "
                           "confirm”):", self))
        self.sections = QListWidget(self)
        self.sections.setAccessibleName("Sections whose answers are taken")
        v.addWidget(self.sections)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Create…")
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.from_template.toggled.connect(self._mode_changed)
        self.template_list.currentRowChanged.connect(lambda _: self._fill_sections())
        self._mode_changed()
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(56 * em, 34 * self.fontMetrics().height())

    # --- state

    def template(self) -> Template | None:
        row = self.template_list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def chosen_sections(self) -> frozenset[str]:
        out = set()
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.add(str(item.data(ID_ROLE)))
        return frozenset(out)

    def copy_choice(self) -> CopyChoice:
        return CopyChoice(self.kind_box.isChecked(), self.sites_box.isChecked(),
                          self.assets_box.isChecked(), self.vendors_box.isChecked(),
                          self.chosen_sections())

    def _mode_changed(self) -> None:
        template = self.from_template.isChecked()
        self.template_list.setEnabled(template)
        self.client_button.setEnabled(not template)
        self.copy_box.setEnabled(not template and self.source is not None)
        self._fill_sections()

    def _fill_sections(self) -> None:
        self.sections.clear()
        rows: list[tuple[str, str, int]] = []
        if self.from_template.isChecked():
            t = self.template()
            rows = t.sections(self.questionnaire) if t is not None else []
            checked = True
        elif self.source is not None:
            latest = periods.latest(self.source.assessments)
            answers = self.source.answers_for(latest.id) if latest is not None else {}
            for m in self.questionnaire.modules:
                n = sum(1 for q in m.questions if q.id in answers
                        and (answers[q.id].choice or answers[q.id].decision))
                if n:
                    rows.append((m.id, m.title, n))
            checked = False  # from another client: nothing unless ticked
        for module_id, title, n in rows:
            item = QListWidgetItem(f"{title} ({n} answer{'' if n == 1 else 's'})")
            item.setData(ID_ROLE, module_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.sections.addItem(item)

    def choose_client(self) -> None:
        path = self.dialogs.open_path(self, "Another client's practice file", PRACTICE_FILTER)
        if path is not None:
            self.load_client(path)

    def load_client(self, path: Path) -> bool:
        """Read another client's file, read-only (it stays as it is, and unlocked)."""
        try:
            with open_practice_file(path, readonly=True) as pf:
                self.source = pf.load_all()
        except StoreError as exc:
            self.dialogs.error(self, "Could not read that file", str(exc))
            return False
        self.source_path = path
        self.client_label.setText(f"{self.source.practice.name} ({path.name})")
        self.from_client.setChecked(True)
        self._mode_changed()
        return True

    def _ok(self) -> None:
        if not self.name.text().strip():
            self.dialogs.error(self, "No name", "Type the new practice's name first.")
            return
        if self.from_client.isChecked() and self.source is None:
            self.dialogs.error(self, "No file chosen", "Choose the other client's file first.")
            return
        self.accept()
