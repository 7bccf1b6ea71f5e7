"""The practice file: one SQLite database per practice, opened like a document.

Every connection is made in ``_connect``: a plain file through ``sqlite3``, a file
protected with a password through SQLCipher (``store/crypto.py``), keyed there and nowhere
else. Opening checks the file's header before SQLite touches it, so a
foreign, newer or damaged file is refused and left byte-for-byte as it was. A writable file
is held with an exclusive lock for as long as it is open: a second window or process is
refused rather than allowed to share it. Every change commits at once (``synchronous=FULL``).

A practice file is code as well as data: before anything is read or written, its schema is
compared with the one this program makes (``schema.unexpected_schema``), and a file holding
a trigger, a view, an extra index or an altered table is refused untouched; then every
record is read once and checked (ranges, kinds, links), so nothing out of range reaches the
window or the report. The assets, the table that grows with the practice, have their links
checked as the file opens and their values when they are first read. A plain file opened
for editing has SQLite's check of every page run on a connection of its own, in a thread,
while the records are read; the file is refused, or its lock made exclusive, only once
both are done (``_WholeFileCheck``). A file opened
read-only (export, report) is read into memory and the folder is left exactly as it was:
no ``-wal``, ``-shm`` or journal appears beside it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import itertools
import operator
import os
import shutil
import sqlite3
import stat
import struct
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from riskwizard.domain.evidence import (
    EvidenceError,
    check_new,
    evidence_problem,
    sha256_of,
)
from riskwizard.domain.model import (
    COLLECTIONS,
    Answer,
    Assessment,
    Asset,
    Evidence,
    Practice,
    PracticeData,
    RemediationItem,
    Risk,
    Site,
    Vendor,
)
from riskwizard.domain.records import (
    RecordError,
    collector_paused,
    dangling_reference,
    from_plain,
    id_lists_within,
    to_plain,
    to_plain_rows,
    unmade,
)
from riskwizard.fileio import (
    MAX_INPUT_BYTES,
    OWNER_ONLY,
    RECOVERY_PREFIX,
    OneLineError,
    TooBig,
    clean_leftovers,
    clean_recovery_folders,
    create_temp,
    is_writable,
    unreadable,
    why_not_written,
)
from riskwizard.store.crypto import (
    Key,
    PasswordError,
    Secret,
    apply_key,
    db_errors,
    driver,
    is_wrong_key,
    key_for_file,
    new_key,
)
from riskwizard.store.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    create_current,
    unexpected_schema,
)

T = TypeVar("T")

SUFFIX = ".riskwizard"
SQLITE_MAGIC = b"SQLite format 3\x00"

TABLES: dict[type, str] = {Practice: "practice", **{cls: name for name, cls in COLLECTIONS.items()}}

_REGISTER_STAMP = "register_current"


# The id lists kept as JSON that point at a record of each kind: deleting the record removes
# its id from them in the same transaction (the database's foreign keys do the rest).
_ID_LISTS: dict[type, tuple[tuple[str, str], ...]] = {
    Site: (("risks", "site_ids"), ("assessments", "scope_site_ids")),
    Asset: (("risks", "asset_ids"),),
    Vendor: (("risks", "vendor_ids"),),
    Risk: (("remediation", "risk_ids"),),
}


class StoreError(OneLineError):
    """A practice file that cannot be opened or written, said in one line."""


class PasswordNeeded(StoreError):
    """A file that may be protected with a password, opened without one."""

    def __init__(self, path: Path) -> None:
        super().__init__(needs_password_message(path))
        self.path = path


class WrongPassword(StoreError):
    """The password given does not open the file (nothing about it is damaged)."""


def needs_password_message(path: Path, how: str = "give the password to open it") -> str:
    return f"{path}: protected with a password, or not a riskwizard practice file; {how}"


def wrong_password_message(path: Path) -> str:
    return (f"{path}: wrong password, or not a riskwizard practice file; nothing was "
            "changed")


def may_be_encrypted(path: Path, header: bytes, size: int) -> bool:
    """A file whose header is not SQLite's but could be an encrypted riskwizard file: whole
    pages, named ``….riskwizard`` or starting with random-looking bytes (a file renamed by
    its owner is still recognised; a text or document file is not)."""
    return (size >= 1024 and size % 512 == 0 and not header.startswith(SQLITE_MAGIC)
            and (path.suffix.lower() == SUFFIX or looks_random(header)))


def looks_random(head: bytes) -> bool:
    """Bytes as varied as an encrypted page's: 100 random bytes hold about 83 distinct
    values (fewer than 60 practically never: 7 standard deviations), text about 30."""
    return len(head) >= 100 and len(set(head[:100])) >= 60


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------- checking a file

def inspect_header(path: Path, *, password: bool = False) -> int | None:
    """The schema version of a practice file, read from its header without opening it in
    SQLite; raises StoreError for anything that is not a usable riskwizard file. ``None``:
    the header is not SQLite's and a password was given, so the file may be encrypted (its
    version is read once it is keyed, ``_check_keyed``)."""
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise StoreError(f"{path}: not a regular file (a device or pipe), not a "
                                 "practice file")
            size = st.st_size
            if size > MAX_INPUT_BYTES:
                raise TooBig(0, "too big", str(path))
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(unreadable(path, exc, "a practice file")) from None
    if size == 0:
        raise StoreError(f"{path}: the file is empty (0 bytes), not a riskwizard practice file")
    if not header.startswith(SQLITE_MAGIC):
        if password and size >= 1024:
            return None
        if may_be_encrypted(path, header, size):
            raise PasswordNeeded(path)
        raise StoreError(f"{path}: not a riskwizard practice file")
    if len(header) < 100:
        raise StoreError(f"{path}: the file is damaged (cut short)")
    page_size, = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    pages, = struct.unpack(">I", header[28:32])
    version, app_id = struct.unpack(">I", header[60:64])[0], struct.unpack(">I", header[68:72])[0]
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path}: an SQLite database, but not a riskwizard practice file")
    # The page count in the header counts only when it was written with the last change
    # (offsets 24 and 92 agree), and not while a hot journal beside the file still has to
    # be rolled back (a crash mid-write): SQLite repairs that case itself on opening.
    change_counter, valid_for = header[24:28], header[92:96]
    if (pages and change_counter == valid_for and not _has_hot_journal(path)
            and size < pages * page_size):
        raise StoreError(f"{path}: the file is damaged (cut short: {size} of "
                         f"{pages * page_size} bytes)")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: made by a newer riskwizard (file version {version}; this "
                         f"program reads up to {SCHEMA_VERSION}); update riskwizard to open it")
    if version < 1:
        raise StoreError(f"{path}: the file is damaged (no schema version)")
    return int(version)


def _has_hot_journal(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    try:
        return journal.stat().st_size > 0
    except OSError:
        return False


def _connect(path: Path, *, readonly: bool, key: Key | None = None,
             cipher: bool = False) -> sqlite3.Connection:
    """Every connection to a practice file is made here: with ``key`` (or ``cipher``, for
    a plain file being encrypted), through SQLCipher, keyed before anything is read."""
    module: Any = driver() if key is not None or cipher else sqlite3
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = module.connect(uri, uri=True, timeout=0, isolation_level=None,
                              check_same_thread=False)
    else:
        conn = module.connect(str(path), timeout=0, isolation_level=None,
                              check_same_thread=False)
    try:
        if module is not sqlite3:
            apply_key(conn, key)
        _harden(conn)
    except BaseException:
        conn.close()
        raise
    return conn  # type: ignore[no-any-return]


_SAVEPOINTS = itertools.count(1)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """The block's statements in one transaction (a savepoint within one already begun):
    committed when it ends, rolled back if it raises. Written here rather than taken from
    sqlite-utils (``Database.atomic``, which this replaces): importing that package and
    loading its plugins took a quarter to half a second, paid by the first answer saved
    after opening a practice."""
    if conn.in_transaction:
        name = f"rw_{next(_SAVEPOINTS)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error may have ended the whole transaction
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


def _harden(conn: sqlite3.Connection) -> None:
    """Settings every connection has: foreign keys, and no function with side effects
    run from the file's own schema (defence in depth: such schema is refused anyway)."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")


