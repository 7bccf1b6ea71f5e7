"""The key of an encrypted practice file: derived by us exactly as SQLCipher 4 derives it
from a passphrase (so the file opens in any SQLCipher 4 tool, and a file made by one opens
here), by any of the three implementations, once per open, and in a worker thread."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import Assessment, Practice, PracticeData
from riskwizard.store import crypto, open_practice_file, write_new_file
from riskwizard.store.practice_file import WrongPassword

PASSWORD = "s3cret ✓ 'quoted\" pass"


def _data(name: str = "Key Clinic") -> PracticeData:
    return PracticeData(Practice(name), assessments=[Assessment("2026", id=1)])


def _sqlcipher_with_passphrase(path: Path, passphrase: str) -> object:
    """A bare SQLCipher connection keyed by passphrase: SQLCipher derives the key itself."""
    conn = crypto.driver().connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    quoted = passphrase.replace("'", "''")
    conn.execute(f"PRAGMA key = '{quoted}'")
    return conn


def test_our_file_opens_in_sqlcipher_by_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "ours.riskwizard"
    write_new_file(path, _data(), password=PASSWORD)
    conn = _sqlcipher_with_passphrase(path, PASSWORD)
    try:
        name = conn.execute("SELECT name FROM practice").fetchone()[0]  # type: ignore[attr-defined]
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]  # type: ignore[attr-defined]
    finally:
        conn.close()  # type: ignore[attr-defined]
    assert name == "Key Clinic" and version.startswith("4.")


def test_a_file_sqlcipher_encrypted_by_passphrase_opens_here(tmp_path: Path) -> None:
    plain, theirs = tmp_path / "plain.riskwizard", tmp_path / "theirs.riskwizard"
    write_new_file(plain, _data("Made by SQLCipher"))
    conn = crypto.driver().connect(str(plain), isolation_level=None)
    try:  # SQLCipher's own documented way to encrypt a plain database, by passphrase
        quoted = PASSWORD.replace("'", "''")
        conn.execute(f"ATTACH DATABASE '{theirs}' AS enc KEY '{quoted}'")
        conn.execute("SELECT sqlcipher_export('enc')")
        for pragma in ("application_id", "user_version"):
            value = conn.execute(f"PRAGMA main.{pragma}").fetchone()[0]
            conn.execute(f"PRAGMA enc.{pragma} = {value}")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    assert not theirs.read_bytes().startswith(b"SQLite format 3")
    for secret in (PASSWORD, crypto.start_key(theirs, PASSWORD)):
        with open_practice_file(theirs, password=secret) as pf:
            assert pf.encrypted and pf.practice().name == "Made by SQLCipher"
    with pytest.raises(WrongPassword):
        open_practice_file(theirs, password=PASSWORD + "x")


@given(password=st.binary(min_size=1, max_size=64), salt=st.binary(min_size=16, max_size=16))
@settings(max_examples=25, deadline=None)
def test_the_three_implementations_agree(password: bytes, salt: bytes) -> None:
    """Python's OpenSSL binding and SQLCipher's own OpenSSL (what the frozen bundle uses)
    give the same key, and so does ``hashlib``'s last resort (fewer rounds here)."""
    mp = pytest.MonkeyPatch()
    mp.setattr(crypto, "KDF_ROUNDS", 1000)
    try:
        ours = crypto._hashlib_pbkdf2()
        theirs = crypto._sqlcipher_pbkdf2()
        assert ours is not None and theirs is not None
        expected = ours(password, salt)
        assert len(expected) == crypto.KEY_BYTES
        assert theirs(password, salt) == expected == crypto._python_pbkdf2(password, salt)
    finally:
        mp.undo()


def test_sqlcipher_s_own_kdf_gives_a_key_that_opens_a_file(tmp_path: Path) -> None:
    """At the full 256,000 rounds: the key SQLCipher's OpenSSL derives opens our file."""
    path = tmp_path / "k.riskwizard"
    write_new_file(path, _data(), password=PASSWORD)
    derive = crypto._sqlcipher_pbkdf2()
    assert derive is not None
    salt = crypto.file_salt(path)
    key = crypto.Key(derive(PASSWORD.encode(), salt), salt)
    with open_practice_file(path, password=key) as pf:
        assert pf.practice().name == "Key Clinic"


