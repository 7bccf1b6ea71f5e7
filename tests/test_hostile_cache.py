"""A planted questionnaire cache is never trusted: it cannot run code (JSON, not pickle), and
one that is forged, altered, damaged or made from other content is ignored and rebuilt."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard import resources
from riskwizard.resources import cache_dir, installed_questionnaire


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, ("open(__import__('os').environ['RW_PWNED'], 'w').write('x')",))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=st.sampled_from(["pickle", "unsigned", "wrong-mac", "other-source", "garbage",
                            "altered"]),
       junk=st.binary(max_size=64))
def test_planted_caches_are_ignored(how: str, junk: bytes, tmp_path_factory: pytest.TempPathFactory,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("cfg")
    pwned = folder / "pwned"
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(folder))
    monkeypatch.setenv("RW_PWNED", str(pwned))
    load = installed_questionnaire.__wrapped__
    real = load()
    [cached] = list(cache_dir().glob("questionnaire-*.json"))
    outer = json.loads(cached.read_bytes())
    body = json.loads(outer["body"])
    if how == "pickle":
        cached.write_bytes(pickle.dumps(_Boom()))
    elif how == "unsigned":
        body["questionnaire"]["modules"][0]["title"] = "Altered"
        cached.write_text(json.dumps({"body": json.dumps(body)}))
    elif how == "wrong-mac":
        body["questionnaire"]["modules"][0]["title"] = "Altered"
        cached.write_text(json.dumps({"mac": "0" * 64, "body": json.dumps(body)}))
    elif how == "other-source":
        body["source"] = "0" * 64
        cached.write_text(json.dumps({"mac": outer["mac"], "body": json.dumps(body)}))
    elif how == "garbage":
        cached.write_bytes(junk)
    else:
        cached.write_text(json.dumps({"mac": outer["mac"],
                                      "body": outer["body"].replace("Yes", "No", 1)}))
    assert load() == real
    assert not pwned.exists()
    assert json.loads(cached.read_bytes())["mac"]  # rebuilt


def test_validate_never_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(resources, "_read_cache", lambda *a: pytest.fail("cache read"))
    assert resources.parse_installed().modules
