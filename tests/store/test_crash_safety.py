"""A process writing answers is killed with SIGKILL at random moments: reopening always
succeeds and holds every answer whose commit was reported before the kill. Each test runs
on a plain file and on one protected with a password (SQLCipher)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from riskwizard.domain.model import Assessment, Practice, PracticeData
from riskwizard.store import open_practice_file, write_new_file

WRITER = """
import os, sys
from riskwizard.domain.model import Answer
from riskwizard.store import open_practice_file
pf = open_practice_file(sys.argv[1], password=os.environ.get("RW_TEST_PASSWORD") or None)
start = int(sys.argv[2])
n = start
while True:
    pf.save_answer(Answer(1, f"q{n:06d}", "no", note="x" * (n % 997)))
    print(n, flush=True)   # reported only after the commit returned
    n += 1
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

PASSWORDS = [pytest.param(None, id="plain"), pytest.param("c0rrect horse ✓", id="encrypted")]


@pytest.mark.slow
@pytest.mark.parametrize("password", PASSWORDS)
def test_kill_9_loses_no_committed_answer(tmp_path: Path, password: str | None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "crash.riskwizard"
    write_new_file(path, PracticeData(Practice("Crash test"),
                                      assessments=[Assessment("2026", id=1)]),
                   password=password)
    monkeypatch.setenv("RW_TEST_PASSWORD", password or "")
    rng = random.Random(20261124)
    committed: set[str] = set()
    start = 0
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(start)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.strip(), "the writer did not start"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        reported = [int(x) for x in (first + rest).split()]
        committed |= {f"q{n:06d}" for n in reported}
        with open_practice_file(path, password=password) as pf:
            stored = set(pf.answers(1))
            assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert pf.encrypted == (password is not None)
        if password is not None:
            assert not path.read_bytes().startswith(b"SQLite format 3")
        missing = committed - stored
        assert not missing, f"lost {len(missing)} committed answers, e.g. {sorted(missing)[:3]}"
        start = max(reported) + 1000
    assert len(committed) > 20


HALF_WRITE = """
import os, sqlite3, sys
if len(sys.argv) > 2:   # an encrypted file: SQLCipher, keyed as the store keys it
    from riskwizard.store.crypto import apply_key, driver, key_for_file
    from pathlib import Path
    conn = driver().connect(sys.argv[1], isolation_level=None)
    apply_key(conn, key_for_file(Path(sys.argv[1]), sys.argv[2]))
else:
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")        # spill changed pages into the file early
conn.execute("BEGIN")
for i in range(3000):
    conn.execute("INSERT INTO answers (assessment_id, question_id, note) VALUES (1, ?, ?)",
                 (f"half{i}", "y" * 500))
os._exit(0)                                   # stop mid-transaction: a hot journal is left
"""


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_file_left_mid_save_opens_with_its_committed_state(tmp_path: Path,
                                                             password: str | None) -> None:
    path = tmp_path / "half.riskwizard"
    write_new_file(path, PracticeData(Practice("Half"), assessments=[Assessment("2026", id=1)]),
                   password=password)
    with open_practice_file(path, password=password) as pf:
        from riskwizard.domain.model import Answer

        pf.save_answer(Answer(1, "kept", "yes"))
    subprocess.run([sys.executable, "-c", HALF_WRITE, str(path), *([password] if password
                                                                   else [])],
                   check=True, timeout=60)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0, "the test did not leave a hot journal"
    before = path.read_bytes()
    # read-only (export, report): the committed state, and the file left as it was
    with open_practice_file(path, readonly=True, password=password) as pf:
        assert set(pf.answers(1)) == {"kept"}
    assert path.read_bytes() == before
    # opened for editing: SQLite rolls the half-save back
    with open_practice_file(path, password=password) as pf:
        assert set(pf.answers(1)) == {"kept"}
    assert not journal.exists()


EXPORTER = """
import sys
from pathlib import Path
from riskwizard.domain.demo import build_demo
from riskwizard.resources import installed_questionnaire
from riskwizard.interchange.json_io import export_json
from riskwizard.interchange.csv_io import format_vendors, write_csv
from riskwizard.store import write_new_file
folder = Path(sys.argv[1])
data = build_demo(installed_questionnaire(), "small")
print("ready", flush=True)
n = 0
while True:
    export_json(data, folder / "out.json")
    write_csv(folder / "out.csv", format_vendors(data.vendors))
    target = folder / f"p{n % 3}.riskwizard"
    target.unlink(missing_ok=True)
    write_new_file(target, data)
    n += 1
"""


@pytest.mark.slow
def test_kill_9_while_writing_leaves_whole_outputs_and_only_cleanable_leftovers(
        tmp_path: Path) -> None:
    """Outputs are whole or absent after any kill; what a kill leaves is only our temporary
    files (by name), owner-only, and a later run removes them once they are old."""
    import json
    import os
    import stat

    from riskwizard import fileio
    from riskwizard.interchange.csv_io import write_csv

    rng = random.Random(14)
    kills = 0
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", EXPORTER, str(tmp_path)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        for p in tmp_path.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p
            if p.name.startswith(fileio.TEMP_PREFIX):
                continue  # a leftover: checked below
            if p.suffix == ".json":
                json.loads(p.read_text(encoding="utf-8"))
            elif p.suffix == ".csv":
                assert p.read_bytes().endswith(b"\r\n")
            else:
                assert p.suffix == ".riskwizard", p
                with open_practice_file(p, readonly=True) as pf:
                    assert pf.load_all().assets
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(fileio.TEMP_PREFIX)]
    old = time.time() - fileio.LEFTOVER_AGE - 60
    for p in leftovers:
        os.utime(p, (old, old))
    write_csv(tmp_path / "later.csv", "name\r\n")  # the next run writes here
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(fileio.TEMP_PREFIX)]
    assert kills == 12
