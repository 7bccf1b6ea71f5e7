"""Writing a whole practice file at once (import, a new practice, the demo): the schema
exactly as the migrations make it, every record back as written, and a value out of range
anywhere refusing the whole file with nothing left behind."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}"), key=repr)  # noqa: S608
                for table in [*TABLES.values(), "evidence_content"]}
    finally:
        conn.close()


NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_import_writes_the_rows_its_records_make(tmp_path: Path, demo_data: PracticeData,
                                                    data: st.DataObject) -> None:
    """A practice exported and imported (read from JSON, written as a new file, as the
    window and the command line do) is written with exactly the rows writing its records
    directly gives. The import keeps each list as its checked columns until the list is
    asked for (``unmade``), and a list asked for keeps them with its records (``Loaded``);
    the file takes its rows from them, and that is only a shortcut. Generated practices:
    assets repeated to a generated number, with generated names and notes (quotes,
    backslashes, any script); the assets left untouched, asked for, or one of them changed
    in memory between reading and writing."""
    from riskwizard.domain.records import Loaded, unmade
    from riskwizard.interchange.json_io import export_json, read_json_file

    base = demo_data.assets
    n = data.draw(st.integers(len(base), len(base) + 250))  # the risks name the first ones
    assets = [dataclasses.replace(base[i % len(base)], id=i + 1, name=data.draw(NAMES) or "x",
                                  notes=data.draw(NAMES)) for i in range(n)]
    practice = dataclasses.replace(demo_data, assets=assets)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    export_json(practice, folder / "out.json")
    read = read_json_file(folder / "out.json")
    assert unmade(read, "assets") is not None  # the import's own path, not the fallback
    touch = data.draw(st.sampled_from(["nothing", "asked for", "changed"]))
    if touch != "nothing":
        assert type(read.assets) is Loaded and unmade(read, "assets") is None
    if touch == "changed":
        i = data.draw(st.integers(0, n - 1))
        name = data.draw(NAMES) or "y"
        read.assets[i].name = name
        practice.assets[i] = dataclasses.replace(practice.assets[i], name=name)
    write_new_file(folder / "imported.riskwizard", read)
    write_new_file(folder / "direct.riskwizard", practice)
    assert _rows(folder / "imported.riskwizard") == _rows(folder / "direct.riskwizard")
