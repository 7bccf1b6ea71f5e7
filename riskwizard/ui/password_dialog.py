"""Small dialogs that ask for a password: the one that opens a protected practice file
(one field, one try each time it is shown) and the one that sets a new one (typed twice).

Nothing typed here is kept: the text goes to the caller and the fields are cleared when
the dialog closes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_PASSWORD = 8
"""Characters at least in a new password (the store itself only refuses an empty one)."""

WRONG_PASSWORD = "That password does not open this file. Try again, or press Cancel."


def new_password_problem(first: str, second: str) -> str:
    """Why ``first`` (typed again as ``second``) cannot be the new password, in one line;
    "" when it can."""
    if not first:
        return "Type the new password."
    if len(first) < MIN_PASSWORD:
        return f"The password needs at least {MIN_PASSWORD} characters."
    if first != second:
        return "The two passwords are not the same."
    return ""


def warn(label: QLabel) -> None:
    """Warning words in a colour that reads on the window (light or dark)."""
    from riskwizard.ui import look

    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(look.warning_colour(label)))
    label.setPalette(pal)


def _masked(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class PasswordDialog(QDialog):
    """Ask for a password: one field (``twice=False``) or a new one typed twice."""

    def __init__(self, parent: QWidget | None, title: str, text: str, problem: str = "",
                 twice: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.twice = twice
        v = QVBoxLayout(self)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        v.addWidget(self.text)
        form = QFormLayout()
        self.first = _masked(self, "New password" if twice else "Password")
        form.addRow("&New password:" if twice else "&Password:", self.first)
        self.second = _masked(self, "New password again")
        if twice:
            form.addRow("&Again:", self.second)
        else:
            self.second.hide()
        v.addLayout(form)
        self.problem = QLabel(problem, self)
        self.problem.setWordWrap(True)
        warn(self.problem)
        self.problem.setVisible(bool(problem))
        self.problem.setAccessibleName("Problem")
        v.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.first.textChanged.connect(self._typed)
        self.second.textChanged.connect(self._typed)
        self._typed()
        self.first.setFocus()
        em = self.fontMetrics().horizontalAdvance("M")
        self.setMinimumWidth(30 * em)

    def _typed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.first.text()))

    def _try_accept(self) -> None:
        if self.twice:
            why = new_password_problem(self.first.text(), self.second.text())
            if why:
                self.problem.setText(why)
                self.problem.setVisible(True)
                return
        self.accept()

    def password(self) -> str:
        return self.first.text()

    def forget(self) -> None:
        """Clear the fields, so the password does not stay in the widgets."""
        self.first.clear()
        self.second.clear()


def ask_password(parent: QWidget | None, title: str, text: str,
                 problem: str = "") -> str | None:
    dialog = PasswordDialog(parent, title, text, problem)
    try:
        return dialog.password() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.forget()
        dialog.deleteLater()


def ask_new_password(parent: QWidget | None, title: str, text: str,
                     problem: str = "") -> tuple[str, str] | None:
    dialog = PasswordDialog(parent, title, text, problem, twice=True)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.first.text(), dialog.second.text()
    finally:
        dialog.forget()
        dialog.deleteLater()
