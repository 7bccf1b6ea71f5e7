#!/usr/bin/env python3
"""Build the frozen riskwizard (PyInstaller, one folder), smoke-test it, and package it.

    python3 packaging/build.py               build venv, bundle, smoke test, package
    python3 packaging/build.py --smoke-only  smoke-test the bundle already in packaging/dist
    python3 packaging/build.py --skip-build  smoke-test and package that bundle again

Steps, each printed with its time:

1. ``packaging/.build-venv``: a private environment with riskwizard installed NON-editable
   (PyInstaller cannot see through editable installs) plus requirements-build.txt;
2. ``packaging/make_icons.py``: .ico / .icns / .png derived from assets/icon.png;
3. PyInstaller with ``packaging/riskwizard.spec`` into ``packaging/dist/``;
4. the smoke test (as qutebrowser's scripts/dev/build_release.py does): the frozen programs
   run from a read-only copy of the bundle, with HOME and the XDG folders pointed at a
   temporary folder: --version, validate, demo, export, report (the PDF is parsed), the
   window (offscreen, --exit-after-ready), a user error; then no file inside the bundle may
   have appeared or changed;
5. the platform's package: Linux ``riskwizard-VERSION-linux-x86_64.tar.gz`` (with install.sh,
   which is itself tried into a temporary HOME); Windows the Inno Setup installer when
   ``iscc`` is found; macOS ``packaging/macos/make_dmg.sh``.

Exit status 0 only if every step that ran passed (skipped steps are reported, not failed).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
BUILD_VENV = PACKAGING / ".build-venv"
WORK = PACKAGING / "build"
DIST = PACKAGING / "dist"
IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
IS_LINUX = sys.platform.startswith("linux")
EXE_SUFFIX = ".exe" if IS_WINDOWS else ""
CLI = "riskwizard"
GUI = "riskwizard-gui"
APP_NAME = "Risk Wizard"
SIZE_TARGET_MB = 150
TIMEOUT = 180  # seconds for one frozen-program run; a cold start is a few seconds


def version() -> str:
    text = (REPO / "riskwizard" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("build: no __version__ in riskwizard/__init__.py")
    return match.group(1)


def venv_python() -> Path:
    return BUILD_VENV / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")


def bundle_dir() -> Path:
    """The folder that holds the two executables."""
    if IS_MACOS:
        return DIST / f"{APP_NAME}.app" / "Contents" / "MacOS"
    return DIST / "riskwizard"


def bundle_root() -> Path:
    """What gets shipped: the one-folder bundle, or the .app on macOS."""
    return DIST / f"{APP_NAME}.app" if IS_MACOS else DIST / "riskwizard"


def data_root(root: Path) -> Path:
    """Where riskwizard/questionnaires etc. sit inside a (copy of a) bundle root."""
    if IS_MACOS:
        return root / "Contents" / "Resources"
    return root / "_internal"


def tree_size(path: Path) -> int:
    """Bytes on disk, as ``du`` counts them: a file with two names (a hard link) once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def share_identical_executables(folder: Path) -> str:
    """Linux: the two executables are the same bytes (the console flag means nothing there,
    and each carries the whole archive of Python modules, about 6 MB), so ``riskwizard-gui``
    becomes a second name (a hard link) of ``riskwizard``: stored once in the folder and in
    the tarball. The program tells them apart by the name it was started as (entry.py), and
    a hard link keeps that name. Elsewhere they differ (Windows) or live in the .app."""
    cli, gui = folder / CLI, folder / GUI
    if not IS_LINUX or not (cli.is_file() and gui.is_file()):
        return "not Linux: two files"
    if os.path.samefile(cli, gui):
        return "already one file"
    if cli.read_bytes() != gui.read_bytes():
        return "the two executables differ: kept apart"
    tmp = folder / f".{GUI}.link"
    os.link(cli, tmp)
    os.replace(tmp, gui)
    return f"{GUI} is a hard link of {CLI} ({mb(cli.stat().st_size)} stored once)"


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def run(cmd: Sequence[str | Path], **kwargs: object) -> None:
    print("  $", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)  # type: ignore[call-overload]


