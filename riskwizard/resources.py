"""Data files shipped with the program, found through importlib.resources so they load the
same installed, from an editable checkout, and frozen by PyInstaller."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from riskwizard.domain.questionnaire import Questionnaire, QuestionnaireError, load_sources

QUESTIONNAIRE_PACKAGE = "riskwizard.questionnaires"
ASSET_PACKAGE = "riskwizard.assets"


def questionnaire_files() -> list[Traversable]:
    root = resources.files(QUESTIONNAIRE_PACKAGE)
    return sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@cache
def installed_questionnaire() -> Questionnaire:
    """The questionnaire that ships with the program (validated; cached for the process)."""
    files = questionnaire_files()
    return load_sources(files, [f"questionnaires/{f.name}" for f in files])


def load_paths(paths: Sequence[Path]) -> Questionnaire:
    """Load questionnaire files or folders of them (``riskwizard validate PATH ...``)."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.yaml")))
        elif p.exists():
            files.append(p)
        else:
            raise QuestionnaireError(str(p), "", "no such file or folder")
    if not files:
        raise QuestionnaireError(", ".join(map(str, paths)), "", "no .yaml questionnaire files")
    return load_sources(files, [str(f) for f in files])


def asset(name: str) -> Traversable:
    """A file under assets/ (icons, logo, fonts), e.g. ``asset("fonts/NotoSans-Regular.ttf")``."""
    node = resources.files(ASSET_PACKAGE)
    for part in name.split("/"):
        node = node.joinpath(part)
    return node
