"""Starting the window: the application object, its icon, the last-resort error handler."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from riskwizard.ui.dialogs import Dialogs

if TYPE_CHECKING:
    from riskwizard.store.crypto import Secret


def app_icon() -> QIcon:
    """The shield-and-check icon (PNG, with the SVG when Qt can render it)."""
    from riskwizard.resources import asset

    icon = QIcon()
    for name in ("icon.png",):
        node = asset(name)
        try:
            data = node.read_bytes()
        except (FileNotFoundError, OSError):
            continue
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            icon.addPixmap(pixmap)
    return icon


def install_excepthook(dialogs: Dialogs) -> None:
    """Show an unexpected error as one line in a message box instead of crashing."""

    def hook(kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        line = str(exc).splitlines()[0] if str(exc) else kind.__name__
        if QApplication.instance() is not None:
            dialogs.error(QApplication.activeWindow(), "Something went wrong",
                          f"{line}\n\nYour work up to this moment is saved.")

    sys.excepthook = hook


class _StderrDialogs(Dialogs):
    """For --exit-after-ready: nobody is there to click a message box away."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        print(f"riskwizard: {text}", file=sys.stderr)

    def password(self, parent: QWidget | None, title: str, text: str,
                 problem: str = "") -> str | None:
        """Nobody to type one: say why in one line (give it with --password-file)."""
        print(f"riskwizard: {' '.join((problem or text).split())}", file=sys.stderr)
        return None


class FileOpenFilter(QObject):
    """macOS hands a double-clicked practice file to the running app as a FileOpen event,
    not as an argument."""

    def __init__(self, open_path: Callable[[Path], object], parent: QObject) -> None:
        super().__init__(parent)
        self._open_path = open_path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            path = event.file()  # type: ignore[attr-defined]
            if path:
                self._open_path(Path(path))
                return True
        return False


def run_gui(file: Path | None = None, exit_after_ready: bool = False,
            password: Secret | None = None) -> int:
    """Open the window (on ``file``, or the last file used) and run until it closes."""
    QGuiApplication.setApplicationName("riskwizard")
    QGuiApplication.setApplicationDisplayName("Risk Wizard")
    QGuiApplication.setOrganizationName("riskwizard")
    QGuiApplication.setDesktopFileName("riskwizard")  # Wayland: match the menu entry
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from riskwizard.ui import look

    look.apply(app)  # type: ignore[arg-type]
    from riskwizard.resources import installed_questionnaire
    from riskwizard.ui.main_window import MainWindow
    from riskwizard.ui.settings import Settings

    dialogs = _StderrDialogs() if exit_after_ready else Dialogs()
    settings = Settings()
    window = MainWindow(installed_questionnaire(), settings, dialogs)
    app.setWindowIcon(window.icon)  # type: ignore[attr-defined]
    if file is not None:
        if not window.open_path(Path(file), password=password) and exit_after_ready:
            return 1
    elif not exit_after_ready:
        window.reopen_last()
    install_excepthook(dialogs)
    app.installEventFilter(FileOpenFilter(window.open_path, app))
    window.show()
    if exit_after_ready:
        def ready() -> None:
            app.processEvents()
            window.grab()  # paints every visible widget once
            window.close()
            app.quit()

        QTimer.singleShot(0, ready)
    return int(app.exec())