@contextlib.contextmanager
def step(title: str) -> Iterator[None]:
    print(f"\n== {title}", flush=True)
    start = time.monotonic()
    yield
    print(f"   ({title}: {time.monotonic() - start:.0f} s)", flush=True)


# ------------------------------------------------------------------ building

# What a wheel of riskwizard is made from (pyproject.toml's packages and package-dir).
SOURCE_PARTS = ("pyproject.toml", "README.md", "LICENSE", "riskwizard", "questionnaires", "assets")


def source_copy() -> Path:
    """A clean copy of the sources to install from.

    Installing from the checkout itself would leave setuptools' build/ and *.egg-info in it,
    and a module deleted from the sources would live on in build/lib and be frozen.
    """
    target = WORK / "source"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCE_PARTS:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, target / name)
    return target


def make_build_venv() -> None:
    python = venv_python()
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(BUILD_VENV)
    source = source_copy()
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run([*pip, "-r", PACKAGING / "requirements-build.txt", source])
    # The same version number would let pip keep a stale copy: always install this tree.
    run([*pip, "--no-deps", "--force-reinstall", source])


def run_pyinstaller(clean: bool) -> None:
    cmd: list[str | Path] = [venv_python(), "-m", "PyInstaller", "--noconfirm",
                             "--log-level", "WARN", "--distpath", DIST,
                             "--workpath", WORK / "pyinstaller"]
    if clean:
        cmd.append("--clean")
    # Not from the repository root: Python would put the checkout's riskwizard/ first on the
    # path (the spec guards against that too).
    WORK.mkdir(parents=True, exist_ok=True)
    run([*cmd, PACKAGING / "riskwizard.spec"], cwd=WORK)


def report_size(root: Path) -> int:
    size = tree_size(root)
    print(f"   bundle: {root.relative_to(REPO)}  {mb(size)} unpacked "
          f"(target: under {SIZE_TARGET_MB} MB)")
    top: dict[str, int] = {}
    internal = data_root(root) if (data_root(root)).is_dir() else root
    for path in internal.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(internal).parts
            key = "/".join(rel[:3]) if rel[0] == "PySide6" else "/".join(rel[:2])
            top[key] = top.get(key, 0) + path.stat().st_size
    for key, value in sorted(top.items(), key=lambda kv: -kv[1])[:12]:
        print(f"     {mb(value):>9}  {key}")
    return size


# ------------------------------------------------------------------ smoke test

@dataclass
class Check:
    name: str
    status: str  # "ok", "FAIL", "skip"
    note: str = ""
    seconds: float = 0.0


@dataclass
class Smoke:
    """Runs the frozen executables of one bundle copy in a sandboxed HOME."""

    bin_dir: Path
    work: Path
    checks: list[Check] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        home = self.work / "home"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("XDG_", "RISKWIZARD_", "PYTHON", "QT_"))}
        env.update({
            "HOME": str(home), "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_RUNTIME_DIR": str(self.work / "runtime"),
            "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(self.work / "tmp"),
        })
        return env

    def exe(self, name: str) -> Path:
        return self.bin_dir / f"{name}{EXE_SUFFIX}"

    def call(self, name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.exe(name)), *map(str, args)], cwd=self.work / "cwd",
                              env=self.env(), capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT)

    def check(self, name: str, exe: str, *args: str | Path, expect_code: int = 0,
              verify: object = None) -> subprocess.CompletedProcess[str] | None:
        start = time.monotonic()
        try:
            proc = self.call(exe, *args)
        except subprocess.TimeoutExpired:
            self.add(name, "FAIL", f"no exit within {TIMEOUT} s", start)
            return None
        if proc.returncode != expect_code:
            tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-8:]
            self.add(name, "FAIL", f"exit {proc.returncode}: " + " | ".join(tail), start)
            return proc
        note = ""
        if callable(verify):
            try:
                note = verify(proc) or ""
            except Exception as exc:  # a failed verification is a failed check
                self.add(name, "FAIL", f"{type(exc).__name__}: {exc}", start)
                return proc
        self.add(name, "ok", note, start)
        return proc

    def add(self, name: str, status: str, note: str = "", start: float | None = None) -> None:
        seconds = time.monotonic() - start if start is not None else 0.0
        self.checks.append(Check(name, status, note, seconds))
        print(f"   {status:<4} {name:<34} {seconds:5.1f} s  {note}", flush=True)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in root.rglob("*")}


