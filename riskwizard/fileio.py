"""Writing output files so that a failure leaves no partial file and an old one untouched.

The one home of the rules every file the program writes follows:

- it is built under a short hidden temporary name beside its target (``.~rw…`` plus eight
  characters, whatever the target is called, so a 240-character name can still be written)
  and renamed into place only when complete;
- it is owner-only (mode 0600): practice files list a clinic's weaknesses;
- an existing file is replaced only if it is of the same kind (``FileKind``), so a slip of
  the mouse cannot turn a practice file into a spreadsheet;
- temporary files left by a killed run are removed on a later run (``clean_leftovers``):
  only ours by name, owned by this user, and older than a run could take;
- every message about it is one line, naming the file the person asked for.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".~rw"
TEMP_SUFFIX = ".tmp"
LEFTOVER_AGE = 6 * 3600  # seconds: older than any real write (the large demo takes seconds)
MAX_INPUT_BYTES = 200 * 1024 * 1024
"""No practice file, export or spreadsheet of a 30-person practice comes near 200 MB."""
OWNER_ONLY = 0o600


def one_line(text: str) -> str:
    """``text`` as one line: newlines and other control characters are shown escaped
    (a file name can hold a newline), runs of spaces kept as they are."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate cannot be printed
            out.append(f"\\u{ord(ch):04x}")
        elif ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}")
    return "".join(out)


class OneLineError(Exception):
    """An error whose message is always one line (the command line's and the window's
    contract); every error the person can see derives from it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(one_line(str(message)))


class OutputError(OneLineError):
    """An output file that could not be written, said in one line."""


@dataclass(frozen=True)
class FileKind:
    """What an output file is, and how to tell an existing file of that kind."""

    name: str  # "a PDF": used in "already exists and is not a PDF"
    looks_like: Callable[[bytes], bool]  # given the first 4 KB of a non-empty file


def _starts_with(magic: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.lstrip().startswith(magic)


def _is_plain_text(head: bytes) -> bool:
    """A text file that is none of the program's other kinds: no NUL byte (every SQLite
    file, PDF stream and image has one early), and not a PDF or JSON."""
    if b"\x00" in head or head.startswith(b"%PDF"):
        return False
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return not body.startswith((b"{", b"["))


PDF = FileKind("a PDF", _starts_with(b"%PDF"))
JSON_EXPORT = FileKind("a JSON export", _starts_with(b"{"))
CSV = FileKind("a CSV spreadsheet", _is_plain_text)
CACHE = FileKind("a riskwizard cache file", _starts_with(b"{"))
XLSX = FileKind("an Excel workbook", _starts_with(b"PK\x03\x04"))
SETTINGS_JSON = FileKind("a riskwizard settings file", _starts_with(b"{"))


def temp_name(folder: Path) -> Path:
    """A fresh hidden temporary name in ``folder``, short whatever the target is called."""
    import secrets  # (with hashlib and OpenSSL: not before the window's first frame)

    return folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}{TEMP_SUFFIX}"


def create_temp(folder: Path) -> tuple[int, Path]:
    """Create (O_EXCL, mode 0600) a temporary file in ``folder``; its descriptor and path."""
    clean_leftovers(folder)
    for _ in range(100):
        tmp = temp_name(folder)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         OWNER_ONLY)
        except FileExistsError:
            continue
        return fd, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def is_leftover(entry: Path, now: float | None = None) -> bool:
    """A temporary file of ours that no running write can still be using."""
    name = entry.name
    if not name.startswith(TEMP_PREFIX):
        return False
    if not (name.endswith(TEMP_SUFFIX) or name.endswith(TEMP_SUFFIX + "-journal")):
        return False
    try:
        st = entry.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return (now if now is not None else time.time()) - st.st_mtime > LEFTOVER_AGE


def clean_leftovers(folder: Path) -> int:
    """Remove our temporary files left in ``folder`` by a killed run; how many."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(TEMP_PREFIX) and is_leftover(Path(entry.path), now):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
    return removed


RECOVERY_PREFIX = "riskwizard-recover-"


