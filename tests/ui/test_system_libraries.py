"""``dev.py run`` names every missing system library of Qt's X11 plugin in one line, and the
READMEs list every package that plugin needs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = load_dev()

LDD = """\
\tlinux-vdso.so.1 (0x00007f74e8712000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f74e8552000)
\tlibxcb-keysyms.so.1 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_every_missing_library_is_named_once_in_one_line() -> None:
    missing = dev.missing_libraries(LDD)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                       "libxkbcommon-x11.so.0"]
    line = dev.install_line(missing)
    assert "\n" not in line
    assert line.endswith("sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 "
                         "libxkbcommon-x11-0")


def test_qt_loader_message_is_understood_too() -> None:
    stderr = ('qt.core.library: "/x/libqxcb.so" cannot load: Cannot load library /x/libqxcb.so: '
              "libxcb-keysyms.so.1: cannot open shared object file: No such file or directory")
    assert dev.missing_libraries(stderr) == ["libxcb-keysyms.so.1"]
    assert dev.packages_for(["libunknown.so.3"]) == ["libunknown.so.3"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_the_table_knows_every_library_the_installed_plugin_links() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("this PySide6 has no xcb plugin")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    needed = {line.split()[0] for line in out.splitlines() if "=>" in line}
    own = {name for name in needed if name.startswith("libQt6") or name.startswith("libicu")}
    system_xcb = {n for n in needed - own
                  if n.startswith(("libxcb", "libX11", "libxkb"))}
    assert system_xcb <= set(dev.XCB_PACKAGES), system_xcb - set(dev.XCB_PACKAGES)


@pytest.mark.parametrize("readme", ["README.md", "packaging/README.md",
                                    "packaging/linux/README.txt"])
def test_the_readmes_list_every_package(readme: str) -> None:
    text = (ROOT / readme).read_text(encoding="utf-8")
    for package in dict.fromkeys(dev.XCB_PACKAGES.values()):
        assert package in text, f"{readme} does not name {package}"


def test_run_stops_with_the_line_when_libraries_are_missing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(dev, "qt_xcb_missing", lambda: ["libxcb-icccm.so.4"])
    assert dev.check_window_libraries() is False
    assert "sudo apt install libxcb-icccm4" in capsys.readouterr().err
    monkeypatch.setattr(dev, "qt_xcb_missing", lambda: [])
    assert dev.check_window_libraries() is True
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(dev, "qt_xcb_missing", lambda: pytest.fail("not asked offscreen"))
    assert dev.check_window_libraries() is True
