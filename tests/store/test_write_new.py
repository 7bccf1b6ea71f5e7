"""Writing a whole practice file at once (import, a new practice, the demo): the schema
exactly as the migrations make it, every record back as written, and a value out of range
anywhere refusing the whole file with nothing left behind."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from pathlib import Path

import pytest

from riskwizard.domain.model import PracticeData
from riskwizard.store import StoreError, open_practice_file, write_new_file
from riskwizard.store.practice_file import TABLES
from riskwizard.store.schema import SCHEMA_VERSION, create_current


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def test_a_new_file_has_the_schema_the_migrations_make(tmp_path: Path,
                                                       demo_data: PracticeData) -> None:
    path = tmp_path / "new.riskwizard"
    write_new_file(path, demo_data)
    made = sqlite3.connect(":memory:")
    create_current(made)
    conn = sqlite3.connect(path)
    try:
        assert _schema(conn) == _schema(made)  # the same objects, the same SQL text
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
        made.close()


def test_every_record_reads_back_as_written(tmp_path: Path, demo_data: PracticeData) -> None:
    path = tmp_path / "new.riskwizard"
    write_new_file(path, demo_data)
    with open_practice_file(path, readonly=True) as pf:
        back = pf.load_all()
    for field in dataclasses.fields(PracticeData):
        if field.name != "evidence_content":
            assert getattr(back, field.name) == getattr(demo_data, field.name), field.name
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("kind", ["answers", "assets", "risks"])
def test_a_value_out_of_range_late_in_a_list_writes_nothing(
        tmp_path: Path, demo_data: PracticeData, kind: str) -> None:
    records = list(getattr(demo_data, kind))
    field = {"answers": "question_id", "assets": "name", "risks": "likelihood"}[kind]
    records[-1] = dataclasses.replace(records[-1], **{field: "\ud800" if field != "likelihood"
                                                      else 9})
    data = dataclasses.replace(demo_data, **{kind: records})
    path = tmp_path / "new.riskwizard"
    with pytest.raises(StoreError) as info:
        write_new_file(path, data)
    message = str(info.value)
    assert message.startswith(f"{path}: not saved: ") and "\n" not in message
    assert f"{type(records[-1]).__name__}.{field}" in message
    assert list(tmp_path.iterdir()) == []  # no file, no temporary file, no journal
    assert TABLES[type(records[-1])] == kind
