"""Shipped data found through importlib.resources, and the questionnaire cache."""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from riskwizard import resources
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.resources import asset, cache_dir, installed_questionnaire, questionnaire_files


def test_files_are_found() -> None:
    names = [f.name for f in questionnaire_files()]
    assert "profile.yaml" in names and "glossary.yaml" in names
    assert asset("fonts").is_dir()


def test_cache_is_written_reused_and_survives_damage(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(tmp_path))
    load = installed_questionnaire.__wrapped__
    first = load()
    [cached] = list(cache_dir().glob("questionnaire-*.json"))
    assert cache_dir() == tmp_path / "cache"
    assert load() == first
    cached.write_bytes(b"not json")  # damaged cache: parsed again, and rewritten
    assert load() == first
    assert cached.read_bytes() != b"not json"
    (tmp_path / "cache" / "questionnaire-old.pickle").write_bytes(b"x")
    cached.unlink()
    load()
    assert [p.name for p in cache_dir().iterdir()] == [cached.name]  # old ones are removed


def test_cache_key_covers_the_parser_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          sample_questionnaire: Questionnaire) -> None:
    """Editing the parser (simulated: its bytes change) makes the old cache unused."""
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(tmp_path))
    load = installed_questionnaire.__wrapped__
    real = load()
    [cached] = list(cache_dir().glob("questionnaire-*.json"))
    # A stand-in under the current key, signed with this user's key, shows the key is
    # what is read ...
    outer = json.loads(cached.read_bytes())
    body = json.loads(outer["body"])
    body["questionnaire"] = resources.plain_json(sample_questionnaire)
    text = json.dumps(body)
    key = resources._cache_key()
    assert key is not None
    import hashlib
    import hmac
    mac = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
    cached.write_text(json.dumps({"mac": mac, "body": text}))
    assert load() == sample_questionnaire
    # ... and after an edit of yaml_reader.py that stand-in is no longer found.
    original = resources.parser_code

    def edited(name: str) -> bytes | None:
        code = original(name)
        return code + b"\n# edited\n" if code and name.endswith("yaml_reader") else code

    monkeypatch.setattr(resources, "parser_code", edited)
    resources.parser_digest.cache_clear()
    try:
        assert load() == real
        [fresh] = list(cache_dir().glob("questionnaire-*.json"))
        assert fresh.name != cached.name
    finally:
        monkeypatch.undo()
        resources.parser_digest.cache_clear()


def test_no_cache_when_the_parser_code_cannot_be_read(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(resources, "parser_code", lambda name: None)
    resources.parser_digest.cache_clear()
    try:
        assert resources.parser_digest() is None
        assert installed_questionnaire.__wrapped__().modules
        assert not list(tmp_path.glob("cache/questionnaire-*"))
    finally:
        monkeypatch.undo()
        resources.parser_digest.cache_clear()


def test_parser_modules_are_the_files_and_all_of_the_parser() -> None:
    """The hash reads the real source files, and every riskwizard module the parser imports
    (other than the version and the file writing) is in the list."""
    assert resources.parser_digest() is not None
    for name in resources.PARSER_MODULES:
        module = importlib.import_module(name)
        assert resources.parser_code(name) == Path(module.__file__ or "").read_bytes()
    allowed = {*resources.PARSER_MODULES, "riskwizard", "riskwizard.fileio"}
    for name in resources.PARSER_MODULES:
        tree = ast.parse(Path(importlib.import_module(name).__file__ or "").read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert {m for m in imported if m and m.startswith("riskwizard")} <= allowed, name


@pytest.mark.slow
def test_frozen_programs_hash_the_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """No source file beside a frozen program: the code objects are hashed instead, the
    same in every process."""
    monkeypatch.setattr(resources.os.path, "isfile", lambda path: False)
    code = resources.parser_code("riskwizard.domain.yaml_reader")
    assert code is not None and b"parse_yaml" in code
    script = ("import os, riskwizard.resources as r; os.path.isfile = lambda p: False; "
              "print(r.parser_code('riskwizard.domain.questionnaire').hex())")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")}
    assert len(runs) == 1