def _memory(cipher: bool = False) -> sqlite3.Connection:
    """A database in memory (through SQLCipher, unkeyed, to take an encrypted file's
    plain pages: they never touch the disk)."""
    module: Any = driver() if cipher else sqlite3
    conn = module.connect(":memory:", isolation_level=None, check_same_thread=False)
    if cipher:
        apply_key(conn, None)
    _harden(conn)
    return conn  # type: ignore[no-any-return]


def _is_wal(path: Path) -> bool:
    """The header says the file is in WAL mode (bytes 18 and 19 are 2)."""
    with contextlib.suppress(OSError), path.open("rb") as fh:
        return fh.read(20)[18:20] == b"\x02\x02"
    return False


def _describe(path: Path, exc: BaseException) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: open in another riskwizard window or program; close it "
                          "there first")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: cannot save changes: the file or its folder is read-only")
    if "disk is full" in text or "full" in text:
        return StoreError(f"{path}: cannot save changes: the disk is full")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreError(f"{path}: the file is damaged ({' '.join(str(exc).split())})")
    if "unable to open" in text:
        return StoreError(f"{path}: cannot be opened (check the folder exists and is "
                          "writable)")
    return StoreError(f"{path}: {exc}")


# ---------------------------------------------------------------- the open file

class PracticeFile:
    """An open practice file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool,
                 key: Key | None = None) -> None:
        self.path = path  # the file the person chose: named in every message
        self.readonly = readonly
        self.conn = conn
        self._key = key  # in memory only; never written anywhere
        self._checked: PracticeData | None = None  # the records read by the open-time check
        self._opened_at: int | None = None  # the header's change counter, as opened
        self._header: int | None = None  # a descriptor to read the header through
        self._wrote = False  # this connection has written to the file

    def take_checked(self) -> PracticeData | None:
        """The records the open-time check read and converted (once; None after that, or
        after any write), so that whoever opened the file need not convert them again.
        Their ``assets`` are left empty: the biggest table is converted (and its values
        checked) when it is first asked for, with ``records(Asset)``."""
        data, self._checked = self._checked, None
        return data

    # --- whether the stored register is up to date (one home for that rule)
    #
    # The register and plan are derived from the answers, the inventories and a context
    # (the program, the questionnaire, the day...). When a session that had them up to date
    # closes, it records so in ``meta``: the context, and the change counter the file's
    # header will hold once this connection has written (SQLite counts a connection that
    # holds the file exclusively once, at its first write). Any later change by anyone, in
    # this program or outside it, moves the counter, and the record no longer matches.

    def register_current(self, context: str) -> bool:
        """The file's stored register was recorded as up to date for ``context``, and the
        file has not been written since (here or elsewhere)."""
        if self._opened_at is None or self._wrote:
            return False
        return self._stamp() == f"{self._opened_at}:{context}"

    def mark_register_current(self, context: str) -> None:
        """Record that the stored register is up to date for ``context`` (just before the
        file is closed: any write after this makes the record stale). Nothing is written
        when the record already says so and nothing else was written. StoreError (one
        line) if it cannot be written; the record is then left stale, which is safe."""
        if self.readonly or self._opened_at is None or self.register_current(context):
            return
        after = (self._opened_at + 1) % 2 ** 32
        with self.atomic():
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                              (_REGISTER_STAMP, f"{after}:{context}"))
        if self._counter() != after:  # not counted as expected: never trusted
            with self.atomic():
                self.conn.execute("DELETE FROM meta WHERE key = ?", (_REGISTER_STAMP,))

    def _counter(self) -> int | None:
        return _change_counter(self._header) if self._header is not None else None

    def _stamp(self) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (_REGISTER_STAMP,))
        return str(rows[0]["value"]) if rows else None

    @property
    def encrypted(self) -> bool:
        """The file is protected with a password."""
        return self._key is not None

    def opens_with(self, password: str | None) -> bool:
        """Whether ``password`` is this file's (None: the file has none), checked against
        the key it was opened with, without opening it again (it is locked)."""
        if self._key is None or password is None:
            return self._key is None and password is None
        import hmac

        from riskwizard.store.crypto import PasswordError, key_for_file

        try:
            candidate = key_for_file(self.path, password)
        except (OSError, PasswordError):
            return False
        return hmac.compare_digest(candidate.raw, self._key.raw)

    # --- life cycle

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(*db_errors()):
                self.conn.close()
        if self._header is not None:  # only now: closing it would drop SQLite's locks
            with contextlib.suppress(OSError):
                os.close(self._header)
            self._header = None

    def __enter__(self) -> PracticeFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction: all of the block's changes land together, or none do."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        self._checked = None
        self._wrote = True
        try:
            with _transaction(self.conn):
                yield
        except db_errors() as exc:
            raise _describe(self.path, exc) from None
        except RecordError as exc:  # a value out of range: nothing was written
            raise StoreError(f"{self.path}: not saved: {exc}") from None

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        except db_errors() as exc:
            raise _describe(self.path, exc) from None

    # --- records (the repository's reads and writes; SQL stays in this module)

    def _select(self, cls: type[T], where: str = "", params: Sequence[Any] = (),
                order: str = "id") -> list[T]:
        sql = f"SELECT * FROM {TABLES[cls]}"
        if where:
            sql += f" WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        return self._convert(cls, self._read(sql, params))

    def _convert(self, cls: type[T], rows: list[dict[str, Any]]) -> list[T]:
        try:
            return [from_plain(cls, row, for_sql=True) for row in rows]
        except RecordError as exc:
            raise StoreError(f"{self.path}: the file is damaged ({exc})") from None

    def records(self, cls: type[T]) -> list[T]:
        """Every site, asset, vendor or assessment (or, for other kinds, every record of
        every assessment), in the order made."""
        return self._select(cls)

    def for_assessment(self, cls: type[T], assessment_id: int) -> list[T]:
        """The risks or remediation items of one assessment, in the order made."""
        return self._select(cls, "assessment_id = ?", (assessment_id,))

    def count(self, cls: type) -> int:
        return int(self._read(f"SELECT count(*) AS n FROM {TABLES[cls]}")[0]["n"])

    def get(self, cls: type[T], record_id: int) -> T:
        found = self._select(cls, "id = ?", (record_id,))
        if not found:
            raise StoreError(f"{self.path}: no {cls.__name__.lower()} with id {record_id}")
        return found[0]

    def add(self, record: T) -> T:
        """Insert a record; it comes back with its new id."""
        row = self._row(record)
        if row.get("id") == 0:
            del row["id"]
        with self.atomic():
            cur = self.conn.execute(
                f"INSERT INTO {TABLES[type(record)]} ({', '.join(row)}) "
                f"VALUES ({', '.join('?' * len(row))})", list(row.values()))
        if hasattr(record, "id") and not row.get("id"):
            record.id = int(cur.lastrowid or 0)
        return record

    def _row(self, record: Any) -> dict[str, Any]:
        try:
            return to_plain(record, for_sql=True)
        except RecordError as exc:
            raise StoreError(f"{self.path}: not saved: {exc}") from None

    def update(self, record: Any) -> None:
        row = self._row(record)
        sets = ", ".join(f"{k} = ?" for k in row if k != "id")
        with self.atomic():
            self.conn.execute(f"UPDATE {TABLES[type(record)]} SET {sets} WHERE id = ?",
                              [v for k, v in row.items() if k != "id"] + [row["id"]])

    def delete(self, cls: type, record_id: int) -> None:
        """Delete a record and, in the same transaction, every reference to it: the
        database's foreign keys and the id lists kept as JSON."""
        with self.atomic():
            self.conn.execute(f"DELETE FROM {TABLES[cls]} WHERE id = ?", (record_id,))
            for table, column in _ID_LISTS.get(cls, ()):
                self._unlink(table, column, record_id)
            if cls is not Site:  # evidence went with the record: drop bytes nobody uses
                self.conn.execute("DELETE FROM evidence_content WHERE sha256 NOT IN "
                                  "(SELECT sha256 FROM evidence)")

    def _unlink(self, table: str, column: str, record_id: int) -> None:
        self.conn.execute(
            f"UPDATE {table} SET {column} = (SELECT coalesce(json_group_array(value), '[]') "
            f"FROM json_each({table}.{column}) WHERE value != ?1) "
            f"WHERE EXISTS (SELECT 1 FROM json_each({table}.{column}) WHERE value = ?1)",
            (record_id,))

    # --- the practice and answers

    def practice(self) -> Practice:
        return self.get(Practice, 1)

    def save_practice(self, practice: Practice) -> None:
        practice.id = 1
        self.update(practice)

    def answers(self, assessment_id: int) -> dict[str, Answer]:
        return {a.question_id: a for a in self._select(
            Answer, "assessment_id = ?", (assessment_id,), order="question_id")}

    def save_answer(self, answer: Answer, *, stamp: bool = True) -> None:
        """Store one answer (insert or replace), committed before this returns."""
        if stamp:
            answer.answered_at = now_utc()
        row = self._row(answer)
        with self.atomic():
            self.conn.execute(
                f"INSERT OR REPLACE INTO answers ({', '.join(row)}) "
                f"VALUES ({', '.join('?' * len(row))})", list(row.values()))

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._read("SELECT key, value FROM meta")}

    # --- everything at once

    def load_all(self) -> PracticeData:
        """Every record, converted and checked (assets too)."""
        return PracticeData(
            practice=self.practice(), sites=self._select(Site), assets=self._select(Asset),
            vendors=self._select(Vendor), assessments=self._select(Assessment),
            answers=self._select(Answer, order="assessment_id, question_id"),
            risks=self._select(Risk), remediation=self._select(RemediationItem),
            evidence=self._select(Evidence))

    # --- evidence files (their bytes are read only when asked for)

    def add_evidence(self, record: Evidence, content: bytes) -> Evidence:
        """Attach ``content`` as ``record`` (its hash and size are set here); the bytes
        are stored once per SHA-256. StoreError (one line) past the limits."""
        record.sha256, record.size = sha256_of(content), len(content)
        if not record.created_at:
            record.created_at = now_utc()
        stored = bool(self._read("SELECT 1 AS x FROM evidence_content WHERE sha256 = ?",
                                 (record.sha256,)))
        try:
            check_new(record.name, content, self.evidence_bytes(), stored)
        except EvidenceError as exc:
            raise StoreError(f"not attached: {exc}") from None
        with self.atomic():
            self.conn.execute("INSERT OR IGNORE INTO evidence_content (sha256, content) "
                              "VALUES (?, ?)", (record.sha256, content))
            self.add(record)
        return record

    def evidence_bytes(self) -> int:
        """How much the practice's evidence holds (each file counted once)."""
        return int(self._read("SELECT coalesce(sum(length(content)), 0) AS n "
                              "FROM evidence_content")[0]["n"])

    def evidence_content(self, sha256: str) -> bytes:
        """The bytes of one evidence file, checked against their hash."""
        rows = self._read("SELECT content FROM evidence_content WHERE sha256 = ?", (sha256,))
        if not rows:
            raise StoreError(f"{self.path}: no evidence file {sha256[:12]}…")
        content = bytes(rows[0]["content"])
        if sha256_of(content) != sha256:
            raise StoreError(f"{self.path}: the file is damaged (evidence {sha256[:12]}… "
                             "does not match its SHA-256)")
        return content

    def evidence_contents(self) -> dict[str, bytes]:
        """Every evidence file's bytes by hash (export, the evidence pack)."""
        rows = self._read("SELECT sha256 FROM evidence_content ORDER BY sha256")
        return {r["sha256"]: self.evidence_content(r["sha256"]) for r in rows}

    def write_all(self, data: PracticeData) -> None:
        """Insert every record of ``data`` (ids kept) in one transaction."""
        with self.atomic():
            _insert_all(self.conn, data)


