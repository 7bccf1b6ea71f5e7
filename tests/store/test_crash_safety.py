"""A process writing answers is killed with SIGKILL at random moments: reopening always
succeeds and holds every answer whose commit was reported before the kill."""

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
import sys
from riskwizard.domain.model import Answer
from riskwizard.store import open_practice_file
pf = open_practice_file(sys.argv[1])
start = int(sys.argv[2])
n = start
while True:
    pf.save_answer(Answer(1, f"q{n:06d}", "no", note="x" * (n % 997)))
    print(n, flush=True)   # reported only after the commit returned
    n += 1
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.mark.slow
def test_kill_9_loses_no_committed_answer(tmp_path: Path) -> None:
    path = tmp_path / "crash.riskwizard"
    write_new_file(path, PracticeData(Practice("Crash test"),
                                      assessments=[Assessment("2026", id=1)]))
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
        with open_practice_file(path) as pf:
            stored = set(pf.answers(1))
            assert pf.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        missing = committed - stored
        assert not missing, f"lost {len(missing)} committed answers, e.g. {sorted(missing)[:3]}"
        start = max(reported) + 1000
    assert len(committed) > 20


HALF_WRITE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")        # spill changed pages into the file early
conn.execute("BEGIN")
for i in range(3000):
    conn.execute("INSERT INTO answers (assessment_id, question_id, note) VALUES (1, ?, ?)",
                 (f"half{i}", "y" * 500))
os._exit(0)                                   # stop mid-transaction: a hot journal is left
"""


def test_a_file_left_mid_save_opens_with_its_committed_state(tmp_path: Path) -> None:
    path = tmp_path / "half.riskwizard"
    write_new_file(path, PracticeData(Practice("Half"), assessments=[Assessment("2026", id=1)]))
    with open_practice_file(path) as pf:
        from riskwizard.domain.model import Answer

        pf.save_answer(Answer(1, "kept", "yes"))
    subprocess.run([sys.executable, "-c", HALF_WRITE, str(path)], check=True, timeout=60)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0, "the test did not leave a hot journal"
    before = path.read_bytes()
    # read-only (export, report): the committed state, and the file left as it was
    with open_practice_file(path, readonly=True) as pf:
        assert set(pf.answers(1)) == {"kept"}
    assert path.read_bytes() == before
    # opened for editing: SQLite rolls the half-save back
    with open_practice_file(path) as pf:
        assert set(pf.answers(1)) == {"kept"}
    assert not journal.exists()