def clean_recovery_folders(folder: Path) -> int:
    """Remove private copies of a file being recovered (``RECOVERY_PREFIX`` folders in the
    system's temporary folder) that a killed run left: ours, owned by us, old."""
    import shutil

    removed = 0
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(RECOVERY_PREFIX):
                continue
            with contextlib.suppress(OSError):
                st = entry.stat(follow_symlinks=False)
                if (stat.S_ISDIR(st.st_mode) and now - st.st_mtime > LEFTOVER_AGE
                        and (not hasattr(os, "getuid") or st.st_uid == os.getuid())):
                    shutil.rmtree(entry.path)
                    removed += 1
    return removed


def write_atomically(path: Path, write: Callable[[BinaryIO], object], kind: FileKind, *,
                     replace: bool = True) -> None:
    """Call ``write`` with a temporary file beside ``path``, then rename it into place.

    An existing file at ``path`` is replaced only if it is of ``kind``, so a slip of the
    keyboard (``report clinic.riskwizard -o clinic.riskwizard``) or of the mouse in a Save
    dialog cannot destroy a practice file; and with ``replace=False`` (an output the person
    did not say to replace: the evidence pack, a spreadsheet) not at all (``NotReplaced``).
    Raises OutputError (one line) and leaves nothing.
    """
    path = Path(path)
    try:
        _check_target(path, kind, replace)
        fd, tmp = create_temp(path.parent)
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


class NotReplaced(OutputError):
    """The output file is there already, and nobody said to replace it."""


def _check_target(path: Path, kind: FileKind, replace: bool = True) -> None:
    folder = path.parent
    if "\x00" in str(path):
        raise OutputError(f"{path}: a file name cannot hold a NUL character")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such folder")
    exists = path.exists() or path.is_symlink()
    if not is_writable(folder) or (exists and not is_writable(path)):
        raise OutputError(f"{path}: cannot be written: the folder or file is read-only")
    if not exists:
        return
    if not replace:
        raise NotReplaced(f"{path}: already exists; not replaced (choose another name)")
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: already exists and is not a regular file; not replaced")
    if st.st_size == 0:
        return
    with path.open("rb") as existing:
        head = existing.read(4096)
    if not kind.looks_like(head):
        raise OutputError(f"{path}: already exists and is not {kind.name}; not replaced "
                          "(choose another name)")


def make_private(path: Path) -> None:
    """Owner-only, for a file something else (Qt, SQLite) wrote."""
    with contextlib.suppress(OSError):
        if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(path.stat().st_mode) & 0o700)


def read_limited(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular input file of at most ``limit`` bytes; OSError otherwise
    (``TooBig`` and ``NotRegular`` say which)."""
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file", str(path))
        if st.st_size > limit:
            raise TooBig(errno.EFBIG, "too big", str(path))
        data = fh.read(st.st_size + 1)  # not a buffer of ``limit`` for a small file
        if len(data) > st.st_size:  # it grew meanwhile (or says it has no size: /proc)
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooBig(errno.EFBIG, "too big", str(path))
    return data


class TooBig(OSError):
    """An input file larger than any real practice's."""


class NotRegular(OSError):
    """A device, a pipe or a socket where a file was expected."""


def unreadable(path: Path, exc: OSError, kind: str) -> str:
    """One line on why an input file could not be read (``kind``: "a practice file")."""
    if isinstance(exc, TooBig):
        return (f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, more than any "
                f"real practice has; not {kind} riskwizard can read")
    if isinstance(exc, NotRegular):
        return f"{path}: not a regular file (a device or pipe), not {kind}"
    if isinstance(exc, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: is a folder, not {kind}"
    if isinstance(exc, PermissionError):
        return f"{path}: permission denied (cannot read the file)"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{path}: the name or path is too long"
    return f"{path}: cannot be read ({exc.strerror or exc})"


def is_writable(path: Path) -> bool:
    """Writable, and not marked read-only. An administrator (or root) can write to a file
    the person marked read-only; we respect the mark all the same."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)


def _why(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{path}: cannot be written: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path}: cannot be written: the folder or file is read-only"
    if exc.errno == errno.ENAMETOOLONG:
        return f"{path}: cannot be written: the name or path is too long"
    return f"{path}: cannot be written ({exc.strerror or exc})"


why_not_written = _why
