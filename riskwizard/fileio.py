"""Writing output files so that a failure leaves no partial file and an old one untouched."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class OutputError(Exception):
    """An output file that could not be written, said in one line."""


def write_atomically(path: Path, write: Callable[[BinaryIO], object],
                     replaces: tuple[bytes, str] | None = None) -> None:
    """Call ``write`` with a temporary file beside ``path``, then rename it into place.

    ``replaces`` = (how such files start, what they are called): an existing file at
    ``path`` is replaced only if it is of that kind, so a slip of the keyboard
    (``report clinic.riskwizard -o clinic.riskwizard``) cannot destroy a practice file.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such folder")
    if not is_writable(folder) or (path.exists() and not is_writable(path)):
        raise OutputError(f"{path}: cannot be written: the folder or file is read-only")
    if replaces is not None and path.exists():
        magic, kind = replaces
        with path.open("rb") as existing:
            start = existing.read(len(magic) + 16).lstrip()
        if path.stat().st_size and not start.startswith(magic):
            raise OutputError(f"{path}: already exists and is not {kind}; not replaced "
                              "(choose another name)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(_why(path, exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(_why(path, exc)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def unreadable(path: Path, exc: OSError, kind: str) -> str:
    """One line on why an input file could not be read (``kind``: "a practice file")."""
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: is a folder, not {kind}"
    if isinstance(exc, PermissionError):
        return f"{path}: permission denied (cannot read the file)"
    return f"{path}: cannot be read ({exc.strerror})"


def is_writable(path: Path) -> bool:
    """Writable, and not marked read-only. An administrator (or root) can write to a file
    the person marked read-only; we respect the mark all the same."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def _why(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{path}: cannot be written: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: cannot be written: the folder or file is read-only"
    return f"{path}: cannot be written ({exc.strerror or exc})"
