"""A corpus of hostile practice files, generated here from a real one: planted triggers,
views and indexes, altered tables, values out of range or of the wrong kind, broken links,
malformed id lists, WAL mode. Each is opened for editing and read-only (as ``export`` and
``report`` do): refused with one line naming the file, the file left byte for byte as it
was, nothing left beside it; or, for a harmless change, opened with nothing lost."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import PracticeData
from riskwizard.store import StoreError, open_practice_file, write_new_file
from riskwizard.store.schema import SCHEMA_V1

Plant = Callable[[sqlite3.Connection], None]


def _sql(*statements: str) -> Plant:
    def plant(conn: sqlite3.Connection) -> None:
        for s in statements:
            conn.execute(s)
    return plant


TABLES = ["practice", "sites", "assets", "vendors", "assessments", "answers", "risks",
          "remediation", "meta"]

_COLUMN = {"meta": "value", "answers": "note"}

# Schema objects the program did not make: each must be refused.
SCHEMA_PLANTS: dict[str, Plant] = {
    **{f"trigger on {t} {when}": _sql(
        f"CREATE TRIGGER evil_{t}_{when.replace(' ', '_')} {when} ON {t} "
        "BEGIN DELETE FROM risks; DELETE FROM remediation; END")
       for t in TABLES for when in ("AFTER UPDATE", "BEFORE INSERT", "AFTER DELETE")},
    **{f"view over {t}": _sql(f"CREATE VIEW v_{t} AS SELECT * FROM {t}") for t in TABLES},
    **{f"index on {t}": _sql(f"CREATE INDEX extra_{t} ON {t}({_COLUMN.get(t, 'id')})")
       for t in TABLES},
    "index renamed": _sql("DROP INDEX risks_by_key",
                          "CREATE INDEX risks_by_key ON risks(key)"),
    "index dropped": _sql("DROP INDEX risks_by_key"),
    "extra table": _sql("CREATE TABLE notes_extra (x TEXT)"),
    "extra column": _sql("ALTER TABLE risks ADD COLUMN payload TEXT"),
    "column dropped": _sql("ALTER TABLE risks DROP COLUMN measures"),
    "table renamed": _sql("ALTER TABLE sites RENAME TO sites_old",
                          "CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                          "address TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '')"),
    "trigger named like ours": _sql(
        "CREATE TRIGGER risks_by_assessment AFTER INSERT ON answers BEGIN "
        "UPDATE answers SET note = 'x'; END"),
    "temp-looking trigger": _sql(
        "CREATE TRIGGER \"sqlite\nnot\" AFTER INSERT ON answers BEGIN SELECT 1; END"),
}

# Values out of range or of the wrong kind, and broken links: each must be refused.
VALUE_PLANTS: dict[str, Plant] = {
    **{f"risks.{c} = {v}": _sql(f"UPDATE risks SET {c} = {v}")
       for c in ("likelihood", "impact", "inherent_likelihood", "inherent_impact",
                 "likelihood_override", "impact_override")
       for v in (0, 6, -1, 9223372036854775807, "'three'", "3.5", "x'00'")},
    "risks.site_ids not JSON": _sql("UPDATE risks SET site_ids = '[1,'"),
    "risks.asset_ids an object": _sql("UPDATE risks SET asset_ids = '{\"a\": 1}'"),
    "risks.vendor_ids text ids": _sql("UPDATE risks SET vendor_ids = '[\"1\"]'"),
    "risks.vendor_ids unknown": _sql("UPDATE risks SET vendor_ids = '[987654]'"),
    "remediation.risk_ids unknown": _sql("UPDATE remediation SET risk_ids = '[987654]'"),
    "remediation.risk_ids deep": _sql(
        "UPDATE remediation SET risk_ids = '" + "[" * 5000 + "]" * 5000 + "'"),
    "assessments.scope_site_ids unknown": _sql(
        "UPDATE assessments SET scope_site_ids = '[424242]'"),
    "assessments.questionnaire_versions a list": _sql(
        "UPDATE assessments SET questionnaire_versions = '[1]'"),
    "dates like 20260101": _sql("UPDATE remediation SET due_date = '20260101'"),
    "dates like 2026-W01-1": _sql("UPDATE vendors SET baa_date = '2026-W01-1'"),
    "answered_at not a moment": _sql("UPDATE answers SET answered_at = 'yesterday'"),
    "flagged 7": _sql("UPDATE answers SET flagged = 7"),
    "unknown status": _sql("UPDATE risks SET status = 'gone'"),
    "vendors.baa yes": _sql("UPDATE vendors SET baa = 'yes'"),
    "vendors.baa a number": _sql("UPDATE vendors SET baa = 1"),
    "huge name": _sql("UPDATE practice SET name = printf('%.*c', 1000001, 'x')"),
    "negative reduction": _sql("UPDATE remediation SET reduction = -5"),
    "asset at a missing site": _sql("PRAGMA foreign_keys = OFF",
                                    "UPDATE assets SET site_id = 31337"),
}


@pytest.fixture(scope="module")
def base_file(tmp_path_factory: pytest.TempPathFactory, demo_data: PracticeData) -> Path:
    path = tmp_path_factory.mktemp("base") / "base.riskwizard"
    write_new_file(path, demo_data)
    return path


def _plant(base: Path, folder: Path, plant: Plant, wal: bool = False) -> Path:
    path = folder / "clinic.riskwizard"
    shutil.copyfile(base, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        plant(conn)
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return path


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _refused_untouched(path: Path) -> list[str]:
    """Open it both ways; every refusal is one line naming the file; nothing changes."""
    before = _state(path.parent)
    messages = []
    for readonly in (True, False):
        with pytest.raises(StoreError) as info:
            open_practice_file(path, readonly=readonly).close()
        text = str(info.value)
        assert "\n" not in text and text.startswith(str(path)), text
        messages.append(text)
        assert _state(path.parent) == before, "the refused file or its folder changed"
    return messages


@pytest.mark.parametrize("name", sorted(SCHEMA_PLANTS))
def test_schema_not_made_by_us_is_refused(name: str, base_file: Path, tmp_path: Path) -> None:
    path = _plant(base_file, tmp_path, SCHEMA_PLANTS[name])
    _refused_untouched(path)


@pytest.mark.parametrize("name", sorted(VALUE_PLANTS))
def test_values_out_of_range_are_refused(name: str, base_file: Path, tmp_path: Path) -> None:
    path = _plant(base_file, tmp_path, VALUE_PLANTS[name])
    _refused_untouched(path)


@pytest.mark.parametrize("name", ["trigger on risks AFTER UPDATE", "view over answers",
                                  "risks.likelihood = 6", "dates like 20260101"])
def test_hostile_wal_files_are_refused_and_leave_nothing(name: str, base_file: Path,
                                                         tmp_path: Path) -> None:
    plants = {**SCHEMA_PLANTS, **VALUE_PLANTS}
    path = _plant(base_file, tmp_path, plants[name], wal=True)
    _refused_untouched(path)


def test_triggers_never_fire_on_a_migration(tmp_path: Path) -> None:
    """A schema-2 file with a trigger that the migration's own UPDATE would fire."""
    path = tmp_path / "old.riskwizard"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA application_id = 1381190487")
    conn.executescript(SCHEMA_V1)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO practice (id, name, practice_type, size_band) "
                 "VALUES (1, 'Old', 'primary_care', 'solo')")
    conn.execute("INSERT INTO assessments (id, title) VALUES (1, '2024')")
    conn.execute("INSERT INTO answers (assessment_id, question_id, choice) VALUES (1, 'q', 'no')")
    conn.execute("CREATE TRIGGER wipe AFTER UPDATE ON remediation BEGIN DELETE FROM answers; END")
    conn.close()
    _refused_untouched(path)
    assert not list(tmp_path.glob("*backup*"))


