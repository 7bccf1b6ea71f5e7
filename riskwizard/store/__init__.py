"""The practice file (SQLite through sqlite-utils): opening, locking, migrating, records."""

from riskwizard.store.practice_file import (
    PracticeFile,
    StoreError,
    create_practice_file,
    open_practice_file,
    write_new_file,
)

__all__ = ["PracticeFile", "StoreError", "create_practice_file", "open_practice_file",
           "write_new_file"]