def _insert_all(conn: sqlite3.Connection, data: PracticeData) -> None:
    """Insert every record of ``data`` (ids kept), each kind in one ``executemany``, in the
    caller's transaction. Every value is checked first (RecordError: nothing out of range
    is ever written)."""
    conn.execute("DELETE FROM practice")
    if data.evidence_content:
        conn.executemany(
            "INSERT OR IGNORE INTO evidence_content (sha256, content) VALUES (?, ?)",
            sorted(data.evidence_content.items()))
    with collector_paused():  # each list's rows are made, written and dropped
        for key, cls in (("practice", Practice), *COLLECTIONS.items()):
            columns = unmade(data, key)  # an import's list nobody has asked for: as read
            if columns is not None:
                names, rows = columns.sql_rows()
            else:
                records = [data.practice] if key == "practice" else getattr(data, key)
                names, rows = to_plain_rows(records, for_sql=True)
            if rows:
                conn.executemany(f"INSERT INTO {TABLES[cls]} ({', '.join(names)}) "
                                 f"VALUES ({', '.join('?' * len(names))})", rows)
            del rows


# ---------------------------------------------------------------- opening and creating

def open_practice_file(path: str | os.PathLike[str], *, readonly: bool = False,
                       password: Secret | None = None) -> PracticeFile:
    """Open an existing practice file; migrate an older one after writing a backup.

    Refused, with the file left untouched: anything not a riskwizard file, a newer or
    damaged one, one whose schema holds objects this program did not make, and one holding
    a value out of range or a link to a record that is not there. A file protected with a
    password needs ``password`` (``PasswordNeeded``, ``WrongPassword`` otherwise); given for
    a plain file, it is not needed and not used."""
    path = Path(path)
    try:
        return _open(path, readonly, password)
    except PasswordError as exc:
        raise WrongPassword(f"{path}: {exc}") from None
    except db_errors() as exc:
        raise _describe(path, exc) from None
    except RecordError as exc:
        raise StoreError(f"{path}: the file is damaged ({exc})") from None
    except OSError as exc:
        raise StoreError(unreadable(path, exc, "a practice file")) from None