def test_a_clean_wal_file_reads_without_leaving_wal_or_shm(base_file: Path,
                                                           tmp_path: Path) -> None:
    path = _plant(base_file, tmp_path, lambda conn: None, wal=True)
    before = _state(tmp_path)
    for command in ("export", "report"):
        out = tmp_path.parent / f"{tmp_path.name}-out.{'json' if command == 'export' else 'pdf'}"
        result = subprocess.run([sys.executable, "-m", "riskwizard", command, str(path), "-o",
                                 str(out)], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert _state(tmp_path) == before, f"{command} left {sorted(os.listdir(tmp_path))}"
        out.unlink()
    with open_practice_file(path) as pf:  # opened for editing: made a rollback-journal file
        assert pf.count(type(pf.practice())) == 1
    assert sorted(os.listdir(tmp_path)) == ["clinic.riskwizard"]


# A generated corpus: random combinations of a planted object and a bad value, in rollback
# or WAL mode. Every one is refused untouched.
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(schema=st.sampled_from(sorted(SCHEMA_PLANTS)) | st.none(),
       value=st.sampled_from(sorted(VALUE_PLANTS)) | st.none(), wal=st.booleans(),
       data=st.data())
def test_generated_hostile_files(schema: str | None, value: str | None, wal: bool,
                                 data: st.DataObject, base_file: Path,
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    if schema is None and value is None:
        value = data.draw(st.sampled_from(sorted(VALUE_PLANTS)))
    folder = tmp_path_factory.mktemp("hostile")

    def plant(conn: sqlite3.Connection) -> None:
        for name, plants in ((value, VALUE_PLANTS), (schema, SCHEMA_PLANTS)):
            if name is not None:
                plants[name](conn)

    path = _plant(_base_for(tmp_path_factory), folder, plant, wal=wal)
    _refused_untouched(path)


_BASE: list[Path] = []


def _base_for(factory: pytest.TempPathFactory) -> Path:
    if not _BASE:
        from riskwizard.domain.demo import build_demo
        from riskwizard.resources import installed_questionnaire

        path = factory.mktemp("gen-base") / "base.riskwizard"
        write_new_file(path, build_demo(installed_questionnaire(), "small"))
        _BASE.append(path)
    return _BASE[0]


@settings(max_examples=40, deadline=None)
@given(column=st.sampled_from(["likelihood", "impact", "inherent_likelihood",
                               "inherent_impact", "likelihood_override", "impact_override"]),
       value=st.integers(-(2**63), 2**63 - 1))
def test_every_rating_is_refused_or_in_range(column: str, value: int,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("rating")
    path = _plant(_base_for(tmp_path_factory), folder,
                  _sql(f"UPDATE risks SET {column} = {value}"))
    if 1 <= value <= 5:
        with open_practice_file(path, readonly=True) as pf:
            assert all(getattr(r, column) == value for r in pf.load_all().risks)
    else:
        _refused_untouched(path)
