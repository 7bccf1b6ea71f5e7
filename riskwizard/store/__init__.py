"""The practice file (SQLite, by the standard sqlite3 module): opening, locking, records."""

from riskwizard.store.practice_file import (
    PracticeFile,
    StoreError,
    create_practice_file,
    open_practice_file,
    write_new_file,
)
from riskwizard.store.repository import Repository

__all__ = ["PracticeFile", "Repository", "StoreError", "create_practice_file", "open_practice_file",
           "write_new_file"]