def _open(path: Path, readonly: bool, password: Secret | None = None) -> PracticeFile:
    if readonly:
        return _open_checked(path, True, password, None)
    if _plain_and_current(path, password):
        return _open_in_place(path)
    # Everything is checked on a copy in memory first (migrated there if older), so a file
    # that is refused is refused before anything is written to it: not its journal mode,
    # not a backup, not a migration.
    snapshot = _open_checked(path, True, password, None)
    try:  # the key is derived once (it is the slow part of opening an encrypted file)
        return _open_checked(path, False, snapshot._key or password, snapshot)
    finally:
        snapshot.close()


def _plain_and_current(path: Path, password: Secret | None) -> bool:
    """A plain file of this program's schema version, in rollback mode, with no journal
    to roll back: it can be checked where it is, under a shared lock, before anything is
    written to it (no copy in memory first)."""
    return (inspect_header(path, password=password is not None) == SCHEMA_VERSION
            and not _is_wal(path) and not _has_hot_journal(path)
            and not path.with_name(path.name + "-wal").exists())


def _open_in_place(path: Path) -> PracticeFile:
    """Open a plain, current file for editing: every check of ``_open_checked`` is made
    on the file itself while this connection holds a shared lock (nobody can write
    meanwhile, and checking writes nothing), then the lock is made exclusive."""
    _check_writable(path)
    header = _open_header(path)
    try:
        conn = _connect(path, readonly=False)
    except BaseException:
        os.close(header)
        raise
    pf = PracticeFile(path, conn, readonly=False)
    pf._header = header
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # the first read's lock is kept
        _check_schema(path, conn, SCHEMA_VERSION)  # the first read: the lock is held now
        whole = _WholeFileCheck(path)
        try:
            pf._checked = _check_records(pf, sites_checked=True)
        except BaseException:
            whole.refuse_if_damaged(quiet=True)  # a damaged file is said to be damaged
            raise
        whole.refuse_if_damaged()
        _take_lock(conn)
        pf._opened_at = pf._counter()
    except BaseException:
        pf.close()
        raise
    return pf


