"""Password-protected practice files (SQLCipher) and evidence kept inside them, on real
encrypted files: create, reopen, wrong password, no password, lock, migrate from each
earlier schema (backup encrypted), change and remove the password, no plain copy on disk,
evidence round trips (JSON byte for byte, the evidence pack's hashes)."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.cli import main
from riskwizard.domain.model import (
    Answer,
    Assessment,
    Evidence,
    Practice,
    PracticeData,
    Risk,
    RiskStatus,
    Treatment,
    Vendor,
)
from riskwizard.store import StoreError, open_practice_file, write_new_file
from riskwizard.store.practice_file import (
    PasswordNeeded,
    WrongPassword,
    set_password,
)

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
MARKER = "Zebra-Marker-Clinic-7731"
PASSWORDS = [pytest.param(None, id="plain"), pytest.param("s3cret ✓ 'x\"", id="encrypted")]
passwords = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
SLOW = settings(max_examples=6, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _data() -> PracticeData:
    return PracticeData(Practice(MARKER), assessments=[Assessment("2026", id=1)],
                        vendors=[Vendor("Cloud X-ray", id=1)])


def _no_plain_text(folder: Path) -> None:
    for f in folder.rglob("*"):
        if f.is_file():
            raw = f.read_bytes()
            assert MARKER.encode() not in raw, f"{f.name} holds practice data in plain"
            assert not raw.startswith(b"SQLite format 3"), f"{f.name} is a plain database"


@pytest.mark.parametrize("password", PASSWORDS)
def test_create_reopen_save_and_readonly_leaves_the_folder(tmp_path: Path,
                                                           password: str | None) -> None:
    path = tmp_path / "c.riskwizard"
    write_new_file(path, _data(), password=password)
    with open_practice_file(path, password=password) as pf:
        assert pf.encrypted == (password is not None)
        pf.save_answer(Answer(1, "q1", "yes", note=MARKER))
    before = sorted(os.listdir(tmp_path)), path.read_bytes()
    with open_practice_file(path, readonly=True, password=password) as pf:
        assert pf.answers(1)["q1"].note == MARKER
    assert (sorted(os.listdir(tmp_path)), path.read_bytes()) == before
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    if password is not None:
        _no_plain_text(tmp_path)


@given(password=passwords, wrong=passwords)
@SLOW
def test_a_wrong_password_is_one_line_and_nothing_is_damaged(
        tmp_path_factory: pytest.TempPathFactory, password: str, wrong: str) -> None:
    if wrong == password:
        wrong += "x"
    folder = tmp_path_factory.mktemp("w")
    path = folder / "c.riskwizard"
    write_new_file(path, _data(), password=password)
    before = path.read_bytes()
    for readonly in (True, False):
        with pytest.raises(WrongPassword) as info:
            open_practice_file(path, readonly=readonly, password=wrong)
        text = str(info.value)
        assert "\n" not in text and "wrong password" in text and "damaged" not in text
    assert path.read_bytes() == before and os.listdir(folder) == ["c.riskwizard"]
    with open_practice_file(path, password=password) as pf:
        assert pf.practice().name == MARKER


@given(head=st.binary(min_size=16, max_size=40), pages=st.integers(2, 8))
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_without_a_password_both_possibilities_are_said(
        tmp_path_factory: pytest.TempPathFactory, head: bytes, pages: int) -> None:
    folder = tmp_path_factory.mktemp("n")
    raw = (head + bytes(4096 * pages))[:4096 * pages]
    if raw.startswith(b"SQLite format 3"):
        return
    ours, other = folder / "a.riskwizard", folder / "a.db"
    ours.write_bytes(raw)
    other.write_bytes(raw)
    with pytest.raises(PasswordNeeded, match="protected with a password, or not a riskwizard"):
        open_practice_file(ours)
    with pytest.raises(StoreError, match="not a riskwizard practice file") as info:
        open_practice_file(other)
    assert not isinstance(info.value, PasswordNeeded)
    with pytest.raises(StoreError, match="wrong password, or not a riskwizard"):
        open_practice_file(ours, password="anything")
    assert ours.read_bytes() == raw


@given(first=passwords, second=passwords)
@SLOW
def test_protect_change_and_remove_a_password(tmp_path_factory: pytest.TempPathFactory,
                                              first: str, second: str) -> None:
    folder = tmp_path_factory.mktemp("p")
    path = folder / "c.riskwizard"
    write_new_file(path, _data())
    set_password(path, None, first)
    _no_plain_text(folder)
    set_password(path, first, second)
    _no_plain_text(folder)
    if first != second:
        with pytest.raises(WrongPassword):
            open_practice_file(path, password=first)
    with pytest.raises(StoreError, match="wrong password"):
        set_password(path, second + "x", None)
    set_password(path, second, None)
    with open_practice_file(path) as pf:
        assert not pf.encrypted and pf.practice().name == MARKER
    assert sorted(os.listdir(folder)) == ["c.riskwizard"]


# ---------------------------------------------------------------- evidence

def _with_evidence(path: Path, password: str | None, blobs: list[bytes]) -> None:
    write_new_file(path, _data(), password=password)
    with open_practice_file(path, password=password) as pf:
        risk = pf.add(Risk(1, "Ransomware", likelihood=3, impact=4,
                           treatment=Treatment.MITIGATE, status=RiskStatus.CONFIRMED))
        for i, blob in enumerate(blobs):
            owner = [dict(vendor_id=1), dict(risk_id=risk.id),
                     dict(assessment_id=1, question_id="adm.baa")][i % 3]
            pf.add_evidence(Evidence(f"proof {i}.pdf", "", added_by="Ann", **owner), blob)


@given(blobs=st.lists(st.binary(max_size=2000), min_size=1, max_size=6))
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_evidence_round_trips_through_json_byte_for_byte(
        tmp_path_factory: pytest.TempPathFactory, blobs: list[bytes]) -> None:
    folder = tmp_path_factory.mktemp("j")
    path = folder / "e.riskwizard"
    _with_evidence(path, None, blobs)
    assert main(["export", str(path), "-o", str(folder / "1.json")]) == 0
    assert main(["import", str(folder / "1.json"), "-o", str(folder / "back")]) == 0
    with open_practice_file(folder / "back.riskwizard", readonly=True) as pf:
        stored = {e.sha256: pf.evidence_content(e.sha256) for e in pf.records(Evidence)}
        assert len(pf.records(Evidence)) == len(blobs)
    assert sorted(stored.values()) == sorted(set(blobs))  # each kept once
    assert main(["export", str(folder / "back.riskwizard"), "-o", str(folder / "2.json")]) == 0
    # the import derives the register (the hand-made risk gains derived ones): from there
    # on, export -> import -> export is byte for byte; the evidence is so from the start
    assert main(["import", str(folder / "2.json"), "-o", str(folder / "again")]) == 0
    assert main(["export", str(folder / "again.riskwizard"), "-o", str(folder / "3.json")]) == 0
    assert (folder / "2.json").read_bytes() == (folder / "3.json").read_bytes()
    doc = json.loads((folder / "1.json").read_text())
    doc2 = json.loads((folder / "2.json").read_text())
    assert (doc["evidence"], doc["evidence_content"]) == (doc2["evidence"],
                                                          doc2["evidence_content"])
    assert doc["format_version"] == 4 and len(doc["evidence_content"]) == len(set(blobs))


def test_evidence_is_kept_once_encrypted_limited_deleted_with_its_record(
        tmp_path: Path) -> None:
    from riskwizard.domain.evidence import MAX_FILE_BYTES

    path = tmp_path / "e.riskwizard"
    secret = MARKER.encode() * 50
    _with_evidence(path, "pw", [secret, secret, secret])
    _no_plain_text(tmp_path)
    with open_practice_file(path, password="pw") as pf:
        assert pf.evidence_bytes() == len(secret)
        with pytest.raises(StoreError, match="at most 25 MB"):
            pf.add_evidence(Evidence("huge.bin", "", vendor_id=1), bytes(MAX_FILE_BYTES + 1))
        pf.delete(Vendor, 1)
        pf.delete(Risk, pf.records(Risk)[0].id)
        assert len(pf.records(Evidence)) == 1 and pf.evidence_bytes() == len(secret)
        pf.delete(Assessment, 1)
        assert pf.records(Evidence) == [] and pf.evidence_bytes() == 0


def test_the_evidence_pack_lists_every_file_with_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "e.riskwizard"
    blobs = [b"signed BAA", b"screenshot", b"../../etc/passwd"]
    _with_evidence(path, "pw", blobs)
    os.environ["RISKWIZARD_PASSWORD"] = "pw"
    try:
        assert main(["evidence-pack", str(path), "-o", str(tmp_path / "pack.zip")]) == 0
    finally:
        del os.environ["RISKWIZARD_PASSWORD"]
    with zipfile.ZipFile(tmp_path / "pack.zip") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for entry in manifest["files"]:
            assert ".." not in entry["path"].split("/")
            assert hashlib.sha256(zf.read(entry["path"])).hexdigest() == entry["sha256"]
    assert len(manifest["files"]) == 3


def test_import_refuses_evidence_whose_content_does_not_match(tmp_path: Path) -> None:
    path = tmp_path / "e.riskwizard"
    _with_evidence(path, None, [b"abc"])
    assert main(["export", str(path), "-o", str(tmp_path / "1.json")]) == 0
    doc = json.loads((tmp_path / "1.json").read_text())
    sha = next(iter(doc["evidence_content"]))
    doc["evidence_content"][sha] = "YWJk"  # "abd"
    (tmp_path / "2.json").write_text(json.dumps(doc))
    assert main(["import", str(tmp_path / "2.json"), "-o", str(tmp_path / "x")]) == 1
    assert not (tmp_path / "x.riskwizard").exists()


@given(name=st.from_regex(r"[a-z][a-z0-9_-]{0,11}(\.[a-z0-9]{1,5})?", fullmatch=True),
       pages=st.integers(2, 6), seed=st.binary(min_size=32, max_size=32))
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_looking_pages_under_any_name_may_need_a_password(
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
        name: str, pages: int, seed: bytes) -> None:
    """An encrypted file renamed by its owner is still said to need a password, and the
    command line says how to give it; a text file of whole pages is not."""
    folder = tmp_path_factory.mktemp("r")
    raw = b"".join(hashlib.sha256(seed + i.to_bytes(4, "big")).digest()
                   for i in range(4096 * pages // 32))
    path, text = folder / name, folder / f"text-{name}"
    path.write_bytes(raw)
    text.write_bytes((b"Patient list, do not share. " * 400)[:4096 * pages])
    with pytest.raises(PasswordNeeded, match="protected with a password, or not a riskwizard"):
        open_practice_file(path)
    with pytest.raises(StoreError, match="not a riskwizard practice file") as info:
        open_practice_file(text)
    assert not isinstance(info.value, PasswordNeeded)
    capsys.readouterr()
    assert main(["export", str(path), "-o", str(folder / "o.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--password-file PATH or $RISKWIZARD_PASSWORD" in err
    assert path.read_bytes() == raw and not (folder / "o.json").exists()


def test_the_command_line_with_a_password_file(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    pw, pw2 = tmp_path / "pw", tmp_path / "pw2"
    pw.write_text("first ✓\n")
    pw2.write_text("second\r\n")
    f = str(tmp_path / "c.riskwizard")
    assert main(["new", f, "--practice", MARKER, "--password-file", str(pw)]) == 0
    assert main(["export", f, "-o", str(tmp_path / "o.json")]) == 1
    assert "protected with a password, or not" in capsys.readouterr().err
    assert main(["export", f, "-o", str(tmp_path / "o.json"), "--password-file", str(pw)]) == 0
    assert "not encrypted" in capsys.readouterr().out
    assert main(["rekey", f, "--password-file", str(pw), "--new-password-file",
                 str(pw2)]) == 0
    assert main(["report", f, "-o", str(tmp_path / "o.pdf"), "--password-file", str(pw)]) == 1
    err = capsys.readouterr().err
    assert "wrong password" in err and err.count("\n") == 1
    assert main(["unlock", f, "--password-file", str(pw2)]) == 0
    assert main(["lock", f, "--password-file", str(pw)]) == 0
    assert not Path(f).read_bytes().startswith(b"SQLite format 3")


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=8, max_size=20).filter(lambda p: p != "right horse battery"))
def test_a_wrong_current_password_changes_nothing_and_the_session_goes_on(
        tmp_path: Path, wrong: str) -> None:
    from riskwizard.domain.model import Practice as _Practice
    from riskwizard.resources import installed_questionnaire
    from riskwizard.session import Session
    from riskwizard.store.practice_file import WrongPassword as _Wrong

    path = tmp_path / f"s{abs(hash(wrong)) % 10**8}.riskwizard"
    s = Session.create(path, _Practice("Locked"), installed_questionnaire(),
                       password="right horse battery")
    try:
        before = path.read_bytes()
        assert s.check_password("right horse battery") and not s.check_password(wrong)
        with pytest.raises(_Wrong, match="nothing was changed"):
            s.set_password(wrong, "another password")
        assert path.read_bytes() == before
        s.set_answer("adm.risk-analysis", choice="yes")  # the session still works
        s.set_password("right horse battery", None)
        assert s.check_password(None)
    finally:
        s.close()
