"""The cost of a password: answer save p99 and opening time, encrypted vs plain, on the
large demo practice. The two files are measured alternately in the same run (so drift in
the machine's load hits both alike).

    .venv/bin/python benchmarks/bench_encrypted.py [--rounds 5] [--saves 200]

Targets (issue 17): save p99 within 1.5x of the plain file, opening within 1.2x. Opening
an encrypted file includes deriving its key from the password once (PBKDF2-HMAC-SHA512,
256,000 rounds): it is reported apart as well, since it does not grow with the file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Answer
from riskwizard.resources import installed_questionnaire
from riskwizard.store import crypto, open_practice_file, write_new_file

PASSWORD = "correct horse battery staple"


def p99(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.99) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--saves", type=int, default=200)
    args = ap.parse_args()
    data = build_demo(installed_questionnaire(), "large", date(2026, 11, 24))
    folder = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    files = {"plain": (folder / "plain.riskwizard", None),
             "encrypted": (folder / "encrypted.riskwizard", PASSWORD)}
    for path, password in files.values():
        write_new_file(path, data, password=password)
    aid = max(a.id for a in data.assessments)
    opens: dict[str, list[float]] = {k: [] for k in files}
    saves: dict[str, list[float]] = {k: [] for k in files}
    kdf: list[float] = []
    for r in range(args.rounds):
        for name, (path, password) in files.items():
            crypto.derive.cache_clear()  # every open pays for its key, as a person's would
            t = time.perf_counter()
            pf = open_practice_file(path, password=password)
            opens[name].append(time.perf_counter() - t)
            with pf:
                for i in range(args.saves):
                    t = time.perf_counter()
                    pf.save_answer(Answer(aid, f"bench.{r}.{i % 50}", "no", note="x" * i))
                    saves[name].append(time.perf_counter() - t)
        t = time.perf_counter()
        crypto.derive.cache_clear()
        crypto.derive(PASSWORD, b"0123456789abcdef")
        kdf.append(time.perf_counter() - t)
    size = {k: p.stat().st_size for k, (p, _) in files.items()}
    print(f"large demo practice: plain {size['plain'] / 1e6:.1f} MB, encrypted "
          f"{size['encrypted'] / 1e6:.1f} MB; {args.rounds} rounds, {args.saves} saves each")
    for name in files:
        print(f"  {name:9}  open median {statistics.median(opens[name]):.3f} s   "
              f"save p99 {p99(saves[name]) * 1000:.2f} ms  (median "
              f"{statistics.median(saves[name]) * 1000:.2f} ms)")
    o = statistics.median(opens["encrypted"]) / statistics.median(opens["plain"])
    s = p99(saves["encrypted"]) / p99(saves["plain"])
    k = statistics.median(kdf)
    o_nokdf = (statistics.median(opens["encrypted"]) - k) / statistics.median(opens["plain"])
    print(f"  ratio: open {o:.2f}x (target 1.2x; {o_nokdf:.2f}x without the key derivation "
          f"of {k:.3f} s), save p99 {s:.2f}x (target 1.5x)")


if __name__ == "__main__":
    main()