def set_writable(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        mode = mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP |
                                                             stat.S_IWOTH)
        path.chmod(mode)


def build_venv_has(module: str, attribute: str) -> bool:
    """Whether the installed riskwizard has a piece a colleague may still be writing."""
    code = (f"import importlib, sys\ntry:\n    m = importlib.import_module({module!r})\n"
            f"except ImportError:\n    sys.exit(1)\nsys.exit(0 if hasattr(m, {attribute!r}) "
            f"else 1)")
    python = venv_python()
    if not python.exists():
        python = Path(sys.executable)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(python), "-c", code], env=env, capture_output=True).returncode == 0


def verify_pdf(path: Path, practice_hint: str | None) -> str:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise ValueError("not a PDF (no %PDF- header)")
    try:
        from pypdf import PdfReader
    except ImportError:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        if pages < 1:
            raise ValueError("no pages found") from None
        return f"{pages} pages, {len(data) // 1024} KB (light parse: pypdf not available)"
    reader = PdfReader(str(path))
    pages = len(reader.pages)
    if pages < 1:
        raise ValueError("no pages")
    fonts: set[str] = set()
    for page in reader.pages[:3]:
        resources = page.get("/Resources") or {}
        font_dict = resources.get("/Font") or {}
        for ref in font_dict.values():
            fonts.add(str(ref.get_object().get("/BaseFont", "")))
    if not any("Noto" in f for f in fonts):
        raise ValueError(f"the bundled fonts are not embedded (fonts: {sorted(fonts)})")
    text = reader.pages[0].extract_text() or ""
    if practice_hint and practice_hint not in text:
        raise ValueError(f"{practice_hint!r} not on the cover page")
    return f"{pages} pages, {len(data) // 1024} KB, fonts embedded: Noto"