def _check_writable(path: Path) -> None:
    if not is_writable(path):
        raise StoreError(f"{path}: the file is read-only; to work on it, copy it to a "
                         "folder you can write to and open the copy")
    if not is_writable(path.parent):
        raise StoreError(f"{path}: its folder is read-only; move the file somewhere "
                         "you can write")
    clean_leftovers(path.parent)


def _open_header(path: Path) -> int:
    """A descriptor for reading the file's header while SQLite holds its locks. It must
    stay open until SQLite's connection is closed: on POSIX, closing any descriptor of a
    file drops every lock the process holds on it."""
    return os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))


def _change_counter(fd: int) -> int | None:
    """The file change counter in a plain file's header (None: it cannot be read)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        header = os.read(fd, 28)
    except OSError:
        return None
    if not header.startswith(SQLITE_MAGIC) or len(header) < 28:
        return None
    return int(struct.unpack(">I", header[24:28])[0])


def _open_checked(path: Path, readonly: bool, password: Secret | None,
                  snapshot: PracticeFile | None) -> PracticeFile:
    found = inspect_header(path, password=password is not None)
    key = None if found is not None or password is None else key_for_file(path, password)
    version = found or 0
    header: int | None = None
    if readonly:
        if key is None:
            conn = _snapshot(path)
        else:
            conn = _snapshot_encrypted(path, key)
            version = _check_keyed(path, conn)
    else:
        _check_writable(path)
        header = _open_header(path) if key is None else None
        try:
            conn = _connect(path, readonly=False, key=key)
        except BaseException:
            if header is not None:
                os.close(header)
            raise
        if key is not None:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    try:
        opened_at = None
        if not readonly:
            _check(path, conn, version)  # before the lock: a refused file stays untouched
            _take_lock(conn)
            opened_at = _change_counter(header) if header is not None else None
        else:
            _check(path, conn, version)
        if version < SCHEMA_VERSION and readonly:
            _run_migrations(conn, version)  # the copy in memory: the file is not changed
        elif version < SCHEMA_VERSION:
            _write_backup(path, version)
            _run_migrations(conn, version)
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        pf = PracticeFile(path, conn, readonly=readonly, key=key)
        pf._opened_at = opened_at
        pf._wrote = not readonly and version < SCHEMA_VERSION
        pf._checked = _check_records(pf, snapshot)
    except BaseException:
        conn.close()
        if header is not None:
            os.close(header)
        raise
    pf._header = header
    return pf


def _check_keyed(path: Path, conn: sqlite3.Connection) -> int:
    """The checks ``inspect_header`` makes on a plain file's header, made on an encrypted
    file's plain copy in memory (its header can be read only once it is keyed)."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path}: an encrypted SQLite database, but not a riskwizard "
                         "practice file")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: made by a newer riskwizard (file version {version}; this "
                         f"program reads up to {SCHEMA_VERSION}); update riskwizard to open it")
    if version < 1:
        raise StoreError(f"{path}: the file is damaged (no schema version)")
    return version


def _snapshot_encrypted(path: Path, key: Key) -> sqlite3.Connection:
    """An encrypted file's last committed state, decrypted into memory only (no plain
    page touches the disk, and nothing appears beside the file). A wrong key is
    ``WrongPassword``: nothing is said to be damaged, nothing is changed."""
    if _has_hot_journal(path):
        return _recovered_copy(path, "-journal", key)
    return _decrypted_in_memory(path.resolve().as_uri() + "?mode=ro", key, path)


def _decrypted_in_memory(source: str, key: Key, path: Path) -> sqlite3.Connection:
    """An in-memory copy of the encrypted database at ``source``: nothing decrypted ever
    touches the disk. ``path`` (the file the person chose) names it in messages."""
    memory = _memory(cipher=True)
    try:
        try:
            memory.execute("ATTACH DATABASE ? AS src KEY ?", (source, key.sql()))
            memory.execute("SELECT count(*) FROM src.sqlite_master").fetchone()
        except db_errors() as exc:
            if is_wrong_key(exc):
                raise WrongPassword(wrong_password_message(path)) from None
            raise
        _export(memory, "src", "main")
        memory.execute("DETACH DATABASE src")
    except BaseException:
        memory.close()
        raise
    return memory


