"""Issue 15, start-up: the first screen (the start page) loads nothing it does not show —
not the questionnaire, the store, the session, the analysis, or the pages of a practice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NOT_BEFORE_A_PRACTICE = (
    "riskwizard.domain.analysis", "riskwizard.domain.questionnaire", "riskwizard.domain.model",
    "riskwizard.domain.navigation", "riskwizard.domain.changes", "riskwizard.resources",
    "riskwizard.store", "riskwizard.session", "riskwizard.ui.section_list",
    "riskwizard.ui.dashboard_page", "riskwizard.ui.question_page", "riskwizard.ui.tables",
    "riskwizard.ui.flows", "yaml", "reportlab", "platformdirs")


def modules_after(code: str, tmp_path: Path) -> set[str]:
    """The modules a fresh Python has loaded after running ``code``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "RISKWIZARD_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\n"
         "print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("module", ["riskwizard.ui.look", "riskwizard.ui.app",
                                    "riskwizard.ui.main_window", "riskwizard.ui.pages",
                                    "riskwizard.ui.menus", "riskwizard.ui.settings",
                                    "riskwizard.ui.start_page"])
def test_the_window_modules_import_nothing_of_a_practice(module: str, tmp_path: Path) -> None:
    assert loaded(modules_after(f"import {module}", tmp_path), NOT_BEFORE_A_PRACTICE) == []


def test_starting_on_the_start_page_loads_nothing_of_a_practice(tmp_path: Path) -> None:
    """The whole run: the window made, painted, and closed (``--exit-after-ready``)."""
    modules = modules_after("from riskwizard.cli import main\n"
                            "assert main(['gui', '--exit-after-ready']) == 0", tmp_path)
    assert "riskwizard.ui.main_window" in modules  # the window was made
    assert loaded(modules, NOT_BEFORE_A_PRACTICE) == []


def test_opening_a_practice_loads_what_it_needs(tmp_path: Path, sample_file: Path) -> None:
    """The same start with a file: the questionnaire and the overview come after."""
    modules = modules_after("from riskwizard.cli import main\n"
                            f"assert main(['gui', {str(sample_file)!r}, "
                            "'--exit-after-ready']) == 0", tmp_path)
    assert {"riskwizard.resources", "riskwizard.session",
            "riskwizard.ui.dashboard_page"} <= modules
