"""Starting the window: the application object, its icon, the last-resort error handler."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from riskwizard.ui.dialogs import Dialogs

if TYPE_CHECKING:
    from riskwizard.domain.questionnaire import Questionnaire
    from riskwizard.store.crypto import Secret


def app_icon() -> QIcon:
    """The shield-and-check icon (PNG, with the SVG when Qt can render it)."""
    icon = QIcon()
    for name in ("icon.png",):
        try:
            data = _asset_bytes(name)
        except (FileNotFoundError, OSError):
            continue
        pixmap = QPixmap()
        # "PNG" said: else Qt loads every image format plugin to ask each if it can read
        # these bytes (the PDF one with its whole library), 4 ms before the first frame
        if pixmap.loadFromData(data, "PNG"):
            icon.addPixmap(pixmap)
    return icon


def _asset_bytes(name: str) -> bytes:
    """A file of ``riskwizard.assets``, read from its folder when it has one (as installed or
    frozen), else through ``importlib.resources`` (``resources.asset``: that module, with the
    questionnaire's, and importlib.resources are not imported before the first frame)."""
    from importlib.util import find_spec

    spec = find_spec("riskwizard.assets")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        if (Path(folder) / name).is_file():
            return (Path(folder) / name).read_bytes()
    from riskwizard.resources import asset

    return asset(name).read_bytes()


def install_excepthook(dialogs: Dialogs) -> None:
    """Show an unexpected error as one line in a message box instead of crashing."""

    def hook(kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        import traceback

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

    def __init__(self, file: Path | None = None) -> None:
        super().__init__()
        self._file = file

    def password(self, parent: QWidget | None, title: str, text: str,
                 problem: str = "") -> str | None:
        """Nobody to type one: say why in one line, and how to give it here."""
        from riskwizard.cli import PASSWORD_HINT

        what = ("that password does not open it; nothing was changed" if problem
                else "protected with a password")
        print(f"riskwizard: {self._file or 'the file'}: {what}; {PASSWORD_HINT}",
              file=sys.stderr)
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
    """Open the window (on ``file``, or the last file used) and run until it closes.

    The window's frame is painted first; the practice is opened and filled in right after
    (the session, the store and the pages are imported only then), and then the desktop's
    light or dark setting is asked. ``exit_after_ready``: quit once all that is done and the
    window painted, usable (1 if the file could not be opened). ``password``: the file's,
    given on the command line.

    When the environment variable ``RISKWIZARD_TIMES`` names a file, the moments of the first
    frame and of being ready are appended to it (``mark``; benchmarks/bench_window.py)."""
    QGuiApplication.setApplicationName("riskwizard")
    QGuiApplication.setApplicationDisplayName("Risk Wizard")
    QGuiApplication.setOrganizationName("riskwizard")
    QGuiApplication.setDesktopFileName("riskwizard")  # Wayland: match the menu entry
    from riskwizard.ui import look

    app = QApplication.instance() or look.new_application(sys.argv[:1])
    from riskwizard.ui.main_window import MainWindow
    from riskwizard.ui.settings import Settings

    settings = Settings()
    # The first frame in the colours of the desktop's light or dark setting as last seen;
    # the desktop is asked right after it (settle), and the window follows if it changed.
    look.apply(app, assumed=settings.last_scheme(), pictures=False)  # type: ignore[arg-type]
    dialogs = _StderrDialogs(file) if exit_after_ready else Dialogs()
    window = MainWindow(_installed_questionnaire, settings, dialogs)
    app.setWindowIcon(window.icon)  # type: ignore[attr-defined]
    install_excepthook(dialogs)
    if sys.platform == "darwin":  # the only system that sends FileOpen; elsewhere a filter
        # on the whole application would only slow every event down
        app.installEventFilter(FileOpenFilter(window.open_path, app))
    opening = Path(file) if file is not None else (
        None if exit_after_ready else settings.last_file())
    if opening is not None and opening.exists():
        window.show_opening(opening)
    failed = False

    def fill() -> None:
        """Right after the first frame: the practice, if one is to be opened."""
        nonlocal failed
        mark("first_frame")
        if file is not None:
            failed = not window.open_path(Path(file), password=password)
        elif not exit_after_ready:
            window.reopen_last()
        if window.session is None:
            window.show_start()
        QTimer.singleShot(0, settle)

    def settle() -> None:
        """Then the desktop's light or dark setting (the first frame took the one last seen;
        the window follows if it changed)."""
        settings.set_last_scheme(look.follow_desktop(app))  # type: ignore[arg-type]
        look.keep_bar_pictures(app)  # type: ignore[arg-type]  # (same pixels as Fusion)
        if exit_after_ready:
            QTimer.singleShot(0, ready)

    def ready() -> None:
        """Everything the start does is done: the window painted as it now is, then quit."""
        if file is not None:  # the screen changed after the first frame (the practice, or the
            # start page if it could not be opened); the start page alone was painted already
            app.processEvents()
            window.grab()  # paints every visible widget once
        mark("ready")
        window.close()
        app.quit()

    after_first_paint(window, fill)
    window.show()
    code = int(app.exec())
    return 1 if failed and exit_after_ready else code


def mark(moment: str) -> None:
    """Note when ``moment`` happened (the monotonic clock, this process's CPU time), for a
    benchmark that started this program: appended to the file named by ``RISKWIZARD_TIMES``,
    if set."""
    path = os.environ.get("RISKWIZARD_TIMES")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{moment} {time.monotonic()!r} {time.process_time()!r}\n")


def _installed_questionnaire() -> Questionnaire:
    """Loaded when a practice is first opened (after the first frame), not before."""
    from riskwizard.resources import installed_questionnaire

    return installed_questionnaire()


class _FirstPaint(QObject):
    """Calls ``then`` once, as soon as the event loop is free after ``widget``'s first
    paint."""

    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Run ``then`` right after ``widget`` is first painted (a frame on screen first)."""
    _FirstPaint(widget, then)
