"""Password protection of a practice file: SQLCipher 4 page encryption (``sqlcipher3``).

The whole file is encrypted page by page (AES-256, an HMAC-SHA512 on every page), so the
file holds no readable SQLite header: its first 16 bytes are a random salt. The key is
derived here, once per password and salt (PBKDF2-HMAC-SHA512, 256,000 rounds, exactly as
SQLCipher 4 derives it from a passphrase, so a file can be opened by any SQLCipher 4 tool
with the same password), and handed to SQLite as a raw key: every connection to the file
after the first costs nothing more, and a password never appears in SQL text.

The password itself is never written anywhere; the derived key lives in memory only.
``sqlcipher3`` is imported on first use (the plain file does not need it).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    raw = hashlib.pbkdf2_hmac("sha512", check_password(password), salt, KDF_ROUNDS,
                              KEY_BYTES)
    return Key(raw, salt)


def new_key(password: str) -> Key:
    """A key for a new file: a fresh random salt."""
    import secrets

    return derive(password, secrets.token_bytes(SALT_BYTES))


def key_for_file(path: Path, password: str) -> Key:
    """The key for an existing encrypted file (its salt is its first 16 bytes)."""
    with path.open("rb") as fh:
        salt = fh.read(SALT_BYTES)
    return derive(password, salt)


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
