"""The practice profile (a form saved field by field) and its sites (a table)."""

from __future__ import annotations

import dataclasses
import html
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain import navigation
from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.labels import label
from riskwizard.domain.model import PracticeType, Site
from riskwizard.domain.navigation import SIZE_QUESTION
from riskwizard.ui.context import Context
from riskwizard.ui.pages import Page, Shell, ToQuestion
from riskwizard.ui.record_model import Column, RecordTableModel
from riskwizard.ui.tables import TablePage, intro_label, page_title


class _PlainEdit(QPlainTextEdit):
    """A multi-line field that reports when the person leaves it."""

    left = Signal()

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.left.emit()


NOT_SET = QDate(2000, 1, 1)


class PracticePage(Page, QWidget):
    """Who the practice is: used on the report's cover and sign-off page."""

    shows = (Kind.PRACTICE, Kind.SITES, Kind.ASSESSMENTS, Kind.ANSWERS)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Practice profile", self))
        layout.addWidget(intro_label(
            "Who the practice is and who looks after security. These details appear on the "
            "report. Changes are saved as you go.", self))
        top = QHBoxLayout()
        layout.addLayout(top)

        form_box = QGroupBox("The practice", self)
        form = QFormLayout(form_box)
        self.name = QLineEdit(form_box)
        self.type = QComboBox(form_box)
        for t in PracticeType:
            self.type.addItem(label(t), t.value)
        # Asked once, as the questionnaire's first question; shown here with a way there.
        self.staff = QLabel(form_box)
        self.staff.setTextFormat(Qt.TextFormat.RichText)
        self.staff.setWordWrap(True)
        self.staff.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.staff.linkActivated.connect(self._to_size_question)
        self.address = _PlainEdit(form_box)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.security = QLineEdit(form_box)
        self.privacy = QLineEdit(form_box)
        self.assessor = QLineEdit(form_box)
        for text, widget, tip in (
                ("Practice &name:", self.name, ""),
                ("&Kind of practice:", self.type, ""),
                ("Number of staff:", self.staff, ""),
                ("Addr&ess:", self.address, ""),
                ("&Security official:", self.security,
                 "The person responsible for protecting patient data (HIPAA requires one)."),
                ("&Privacy official:", self.privacy,
                 "The person responsible for patient privacy; may be the same person."),
                ("Assessment done &by:", self.assessor,
                 "Who is doing this risk analysis (you, or a consultant).")):
            lab = QLabel(text, form_box)
            if not isinstance(widget, QLabel):
                lab.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            if tip:
                widget.setToolTip(tip)
            form.addRow(lab, widget)
        top.addWidget(form_box, 3)

        year_box = QGroupBox("This year's assessment", self)
        year = QVBoxLayout(year_box)
        self.assessment_label = QLabel(year_box)
        self.assessment_label.setWordWrap(True)
        year.addWidget(self.assessment_label)
        review = QFormLayout()
        review.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.next_review = QDateEdit(year_box)
        self.next_review.setCalendarPopup(True)
        self.next_review.setDisplayFormat("MMMM d, yyyy")
        # The earliest date stands for "not set" (a date field cannot be empty).
        self.next_review.setMinimumDate(NOT_SET)
        self.next_review.setSpecialValueText("Not set")
        self.next_review.setAccessibleName("Next review by")
        self.next_review.setToolTip("When this risk analysis is to be looked at again "
                                    "(a year from now is usual)")
        review_label = QLabel("Next re&view by:", year_box)
        review_label.setBuddy(self.next_review)
        review.addRow(review_label, self.next_review)
        triggers_label = QLabel("&Review earlier if (one per line):", year_box)
        triggers_label.setWordWrap(True)
        self.triggers = _PlainEdit(year_box)
        self.triggers.setTabChangesFocus(True)
        self.triggers.setAccessibleName("Review earlier if")
        self.triggers.setPlaceholderText("A new electronic health record\nA move to a new "
                                         "office\nA breach or a lost laptop")
        self.triggers.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        triggers_label.setBuddy(self.triggers)
        review.addRow(triggers_label)
        review.addRow(self.triggers)
        year.addLayout(review)
        year.addStretch(1)
        top.addWidget(year_box, 2)

        self.sites_model = RecordTableModel(
            lambda: ctx.session.sites,
            [Column("Site", lambda s: s.name, "name"),
             Column("Address", lambda s: s.address, "address"),
             Column("Notes", lambda s: s.notes, "notes")],
            lambda r, ch: ctx.attempt(lambda: ctx.session.update(r, **ch)), self)
        self.sites = TablePage(
            "Sites", "Each place where the practice works or keeps records.",
            self.sites_model, noun="site", on_add=self._add_site, on_delete=self._delete_sites,
            parent=self)
        self.sites.fit_columns([18, 30], stretch=1)
        layout.addWidget(self.sites, 1)

        for line in (self.name, self.security, self.privacy, self.assessor):
            line.editingFinished.connect(self.save)
        self.address.left.connect(self.save)
        self.type.currentIndexChanged.connect(self.save)
        self.next_review.editingFinished.connect(self.save_review)
        self.triggers.left.connect(self.save_review)
        self._shell: Shell | None = None
        self._loading = False
        self._fill_form()

    def connect_window(self, window: Shell) -> None:
        self._shell = window

    def _to_size_question(self, _: str = "") -> None:
        if self._shell is not None:
            self._shell.go(ToQuestion(SIZE_QUESTION))

    def _fill_form(self) -> None:
        self._loading = True
        p = self.ctx.session.practice
        self.name.setText(p.name)
        self.type.setCurrentIndex(max(self.type.findData(p.practice_type.value), 0))
        self._fill_size()
        self.address.setPlainText(p.address)
        self.security.setText(p.security_official)
        self.privacy.setText(p.privacy_official)
        self.assessor.setText(p.assessor)
        a = self.ctx.session.assessment
        n = len(self.ctx.session.assessments)
        self.assessment_label.setText(
            f"<b>{a.title}</b><br>Started {a.started_on:%B} {a.started_on.day}, "
            f"{a.started_on.year}." if a.started_on
            else f"<b>{a.title}</b>")
        if n > 1:
            self.assessment_label.setText(self.assessment_label.text()
                                          + f"<br>This file holds {n} assessments.")
        r = a.next_review
        self.next_review.setDate(QDate(r.year, r.month, r.day) if r else NOT_SET)
        self.triggers.setPlainText(a.review_triggers)
        self._loading = False

    def _fill_size(self) -> None:
        """The number of staff: the answer to the questionnaire's size question."""
        answer = self.ctx.session.answers.get(SIZE_QUESTION)
        band = navigation.practice_size(self.ctx.session.answers)
        if band is not None:
            words = html.escape(label(band))
            self.staff.setText(f"{words} &nbsp;<a href=\"size\">Change…</a>")
        elif answer is not None and answer.choice:
            self.staff.setText("Not sure yet &nbsp;<a href=\"size\">Answer…</a>")
        else:
            self.staff.setText("Asked in the questionnaire &nbsp;<a href=\"size\">Answer…</a>")
        self.staff.setToolTip("Asked once, as “Practice size” in About the practice")
        self.staff.setAccessibleName(f"Number of staff: {label(band) if band else 'not given'}")

    def refresh(self, changes: Changes) -> None:
        """Read again only what ``changes`` touched: an answer shows here only through the
        size question; the sites table only when sites changed."""
        if changes.touches(Kind.PRACTICE, Kind.ASSESSMENTS):
            self._fill_form()
        elif changes.touches(Kind.ANSWERS):
            ids = changes.ids_of(Kind.ANSWERS)
            if not ids or SIZE_QUESTION in ids:
                self._fill_size()
        if changes.touches(Kind.SITES):
            self.sites_model.reload()

    def save(self) -> None:
        if self._loading:
            return
        p = self.ctx.session.practice
        name = self.name.text().strip()
        if not name:
            self.name.setText(p.name)
            return
        new = dataclasses.replace(
            p, name=name, practice_type=PracticeType(self.type.currentData()),
            address=self.address.toPlainText(),
            security_official=self.security.text().strip(),
            privacy_official=self.privacy.text().strip(), assessor=self.assessor.text().strip())
        if new != p:
            self.ctx.attempt(lambda: self.ctx.session.save_practice(new))

    def save_review(self) -> None:
        """Save the review date and the triggers for an earlier review, one per line."""
        if self._loading:
            return
        a = self.ctx.session.assessment
        picked = self.next_review.date()
        when = None if picked == NOT_SET else date(picked.year(), picked.month(), picked.day())
        lines = [t.strip() for t in self.triggers.toPlainText().splitlines()]
        triggers = "\n".join(t for t in lines if t)
        new = dataclasses.replace(a, next_review=when, review_triggers=triggers)
        if new != a:
            self.ctx.attempt(lambda: self.ctx.session.save(new))

    def _add_site(self) -> bool:
        n = len(self.ctx.session.sites) + 1
        if self.ctx.attempt(lambda: self.ctx.session.add(Site(f"Site {n}"))) is None:
            return False
        self.sites_model.appended()
        return True

    def _delete_sites(self, sites: list[Site]) -> None:
        names = ", ".join(s.name for s in sites[:3]) + ("…" if len(sites) > 3 else "")
        if not self.ctx.dialogs.ask(self, "Delete sites",
                                    f"Delete {names}? Assets at these sites keep their "
                                    "details but no longer have a site.", "Delete"):
            return
        for s in sites:
            self.ctx.attempt(partial(self.ctx.session.delete, s))
        self.sites_model.reload()
