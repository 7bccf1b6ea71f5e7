"""The editor of a date cell: typed as a person writes a date (03/15/2026, Mar 15, 2026,
2026-03-15: ``domain.dates``, the one home of that rule), or picked from a calendar; emptied
for no date. A text that is not a date is never saved: Enter leaves the editor open with
the forms that work in its tooltip, and leaving the cell keeps the date it had."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint
from PySide6.QtGui import QColor, QPalette, QValidator
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QStyle, QWidget, QWidgetAction

from riskwizard.domain.dates import HINT, DateError, parse_date, typed_form

TIP = f"Type {HINT}, or pick it from the calendar; empty it for no date"
INVALID_TEXT = "#b00020"  # dark red: 7:1 on white
INVALID_ON_DARK = "#ff8a80"  # light red on a dark field


class _DateValidator(QValidator):
    """Acceptable when the text is a date (or empty: no date); Intermediate otherwise, so
    typing is never blocked half-way through a date."""

    def validate(self, text: str, pos: int) -> object:
        try:
            parse_date(text)
        except DateError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateField(QLineEdit):
    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setValidator(_DateValidator(self))
        self.setPlaceholderText("MM/DD/YYYY, or empty for no date")
        self.setToolTip(TIP)
        self.setAccessibleName(title)
        self._normal = self.palette().color(QPalette.ColorRole.Text)
        self.calendar_action = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick the date from a calendar")
        self.calendar_action.triggered.connect(self.pick)
        self.textChanged.connect(self._mark)

    def set_date(self, day: date | None) -> None:
        self.setText(typed_form(day) if day is not None else "")

    def date(self) -> date | None:
        """The date typed; DateError (one line) when the text is not one."""
        return parse_date(self.text())

    def pick(self) -> None:
        """The calendar, under the field, on the date typed (today when none)."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        try:
            day = self.date()
        except DateError:
            day = None
        calendar.setSelectedDate(qdate(day) if day is not None else QDate.currentDate())
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def chosen(day: QDate) -> None:
            self.set_date(pydate(day))
            menu.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar = calendar  # for the tests: the calendar shown

    def _mark(self, text: str) -> None:
        """Say it as it is typed when the text is not (yet) a date: its words turn the
        palette's error red and the tooltip names the forms that work."""
        palette = self.palette()
        try:
            parse_date(text)
        except DateError as exc:
            self.setToolTip(str(exc))
            dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
            palette.setColor(QPalette.ColorRole.Text,
                             QColor(INVALID_ON_DARK if dark else INVALID_TEXT))
        else:
            self.setToolTip(TIP)
            palette.setColor(QPalette.ColorRole.Text, self._normal)
        self.setPalette(palette)
