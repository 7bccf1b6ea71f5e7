"""Cheap checks of the packaging files; the slow build itself is packaging/build.py.

The spec is executed with stand-ins for PyInstaller's Analysis, EXE, COLLECT and BUNDLE that
record what they are given, so these tests see exactly what a real build would be asked
for, in milliseconds and without PyInstaller installed.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "riskwizard.spec"
DESKTOP = PACKAGING / "linux" / "riskwizard.desktop"
MIME_XML = PACKAGING / "linux" / "riskwizard-mime.xml"
ISS = PACKAGING / "windows" / "riskwizard.iss"
MIME = "application/x-riskwizard"


def load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ the spec

@dataclass
class Recorder:
    """Stand-ins for the PyInstaller build targets a spec calls."""

    calls: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = field(default_factory=dict)
    namespace: dict[str, Any] = field(default_factory=dict)

    def target(self, kind: str) -> Any:
        recorder = self

        class Target:
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                recorder.calls.setdefault(kind, []).append((args, kwargs))
                self.args, self.kwargs = args, kwargs
                self.kind = kind
                self.scripts: list[Any] = []
                self.pure: list[Any] = []
                self.binaries: list[Any] = []
                self.datas: list[Any] = []

        Target.__name__ = kind
        return Target

    def one(self, kind: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
        assert len(self.calls.get(kind, [])) == 1, f"expected one {kind}"
        return self.calls[kind][0]


def run_spec(platform: str, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    namespace = {name: recorder.target(name) for name in
                 ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    namespace.update(SPECPATH=str(PACKAGING), __name__="__main__", __file__=str(SPEC))
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec prunes it
    monkeypatch.delenv("RISKWIZARD_CODESIGN_IDENTITY", raising=False)
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    recorder.namespace = namespace
    return recorder


@pytest.fixture(scope="module")
def linux_spec() -> Recorder:
    with pytest.MonkeyPatch.context() as mp:
        return run_spec("linux", mp)


@pytest.fixture(scope="module")
def macos_spec() -> Recorder:
    with pytest.MonkeyPatch.context() as mp:
        return run_spec("darwin", mp)


def test_spec_bundles_the_data_packages_where_importlib_resources_looks(
        linux_spec: Recorder) -> None:
    _, kwargs = linux_spec.one("Analysis")
    datas = {(Path(src).relative_to(ROOT).as_posix(), target) for src, target in kwargs["datas"]}
    for src, _ in datas:
        assert (ROOT / src).is_file(), src
    targets = {target for _, target in datas}
    assert {"riskwizard/questionnaires", "riskwizard/assets", "riskwizard/assets/fonts",
            "riskwizard/domain"} <= targets
    assert ("riskwizard/domain/risk_matrix.json", "riskwizard/domain") in datas
    # every questionnaire and every font shipped in the repository goes in
    for path in (ROOT / "questionnaires").glob("*.yaml"):
        assert (f"questionnaires/{path.name}", "riskwizard/questionnaires") in datas
    fonts = list((ROOT / "assets" / "fonts").glob("*.ttf"))
    assert fonts, "assets/fonts/*.ttf: the PDF needs its fonts"
    for path in fonts:
        assert (f"assets/fonts/{path.name}", "riskwizard/assets/fonts") in datas
    # no Python source smuggled in as data
    assert not [src for src, _ in datas if src.endswith(".py")]
    # packages loaded only by name must still be frozen
    assert {"riskwizard.questionnaires", "riskwizard.assets"} <= set(kwargs["hiddenimports"])
    # so must the window's pages, imported by name from the page registry
    from riskwizard.ui.pages import REGISTRY

    pages = {spec.target.partition(":")[0] for spec in REGISTRY}
    assert pages and pages <= set(kwargs["hiddenimports"])


def test_spec_matches_what_pyproject_ships_as_package_data(linux_spec: Recorder) -> None:
    import tomllib

    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]
    _, kwargs = linux_spec.one("Analysis")
    bundled = {Path(src).resolve() for src, _ in kwargs["datas"]}
    folders = {"riskwizard.questionnaires": ROOT / "questionnaires",
               "riskwizard.assets": ROOT / "assets",
               "riskwizard.assets.fonts": ROOT / "assets" / "fonts",
               "riskwizard.domain": ROOT / "riskwizard" / "domain",
               "riskwizard.templates": ROOT / "riskwizard" / "templates"}
    for package, patterns in package_data.items():
        for pattern in patterns:
            for path in folders[package].glob(pattern):
                assert path.resolve() in bundled, f"{path} is package data but not bundled"


def test_spec_refuses_to_freeze_the_checkout(linux_spec: Recorder, tmp_path: Path) -> None:
    check = linux_spec.namespace["check_frozen_from_installed_package"]
    site = tmp_path / "site-packages" / "riskwizard"
    installed = [(name, str(site / name.replace("riskwizard.", "").replace(".", "/")
                                / "__init__.py"), "PYMODULE")
                 for name in ("riskwizard.questionnaires", "riskwizard.assets")]
    check([("riskwizard.cli", str(site / "cli.py"), "PYMODULE"), *installed])
    with pytest.raises(SystemExit, match="not as an installed package"):
        check([("riskwizard.cli", str(ROOT / "riskwizard" / "cli.py"), "PYMODULE"), *installed])
    with pytest.raises(SystemExit, match="riskwizard.questionnaires"):
        check([("riskwizard.cli", str(site / "cli.py"), "PYMODULE")])


def test_spec_keeps_the_qt_modules_we_use_and_excludes_the_rest(linux_spec: Recorder) -> None:
    _, kwargs = linux_spec.one("Analysis")
    excludes = set(kwargs["excludes"])
    used = set()
    for path in (ROOT / "riskwizard").rglob("*.py"):
        used.update(re.findall(r"\bPySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert not {f"PySide6.{m}" for m in used | {"QtCore", "QtGui", "QtWidgets"}} & excludes
    assert {"tkinter", "pytest", "hypothesis", "pypdf"} <= excludes
    if importlib.util.find_spec("PySide6.QtQml") is not None and "QtQml" not in used:
        assert "PySide6.QtQml" in excludes


def test_spec_makes_a_windowed_and_a_console_executable_in_one_folder(
        linux_spec: Recorder) -> None:
    exes = {kwargs["name"]: kwargs for _, kwargs in linux_spec.calls["EXE"]}
    assert set(exes) == {"riskwizard", "riskwizard-gui"}
    assert exes["riskwizard"]["console"] is True
    assert exes["riskwizard-gui"]["console"] is False
    assert all(kw["exclude_binaries"] for kw in exes.values())  # one folder, not one file
    args, kwargs = linux_spec.one("COLLECT")
    # the windowed one first: BUNDLE makes the first executable the .app's
    assert [a.kwargs["name"] for a in args if getattr(a, "kind", "") == "EXE"] == [
        "riskwizard-gui", "riskwizard"]
    assert kwargs["name"] == "riskwizard"
    assert "BUNDLE" not in linux_spec.calls


def test_spec_entry_script_matches_the_gui_executable_name(linux_spec: Recorder) -> None:
    args, _ = linux_spec.one("Analysis")
    entry = load_module("riskwizard_frozen_entry", Path(args[0][0]))
    assert entry.GUI_EXECUTABLE == "riskwizard-gui"


@pytest.mark.parametrize(("executable", "argv", "expected"), [
    ("/opt/rw/riskwizard-gui", [], ["gui"]),
    ("/opt/rw/riskwizard-gui", ["a.riskwizard"], ["gui", "a.riskwizard"]),
    (r"C:\Programs\Risk Wizard\riskwizard-gui.exe", [r"C:\x y\a.riskwizard"],
     ["gui", r"C:\x y\a.riskwizard"]),
    ("/Applications/Risk Wizard.app/Contents/MacOS/riskwizard-gui", ["-psn_0_12345"], ["gui"]),
    ("/opt/rw/riskwizard-gui", ["gui", "--exit-after-ready"], ["gui", "--exit-after-ready"]),
    ("/opt/rw/riskwizard-gui", ["--version"], ["--version"]),
    ("/opt/rw/riskwizard", ["demo", "x.riskwizard"], ["demo", "x.riskwizard"]),
    ("/opt/rw/riskwizard", [], []),
])
def test_frozen_entry_point_arguments(executable: str, argv: list[str],
                                      expected: list[str]) -> None:
    entry = load_module("riskwizard_frozen_entry", PACKAGING / "entry.py")
    if "\\" in executable and sys.platform != "win32":
        executable = executable.replace("\\", "/")
    assert entry.frozen_argv(executable, argv) == expected


def test_spec_macos_bundle_declares_the_document_type(macos_spec: Recorder) -> None:
    (coll,), kwargs = macos_spec.one("BUNDLE")
    assert coll.kind == "COLLECT"
    assert kwargs["name"] == "Risk Wizard.app"
    assert re.fullmatch(r"[A-Za-z0-9.-]+(\.[A-Za-z0-9-]+)+", kwargs["bundle_identifier"])
    plist = kwargs["info_plist"]
    plistlib.dumps(plist)  # serializable as an Info.plist
    assert plist["NSHighResolutionCapable"] is True
    (doc,) = plist["CFBundleDocumentTypes"]
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert doc["CFBundleTypeRole"] == "Editor"
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["riskwizard"]
    assert uti["UTTypeTagSpecification"]["public.mime-type"] == [MIME]
    assert "public.data" in uti["UTTypeConformsTo"]
    exes = {kw["name"]: kw for _, kw in macos_spec.calls["EXE"]}
    assert exes["riskwizard-gui"]["entitlements_file"].endswith("entitlements.plist")
    assert exes["riskwizard-gui"]["strip"] is False  # stripping breaks code signatures


def test_entitlements_plist_parses() -> None:
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as f:
        entitlements = plistlib.load(f)
    assert all(key.startswith("com.apple.security.") for key in entitlements)
    assert "com.apple.security.network.client" not in entitlements  # no network, ever


# ------------------------------------------------------------------ Linux

def read_desktop() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser


def test_desktop_entry_opens_practice_files() -> None:
    entry = read_desktop()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "riskwizard-gui"
    assert "%f" in entry["Exec"].split() or "%F" in entry["Exec"].split()
    assert MIME in entry["MimeType"].split(";")
    assert entry["Icon"] == "riskwizard"
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"),
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_entry_is_valid() -> None:
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout


def test_mime_type_declares_the_extension() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(MIME_XML).getroot()
    assert root.tag == "{http://www.freedesktop.org/standards/shared-mime-info}mime-info"
    (mime_type,) = root.findall("m:mime-type", ns)
    assert mime_type.get("type") == MIME
    assert [g.get("pattern") for g in mime_type.findall("m:glob", ns)] == ["*.riskwizard"]
    assert mime_type.find("m:comment", ns) is not None


@pytest.mark.skipif(not shutil.which("update-mime-database"),
                    reason="update-mime-database not installed (Debian: shared-mime-info)")
def test_mime_type_is_accepted_by_update_mime_database(tmp_path: Path) -> None:
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages / "riskwizard.xml")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}  # else it warns about the path
    proc = subprocess.run(["update-mime-database", str(tmp_path / "mime")],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "riskwizard" in (tmp_path / "mime" / "globs2").read_text()
    assert not proc.stderr.strip(), proc.stderr


@pytest.mark.parametrize("script", ["linux/install.sh", "macos/make_dmg.sh"])
def test_shell_scripts_parse(script: str) -> None:
    sh = shutil.which("sh")
    if not sh:
        pytest.skip("no POSIX sh")
    proc = subprocess.run([sh, "-n", str(PACKAGING / script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    if shutil.which("shellcheck"):
        proc = subprocess.run(["shellcheck", str(PACKAGING / script)], capture_output=True,
                              text=True)
        assert proc.returncode == 0, proc.stdout


def test_install_sh_installs_what_the_desktop_entry_names() -> None:
    text = (PACKAGING / "linux" / "install.sh").read_text()
    assert "share/applications/riskwizard.desktop" in text
    assert "share/mime/packages/riskwizard.xml" in text
    assert "hicolor/256x256/apps/riskwizard.png" in text  # Icon=riskwizard
    assert "--uninstall" in text


# ------------------------------------------------------------------ Windows

def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def iss_defines() -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', ISS.read_text(encoding="utf-8"),
                           re.MULTILINE))


def test_inno_setup_installs_per_user_with_an_association() -> None:
    setup = {k.strip(): v.strip() for k, v in
             (line.split("=", 1) for line in iss_sections()["Setup"] if "=" in line)}
    assert setup["PrivilegesRequired"] == "lowest"
    assert "dialog" in setup["PrivilegesRequiredOverridesAllowed"]
    assert setup["ChangesAssociations"] == "yes"
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"


def test_inno_setup_registers_the_riskwizard_extension() -> None:
    defines = iss_defines()
    assert defines["FileExt"] == ".riskwizard"
    assert defines["GuiExe"] == "riskwizard-gui.exe" and defines["CliExe"] == "riskwizard.exe"
    assert defines["FileMime"] == MIME
    registry = iss_sections()["Registry"]
    assert registry and all(line.startswith("Root: HKA;") for line in registry)
    assert all('Subkey: "Software\\Classes\\' in line for line in registry)
    joined = "\n".join(registry)
    assert "Software\\Classes\\{#FileExt}\\OpenWithProgids" in joined
    assert "Software\\Classes\\{#FileProgId}\\shell\\open\\command" in joined
    assert '"""{app}\\{#GuiExe}"" ""%1"""' in joined
    # uninstall removes what install added
    assert "uninsdeletekey" in next(line for line in registry
                                    if 'Subkey: "Software\\Classes\\{#FileProgId}";' in line)


def test_inno_setup_has_start_menu_entry_and_optional_desktop_icon() -> None:
    sections = iss_sections()
    icons = "\n".join(sections["Icons"])
    assert "{autoprograms}" in icons and "{autodesktop}" in icons
    assert "Tasks: desktopicon" in icons
    task = next(line for line in sections["Tasks"] if 'Name: "desktopicon"' in line)
    assert "unchecked" in task


# ------------------------------------------------------------------ the tools

@pytest.mark.slow
def test_build_script_help_runs() -> None:
    proc = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--help"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "--smoke-only" in proc.stdout


def test_build_outputs_are_ignored() -> None:
    ignored = (PACKAGING / ".gitignore").read_text().split()
    assert {"/.build-venv/", "/build/", "/dist/"} <= set(ignored)


def test_build_requirements_pin_pyinstaller() -> None:
    text = (PACKAGING / "requirements-build.txt").read_text()
    assert re.search(r"^pyinstaller==\d", text, re.MULTILINE)


@pytest.mark.slow
def test_make_icons_derives_windows_and_macos_icons(tmp_path: Path, qapp: Any) -> None:
    pytest.importorskip("PIL")
    from PIL import Image

    make_icons = load_module("riskwizard_make_icons", PACKAGING / "make_icons.py")
    png = tmp_path / "icon.png"
    make_icons.draw_fallback_icon(png)
    ico, icns, linux_png = make_icons.derive(png, tmp_path / "out")
    with Image.open(png) as image:
        assert image.size == (256, 256) and image.mode == "RGBA"
    with Image.open(ico) as image:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= image.info["sizes"]
    with Image.open(icns) as image:
        assert image.format == "ICNS"
    assert linux_png.read_bytes() == png.read_bytes()