def test_a_writable_open_derives_the_key_once(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "once.riskwizard"
    write_new_file(path, _data(), password=PASSWORD)
    real = crypto.pbkdf2_sha512()
    calls: list[bytes] = []

    def counting(password: bytes, salt: bytes) -> bytes:
        calls.append(salt)
        return real(password, salt)

    monkeypatch.setattr(crypto, "_PBKDF2", [counting])
    with open_practice_file(path, password=PASSWORD) as pf:
        assert pf.practice().name == "Key Clinic"
    assert calls == [crypto.file_salt(path)]
    calls.clear()
    pending = crypto.start_key(path, PASSWORD)
    assert isinstance(pending, crypto.PendingKey)
    with open_practice_file(path, password=pending):
        pass
    assert len(calls) == 1


def test_a_pending_key(tmp_path: Path) -> None:
    path = tmp_path / "p.riskwizard"
    write_new_file(path, _data(), password=PASSWORD)
    assert "s3cret" not in repr(crypto.start_key(path, PASSWORD))
    with pytest.raises(WrongPassword) as info:
        open_practice_file(path, password=crypto.start_key(path, "not it"))
    assert "\n" not in str(info.value) and "wrong password" in str(info.value)
    # The file replaced after the derivation started (another salt): derived again for it.
    pending = crypto.start_key(path, PASSWORD)
    other = tmp_path / "other.riskwizard"
    write_new_file(other, _data("Replaced"), password=PASSWORD)
    shutil.move(other, path)
    with open_practice_file(path, password=pending) as pf:
        assert pf.practice().name == "Replaced"
    # A plain file, or one that is not there: nothing to derive; the open says why.
    plain = tmp_path / "plain.riskwizard"
    write_new_file(plain, _data())
    assert crypto.start_key(plain, PASSWORD) == PASSWORD
    assert crypto.start_key(tmp_path / "missing.riskwizard", PASSWORD) == PASSWORD
    assert crypto.start_key(path, None) is None
    assert crypto.start_key(path, "x" * 2000) == "x" * 2000  # refused, in one line, on open
    with pytest.raises(WrongPassword, match="longer than"):
        open_practice_file(path, password="x" * 2000)


def test_a_given_key_for_another_file_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.riskwizard", tmp_path / "b.riskwizard"
    write_new_file(a, _data(), password=PASSWORD)
    write_new_file(b, _data(), password=PASSWORD)
    key_a = crypto.key_for_file(a, PASSWORD)
    with pytest.raises(WrongPassword, match="replaced while it was being opened"):
        open_practice_file(b, password=key_a)


def test_the_window_opens_an_encrypted_file_with_a_password_file(tmp_path: Path) -> None:
    """``riskwizard gui FILE --password-file PATH``: the key is started before the window
    is built, and the file opens without a prompt; a wrong one is refused."""
    path, pw = tmp_path / "w.riskwizard", tmp_path / "pw.txt"
    write_new_file(path, _data("Window Clinic"), password=PASSWORD)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "RISKWIZARD_CONFIG_DIR": str(tmp_path / "cfg")}
    env.pop("RISKWIZARD_PASSWORD", None)
    for text, code in ((PASSWORD, 0), ("wrong", 1)):
        pw.write_text(text + "\n", encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "riskwizard", "gui", str(path),
                               "--password-file", str(pw), "--exit-after-ready"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == code, proc.stderr
        assert "Traceback" not in proc.stderr
        if code:  # said for the command line, not the window's "press Cancel"
            assert (f"{path}: that password does not open it; nothing was changed; give the "
                    "password with --password-file PATH or $RISKWIZARD_PASSWORD") in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "riskwizard", "gui", str(path),
                           "--exit-after-ready"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{path}: protected with a password; give the password with" in proc.stderr


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        min_size=1,
                        max_size=30))
def test_any_password_round_trips_through_sqlcipher_s_passphrase(
        tmp_path_factory: pytest.TempPathFactory, password: str) -> None:
    path = tmp_path_factory.mktemp("pp") / "x.riskwizard"
    write_new_file(path, _data(), password=password)
    conn = _sqlcipher_with_passphrase(path, password)
    try:
        assert conn.execute("SELECT count(*) FROM practice").fetchone()[0] == 1  # type: ignore[attr-defined]
    finally:
        conn.close()  # type: ignore[attr-defined]
