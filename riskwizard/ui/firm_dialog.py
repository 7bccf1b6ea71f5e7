"""The firm profile, set once: firm, assessor, credentials, contact and logo, for the
"prepared by" block of every report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from riskwizard import firm
from riskwizard.domain.prepared_by import PreparedBy
from riskwizard.ui.dialogs import Dialogs

LOGO_FILTER = "Images (*.png *.jpg *.jpeg)"


class FirmDialog(QDialog):
    """Edit the firm profile; saved in the configuration folder on OK."""

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Firm profile")
        self.dialogs, self.folder = dialogs, folder
        self.logo: bytes | None = None
        v = QVBoxLayout(self)
        intro = QLabel("Who prepares the reports. Set once; every report's “Prepared by” "
                       "block uses it. A practice's own assessor and logo (on its profile "
                       "page) take its place for that practice.", self)
        intro.setWordWrap(True)
        v.addWidget(intro)
        form = QFormLayout()
        self.firm = QLineEdit(self)
        self.assessor = QLineEdit(self)
        self.credentials = QLineEdit(self)
        self.credentials.setPlaceholderText("e.g. CISSP, CHPS")
        self.contact = QPlainTextEdit(self)
        self.contact.setTabChangesFocus(True)
        self.contact.setPlaceholderText("E-mail, phone, web address")
        self.contact.setFixedHeight(self.fontMetrics().height() * 4)
        form.addRow("&Firm:", self.firm)
        form.addRow("&Assessor:", self.assessor)
        form.addRow("&Credentials:", self.credentials)
        form.addRow("C&ontact:", self.contact)
        logo_row = QHBoxLayout()
        self.logo_view = QLabel("No logo", self)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setMinimumSize(160, 60)
        self.logo_button = QPushButton("Choose &logo…", self)
        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo = QPushButton("&Remove logo", self)
        self.remove_logo.clicked.connect(lambda: self._set_logo(None))
        logo_row.addWidget(self.logo_view, 1)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.remove_logo)
        form.addRow("Logo:", logo_row)
        v.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        try:
            current = firm.firm_profile(folder)
        except firm.FirmError as exc:
            dialogs.error(self, "The firm profile could not be read",
                          f"{exc}. Saving here replaces it.")
            current = None
        if current is not None:
            self.firm.setText(current.firm)
            self.assessor.setText(current.assessor)
            self.credentials.setText(current.credentials)
            self.contact.setPlainText(current.contact)
        self._set_logo(current.logo if current is not None else None)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 40, self.sizeHint().height())

    def profile(self) -> PreparedBy:
        return PreparedBy(self.firm.text().strip(), self.assessor.text().strip(),
                          self.credentials.text().strip(), self.contact.toPlainText().strip(),
                          self.logo)

    def _set_logo(self, raw: bytes | None) -> None:
        self.logo = raw
        self.remove_logo.setEnabled(raw is not None)
        if raw is None:
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText("No logo")
            return
        pix = QPixmap()
        pix.loadFromData(raw)
        self.logo_view.setPixmap(pix.scaled(160, 60, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))

    def choose_logo(self) -> None:
        path = self.dialogs.open_path(self, "Choose the firm's logo", LOGO_FILTER)
        if path is None:
            return
        try:
            self._set_logo(firm.read_logo(path))
        except firm.FirmError as exc:
            self.dialogs.error(self, "That logo cannot be used", str(exc))

    def save(self) -> None:
        try:
            firm.save_firm_profile(self.profile(), self.folder)
        except firm.FirmError as exc:
            self.dialogs.error(self, "The firm profile was not saved", str(exc))
            return
        self.accept()
