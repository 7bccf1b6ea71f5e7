"""Password protection of a practice file: SQLCipher 4 page encryption (``sqlcipher3``).

The whole file is encrypted page by page (AES-256, an HMAC-SHA512 on every page), so the
file holds no readable SQLite header: its first 16 bytes are a random salt. The key is
derived here, once per password and salt (PBKDF2-HMAC-SHA512, 256,000 rounds, exactly as
SQLCipher 4 derives it from a passphrase, so a file can be opened by any SQLCipher 4 tool
with the same password), and handed to SQLite as a raw key: every connection to the file
after the first costs nothing more, and a password never appears in SQL text.

Deriving the key is the one slow step of opening an encrypted file (a few tenths of a
second, and by design: it is what makes guessing passwords slow). It is done once per
open (``key_for_file`` takes a key already derived, or one still being derived), and can be
started early in a worker thread (``start_key``): PBKDF2 runs in C with the GIL released,
so on a second core it overlaps whatever opening work needs no key (imports, the window).

The password itself is never written anywhere; the derived key lives in memory only.
``sqlcipher3`` is imported on first use (the plain file does not need it).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

KDF_ROUNDS = 256_000  # SQLCipher 4's default for a passphrase
SALT_BYTES = 16
KEY_BYTES = 32
MAX_PASSWORD = 1024  # characters: a passphrase, not a document


class PasswordError(ValueError):
    """A password that cannot be used (empty, too long, an invalid character)."""


@dataclass(frozen=True, repr=False)
class Key:
    """The raw key of one encrypted file and the salt stored in its first bytes."""

    raw: bytes
    salt: bytes

    def sql(self) -> str:
        """The key as SQLCipher's raw-key literal (hex only: nothing to quote)."""
        return f"x'{self.raw.hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:  # never print a key into a log or a traceback
        return "Key(…)"


def check_password(password: str) -> bytes:
    if not password:
        raise PasswordError("the password is empty")
    if len(password) > MAX_PASSWORD:
        raise PasswordError(f"the password is longer than {MAX_PASSWORD} characters")
    try:
        return password.encode("utf-8")
    except UnicodeEncodeError:
        raise PasswordError("the password holds an invalid character") from None


def derive(password: str, salt: bytes) -> Key:
    """The key SQLCipher 4 derives from ``password`` for a file with ``salt``."""
    return Key(pbkdf2_sha512()(check_password(password), salt), salt)


Pbkdf2: TypeAlias = Callable[[bytes, bytes], bytes]
_PBKDF2: list[Pbkdf2] = []  # the implementation chosen on first use


def pbkdf2_sha512() -> Pbkdf2:
    """PBKDF2-HMAC-SHA512 with SQLCipher 4's rounds and key length, in C with the GIL
    released: Python's own OpenSSL binding when the program has it, else (the frozen
    bundle leaves ``_hashlib`` and its OpenSSL out) the same OpenSSL function inside
    SQLCipher's library, which carries it anyway; Python's slow pure version only when
    neither can be had."""
    if not _PBKDF2:
        _PBKDF2.append(_hashlib_pbkdf2() or _sqlcipher_pbkdf2() or _python_pbkdf2)
    return _PBKDF2[0]


def _hashlib_pbkdf2() -> Pbkdf2 | None:
    try:
        from _hashlib import pbkdf2_hmac
    except ImportError:
        return None

    def run(password: bytes, salt: bytes) -> bytes:
        return bytes(pbkdf2_hmac("sha512", password, salt, KDF_ROUNDS, KEY_BYTES))

    return run


def _sqlcipher_pbkdf2() -> Pbkdf2 | None:
    """OpenSSL's ``PKCS5_PBKDF2_HMAC`` from the ``sqlcipher3`` extension, which links
    OpenSSL in statically and exports its symbols (the Linux wheel does; None where a build
    does not); ctypes releases the GIL for the call."""
    import ctypes

    try:
        import sqlcipher3._sqlite3 as extension

        lib = ctypes.CDLL(extension.__file__)  # already loaded: the same handle
        func, sha512 = lib.PKCS5_PBKDF2_HMAC, lib.EVP_sha512
    except (ImportError, OSError, AttributeError):
        return None
    func.restype = ctypes.c_int
    func.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                     ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p]
    sha512.restype, sha512.argtypes = ctypes.c_void_p, []

    def run(password: bytes, salt: bytes) -> bytes:
        out = ctypes.create_string_buffer(KEY_BYTES)
        if func(password, len(password), salt, len(salt), KDF_ROUNDS, sha512(), KEY_BYTES,
                out) != 1:
            raise MemoryError("OpenSSL could not derive the key")
        return out.raw

    return run


