"""Issue 15, start-up: the first frame takes the desktop's light or dark setting as last
seen, and the window follows the desktop right after it (asking the desktop before the
first frame costs about a sixth of a bare window's start-up)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from riskwizard.ui import look
from riskwizard.ui.settings import Settings


@settings(max_examples=25, deadline=None)
@given(value=st.one_of(st.sampled_from(["light", "dark", "", "Dark", "blue"]),
                       st.text(max_size=12)))
def test_the_last_scheme_is_light_dark_or_nothing(value: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        s = Settings(Path(folder))
        s._q.setValue("window/scheme", value)  # what another version or a person wrote
        assert s.last_scheme() == (value if value in ("light", "dark") else None)
        s.set_last_scheme("dark")
        s.sync()
        assert Settings(Path(folder)).last_scheme() == "dark"


@pytest.mark.parametrize("assumed", ["light", "dark"])
def test_the_assumed_scheme_paints_first_then_the_desktop_wins(qapp: QApplication,
                                                               assumed: str) -> None:
    try:
        look.apply(qapp, assumed=assumed)
        assert look.scheme_of(qapp.palette()) == assumed
        desktop = look.follow_desktop(qapp)
        assert desktop == look.system_scheme()
        assert look.scheme_of(qapp.palette()) == desktop
    finally:
        look.apply(qapp, "light")


def test_a_whole_start_remembers_the_desktop_s_scheme(tmp_path: Path) -> None:
    """A start with a stale "dark" on record ends with the desktop's own setting recorded
    (the offscreen desktop is light)."""
    config = tmp_path / "config"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RISKWIZARD_CONFIG_DIR": str(config)}
    for before in (None, "dark"):
        if before:
            ini = config / "riskwizard.ini"
            text = ini.read_text(encoding="utf-8").replace("scheme=light", f"scheme={before}")
            ini.write_text(text, encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "riskwizard", "gui", "--exit-after-ready"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert Settings(config).last_scheme() == "light"
