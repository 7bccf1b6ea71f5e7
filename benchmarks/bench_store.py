"""Saving one answer at the store level (the commit itself, fsync included), on the large
practice: p50 and p99 over 1,000 answers, against a floor: a bare sqlite3 INSERT OR REPLACE
commit with the same durability settings on a file of the same size, in the same run.

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

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.domain.model import Answer  # noqa: E402
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
        ours, floor = [], []
        with open_practice_file(path) as pf:
            assessment = pf.latest_assessment()
            assert assessment is not None
            conn = sqlite3.connect(floor_path, isolation_level=None)
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("PRAGMA synchronous = FULL")
            for i in range(N):
                answer = Answer(assessment.id, f"bench.q{i % 50}", "no" if i % 2 else "yes",
                                note=f"note {i}")
                t = time.perf_counter()
                pf.save_answer(answer)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                conn.execute("BEGIN")
                conn.execute("INSERT OR REPLACE INTO answers (assessment_id, question_id, "
                             "choice, note) VALUES (?, ?, ?, ?)",
                             (assessment.id, answer.question_id, answer.choice, answer.note))
                conn.execute("COMMIT")
                floor.append(time.perf_counter() - t)
            conn.close()
        print(f"{N} answers on the large practice\n")
        print(HEADER)
        for p in (50, 99):
            print(row(f"save one answer, store only, p{p}", percentile(ours, p) * 1000,
                      percentile(floor, p) * 1000, unit="ms",
                      target="p99 <= 5 ms" if p == 99 else ""))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