def _python_pbkdf2(password: bytes, salt: bytes) -> bytes:
    """``hashlib.pbkdf2_hmac``: where ``_hashlib`` is missing, Python's pure version (slow,
    and it holds the GIL)."""
    with warnings.catch_warnings():  # Python 3.11 warns that its pure version is slow
        warnings.simplefilter("ignore", DeprecationWarning)
        return hashlib.pbkdf2_hmac("sha512", password, salt, KDF_ROUNDS, KEY_BYTES)


def new_key(password: str) -> Key:
    """A key for a new file: a fresh random salt."""
    import secrets

    return derive(password, secrets.token_bytes(SALT_BYTES))


def file_salt(path: Path) -> bytes:
    """An encrypted file's salt: its first 16 bytes."""
    with path.open("rb") as fh:
        return fh.read(SALT_BYTES)


class PendingKey:
    """A file's key being derived in a worker thread, started as soon as the password is
    known (``start_key``): whoever opens the file goes on with work that needs no key and
    waits only when it reads the file. The password is kept, in memory, only until then."""

    def __init__(self, path: Path, password: str) -> None:
        check_password(password)  # a password that cannot be used fails here, at once
        self.path = path
        self._password: str | None = password
        self._key: Key | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="riskwizard-key",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            assert self._password is not None
            self._key = derive(self._password, file_salt(self.path))
        except BaseException as exc:  # handed to the caller of ``key``
            self._error = exc

    def key(self, salt: bytes) -> Key:
        """The key for a file whose salt is ``salt``: waits for the worker; derived again
        here if the file was replaced meanwhile (another salt)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._key is not None
        if self._key.salt != salt and self._password is not None:
            self._key = derive(self._password, salt)
        self._password = None
        return self._key

    def __repr__(self) -> str:
        return "PendingKey(…)"


Secret: TypeAlias = "str | Key | PendingKey"
"""What opens an encrypted file: its password, its key already derived, or one on its way."""


def start_key(path: Path, password: str | None) -> PendingKey | str | None:
    """Start deriving ``path``'s key in the background when the file may be encrypted;
    the password as it is otherwise (a plain file ignores it; an unreadable one fails
    later with its own message)."""
    if password is None:
        return None
    try:
        with path.open("rb") as fh:
            if fh.read(16) == b"SQLite format 3\x00":
                return password
        return PendingKey(path, password)
    except (OSError, PasswordError):  # said in one line when the file is opened
        return password


def key_for_file(path: Path, secret: Secret) -> Key:
    """The key for an existing encrypted file (its salt is its first 16 bytes): derived
    from a password, taken from a pending derivation, or given (checked against the file's
    salt: a file replaced meanwhile is not opened with another file's key)."""
    salt = file_salt(path)
    if isinstance(secret, Key):
        if secret.salt != salt:
            raise PasswordError("the file was replaced while it was being opened")
        return secret
    if isinstance(secret, PendingKey):
        return secret.key(salt)
    return derive(secret, salt)


def driver() -> Any:
    """The ``sqlcipher3.dbapi2`` module (a ``sqlite3`` work-alike built with SQLCipher)."""
    import sqlcipher3.dbapi2 as sqlcipher

    return sqlcipher


def db_errors() -> tuple[type[BaseException], ...]:
    """The database errors to catch: ``sqlite3``'s, and ``sqlcipher3``'s once loaded
    (evaluated when an error passes, so the plain file never imports SQLCipher)."""
    mod = sys.modules.get("sqlcipher3.dbapi2")
    if mod is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, mod.Error)


def apply_key(conn: Any, key: Key | None) -> None:
    """Key a fresh SQLCipher connection (``None``: a plain file opened through SQLCipher);
    SQLCipher's own log is silenced, so a wrong key is only our one line."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f'PRAGMA key = "{key.sql()}"')
        conn.execute("PRAGMA cipher_compatibility = 4")


def is_wrong_key(exc: BaseException) -> bool:
    """SQLCipher's answer to a wrong key (or a file that is not a database at all)."""
    return "not a database" in str(exc).lower()
