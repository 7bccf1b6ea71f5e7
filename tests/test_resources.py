"""Shipped data found through importlib.resources, and the questionnaire cache."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    [cached] = list(cache_dir().glob("questionnaire-*.pickle"))
    assert cache_dir() == tmp_path / "cache"
    assert load() == first
    cached.write_bytes(b"not a pickle")  # damaged cache: parsed again, and rewritten
    assert load() == first
    assert cached.read_bytes() != b"not a pickle"
    (tmp_path / "cache" / "questionnaire-old.pickle").write_bytes(b"x")
    cached.unlink()
    load()
    assert [p.name for p in cache_dir().iterdir()] == [cached.name]  # old ones are removed