def verify_pdf_in_build_venv(path: Path, practice_hint: str | None) -> str:
    """``verify_pdf`` where pypdf is installed (the build environment), not in this Python."""
    python = venv_python() if venv_python().exists() else Path(sys.executable)
    proc = subprocess.run([str(python), str(Path(__file__).resolve()), "--verify-pdf", str(path),
                           practice_hint or ""], capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode:
        raise ValueError((proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1])
    return proc.stdout.strip()


def smoke_test(source: Path) -> list[Check]:
    """Run the frozen programs from a read-only copy of ``source`` (the bundle root)."""
    work = Path(tempfile.mkdtemp(prefix="riskwizard-smoke-"))
    for sub in ("home", "runtime", "tmp", "cwd", "out"):
        (work / sub).mkdir()
    (work / "runtime").chmod(0o700)
    copy = work / source.name
    shutil.copytree(source, copy, symlinks=True)
    bin_dir = copy / "Contents" / "MacOS" if IS_MACOS else copy
    smoke = Smoke(bin_dir, work)
    out = work / "out"
    practice = out / "smoke.riskwizard"
    try:
        # The data files sit where importlib.resources looks for them.
        data = data_root(copy)
        wanted = ["riskwizard/questionnaires/profile.yaml", "riskwizard/domain/risk_matrix.json",
                  "riskwizard/assets/fonts/NotoSans-Regular.ttf"]
        missing = [w for w in wanted if not (data / w).is_file()]
        smoke.add("data files in the bundle", "FAIL" if missing else "ok",
                  f"missing: {missing}" if missing else f"{len(wanted)} probes")
        # reportlab's compiled helpers (rl_accel): without them every report is 1.7x slower
        accel = sorted(p.name for p in copy.rglob("_rl_accel*") if p.is_file())
        smoke.add("reportlab's compiled helpers", "ok" if accel else "FAIL",
                  accel[0] if accel else "_rl_accel is not in the bundle")

        set_writable(copy, False)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            smoke.add("read-only copy", "ok", "running as root: permissions are not "
                      "enforced, so the before/after comparison below is the real check")
        else:
            smoke.add("read-only copy", "ok", "chmod -R a-w")
        before = snapshot(copy)

        smoke.check("--version", CLI, "--version",
                    verify=lambda p: _expect(version() in p.stdout, p.stdout.strip()))
        smoke.check("validate", CLI, "validate",
                    verify=lambda p: _expect(p.stdout.startswith("ok:"), p.stdout.strip()))
        smoke.check("questionnaires", CLI, "questionnaires",
                    verify=lambda p: _expect(len(p.stdout.splitlines()) >= 3,
                                             f"{len(p.stdout.splitlines())} modules"))
        smoke.check("demo", CLI, "demo", practice,
                    verify=lambda p: _expect(practice.is_file(),
                                             f"{practice.stat().st_size // 1024} KB"))
        exported = out / "smoke.json"
        smoke.check("export", CLI, "export", practice, "-o", exported,
                    verify=lambda p: _expect(bool(json.loads(exported.read_text("utf-8"))),
                                             f"{exported.stat().st_size // 1024} KB JSON"))
        if build_venv_has("riskwizard.report", "build_report"):
            pdf = out / "smoke.pdf"
            hint = _practice_name(exported)
            smoke.check("report (PDF parsed)", CLI, "report", practice, "-o", pdf,
                        verify=lambda p: verify_pdf_in_build_venv(pdf, hint))
        else:
            smoke.add("report", "skip", "riskwizard.report has no build_report yet")
        # A practice file protected with a password (SQLCipher, its key derived without
        # Python's OpenSSL binding, which the bundle leaves out): lock a copy, report it.
        password = out / "password.txt"
        password.write_text("smoke test \u2713 password\n", encoding="utf-8")
        locked = out / "locked.riskwizard"
        shutil.copyfile(practice, locked)
        smoke.check("lock (SQLCipher)", CLI, "lock", locked, "--password-file", password,
                    verify=lambda p: _expect(not locked.read_bytes().startswith(b"SQLite"),
                                             p.stdout.strip()))
        locked_pdf = out / "locked.pdf"
        smoke.check("report of an encrypted file", CLI, "report", locked, "-o", locked_pdf,
                    "--password-file", password,
                    verify=lambda p: verify_pdf_in_build_venv(locked_pdf, _practice_name(
                        exported)))
        smoke.check("user error: one line, exit 1", CLI, "report", out / "missing.riskwizard",
                    "-o", out / "missing.pdf", expect_code=1,
                    verify=lambda p: _expect("Traceback" not in p.stderr
                                             and len(p.stderr.strip().splitlines()) == 1,
                                             p.stderr.strip()))
        if build_venv_has("riskwizard.ui.app", "run_gui"):
            smoke.check("window (riskwizard-gui FILE)", GUI, practice, "--exit-after-ready")
            smoke.check("window (riskwizard gui)", CLI, "gui", "--exit-after-ready")
            smoke.check("window, encrypted file", GUI, locked, "--password-file", password,
                        "--exit-after-ready")
            settings = [p for p in (work / "home").rglob("*") if p.is_file()]
            smoke.add("settings outside the bundle", "ok",
                      ", ".join(str(p.relative_to(work)) for p in settings[:4])
                      or "(nothing written on --exit-after-ready)")
        else:
            smoke.add("window", "skip", "riskwizard.ui.app has no run_gui yet")

        after = snapshot(copy)
        changed = sorted(set(after) ^ set(before)
                         | {k for k in before if k in after and before[k] != after[k]})
        smoke.add("nothing written into the bundle", "FAIL" if changed else "ok",
                  f"changed: {changed[:5]}" if changed else f"{len(before)} entries unchanged")
    finally:
        set_writable(copy, True)
        shutil.rmtree(work, ignore_errors=True)
    return smoke.checks


def _expect(condition: bool, note: str) -> str:
    if not condition:
        raise ValueError(f"unexpected output: {note[:200]!r}")
    return note[:90]


def _practice_name(exported: Path) -> str | None:
    try:
        name = json.loads(exported.read_text("utf-8"))["practice"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return name if isinstance(name, str) and name.isascii() else None


def glibc_baseline(root: Path) -> str | None:
    """Linux: the newest glibc symbol version any binary in the bundle needs."""
    if not IS_LINUX or not shutil.which("objdump"):
        return None
    newest = (0, 0)
    for path in root.rglob("*"):
        if (path.is_symlink() or not path.is_file()
                or path.suffix in (".ttf", ".yaml", ".json", ".zip")):
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", out):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}" if newest != (0, 0) else None


def check_shaping_bundled(root: Path) -> list[Check]:
    """The PDF shapes Arabic, Hebrew and Devanagari through uharfbuzz, if reportlab finds it."""
    if not build_venv_has("uharfbuzz", "Face"):
        return [Check("uharfbuzz (text shaping) bundled", "skip", "not in the build venv")]
    found = any(p.name.startswith("uharfbuzz") for p in data_root(root).iterdir())
    check = Check("uharfbuzz (text shaping) bundled", "ok" if found else "FAIL",
                  "" if found else "reportlab would print unshaped Arabic/Devanagari")
    print(f"   {check.status:<4} {check.name:<34} {0.0:5.1f} s  {check.note}")
    return [check]


def check_linked_libraries(root: Path) -> list[Check]:
    """Linux: every Qt library a collected binary needs is in the bundle (the spec drops some)."""
    if not IS_LINUX or not shutil.which("ldd"):
        return []
    missing: set[str] = set()
    for path in root.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        env = {**os.environ, "LD_LIBRARY_PATH": str(root / "_internal" / "PySide6" / "Qt" / "lib")}
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        missing.update(m for m in re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE)
                       if "Qt6" in m or "pyside" in m or "shiboken" in m)
    status = "FAIL" if missing else "ok"
    note = f"missing: {sorted(missing)}" if missing else "no Qt library missing (ldd)"
    print(f"   {status:<4} {'linked Qt libraries':<34} {0.0:5.1f} s  {note}")
    return [Check("linked Qt libraries", status, note)]


# ------------------------------------------------------------------ packages

def linux_tarball(root: Path, glibc: str | None) -> Path:
    name = f"riskwizard-{version()}-linux-{platform.machine() or 'x86_64'}"
    tarball = DIST / f"{name}.tar.gz"
    staging = WORK / "tarball"
    shutil.rmtree(staging, ignore_errors=True)
    top = staging / name
    shutil.copytree(root, top, symlinks=True)
    share_identical_executables(top)  # copytree made two files again; tar stores the link
    share = top / "share"
    share.mkdir()
    shutil.copy2(PACKAGING / "linux" / "riskwizard.desktop", share)
    shutil.copy2(PACKAGING / "linux" / "riskwizard-mime.xml", share)
    icon = WORK / "icons" / "riskwizard.png"
    shutil.copy2(icon if icon.exists() else REPO / "assets" / "icon.png", share / "riskwizard.png")
    if (REPO / "assets" / "icon.svg").exists():
        shutil.copy2(REPO / "assets" / "icon.svg", share / "riskwizard.svg")
    shutil.copy2(PACKAGING / "linux" / "install.sh", top / "install.sh")
    (top / "install.sh").chmod(0o755)
    readme = (PACKAGING / "linux" / "README.txt").read_text(encoding="utf-8")
    (top / "README.txt").write_text(readme.replace("@GLIBC@", glibc or "(that of the build "
                                                   "machine)"), encoding="utf-8")
    with tarfile.open(tarball, "w:gz", compresslevel=9) as tar:
        tar.add(top, arcname=name, filter=_tar_entry)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    (DIST / f"{tarball.name}.sha256").write_text(f"{digest}  {tarball.name}\n")
    print(f"   {tarball.relative_to(REPO)}  {mb(tarball.stat().st_size)}")
    return tarball


def _tar_entry(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def try_install_sh(tarball: Path) -> list[Check]:
    """Unpack the tarball and run its install.sh, then --uninstall, into a temporary HOME."""
    checks: list[Check] = []
    work = Path(tempfile.mkdtemp(prefix="riskwizard-install-"))
    try:
        with tarfile.open(tarball) as tar:
            tar.extractall(work, filter="tar")
        top = next(work.iterdir())
        home = work / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env["HOME"] = str(home)
        start = time.monotonic()
        proc = subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True,
                              text=True)
        local = home / ".local"
        wanted = [local / "share/applications/riskwizard.desktop",
                  local / "share/mime/packages/riskwizard.xml",
                  local / "share/icons/hicolor/256x256/apps/riskwizard.png",
                  local / "bin/riskwizard", local / "lib/riskwizard/riskwizard-gui"]
        missing = [str(p.relative_to(home)) for p in wanted if not p.exists()]
        problems = [f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"] if proc.returncode \
            else [f"missing {missing}"] if missing else []
        if not problems:
            version_out = subprocess.run([str(local / "bin/riskwizard"), "--version"], env=env,
                                         capture_output=True, text=True, timeout=TIMEOUT)
            if version() not in version_out.stdout:
                problems.append(f"installed riskwizard --version: {version_out.stdout!r}")
            desktop = (local / "share/applications/riskwizard.desktop").read_text()
            if f"Exec={local}/lib/riskwizard/riskwizard-gui %f" not in desktop:
                problems.append("Exec= does not point at the installed riskwizard-gui")
            if shutil.which("desktop-file-validate"):
                val = subprocess.run(["desktop-file-validate",
                                      str(local / "share/applications/riskwizard.desktop")],
                                     capture_output=True, text=True)
                if val.returncode or val.stdout.strip():
                    problems.append(f"desktop-file-validate: {val.stdout.strip()}")
        checks.append(Check("install.sh into a temporary HOME", "FAIL" if problems else "ok",
                            "; ".join(problems) or "desktop entry, mime type, icon, bin link",
                            time.monotonic() - start))
        start = time.monotonic()
        proc = subprocess.run(["sh", str(top / "install.sh"), "--uninstall"], env=env,
                              capture_output=True, text=True)
        left = [str(p.relative_to(home)) for p in wanted if p.exists() or p.is_symlink()]
        status = "FAIL" if proc.returncode or left else "ok"
        checks.append(Check("install.sh --uninstall", status,
                            f"left: {left}" if left else proc.stderr.strip()[-200:],
                            time.monotonic() - start))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for c in checks:
        print(f"   {c.status:<4} {c.name:<34} {c.seconds:5.1f} s  {c.note}")
    return checks


def windows_installer() -> list[Check]:
    iscc = shutil.which("iscc") or next(
        (str(p) for p in (Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")),
                          Path(os.environ.get("ProgramFiles", r"C:\Program Files")))
         if (p / "Inno Setup 6" / "ISCC.exe").exists()), None)
    if not iscc:
        print("   skip: Inno Setup 6 (iscc) not found; see packaging/README.md")
        return [Check("Inno Setup installer", "skip", "iscc not found")]
    iscc_path = Path(iscc)
    if iscc_path.is_dir():
        iscc_path = iscc_path / "Inno Setup 6" / "ISCC.exe"
    run([iscc_path, f"/DAppVersion={version()}", f"/DSourceDir={bundle_root()}",
         f"/DOutputDir={DIST}", f"/DIconFile={WORK / 'icons' / 'riskwizard.ico'}",
         PACKAGING / "windows" / "riskwizard.iss"])
    return [Check("Inno Setup installer", "ok", f"riskwizard-{version()}-windows-setup.exe")]


def macos_dmg() -> list[Check]:
    run(["sh", PACKAGING / "macos" / "make_dmg.sh", bundle_root(), version()])
    return [Check("disk image", "ok", f"riskwizard-{version()}-macos.dmg")]


# ------------------------------------------------------------------ main

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke-only", action="store_true",
                        help="smoke-test the bundle already in packaging/dist")
    parser.add_argument("--skip-build", action="store_true",
                        help="smoke-test and package the bundle already in packaging/dist")
    parser.add_argument("--clean", action="store_true", help="PyInstaller --clean (no cache)")
    parser.add_argument("--no-package", action="store_true",
                        help="stop after the smoke test (no tarball / installer / dmg)")
    parser.add_argument("--verify-pdf", nargs=2, metavar=("PDF", "HINT"),
                        help=argparse.SUPPRESS)  # used by the smoke test, in the build venv
    args = parser.parse_args(argv)
    if args.verify_pdf:
        try:
            print(verify_pdf(Path(args.verify_pdf[0]), args.verify_pdf[1] or None))
        except ValueError as exc:
            print(f"PDF check failed: {exc}", file=sys.stderr)
            return 1
        return 0
    if sys.version_info < (3, 11):  # noqa: UP036 (people run this with any python3)
        raise SystemExit("build: Python 3.11 or newer is needed")

    started = time.monotonic()
    root = bundle_root()
    build_seconds = 0.0
    if not (args.smoke_only or args.skip_build):
        with step("build environment (packaging/.build-venv)"):
            make_build_venv()
        with step("icons"):
            run([venv_python(), PACKAGING / "make_icons.py"])
        with step("PyInstaller"):
            pyi_start = time.monotonic()
            run_pyinstaller(args.clean)
            build_seconds = time.monotonic() - pyi_start
    if not (bundle_dir() / f"{CLI}{EXE_SUFFIX}").exists():
        raise SystemExit(f"build: no bundle at {root}; run without --smoke-only first")

    with step("size"):
        print(f"   {share_identical_executables(bundle_dir())}")
        size = report_size(root)
    glibc = None
    with step("smoke test"):
        checks = check_linked_libraries(root) + check_shaping_bundled(root) + smoke_test(root)
        glibc = glibc_baseline(root)
        if glibc:
            print(f"   info: the bundle needs glibc {glibc} or newer (the build machine's)")
    tarball = None
    if not args.smoke_only and not args.no_package and not _failed(checks):
        with step("package"):
            if IS_LINUX:
                tarball = linux_tarball(root, glibc)
                checks += try_install_sh(tarball)
            elif IS_WINDOWS:
                checks += windows_installer()
            elif IS_MACOS:
                checks += macos_dmg()

    total = time.monotonic() - started
    print("\n== summary")
    print(f"   riskwizard {version()} on {sys.platform} ({platform.machine()})")
    print(f"   bundle: {mb(size)} unpacked"
          + ("" if size < SIZE_TARGET_MB * 1_000_000 else f"  OVER the {SIZE_TARGET_MB} MB target"))
    if IS_LINUX and glibc:
        print(f"   needs: glibc >= {glibc}")
    if tarball:
        print(f"   tarball: {tarball.name} {mb(tarball.stat().st_size)}")
    if build_seconds:
        print(f"   PyInstaller: {build_seconds:.0f} s; whole run: {total:.0f} s")
    else:
        print(f"   whole run: {total:.0f} s")
    counts = {s: sum(c.status == s for c in checks) for s in ("ok", "skip", "FAIL")}
    print(f"   checks: {counts['ok']} ok, {counts['skip']} skipped, {counts['FAIL']} failed")
    for c in checks:
        if c.status != "ok":
            print(f"     {c.status}: {c.name}: {c.note}")
    return 1 if _failed(checks) else 0


def _failed(checks: list[Check]) -> bool:
    return any(c.status == "FAIL" for c in checks)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"build: failed (exit {exc.returncode}): "
                 + " ".join(str(c) for c in exc.cmd))
