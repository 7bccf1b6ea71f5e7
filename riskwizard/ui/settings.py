"""Settings, typed, in one INI file under the user's configuration folder.

The folder is ``platformdirs.user_config_dir("riskwizard")`` unless the environment
variable ``RISKWIZARD_CONFIG_DIR`` names another (tests, portable installs). It is never
next to the executable. The file lists the paths of practice files: it is owner-only, and so
is its folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from riskwizard.fileio import make_private

MAX_RECENT = 8


def config_dir() -> Path:
    override = os.environ.get("RISKWIZARD_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs  # only when asked: the first screen may not need it

    return Path(platformdirs.user_config_dir("riskwizard"))


def data_dir() -> Path:
    """Where the program keeps files it makes for the person (the demo practice)."""
    override = os.environ.get("RISKWIZARD_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("riskwizard"))


class Settings:
    """Recent files, the last file, the assessment chosen in each file, window geometry."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or config_dir()
        self.path = folder / "riskwizard.ini"
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
        make_private(self.path)
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    # --- files

    def recent_files(self) -> list[Path]:
        value = self._q.value("files/recent", [], type=list)
        return [Path(str(v)) for v in value if v] if isinstance(value, list) else []

    def add_recent(self, path: Path) -> None:
        path = path.resolve()
        recent = self.recent_files()
        paths = [path] + [p for p in recent if p != path]
        if paths[:MAX_RECENT] != recent or self.last_file() != path:  # (else nothing to
            # write: reopening the last file would write, and sync to disk, the same again)
            self._q.setValue("files/recent", [str(p) for p in paths[:MAX_RECENT]])
            self._q.setValue("files/last", str(path))

    def forget(self, path: Path) -> None:
        path = path.resolve()
        recent = self.recent_files()
        if path in recent:
            self._q.setValue("files/recent", [str(p) for p in recent if p != path])
        if self.last_file() == path:
            self._q.remove("files/last")

    def last_file(self) -> Path | None:
        value = self._q.value("files/last", "", type=str)
        return Path(str(value)) if value else None

    def clear_last_file(self) -> None:
        if self._q.contains("files/last"):  # (unchanged settings are not written again)
            self._q.remove("files/last")

    def begin_reopen(self) -> Path | None:
        """The file to reopen at start, marked as being reopened (and saved at once); None
        if there is none, or if the last start did not finish reopening it (it crashed):
        a file that crashed the program once is not tried again at every start."""
        last = self.last_file()
        if self._q.value("files/reopening", "", type=str):
            self._q.remove("files/reopening")
            self.clear_last_file()
            self.sync()
            return None
        if last is not None:
            self._q.setValue("files/reopening", str(last))
            self.sync()
        return last

    def end_reopen(self, *, opened: bool) -> None:
        """Reopening finished: the file is open (``opened``), or it could not be opened and
        is not tried again at the next start."""
        self._q.remove("files/reopening")
        if not opened:
            self.clear_last_file()
        self.sync()

    # --- per file

    def _file_key(self, path: Path) -> str:
        import hashlib  # (OpenSSL: not before the window's first frame)

        digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
        return f"assessment/{digest}"

    def assessment_for(self, path: Path) -> int | None:
        """The assessment last chosen in this file, if one was."""
        value = self._q.value(self._file_key(path), 0, type=int)
        return int(value) if isinstance(value, int) and value > 0 else None

    def set_assessment_for(self, path: Path, assessment_id: int) -> None:
        self._q.setValue(self._file_key(path), assessment_id)

    # --- window

    def clients_folder(self) -> Path | None:
        """The folder of client practice files a consultant chose (Clients view)."""
        value = self._q.value("files/clients_folder", "", type=str)
        return Path(str(value)) if value else None

    def set_clients_folder(self, folder: Path | None) -> None:
        self._q.setValue("files/clients_folder", str(folder) if folder else "")

    def window_geometry(self) -> QByteArray:
        value = self._q.value("window/geometry", QByteArray(), type=QByteArray)
        return value if isinstance(value, QByteArray) else QByteArray()

    def set_window_geometry(self, geometry: QByteArray) -> None:
        if geometry != self.window_geometry():
            self._q.setValue("window/geometry", geometry)

    def last_scheme(self) -> str | None:
        """The desktop's light or dark setting as the program last saw it (None: never)."""
        value = self._q.value("window/scheme", "")
        return value if value in ("light", "dark") else None

    def set_last_scheme(self, scheme: str) -> None:
        if scheme != self.last_scheme():
            self._q.setValue("window/scheme", scheme)

    def sync(self) -> None:
        self._q.sync()
        make_private(self.path)
