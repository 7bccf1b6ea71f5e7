"""Data files shipped with the program, found through importlib.resources so they load the
same installed, from an editable checkout, and frozen by PyInstaller."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import os
import pickle
import types
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from riskwizard import __version__
from riskwizard.domain.questionnaire import (
    FORMAT_VERSION,
    NOT_MODULES,
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

if TYPE_CHECKING:  # imported where it is used: its module is not needed at start-up
    from riskwizard.domain.analysis.catalogue import Catalogue

QUESTIONNAIRE_PACKAGE = "riskwizard.questionnaires"
ASSET_PACKAGE = "riskwizard.assets"

# The code that decides what the questionnaire files parse into: the format's classes and
# rules, the YAML reading, and the loading below. Editing any of them makes the cached
# questionnaire stale (tests/test_resources.py checks the list against their imports).
PARSER_MODULES = (
    "riskwizard.domain.questionnaire",
    "riskwizard.domain.yaml_reader",
    "riskwizard.domain.analysis.catalogue",
    "riskwizard.domain.model",
    "riskwizard.resources",
)


def questionnaire_files() -> list[Traversable]:
    root = resources.files(QUESTIONNAIRE_PACKAGE)
    return sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@cache
def installed_questionnaire() -> Questionnaire:
    """The questionnaire that ships with the program (validated; cached for the process).

    Parsing and validating every YAML file takes most of a tenth of a second, so the result
    is also kept in the user's cache folder, keyed by the files' exact bytes, the program
    version and the parser's own code (``parser_digest``): a changed file, a new version or
    an edited parser is parsed and validated afresh.
    """
    files = [f for f in questionnaire_files() if f.name not in NOT_MODULES]
    contents = [(f.name, f.read_bytes()) for f in files]

    def parse() -> Questionnaire:
        return load_sources([_Bytes(name, raw) for name, raw in contents],
                            [f"questionnaires/{name}" for name, _ in contents])

    return _cached("questionnaire", contents, Questionnaire, parse)


@cache
def installed_catalogue() -> Catalogue:
    """The threat catalogue that ships with the program, kept in the cache folder like the
    questionnaire (parsing it would import PyYAML at every start)."""
    from riskwizard.domain.analysis.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue

    node = resources.files(QUESTIONNAIRE_PACKAGE).joinpath(CATALOGUE_FILE)
    try:
        contents = [(CATALOGUE_FILE, node.read_bytes())]
    except OSError:
        return load_catalogue()  # says, in one line, that the catalogue is missing
    return _cached("catalogue", contents, Catalogue, lambda: load_catalogue())


T = TypeVar("T")


def _cached(kind: str, contents: list[tuple[str, bytes]], cls: type[T],
            parse: Callable[[], T]) -> T:
    """``parse()``, or its result from an earlier run, kept in the user's cache folder and
    keyed by the files' exact bytes, the program version and the parser's own code."""
    parser = parser_digest()
    digest = hashlib.sha256(f"{__version__}/{FORMAT_VERSION}/{parser}/{_shape()}".encode())
    for name, raw in contents:
        digest.update(f"\0{name}\0{len(raw)}\0".encode())
        digest.update(raw)
    cache_file = cache_dir() / f"{kind}-{digest.hexdigest()[:32]}.pickle"
    if parser is not None:
        with contextlib.suppress(Exception):  # a missing or unreadable cache: just parse
            loaded = pickle.loads(cache_file.read_bytes())
            if isinstance(loaded, cls):
                return loaded
    result = parse()
    if parser is None:  # the parser's code cannot be read: a cache could go stale unseen
        return result
    with contextlib.suppress(OSError, OutputError):  # no cache is fine (read-only home, ...)
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob(f"{kind}-*.pickle"):
            old.unlink()
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(cache_file, lambda fh: fh.write(payload))
    return result


@cache
def parser_digest() -> str | None:
    """A hash of the code in ``PARSER_MODULES`` (read once per process; well under a
    millisecond), or None when some of it cannot be read."""
    digest = hashlib.sha256()
    for name in PARSER_MODULES:
        code = parser_code(name)
        if code is None:
            return None
        digest.update(f"\0{name}\0{len(code)}\0".encode())
        digest.update(code)
    return digest.hexdigest()


def parser_code(name: str) -> bytes | None:
    """The bytes of a module's source file, found without importing it (yaml_reader would
    import PyYAML, which a cache hit avoids). Frozen by PyInstaller there is no source, only
    bytecode: then its instructions, names and constants."""
    with contextlib.suppress(Exception):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            with open(spec.origin, "rb") as fh:
                return fh.read()
        get_code = getattr(spec.loader, "get_code", None) if spec is not None else None
        code = get_code(name) if get_code is not None else None
        if isinstance(code, types.CodeType):
            return repr(list(_code_parts(code))).encode()
    return None


def _code_parts(code: types.CodeType) -> Iterator[object]:
    """What a code object does, without the per-process details marshal would include."""
    yield code.co_name, code.co_code, code.co_names, code.co_varnames
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_parts(const)
        elif isinstance(const, frozenset):  # its order changes with the hash seed
            yield sorted(map(repr, const))
        else:
            yield repr(const)


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
