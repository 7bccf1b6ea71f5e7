"""What every page needs: the open session, the dialog service, and one way to save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from riskwizard.domain.changes import Changes
from riskwizard.store import StoreError
from riskwizard.ui.dialogs import Dialogs

if TYPE_CHECKING:
    from riskwizard.session import Session


class Context(QObject):
    """Shared by the pages of one open practice."""

    saved = Signal(str)
    """A change reached the file; the text is for the status bar."""
    changed = Signal(object)
    """A ``Changes``: what the last action changed; pages showing it refresh."""

    def __init__(self, session: Session, dialogs: Dialogs, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.dialogs = dialogs
        self.window = window

    def attempt(self, action: Callable[[], Changes]) -> Changes | None:
        """Run one application-layer action; on a save error say so plainly and return None
        (nothing changed). Otherwise tell every page what changed."""
        try:
            changes = action()
        except StoreError as exc:
            self.dialogs.error(self.window, "Your change was not saved", str(exc))
            return None
        self.saved.emit("Saved")
        if changes:
            self.changed.emit(changes)
        return changes
