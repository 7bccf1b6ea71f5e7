"""Every writer (CSV, JSON, PDF, the questionnaire cache) goes through fileio: it never
replaces a file of another kind, writes owner-only, handles long names, names the file the
person chose in every message, and its leftovers are cleaned on a later run."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard import fileio
from riskwizard.domain.model import PracticeData
from riskwizard.fileio import CSV, JSON_EXPORT, PDF, OutputError, write_atomically
from riskwizard.interchange.csv_io import write_csv
from riskwizard.interchange.json_io import export_json
from riskwizard.store import write_new_file

KINDS = {"csv": CSV, "json": JSON_EXPORT, "pdf": PDF}
SAMPLES = {"csv": b"\xef\xbb\xbfname,kind\r\nLaptop,laptop\r\n", "json": b'{\n  "a": 1}\n',
           "pdf": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj"}


@pytest.fixture(scope="module")
def practice_bytes(tmp_path_factory: pytest.TempPathFactory, demo_data: PracticeData) -> bytes:
    path = tmp_path_factory.mktemp("p") / "p.riskwizard"
    write_new_file(path, demo_data)
    return path.read_bytes()


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("victim", ["practice", "csv", "json", "pdf", "png", "zip"])
def test_no_writer_replaces_another_kind(kind: str, victim: str, practice_bytes: bytes,
                                         tmp_path: Path) -> None:
    content = {"practice": practice_bytes, "png": b"\x89PNG\r\n\x1a\n\x00\x00",
               "zip": b"PK\x03\x04\x14\x00\x00", **SAMPLES}[victim]
    path = tmp_path / "target"
    path.write_bytes(content)
    if victim == kind:
        write_atomically(path, lambda fh: fh.write(SAMPLES[kind]), KINDS[kind])
        assert path.read_bytes() == SAMPLES[kind]
    else:
        with pytest.raises(OutputError) as info:
            write_atomically(path, lambda fh: fh.write(SAMPLES[kind]), KINDS[kind])
        assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)
        assert path.read_bytes() == content
    assert os.listdir(tmp_path) == ["target"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.binary(min_size=1, max_size=200))
def test_csv_export_never_replaces_binary_files(head: bytes, tmp_path: Path,
                                                practice_bytes: bytes) -> None:
    """Any file with a NUL byte in its first 4 KB (every SQLite file) is not replaced by a
    CSV; nor is a practice file however it is named."""
    for name, content in (("a.csv", head + b"\x00"), ("clinic.riskwizard", practice_bytes),
                          ("x.csv", practice_bytes[:100] + head)):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(OutputError):
            write_csv(path, "name\r\nx\r\n")
        assert path.read_bytes() == content
        path.unlink()


def test_every_output_is_owner_only(tmp_path: Path, demo_data: PracticeData) -> None:
    os.umask(0o022)
    try:
        export_json(demo_data, tmp_path / "out.json")
        write_csv(tmp_path / "out.csv", "name\r\n")
        write_new_file(tmp_path / "p.riskwizard", demo_data)
        for p in tmp_path.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    finally:
        os.umask(0o022)


def test_settings_file_is_owner_only(tmp_path: Path) -> None:
    from riskwizard.ui.settings import Settings

    ini = tmp_path / "riskwizard.ini"
    ini.write_text("[files]\n")
    ini.chmod(0o644)
    settings_ = Settings(tmp_path)
    settings_.add_recent(tmp_path / "a.riskwizard")
    settings_.sync()
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


def test_a_start_that_crashed_does_not_reopen_the_file(tmp_path: Path) -> None:
    from riskwizard.ui.settings import Settings

    s = Settings(tmp_path)
    s.add_recent(tmp_path / "bad.riskwizard")
    s.sync()
    assert Settings(tmp_path).begin_reopen() is not None  # ... and the program dies here
    assert Settings(tmp_path).begin_reopen() is None  # next start: not tried again
    assert Settings(tmp_path).last_file() is None
    s = Settings(tmp_path)
    s.add_recent(tmp_path / "good.riskwizard")
    assert s.begin_reopen() is not None
    s.end_reopen(opened=True)
    assert Settings(tmp_path).begin_reopen() == (tmp_path / "good.riskwizard").resolve()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(length=st.integers(200, 255))
def test_long_legal_names_can_be_written(length: int, tmp_path: Path) -> None:
    name = ("n" * length)[: length - 4] + ".csv"
    write_csv(tmp_path / name, "name\r\nx\r\n")
    assert (tmp_path / name).exists()
    (tmp_path / name).unlink()


@pytest.mark.parametrize("age,mine,name,removed", [
    (7 * 3600, True, ".~rw1a2b3c4d.tmp", True),
    (7 * 3600, True, ".~rw1a2b3c4d.tmp-journal", True),
    (60, True, ".~rw1a2b3c4d.tmp", False),  # perhaps another run's write in progress
    (7 * 3600, True, "notes.tmp", False),  # not ours by name
    (7 * 3600, True, ".~rw1a2b3c4d.csv", False),
])
def test_leftovers_are_cleaned_by_pattern_and_age(age: int, mine: bool, name: str,
                                                  removed: bool, tmp_path: Path) -> None:
    leftover = tmp_path / name
    leftover.write_bytes(b"practice data")
    then = time.time() - age
    os.utime(leftover, (then, then))
    write_csv(tmp_path / "out.csv", "name\r\n")  # any later write cleans the folder
    assert leftover.exists() is not removed


def test_leftovers_of_others_are_kept(tmp_path: Path) -> None:
    leftover = tmp_path / ".~rwdeadbeef.tmp"
    leftover.write_bytes(b"x")
    then = time.time() - 10 * 3600
    os.utime(leftover, (then, then))
    assert fileio.is_leftover(leftover)
    if hasattr(os, "getuid") and os.getuid() == 0:
        os.chown(leftover, 12345, 12345)
        assert not fileio.is_leftover(leftover)


@settings(max_examples=100, deadline=None)
@given(text=st.text(min_size=1, max_size=60))
def test_messages_are_one_line(text: str) -> None:
    message = str(OutputError(f"{text}: cannot be written"))
    assert "\n" not in message and "\r" not in message
    message.encode("utf-8")  # no lone surrogate: it can be printed


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "riskwizard", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


def test_cli_file_names_that_are_awkward(tmp_path: Path, demo_file: Path) -> None:
    cases = [tmp_path / "new\nline.json", tmp_path / ("x" * 300 + ".json"),
             tmp_path / ("d/" * 2100 + "x.json"), tmp_path / "missing" / "x.json"]
    for out in cases:
        result = _cli("export", str(demo_file), "-o", str(out))
        if result.returncode == 0:
            assert out.exists()
            continue
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
    for i, src in enumerate(cases):
        result = _cli("import", str(src), "-o", str(tmp_path / f"y{i}.riskwizard"))
        assert result.returncode == (0 if os.path.exists(src) else 1), result.stderr
        assert result.returncode == 0 or result.stderr.count("\n") == 1, result.stderr
    result = _cli("import", "/dev/zero", "-o", str(tmp_path / "z.riskwizard"))
    assert result.returncode == 1 and "/dev/zero" in result.stderr
    assert not (tmp_path / "z.riskwizard").exists()


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))   # writes past 4 KB fail: EFBIG
from riskwizard.store import StoreError, open_practice_file
try:
    open_practice_file(sys.argv[1]).close()
except StoreError as exc:
    print(exc)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_migration_backup_unwritable_is_one_line(tmp_path: Path) -> None:
    """The backup before a migration cannot be written (a file-size limit stands in for a
    full disk): refused in one line, the file left as it was, no partial backup."""
    import shutil

    src = Path(__file__).parent / "data" / "schemas" / "schema2.riskwizard"
    path = tmp_path / "old.riskwizard"
    shutil.copyfile(src, path)
    before = path.read_bytes()
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "backup" in result.stdout, result.stdout
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["old.riskwizard"]


def test_a_second_migration_keeps_the_first_backup(tmp_path: Path) -> None:
    import shutil

    from riskwizard.store import open_practice_file
    from riskwizard.store.practice_file import backup_path

    src = Path(__file__).parent / "data" / "schemas" / "schema2.riskwizard"
    path = tmp_path / "old.riskwizard"
    for round_ in (1, 2, 3):
        shutil.copyfile(src, path)
        open_practice_file(path).close()
        assert backup_path(path, 2, round_).read_bytes() == src.read_bytes()
    assert len(list(tmp_path.glob("*backup*"))) == 3
