"""Data files shipped with the program, found through importlib.resources so they load the
same installed, from an editable checkout, and frozen by PyInstaller."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
from collections.abc import Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from riskwizard import __version__
from riskwizard.domain.questionnaire import (
    FORMAT_VERSION,
    AnswerOption,
    Condition,
    Guidance,
    Module,
    Question,
    Questionnaire,
    QuestionnaireError,
    Reference,
    RemediationStep,
    load_sources,
)
from riskwizard.fileio import OutputError, write_atomically

QUESTIONNAIRE_PACKAGE = "riskwizard.questionnaires"
ASSET_PACKAGE = "riskwizard.assets"


def questionnaire_files() -> list[Traversable]:
    root = resources.files(QUESTIONNAIRE_PACKAGE)
    return sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@cache
def installed_questionnaire() -> Questionnaire:
    """The questionnaire that ships with the program (validated; cached for the process).

    Parsing and validating every YAML file takes most of a tenth of a second, so the result
    is also kept in the user's cache folder, keyed by the files' exact bytes and the program
    version: a changed file, or a new version, is parsed and validated afresh.
    """
    files = questionnaire_files()
    contents = [(f.name, f.read_bytes()) for f in files]
    digest = hashlib.sha256(f"{__version__}/{FORMAT_VERSION}/{_shape()}".encode())
    for name, raw in contents:
        digest.update(f"\0{name}\0{len(raw)}\0".encode())
        digest.update(raw)
    cache_file = cache_dir() / f"questionnaire-{digest.hexdigest()[:32]}.pickle"
    with contextlib.suppress(Exception):  # a missing or unreadable cache: just parse
        loaded = pickle.loads(cache_file.read_bytes())
        if isinstance(loaded, Questionnaire):
            return loaded
    questionnaire = load_sources([_Bytes(name, raw) for name, raw in contents],
                                 [f"questionnaires/{name}" for name, _ in contents])
    with contextlib.suppress(OSError, OutputError):  # no cache is fine (read-only home, ...)
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("questionnaire-*.pickle"):
            old.unlink()
        payload = pickle.dumps(questionnaire, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(cache_file, lambda fh: fh.write(payload))
    return questionnaire


def _shape() -> str:
    """The field names of the content classes: a cache made by other code is not used."""
    classes = (Questionnaire, Module, Question, AnswerOption, Condition, Guidance,
               RemediationStep, Reference)
    return repr([(c.__name__, [f.name for f in dataclasses.fields(c)]) for c in classes])


def cache_dir() -> Path:
    """Where derived, disposable data goes (never next to the program)."""
    override = os.environ.get("RISKWIZARD_CONFIG_DIR")
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("riskwizard", appauthor=False))


class _Bytes:
    """A questionnaire file already read into memory."""

    def __init__(self, name: str, raw: bytes) -> None:
        self.name, self._raw = name, raw

    def read_text(self, encoding: str | None = None) -> str:
        return self._raw.decode(encoding or "utf-8")


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
