"""Data files shipped with the program, found through importlib.resources so they load the
same installed, from an editable checkout, and frozen by PyInstaller."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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
from riskwizard.fileio import CACHE, OutputError, make_private, write_atomically

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

    The cache is JSON (reading it cannot run code), records the digest of the content it
    was made from, and is signed with a key only this user can read (``_cache_key``): a
    cache that is planted, altered, damaged or made from other content is ignored and
    rebuilt.
    """
    files = [f for f in questionnaire_files() if f.name not in NOT_MODULES]
    contents = [(f.name, f.read_bytes()) for f in files]
    return _cached("questionnaire", contents, Questionnaire, lambda: _parse(contents),
                   lambda q: Questionnaire.of(q.modules, q.glossary))


@cache
def installed_catalogue() -> Catalogue:
    """The threat catalogue that ships with the program, cached like the questionnaire
    (parsing it would import PyYAML at every start)."""
    from riskwizard.domain.analysis.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue

    node = resources.files(QUESTIONNAIRE_PACKAGE).joinpath(CATALOGUE_FILE)
    try:
        contents = [(CATALOGUE_FILE, node.read_bytes())]
    except OSError:
        return load_catalogue()  # says, in one line, that the catalogue is missing
    return _cached("catalogue", contents, Catalogue, lambda: load_catalogue())


T = TypeVar("T")


def _cached(kind: str, contents: Sequence[tuple[str, bytes]], cls: type[T],
            parse: Callable[[], T], finish: Callable[[T], T] = lambda x: x) -> T:
    """``parse()``, or its result from an earlier run, kept in the cache folder as signed
    JSON and keyed by the files' exact bytes, the program version and the parser's code."""
    parser = parser_digest()
    digest = hashlib.sha256(f"{__version__}/{FORMAT_VERSION}/{parser}/{_shape()}".encode())
    for name, raw in contents:
        digest.update(f"\0{name}\0{len(raw)}\0".encode())
        digest.update(raw)
    source = digest.hexdigest()
    cache_file = cache_dir() / f"{kind}-{source[:32]}.json"
    key = _cache_key() if parser is not None else None
    if key is not None:
        with contextlib.suppress(Exception):  # missing, unreadable, forged: just parse
            loaded = _read_cache(cache_file, source, key, cls)
            if loaded is not None:
                return finish(loaded)
    result = parse()
    if key is None:  # the parser's code or a key cannot be had: a cache could not be trusted
        return result
    with contextlib.suppress(OSError, OutputError, TypeError, ValueError):  # no cache is fine
        cache_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = json.dumps({"source": source, kind: plain_json(result)},
                          ensure_ascii=False, sort_keys=True)
        for old in cache_file.parent.glob(f"{kind}-*"):
            old.unlink()
        mac = hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
        payload = json.dumps({"mac": mac, "body": body}).encode("utf-8")
        write_atomically(cache_file, lambda fh: fh.write(payload), CACHE)
    return result


def parse_installed() -> Questionnaire:
    """The installed questionnaire parsed and validated afresh, never from the cache
    (``riskwizard validate`` says what the files hold, not what a cache claims)."""
    return _parse([(f.name, f.read_bytes()) for f in questionnaire_files()])


def _parse(contents: Sequence[tuple[str, bytes]]) -> Questionnaire:
    return load_sources([_Bytes(name, raw) for name, raw in contents],
                        [f"questionnaires/{name}" for name, _ in contents])


def _read_cache(cache_file: Path, source: str, key: bytes, cls: type[T]) -> T | None:
    raw = cache_file.read_bytes()
    if len(raw) > 50 * 1024 * 1024:
        return None
    outer = json.loads(raw.decode("utf-8"))
    body = outer["body"]
    expected = hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
    if not isinstance(outer.get("mac"), str) or not hmac.compare_digest(outer["mac"], expected):
        return None
    doc = json.loads(body)
    if doc.get("source") != source:
        return None
    kind = cache_file.name.split("-", 1)[0]
    loaded = _from_json(cls, doc[kind])
    return loaded if isinstance(loaded, cls) else None


