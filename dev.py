#!/usr/bin/env python3
"""Set up and run riskwizard from a source checkout, with nothing but Python 3.11+.

    python3 dev.py run      set up .venv, then open the window on the built-in demo practice
    python3 dev.py test     set up .venv with the test tools, then run the test suite
    python3 dev.py lint     ruff and mypy

Setting up creates .venv beside this file and installs the project into it (editable); it
is skipped when pyproject.toml has not changed since the last time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def setup(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"riskwizard needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    stamp = VENV / f".installed-{extras}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"installing riskwizard[{extras}] into .venv ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[{extras}]"], check=True)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        setup("test")
        demo = ROOT / "out" / "demo.riskwizard"
        if not demo.exists() and not rest:
            demo.parent.mkdir(exist_ok=True)
            subprocess.run([str(PYTHON), "-m", "riskwizard", "demo", str(demo)], check=True)
        return subprocess.call([str(PYTHON), "-m", "riskwizard", "gui", *(rest or [str(demo)])])
    if command == "test":
        setup("test")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "lint":
        setup("dev")
        code = subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
        return code or subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
