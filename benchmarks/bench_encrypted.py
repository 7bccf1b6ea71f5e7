"""The cost of a password: opening and answer save p99, encrypted vs plain, on the demo and
the large demo practice. Every measure alternates the plain file and the encrypted one in
the same run (drift in the machine's load hits both alike) and reports medians and ratios.

    .venv/bin/python benchmarks/bench_encrypted.py [--rounds 7] [--saves 200]
        [--sizes small,large] [--no-window]

1. The store alone (in process): ``open_practice_file`` for editing, as the window opens a
   file, then ``save_answer`` ``--saves`` times. The encrypted open derives its key from the
   password once (PBKDF2-HMAC-SHA512, 256,000 rounds, SQLCipher 4's own parameters); the
   derivation alone is timed too, since it does not grow with the file.
2. The window (a subprocess, as a person starts it): ``riskwizard gui FILE
   --exit-after-ready``, with ``--password-file`` for the encrypted file, which starts the
   key's derivation in a worker thread while Qt loads and the window is built; and the same
   with the key derived first, before anything else (no overlap), to show what the overlap
   is worth.

Targets (issue 17): opening within 1.2x of the plain file, save p99 within 1.5x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, compile_bytecode, env  # noqa: E402

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.domain.model import Answer  # noqa: E402
from riskwizard.resources import installed_questionnaire  # noqa: E402
from riskwizard.store import crypto, open_practice_file, write_new_file  # noqa: E402

PASSWORD = "correct horse battery staple"

# The window with the key derived before anything else: no overlap with Qt's loading.
KEY_FIRST = """
import sys
from pathlib import Path
from riskwizard.store import crypto
path = Path(sys.argv[1])
key = crypto.key_for_file(path, Path(sys.argv[2]).read_text().strip())
from riskwizard.ui.app import run_gui
sys.exit(run_gui(path, exit_after_ready=True, password=key))
"""


def p99(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.99) - 1)]


def med(values: list[float]) -> float:
    return statistics.median(values)


def store(size: str, folder: Path, rounds: int, saves: int) -> dict[str, list[float]]:
    data = build_demo(installed_questionnaire(), size, date(2026, 11, 24))
    files = {"plain": (folder / f"{size}-plain.riskwizard", None),
             "encrypted": (folder / f"{size}-encrypted.riskwizard", PASSWORD)}
    for path, password in files.values():
        path.unlink(missing_ok=True)
        write_new_file(path, data, password=password)
    aid = max(a.id for a in data.assessments)
    out: dict[str, list[float]] = {f"open {k}": [] for k in files}
    out.update({f"save {k}": [] for k in files})
    out["key derivation"] = []
    for r in range(rounds):
        for name, (path, password) in files.items():
            t = time.perf_counter()
            pf = open_practice_file(path, password=password)
            out[f"open {name}"].append(time.perf_counter() - t)
            with pf:
                for i in range(saves):
                    t = time.perf_counter()
                    pf.save_answer(Answer(aid, f"bench.{r}.{i % 50}", "no", note="x" * i))
                    out[f"save {name}"].append(time.perf_counter() - t)
        t = time.perf_counter()
        crypto.derive(PASSWORD, b"0123456789abcdef")
        out["key derivation"].append(time.perf_counter() - t)
    size_mb = {k: p.stat().st_size / 1e6 for k, (p, _) in files.items()}
    print(f"\n{size} demo practice: plain {size_mb['plain']:.1f} MB, encrypted "
          f"{size_mb['encrypted']:.1f} MB; {rounds} rounds, {saves} saves each")
    po, eo = med(out["open plain"]), med(out["open encrypted"])
    k = med(out["key derivation"])
    print(f"  store open     plain {po * 1000:7.1f} ms  encrypted {eo * 1000:7.1f} ms  "
          f"ratio {eo / po:.2f}  (key derivation alone {k * 1000:.0f} ms; without it "
          f"{(eo - k) / po:.2f})")
    ps, es = p99(out["save plain"]), p99(out["save encrypted"])
    print(f"  save p99       plain {ps * 1000:7.2f} ms  encrypted {es * 1000:7.2f} ms  "
          f"ratio {es / ps:.2f}  (medians {med(out['save plain']) * 1000:.2f} / "
          f"{med(out['save encrypted']) * 1000:.2f} ms)")
    return out


def window(size: str, folder: Path, rounds: int) -> None:
    plain, encrypted = folder / f"{size}-plain.riskwizard", folder / f"{size}-encrypted.riskwizard"
    pw = folder / "password.txt"
    pw.write_text(PASSWORD + "\n")
    pw.chmod(0o600)
    gui = [PYTHON, "-m", "riskwizard", "gui"]
    runs = {
        "plain": [*gui, str(plain), "--exit-after-ready"],
        "encrypted, key in parallel": [*gui, str(encrypted), "--exit-after-ready",
                                       "--password-file", str(pw)],
        "encrypted, key first": [PYTHON, "-c", KEY_FIRST, str(encrypted), str(pw)],
    }
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(rounds):
        for name, args in runs.items():
            t = time.perf_counter()
            proc = subprocess.run(args, env=env(), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, check=False)
            times[name].append(time.perf_counter() - t)
            if proc.returncode != 0:
                raise SystemExit(f"{name} failed: {proc.stderr.decode()[-500:]}")
    base = med(times["plain"])
    print(f"  window, start to first paint with the file open ({rounds} rounds):")
    for name, values in times.items():
        print(f"    {name:28} {med(values) * 1000:7.1f} ms  ratio {med(values) / base:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--saves", type=int, default=200)
    ap.add_argument("--sizes", default="small,large")
    ap.add_argument("--no-window", action="store_true")
    args = ap.parse_args()
    kdf = getattr(crypto, "pbkdf2_sha512", None)  # (absent before this benchmark's change)
    print(f"key derivation: {kdf().__qualname__ if kdf else 'hashlib'}")
    compile_bytecode()
    folder = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    for size in args.sizes.split(","):
        store(size, folder, args.rounds, args.saves)
        if not args.no_window:
            window(size, folder, args.rounds)


if __name__ == "__main__":
    main()
