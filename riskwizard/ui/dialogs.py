"""Message boxes and file choosers behind one service, so tests can replace it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# The message boxes and file choosers are imported when first used: making their Qt classes
# (and their enums) is work the window's first frame does not need.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

PRACTICE_FILTER = "Practice files (*.riskwizard);;All files (*)"
CSV_FILTER = "Spreadsheet files (*.csv);;All files (*)"
PDF_FILTER = "PDF documents (*.pdf)"
ANY_FILTER = "All files (*)"
ZIP_FILTER = "Zip files (*.zip)"


class Dialogs:
    """Everything that asks the person something or tells them something in a window."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, parent)
        if details:
            box.setDetailedText(details)
        box.exec()

    def ask(self, parent: QWidget | None, title: str, text: str, yes: str = "Yes",
            no: str = "Cancel") -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.NoButton, parent)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        # Enter (or a stray key press) must never delete or overwrite: the safe choice is
        # the default; the person clicks the other, or presses its key.
        box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is yes_button

    def choose(self, parent: QWidget | None, title: str, label: str,
               items: list[str]) -> int | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
        return items.index(text) if ok and text in items else None

    def text(self, parent: QWidget | None, title: str, label: str, value: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(parent, title, label, text=value)
        return text if ok else None

    def open_path(self, parent: QWidget | None, title: str, filter: str,
                  folder: Path | None = None) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(parent, title, str(folder or Path.home()), filter)
        return Path(name) if name else None

    def save_path(self, parent: QWidget | None, title: str, suggested: Path,
                  filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(parent, title, str(place_to_save(suggested)),
                                              filter)
        return Path(name) if name else None

    def password(self, parent: QWidget | None, title: str, text: str,
                 problem: str = "") -> str | None:
        """A password, typed once in a masked field (None: cancelled); ``problem`` says in
        one line why it is asked again."""
        from riskwizard.ui.password_dialog import ask_password

        return ask_password(parent, title, text, problem)

    def new_password(self, parent: QWidget | None, title: str, text: str,
                     problem: str = "") -> tuple[str, str] | None:
        """A new password typed twice (None: cancelled); the caller checks the two with
        ``password_dialog.new_password_problem``."""
        from riskwizard.ui.password_dialog import ask_new_password

        return ask_new_password(parent, title, text, problem)

    def show_file(self, path: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def place_to_save(suggested: Path, documents: Path | None = None) -> Path:
    """Where a save dialog opens: ``suggested``, unless it is in the program's own folder
    (where the demo practice is kept, hidden on most systems): then the same name in the
    person's Documents folder (their home when there is none), where they will find it."""
    from riskwizard.ui.settings import data_dir

    own = data_dir().resolve()
    folder = suggested.parent.resolve()
    if folder != own and own not in folder.parents:
        return suggested
    if documents is None:
        from PySide6.QtCore import QStandardPaths

        found = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        documents = Path(found) if found and Path(found).is_dir() else Path.home()
    return documents / suggested.name
