"""Saving one answer at the store level (the commit itself, fsync included), on the large
practice: p50 and p99 over 1,000 answers, against a floor: a bare sqlite3 INSERT OR REPLACE
commit with the same durability settings on a file of the same size, in the same run.

A third column, for the record: the same bare commit in WAL mode, as durable (synchronous
FULL: every commit is on the disk when it returns), alternating with the other two. In
rollback mode (ours and the floor: the journal kept in exclusive locking mode) a commit
syncs four times (the journal, its header, the file, the journal's header zeroed); in WAL
mode once. It shows what that mode would give here; the program does not use it (the
practice file would not be whole on its own while open: its latest commits would sit in a
``-wal`` file beside it until a checkpoint).

    .venv/bin/python benchmarks/bench_store.py
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, percentile, row  # noqa: E402

from riskwizard.domain.assessments import latest  # noqa: E402
from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.domain.model import Answer, Assessment  # noqa: E402
from riskwizard.resources import installed_questionnaire  # noqa: E402
from riskwizard.store import open_practice_file, write_new_file  # noqa: E402

N = 1000


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    try:
        path = folder / "large.riskwizard"
        write_new_file(path, build_demo(installed_questionnaire(), "large"))
        floor_path = folder / "floor.sqlite"
        shutil.copy(path, floor_path)
        shutil.copy(path, folder / "wal.sqlite")
        ours: list[float] = []
        floor: list[float] = []
        wal: list[float] = []
        with open_practice_file(path) as pf:
            assessment = latest(pf.records(Assessment))
            assert assessment is not None
            conn = _bare(floor_path, "DELETE")
            wal_conn = _bare(folder / "wal.sqlite", "WAL")
            for i in range(N):
                answer = Answer(assessment.id, f"bench.q{i % 50}", "no" if i % 2 else "yes",
                                note=f"note {i}")
                t = time.perf_counter()
                pf.save_answer(answer)
                ours.append(time.perf_counter() - t)
                for bare, times in ((conn, floor), (wal_conn, wal))[::1 if i % 2 else -1]:
                    t = time.perf_counter()
                    bare.execute("BEGIN")
                    bare.execute("INSERT OR REPLACE INTO answers (assessment_id, "
                                 "question_id, choice, note) VALUES (?, ?, ?, ?)",
                                 (assessment.id, answer.question_id, answer.choice,
                                  answer.note))
                    bare.execute("COMMIT")
                    times.append(time.perf_counter() - t)
            conn.close()
            wal_conn.close()
        print(f"{N} answers on the large practice\n")
        print(HEADER)
        for p in (50, 99):
            print(row(f"save one answer, store only, p{p}", percentile(ours, p) * 1000,
                      percentile(floor, p) * 1000, unit="ms",
                      target="p99 <= 5 ms" if p == 99 else ""))
        for p in (50, 99):
            print(row(f"bare commit in WAL mode (as durable), p{p}",
                      percentile(wal, p) * 1000, percentile(floor, p) * 1000, unit="ms"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bare(path: Path, journal: str) -> sqlite3.Connection:
    """A plain connection holding the file as ours does (exclusive, synchronous FULL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA journal_mode = {journal}")
    return conn


if __name__ == "__main__":
    main()
