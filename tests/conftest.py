"""Shared fixtures. Qt runs offscreen; set before anything imports Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")
# Settings, recent files and caches of the whole test run stay out of the user's profile.
os.environ["RISKWIZARD_CONFIG_DIR"] = __import__("tempfile").mkdtemp(prefix="rw-tests-")

from collections.abc import Iterator  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.domain.model import PracticeData  # noqa: E402
from riskwizard.domain.questionnaire import Questionnaire  # noqa: E402
from riskwizard.resources import installed_questionnaire, load_paths  # noqa: E402
from riskwizard.store import PracticeFile, open_practice_file, write_new_file  # noqa: E402

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep settings and recent files of tests out of the real user's profile."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(home))


@pytest.fixture(scope="session")
def sample_questionnaire() -> Questionnaire:
    """The small questionnaire in tests/data/sample: profile, admin, telehealth, glossary."""
    return load_paths([DATA / "sample"])


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    """The real, installed questionnaire."""
    return installed_questionnaire()


@pytest.fixture(scope="session")
def demo_data(questionnaire: Questionnaire) -> PracticeData:
    return build_demo(questionnaire, "small", TODAY)


@pytest.fixture
def demo_file(tmp_path: Path, demo_data: PracticeData) -> Path:
    path = tmp_path / "demo.riskwizard"
    write_new_file(path, demo_data)
    return path


@pytest.fixture
def opened_demo(demo_file: Path) -> Iterator[PracticeFile]:
    with open_practice_file(demo_file) as pf:
        yield pf
