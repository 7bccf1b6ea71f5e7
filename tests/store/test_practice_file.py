"""The practice file on disk: records, locking, bad files, migrations, atomic creation.
A test that takes ``password`` runs on a plain file and on an encrypted one (conftest)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as generated
from hypothesis import strategies as st

from riskwizard.domain.model import (
    Answer,
    Asset,
    BaaStatus,
    Practice,
    PracticeData,
    RemediationItem,
    Risk,
    Site,
    Vendor,
)
from riskwizard.store import (
    PracticeFile,
    StoreError,
    create_practice_file,
    open_practice_file,
    write_new_file,
)
from riskwizard.store.practice_file import PasswordNeeded, WrongPassword, backup_path
from riskwizard.store.schema import SCHEMA_VERSION


def test_create_add_update_delete(tmp_path: Path, password: str | None) -> None:
    path = tmp_path / "clinic.riskwizard"
    with create_practice_file(path, Practice(name="Clinic"), password=password) as pf:
        assert pf.encrypted == (password is not None)
        site = pf.add(Site("Main office"))
        asset = pf.add(Asset("Laptop", site_id=site.id))
        assert (site.id, asset.id) == (1, 1)
        asset.owner = "Dana"
        pf.update(asset)
        with pytest.raises(StoreError):  # a risk needs an assessment (foreign key)
            pf.add(Risk(1, "r", site_ids=(site.id,), asset_ids=(asset.id,)))
        assert pf.count(Risk) == 0
    assert path.read_bytes().startswith(b"SQLite format 3") == (password is None)
    with open_practice_file(path, password=password) as pf:
        assert pf.practice().name == "Clinic"
        assert pf.get(Asset, 1).owner == "Dana"
        pf.delete(Site, 1)
        assert pf.get(Asset, 1).site_id is None  # foreign key: set null


def test_answers_are_committed_one_by_one(empty_assessment_file: tuple[Path, int],
                                         password: str | None) -> None:
    path, assessment = empty_assessment_file
    with open_practice_file(path, password=password) as pf:
        pf.save_answer(Answer(assessment, "q1", "yes", note="<b>&amp; ✓ 中文 🙂"))
        pf.save_answer(Answer(assessment, "q1", "no", flagged=True))
        pf.save_answer(Answer(assessment, "q2", "not_sure"))
    with open_practice_file(path, readonly=True, password=password) as pf:
        got = pf.answers(assessment)
    assert got["q1"].choice == "no" and got["q1"].flagged and got["q1"].note == ""
    assert got["q2"].answered_at.endswith("Z")


@pytest.fixture
def empty_assessment_file(tmp_path: Path, password: str | None) -> tuple[Path, int]:
    from riskwizard.domain.model import Assessment

    path = tmp_path / "a.riskwizard"
    write_new_file(path, PracticeData(Practice("A"), assessments=[Assessment("2026", id=1)]),
                   password=password)
    return path, 1


def test_a_wrong_or_missing_password_is_one_line(kind_demo_file: Path,
                                                 password: str | None) -> None:
    """Encrypted: no password or a wrong one is one line that blames nothing on the file,
    which is left as it was. Plain: a password is not needed, and not used."""
    before = kind_demo_file.read_bytes()
    if password is None:
        with open_practice_file(kind_demo_file, password="anything") as pf:
            assert not pf.encrypted
        return
    for readonly in (False, True):
        for given, error in ((None, PasswordNeeded), (password + "x", WrongPassword)):
            with pytest.raises(error) as info:
                open_practice_file(kind_demo_file, readonly=readonly, password=given)
            text = str(info.value)
            assert "\n" not in text and str(kind_demo_file) in text
            assert "damaged" not in text and "password" in text
    assert kind_demo_file.read_bytes() == before
    assert [p.name for p in kind_demo_file.parent.iterdir()] == [kind_demo_file.name]


def test_deleting_an_asset_unlinks_it_from_risks(opened_demo: object) -> None:
    from riskwizard.store import PracticeFile

    assert isinstance(opened_demo, PracticeFile)
    pf = opened_demo
    linked = [r for r in pf.records(Risk) if r.asset_ids]
    assert linked
    asset_id = linked[0].asset_ids[0]
    pf.delete(Asset, asset_id)
    assert all(asset_id not in r.asset_ids for r in pf.records(Risk))


def test_load_all_matches_what_was_written(demo_file: Path, demo_data: PracticeData) -> None:
    with open_practice_file(demo_file, readonly=True) as pf:
        assert pf.load_all() == demo_data


def test_readonly_refuses_writes(demo_file: Path) -> None:
    with open_practice_file(demo_file, readonly=True) as pf, pytest.raises(StoreError):
        pf.add(Site("x"))


def test_a_failed_transaction_changes_nothing(demo_file: Path) -> None:
    with open_practice_file(demo_file) as pf:
        before = pf.count(Site)
        with pytest.raises(RuntimeError), pf.atomic():
            pf.conn.execute("INSERT INTO sites (name) VALUES ('half')")
            raise RuntimeError("power cut")
        assert pf.count(Site) == before


Block = tuple[bool, list["Block"]]
"""A transaction: whether it fails at its end, and the transactions run inside it."""
BLOCKS: st.SearchStrategy[Block] = st.recursive(
    st.tuples(st.booleans(), st.just([])),
    lambda inner: st.tuples(st.booleans(), st.lists(inner, max_size=3)), max_leaves=8)


class _Failed(Exception):
    pass


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@generated(blocks=st.lists(BLOCKS, min_size=1, max_size=3))
def test_transactions_within_transactions_keep_exactly_what_did_not_fail(
        demo_file: Path, blocks: list[Block]) -> None:
    """Generated transactions, nested: each adds a site, runs its own, catching any that
    fails, and perhaps fails at its end. A site is kept exactly when its transaction and
    every one around it ended without failing."""
    names = iter(f"site {i}" for i in range(10_000))
    kept: set[str] = set()

    def run(pf: PracticeFile, block: Block, around_ok: bool) -> None:
        fails, inner = block
        name = next(names)
        with pf.atomic():
            pf.conn.execute("INSERT INTO sites (name) VALUES (?)", (name,))
            for child in inner:
                with contextlib.suppress(_Failed):
                    run(pf, child, around_ok and not fails)
            if fails:
                raise _Failed
        if around_ok:  # it ended well (or raised above), and so does every one around it
            kept.add(name)

    shutil.copy(demo_file, demo_file.with_name("t.riskwizard"))
    path = demo_file.with_name("t.riskwizard")
    try:
        with open_practice_file(path) as pf:
            before = {s.name for s in pf.records(Site)}
            for block in blocks:
                with contextlib.suppress(_Failed):
                    run(pf, block, True)
            assert not pf.conn.in_transaction
        with open_practice_file(path, readonly=True) as pf:
            assert {s.name for s in pf.records(Site)} - before == kept
    finally:
        path.unlink()


# ---------------------------------------------------------------- another process

def test_second_process_is_refused(kind_demo_file: Path, password: str | None) -> None:
    demo_file = kind_demo_file
    with open_practice_file(demo_file, password=password) as pf:
        code = ("import sys\nfrom riskwizard.store import open_practice_file, StoreError\n"
                "try:\n    open_practice_file(sys.argv[1], password=sys.argv[2] or None)\n"
                "except StoreError as e:\n    print(e)\n    sys.exit(3)\n")
        proc = subprocess.run([sys.executable, "-c", code, str(demo_file), password or ""],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 3, proc.stderr
        assert "open in another riskwizard window" in proc.stdout
        assert proc.stderr == ""  # SQLCipher logs nothing of its own
        # the first holder still works and nothing is damaged
        pf.add(Site("Still mine"))
    with open_practice_file(demo_file, password=password) as pf:
        assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert any(s.name == "Still mine" for s in pf.records(Site))


def test_same_process_second_open_is_refused(kind_demo_file: Path,
                                             password: str | None) -> None:
    with open_practice_file(kind_demo_file, password=password), \
            pytest.raises(StoreError, match="another"):
        open_practice_file(kind_demo_file, password=password)


# ---------------------------------------------------------------- bad files

def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path, demo: Path) -> None:
    shutil.copy(demo, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


BAD_FILES = {
    "zero bytes": (lambda p, d: p.write_bytes(b""), "empty (0 bytes)"),
    "random bytes": (lambda p, d: p.write_bytes(os.urandom(4096)), "not a riskwizard"),
    "text file": (lambda p, d: p.write_text("name,phone\nDana,555\n"), "not a riskwizard"),
    "truncated": (lambda p, d: p.write_bytes(d.read_bytes()[:5000]), "damaged (cut short"),
    "header only": (lambda p, d: p.write_bytes(d.read_bytes()[:40]), "damaged (cut short)"),
    "other sqlite": (lambda p, d: _other_sqlite(p), "not a riskwizard practice file"),
    "newer schema": (_newer, "made by a newer riskwizard"),
    "garbled pages": (lambda p, d: p.write_bytes(d.read_bytes()[:4096] + os.urandom(
        len(d.read_bytes()) - 4096)), "damaged"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("readonly", [False, True])
def test_bad_file_is_refused_and_untouched(tmp_path: Path, demo_file: Path, case: str,
                                           readonly: bool) -> None:
    make, problem = BAD_FILES[case]
    path = tmp_path / "bad.riskwizard"
    make(path, demo_file)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        open_practice_file(path, readonly=readonly)
    message = str(err.value)
    assert problem in message and str(path) in message and "\n" not in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.riskwizard", "demo.riskwizard"]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        open_practice_file(tmp_path / "nope.riskwizard")
    with pytest.raises(StoreError, match="is a folder"):
        open_practice_file(tmp_path)


def test_read_only_file_and_folder(tmp_path: Path, demo_file: Path) -> None:
    before = demo_file.read_bytes()
    demo_file.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="the file is read-only"):
            open_practice_file(demo_file)
        with open_practice_file(demo_file, readonly=True) as pf:  # reading still works
            assert pf.practice().name
    finally:
        demo_file.chmod(0o644)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="folder is read-only"):
            open_practice_file(demo_file)
        with pytest.raises(StoreError, match="folder is read-only"):
            write_new_file(tmp_path / "new.riskwizard", PracticeData(Practice("x")))
    finally:
        tmp_path.chmod(0o755)
    assert demo_file.read_bytes() == before


# ---------------------------------------------------------------- creating

def test_write_new_file_refuses_to_overwrite(demo_file: Path) -> None:
    before = demo_file.read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        write_new_file(demo_file, PracticeData(Practice("x")))
    assert demo_file.read_bytes() == before


def test_failed_creation_leaves_nothing(tmp_path: Path) -> None:
    bad = PracticeData(Practice("x"), assets=[Asset("a", site_id=99, id=1)])  # no site 99
    with pytest.raises(StoreError):
        write_new_file(tmp_path / "x.riskwizard", bad)
    assert list(tmp_path.iterdir()) == []


def test_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreError, match="disk is full"):
        write_new_file(tmp_path / "x.riskwizard", PracticeData(Practice("x")))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- migrations

@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_older_schema_migrates_with_backup(older_file: Callable[[int], Path],
                                                 version: int, password: str | None) -> None:
    path = older_file(version)
    original = path.read_bytes()
    with open_practice_file(path, password=password) as pf:
        assert pf.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert pf.meta()["migrated_from"] == str(version)
        items = pf.records(RemediationItem)
        assert [i.completed_date is not None for i in items] == [True, False]
        assert pf.answers(1)["adm.risk-analysis"].note == "Never done one"
        pf.add(Site("added after migration"))
    backup = backup_path(path, version)
    assert backup.read_bytes() == original  # encrypted as the file was, when it was
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    if password is not None:
        with pytest.raises(PasswordNeeded):
            open_practice_file(backup, readonly=True)
    with open_practice_file(backup, readonly=True, password=password) as pf:
        assert pf.answers(1)["adm.risk-analysis"].note == "Never done one"
    with open_practice_file(path, password=password) as pf:  # again, no second migration
        assert pf.count(Site) == 2
        assert pf.encrypted == (password is not None)


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_an_older_files_baa_signed_becomes_baa(tmp_path: Path,
                                               older_file: Callable[[int], Path],
                                               version: int, password: str | None) -> None:
    """Schema 5 replaced the yes/no ``baa_signed`` with ``baa``: 1 is signed, 0 not signed;
    the old column is gone, and the schema is exactly the one a new file has."""
    path = older_file(version)
    with open_practice_file(path, password=password) as pf:
        got = {v.name: v.baa for v in pf.records(Vendor)}
        columns = [r[1] for r in pf.conn.execute("PRAGMA table_info(vendors)")]
        pf.add(Vendor("Added later", baa=BaaStatus.UNKNOWN))
    assert got["Cloud X-ray Co."] is BaaStatus.SIGNED
    if version == 4:
        assert got["Night Answering LLC"] is BaaStatus.NOT_SIGNED
    assert "baa" in columns and "baa_signed" not in columns
    with open_practice_file(path, readonly=True, password=password) as pf:
        assert {v.name: v.baa for v in pf.records(Vendor)}["Added later"] is BaaStatus.UNKNOWN
    new = tmp_path / "new.riskwizard"
    write_new_file(new, PracticeData(Practice("x")))
    with open_practice_file(new) as a, open_practice_file(path, password=password) as b:
        assert _tables(a.conn) == _tables(b.conn)


def _tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted((str(n), " ".join(str(s).split()))
                  for n, s in conn.execute("SELECT name, sql FROM sqlite_master"))


def test_older_schema_reads_readonly_without_change(tmp_path: Path,
                                                    older_file: Callable[[int], Path],
                                                    password: str | None) -> None:
    path = older_file(1)
    before = path.read_bytes()
    with open_practice_file(path, readonly=True, password=password) as pf:
        assert pf.load_all().remediation[0].completed_date is not None
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["old.riskwizard"]
