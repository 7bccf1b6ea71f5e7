"""What every page needs: the open session, the dialog service, and one way to save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from riskwizard.session import Session
from riskwizard.store import StoreError
from riskwizard.ui.dialogs import Dialogs

T = TypeVar("T")


class Context(QObject):
    """Shared by the pages of one open practice."""

    saved = Signal(str)
    """A change reached the file; the text is for the status bar."""
    changed = Signal(str)
    """Something changed: "answers", "risks", "remediation", "sites", "assets", "vendors",
    "practice" or "assessment"; pages showing it refresh when next shown."""

    def __init__(self, session: Session, dialogs: Dialogs, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.dialogs = dialogs
        self.window = window

    def attempt(self, what: str, action: Callable[[], T]) -> T | None:
        """Run a change; on a save error say so plainly and return None (nothing changed)."""
        try:
            result = action()
        except StoreError as exc:
            self.dialogs.error(self.window, "Your change was not saved", str(exc))
            return None
        self.saved.emit("Saved")
        self.changed.emit(what)
        return result