def _export(conn: sqlite3.Connection, source: str, target: str) -> None:
    """Copy every table and row from ``source`` to ``target`` (both attached to ``conn``),
    with the header fields ``sqlcipher_export`` leaves behind."""
    conn.execute("PRAGMA foreign_keys = OFF")  # tables are copied in name order
    conn.execute("BEGIN")
    try:
        app_id = int(conn.execute(f"PRAGMA {source}.application_id").fetchone()[0])
        version = int(conn.execute(f"PRAGMA {source}.user_version").fetchone()[0])
        conn.execute("SELECT sqlcipher_export(?, ?)", (target, source))
        conn.execute(f"PRAGMA {target}.application_id = {app_id}")
        conn.execute(f"PRAGMA {target}.user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(*db_errors()):
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _check(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """The file is whole and its schema is exactly the one this program makes."""
    problem = _damage(conn)
    if problem:
        raise StoreError(f"{path}: {problem}")
    _check_schema(path, conn, version)


def _damage(conn: sqlite3.Connection) -> str | None:
    """What SQLite's own check of every page finds wrong with the file, in a few words
    (``the file is damaged (...)``); None if nothing."""
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    return None if check == "ok" else f"the file is damaged ({' '.join(str(check).split())})"


def _check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
    problem = unexpected_schema(conn, version)
    if problem:
        raise StoreError(f"{path}: not opened: {problem} (a file can carry code that "
                         "changes data; ask whoever sent it for a clean copy)")


class _WholeFileCheck:
    """SQLite's checks that read every page of a file (``quick_check``, and that every
    asset's site is there), run on a connection of their own in a thread while the
    caller reads and checks the records: SQLite runs them without holding Python's lock,
    so they take no time of their own when a second processor core is free.

    Started once the caller's connection holds the file's shared lock (nobody can write
    to it until that connection lets go): both see the same file. ``refuse_if_damaged``
    waits for them (their connection closed); the caller takes its lock for writing only
    after that, and writes nothing before."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._found: str | None = None
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="riskwizard-check",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = _connect(self.path, readonly=True)
            try:
                self._found = _damage(conn) or _site_missing(conn)
            finally:
                conn.close()
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread
            self._failed = exc

    def refuse_if_damaged(self, *, quiet: bool = False) -> None:
        """Wait for the checks; StoreError (one line) if they found the file damaged.
        Raises what they could not be run for (``open_practice_file`` says it in one
        line), unless ``quiet``: the caller is refusing the file for a reason of its own."""
        self._thread.join()
        if self._found:
            raise StoreError(f"{self.path}: {self._found}") from None
        if self._failed is not None and not quiet:
            raise self._failed


def _site_missing(conn: sqlite3.Connection) -> str | None:
    """An asset at a site that is not there, said as a problem; None if none is."""
    bad = conn.execute("PRAGMA foreign_key_check(assets)").fetchone()
    if bad is None:
        return None
    return f"the file is damaged (the asset with id {bad[1]} is at a site that is not there)"


def _check_records(pf: PracticeFile, snapshot: PracticeFile | None = None, *,
                   sites_checked: bool = False) -> PracticeData:
    """Read every record but the assets once: a value out of range or a dangling link is
    refused now, in one line, rather than crashing a page or the report later. The
    records read (``assets`` empty).

    The assets, the one table that grows with the practice, are not converted here: their
    links are checked (ids, sites, and every link to them) from their ids alone, and
    their values when they are first read (``records(Asset)``, ``load_all``: refused
    there, in one line, as here). ``sites_checked``: the caller checks the assets' sites
    itself (``_WholeFileCheck``).

    ``snapshot``: the copy in memory just checked the same way; when every row of the
    file is still exactly the snapshot's (values and their SQLite types), its records are
    the file's and are not converted again. Every other check is made on the file."""
    assets = _asset_links(pf, sites_checked)
    held: tuple[tuple[str, str], ...] = ()
    if (snapshot is not None and snapshot._checked is not None
            and _same_rows(pf.conn, snapshot.conn)):
        data = snapshot._checked
    else:
        risks, linked = _read_risks(pf, assets.ids)
        held = (("risks", "asset_ids"),) if linked else ()
        data = PracticeData(
            practice=pf.practice(), sites=pf._select(Site), vendors=pf._select(Vendor),
            assessments=pf._select(Assessment),
            answers=pf._select(Answer, order="assessment_id, question_id"),
            risks=risks, remediation=pf._select(RemediationItem),
            evidence=pf._select(Evidence))
    links = dataclasses.replace(data, assets=assets)  # type: ignore[arg-type]
    problem = dangling_reference(links, held) or evidence_problem(
        dataclasses.replace(data, assets=_evidence_assets(pf)))  # type: ignore[arg-type]
    if not problem and pf._read(
            "SELECT 1 AS x FROM evidence WHERE sha256 NOT IN "
            "(SELECT sha256 FROM evidence_content) LIMIT 1"):
        problem = "an evidence file's content is missing"
    if problem:
        raise StoreError(f"{pf.path}: the file is damaged ({problem})")
    return data


def _read_risks(pf: PracticeFile, asset_ids: Sequence[int]) -> tuple[list[Risk], bool]:
    """Every risk, as ``_select(Risk)`` reads them, and whether their links to assets were
    found to hold on the way: when the assets' ids have no gaps, each risk's list of them
    is parsed once and bounded by its ends (``records.id_lists_within``), rather than a
    set of every linked id made and compared with a set of every asset's."""
    if type(asset_ids) is not range:
        return pf._select(Risk), False
    rows = pf._read("SELECT * FROM risks ORDER BY id")
    lists = id_lists_within([row["asset_ids"] for row in rows], asset_ids)
    if lists is None:  # read the usual way: refused there, or by dangling_reference
        return pf._convert(Risk, rows), False
    for row in rows:
        row["asset_ids"] = "[]"
    risks = pf._convert(Risk, rows)
    for risk, linked in zip(risks, lists, strict=True):
        risk.asset_ids = linked
    return risks, True


def _evidence_assets(pf: PracticeFile) -> _AssetIds:
    """The assets that evidence is attached to and that are there: all the evidence check
    (``evidence_problem``) looks up among the assets (an attachment to any other asset is
    refused there, as to one that is not there)."""
    try:
        rows = pf.conn.execute(
            "SELECT DISTINCT asset_id FROM evidence WHERE asset_id IN "
            "(SELECT id FROM assets) ORDER BY asset_id").fetchall()
    except db_errors() as exc:
        raise _describe(pf.path, exc) from None
    return _AssetIds([i for i, in rows])


class _AssetId(int):
    """An asset as the link checks see it: its id (its site is checked by the database's
    own foreign key, ``_asset_links``)."""

    __slots__ = ()
    site_id = None

    @property
    def id(self) -> int:
        return int(self)


class _AssetIds(Sequence[_AssetId]):
    """Every asset, as the link checks see it, made one at a time from the ids."""

    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = ids

    def field_values(self, name: str) -> Iterable[Any]:
        """A field of every asset, as ``records.field_values`` asks, without making one:
        the ids as they are; no site (each asset's site is checked by the database)."""
        if name == "id":
            return self.ids
        if name == "site_id":
            return itertools.repeat(None, len(self.ids))
        return map(operator.attrgetter(name), self)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: Any) -> Any:
        return _AssetId(self.ids[i]) if isinstance(i, int) else _AssetIds(self.ids[i])

    def __iter__(self) -> Iterator[_AssetId]:
        return map(_AssetId, self.ids)


def _asset_links(pf: PracticeFile, sites_checked: bool = False) -> _AssetIds:
    """Every asset's id, in id order (an INTEGER PRIMARY KEY: a whole number, unique),
    once the database has checked that each asset's site is there (unless the caller
    does: ``sites_checked``). Ids without gaps (the usual case) are a ``range``, not read
    one by one: the smallest, the largest and the count are three quick look-ups (asked
    together, SQLite would read every row)."""
    try:
        if not sites_checked:
            problem = _site_missing(pf.conn)
            if problem:
                raise StoreError(f"{pf.path}: {problem}")
        n = pf.conn.execute("SELECT count(*) FROM assets").fetchone()[0]
        if not n:
            return _AssetIds(range(0))
        low = pf.conn.execute("SELECT min(id) FROM assets").fetchone()[0]
        high = pf.conn.execute("SELECT max(id) FROM assets").fetchone()[0]
        if high - low + 1 == n:
            return _AssetIds(range(low, high + 1))
        rows = pf.conn.execute("SELECT id FROM assets ORDER BY id").fetchall()
    except db_errors() as exc:
        raise _describe(pf.path, exc) from None
    return _AssetIds([i for i, in rows])


def _same_rows(a: sqlite3.Connection, b: sqlite3.Connection) -> bool:
    """Every table ``load_all`` reads holds the same rows in both, value for value and
    type for type (1 and 1.0 are equal in Python, not to ``from_plain``)."""
    for table in TABLES.values():
        sql = f"SELECT * FROM {table}"  # both scanned in key order; another order is
        # only a needless second reading
        rows_a, rows_b = a.execute(sql).fetchall(), b.execute(sql).fetchall()
        if rows_a != rows_b:
            return False
        for row_a, row_b in zip(rows_a, rows_b, strict=True):
            if any(type(x) is not type(y) for x, y in zip(row_a, row_b, strict=True)):
                return False
    return True


def _snapshot(path: Path) -> sqlite3.Connection:
    """The file's last committed state, in memory, leaving the folder exactly as it was
    (no -wal, -shm or journal is made beside it)."""
    if _is_wal(path):
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return _recovered_copy(path, "-wal")
        raw = bytearray(path.read_bytes())
        raw[18:20] = b"\x01\x01"  # read it as a rollback-journal file: nothing beside it
        memory = _memory()
        memory.deserialize(bytes(raw))
        return memory
    conn = _connect(path, readonly=True)
    try:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a shared lock
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or not _has_hot_journal(path):
                raise
            # The program stopped in the middle of saving: the journal beside the file
            # must be rolled back first. Do it on a private copy, leaving the file as is.
            conn.close()
            return _recovered_copy(path, "-journal")
        memory = _memory()
        conn.backup(memory)
        return memory
    finally:
        conn.close()


def _recovered_copy(path: Path, beside: str, key: Key | None = None) -> sqlite3.Connection:
    """The last committed state of a file with a hot journal or a WAL, in memory. An
    encrypted file's copy and journal stay encrypted on disk (their pages are encrypted
    already); only the copy in memory is plain."""
    clean_recovery_folders(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=RECOVERY_PREFIX) as folder:
        copy = Path(folder) / "practice"
        shutil.copyfile(path, copy)
        shutil.copyfile(path.with_name(path.name + beside), Path(folder) / ("practice" + beside))
        if key is not None:
            return _decrypted_in_memory(str(copy), key, path)
        recovering = sqlite3.connect(copy, isolation_level=None)
        try:
            recovering.execute("PRAGMA trusted_schema = OFF")
            recovering.execute("SELECT count(*) FROM sqlite_master").fetchone()  # recovers
            memory = _memory()
            recovering.backup(memory)
        finally:
            recovering.close()
    return memory


def _take_lock(conn: sqlite3.Connection) -> None:
    """Hold the file for this process until it closes: an EXCLUSIVE lock, kept."""
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("COMMIT")


def backup_path(path: Path, version: int, n: int = 1) -> Path:
    """Where the backup before a migration goes: ``clinic.schema2-backup.riskwizard``,
    then ``…-backup-2…``, ``…-backup-3…`` (an earlier backup is never replaced)."""
    extra = "" if n == 1 else f"-{n}"
    return path.with_name(f"{path.stem}.schema{version}-backup{extra}{path.suffix or SUFFIX}")


def _write_backup(path: Path, version: int) -> Path:
    """Copy the file before migrating it, under a name not yet taken; StoreError (one
    line) if it cannot be written, and then the file is not migrated."""
    try:
        fd, tmp = create_temp(path.parent)
    except OSError as exc:
        raise StoreError(f"{path}: not migrated: the backup could not be written "
                         f"({why_not_written(backup_path(path, version), exc)})") from None
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as inp:
            shutil.copyfileobj(inp, out)
            out.flush()
            os.fsync(out.fileno())
        for n in range(1, 1000):
            dest = backup_path(path, version, n)
            try:
                os.link(tmp, dest)  # fails if the name is taken: never replaces a backup
            except FileExistsError:
                continue
            return dest
        raise StoreError(f"{path}: not migrated: too many earlier backups beside it")
    except OSError as exc:
        raise StoreError(f"{path}: not migrated: the backup could not be written "
                         f"({why_not_written(backup_path(path, version), exc)})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _run_migrations(conn: sqlite3.Connection, version: int) -> None:
    """Bring the schema from ``version`` to the current one, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for v in range(version, SCHEMA_VERSION):
            MIGRATIONS[v](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('migrated_from', ?)",
                     (str(version),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def write_new_file(path: str | os.PathLike[str], data: PracticeData,
                   meta: Mapping[str, str] | None = None, *,
                   password: str | None = None) -> None:
    """Write a complete practice file at ``path``, which must not exist yet.

    It is built under a short temporary name in the same folder (owner-only) and renamed
    into place at the end, so a failure (full disk, read-only folder, a value out of range)
    leaves nothing behind; every message names ``path``, never the temporary file.
    """
    path = Path(path)
    try:
        key = new_key(password) if password is not None else None
    except PasswordError as exc:
        raise StoreError(f"{path}: not written: {exc}") from None
    try:
        _write_new(path, data, meta, key)
    except OSError as exc:
        raise StoreError(why_not_written(path, exc)) from None


@functools.cache
def _current_schema() -> tuple[str, ...]:
    """The statements that make the current schema as ``create_current`` leaves it, taken
    once from a database in memory (its migrations, run on an empty file each time, cost
    more than the rest of writing a small practice)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        create_current(conn)
        return tuple(str(r[0]) for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"))
    finally:
        conn.close()


def _write_new(path: Path, data: PracticeData, meta: Mapping[str, str] | None,
               key: Key | None = None) -> None:
    if "\x00" in str(path):
        raise StoreError(f"{path}: a file name cannot hold a NUL character")
    if path.exists() or path.is_symlink():
        raise StoreError(f"{path}: already exists; choose another name or remove it first")
    if not path.parent.is_dir():
        raise StoreError(f"{path.parent}: no such folder")
    if not is_writable(path.parent):
        raise StoreError(f"{path}: cannot be written: the folder is read-only")
    if len(os.fsencode(path.name)) > 255:
        raise StoreError(f"{path}: cannot be written: the name is too long")
    problem = dangling_reference(data) or evidence_problem(data)
    if problem:
        raise StoreError(f"{path}: not written: {problem}")
    fd, tmp = create_temp(path.parent)
    os.close(fd)
    try:
        conn = _connect(tmp, readonly=False, key=key)
        try:
            # Built whole in one transaction under a hidden name that nothing opens, and
            # made durable by the one fsync below before it takes its name: no journal and
            # no sync of each step are needed (a failure removes the temporary file).
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("BEGIN")
            for statement in _current_schema():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            info = {"created_by": "riskwizard", "created_at": now_utc(), **(meta or {})}
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", info.items())
            try:
                _insert_all(conn, data)
            except RecordError as exc:
                raise StoreError(f"{path}: not saved: {exc}") from None
            conn.execute("COMMIT")
        finally:
            conn.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # never replaces a file made meanwhile
        except FileExistsError:
            raise StoreError(f"{path}: already exists; choose another name or remove it "
                             "first") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
                raise
            if path.exists():
                raise StoreError(f"{path}: already exists; choose another name or remove it "
                                 "first") from None
            os.replace(tmp, path)
    except db_errors() as exc:
        raise _describe(path, exc) from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def create_practice_file(path: str | os.PathLike[str], practice: Practice, *,
                         password: str | None = None) -> PracticeFile:
    """A new, empty practice file (profile only), opened for editing; protected with
    ``password`` if one is given."""
    if not practice.created_at:
        practice.created_at = now_utc()
    write_new_file(path, PracticeData(practice=practice), password=password)
    return open_practice_file(path, password=password)


# ---------------------------------------------------------------- passwords

def set_password(path: str | os.PathLike[str], old: str | None, new: str | None) -> None:
    """Protect a file with a password (``old`` None), change it, or remove it (``new``
    None). The file is opened and checked as for editing (locked, migrated with a backup
    if older: the backup encrypted as the file is), rewritten whole under a temporary
    name beside it (encrypted with ``new`` as it is written: no plain copy of an encrypted
    file ever touches the disk), made durable, and renamed over it: a crash leaves the old
    file or the new one, never a mix. The password is not stored anywhere."""
    path = Path(path)
    try:
        target_key = new_key(new) if new is not None else None
    except PasswordError as exc:
        raise StoreError(f"{path}: password not changed: {exc}") from None
    pf = open_practice_file(path, password=old)
    if old is not None and not pf.encrypted:
        pf.close()
        raise StoreError(f"{path}: not protected with a password; nothing to change")
    if old is None and new is None:
        pf.close()
        raise StoreError(f"{path}: not protected with a password; nothing to remove")
    pf.close()  # SQLCipher reads it below, under its own exclusive lock
    try:
        _rewrite(path, pf._key, target_key)
    except db_errors() as exc:
        raise _describe(path, exc) from None
    except OSError as exc:
        raise StoreError(why_not_written(path, exc)) from None


def _rewrite(path: Path, key: Key | None, target: Key | None) -> None:
    fd, tmp = create_temp(path.parent)
    os.close(fd)
    os.chmod(tmp, OWNER_ONLY)
    source = _connect(path, readonly=False, key=key, cipher=True)
    try:
        _take_lock(source)  # nobody else opens the file until it has been replaced
        source.execute("ATTACH DATABASE ? AS out KEY ?",
                       (str(tmp), target.sql() if target is not None else ""))
        source.execute("PRAGMA out.synchronous = FULL")
        _export(source, "main", "out")
        source.execute("DETACH DATABASE out")
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if os.name == "nt":  # a file open there cannot be replaced
            source.close()
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    finally:
        source.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles to sync)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