def _cache_key() -> bytes | None:
    """This user's key for signing the cache, kept owner-only beside the settings (not in
    the cache folder); made on first use. None when it cannot be read or made."""
    path = key_path()
    with contextlib.suppress(OSError, ValueError):
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
    with contextlib.suppress(OSError, OutputError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_hex(32)
        write_atomically(path, lambda fh: fh.write(key.encode("ascii")), _KEY_KIND)
        make_private(path)
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    return None


def key_path() -> Path:
    override = os.environ.get("RISKWIZARD_CONFIG_DIR")
    if override:
        return Path(override) / "cache.key"
    from platformdirs import user_config_dir

    return Path(user_config_dir("riskwizard", appauthor=False)) / "cache.key"


_KEY_KIND = dataclasses.replace(CACHE, name="a riskwizard cache key",
                                looks_like=lambda head: len(head.strip()) == 64)


def plain_json(value: Any) -> Any:
    """Content classes as plain JSON values (the cache, and ``riskwizard questionnaires
    --json``)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_json(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.name.startswith("_")}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple | list):
        return [plain_json(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(plain_json(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    return value


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls)
                 if not f.name.startswith("_"))


def _from_json(hint: Any, value: Any) -> Any:
    """The inverse of ``plain_json`` for the content classes, by their type hints; a value
    of the wrong shape raises (and the cache is then ignored)."""
    return _converter(hint)(value)


@cache
def _converter(hint: Any) -> Callable[[Any], Any]:
    """``_from_json`` for one type hint, worked out once: reading the cache turns some ten
    thousand values back into content classes, and asking ``typing`` what each hint is, for
    every value, took most of the time of opening the first practice."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType or origin is typing.Union:
        inner = _converter(next(a for a in args if a is not type(None)))
        if type(None) not in args:
            return inner
        return lambda value: None if value is None else inner(value)
    if origin is tuple or origin is frozenset:
        item, make = _converter(args[0]), origin

        def sequence(value: Any) -> Any:
            if not isinstance(value, list):
                raise TypeError("expected a list")
            return make(map(item, value))

        return sequence
    if origin in (dict, Mapping) or hint is Mapping:
        entry = _converter(args[1] if args else str)

        def mapping(value: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError("expected an object")
            return {str(k): entry(v) for k, v in value.items()}

        return mapping
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        cls = hint

        def record(value: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError("expected an object")
            return cls(**{name: convert(value[name]) for name, convert in _field_converters(cls)})

        return record
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint  # (its value, or ValueError)
    if hint in (str, int, bool):
        kind = hint

        def plain(value: Any) -> Any:
            if type(value) is kind:
                return value
            raise TypeError(f"expected {kind}")

        return plain

    def unknown(value: Any) -> Any:
        raise TypeError(f"expected {hint}")

    return unknown


@cache
def _field_converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """A content class's fields with their converters (found at first use, so a class that
    holds itself, like a condition of conditions, is no endless loop)."""
    return tuple((name, _converter(field_hint)) for name, field_hint in _fields(cls))


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
        source = _source_file(name)
        if source is not None:
            return source.read_bytes()
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            with open(spec.origin, "rb") as fh:
                return fh.read()
        get_code = getattr(spec.loader, "get_code", None) if spec is not None else None
        code = get_code(name) if get_code is not None else None
        if isinstance(code, types.CodeType):
            return repr(list(_code_parts(code))).encode()
    return None


def _source_file(name: str) -> Path | None:
    """Where a module of ours has its source, found from the package's folder:
    ``find_spec`` would import its parent packages (``riskwizard.domain.analysis`` brings
    the whole analysis, which the window's first frame does not need)."""
    import riskwizard

    parts = name.split(".")
    if parts[0] != "riskwizard" or not getattr(riskwizard, "__file__", None):
        return None
    base = Path(riskwizard.__file__).parent.joinpath(*parts[1:])
    for candidate in (base.with_name(base.name + ".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
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
