"""Fuzzing the two doors where outside data comes in: JSON import and questionnaire files.
Any input either loads or is refused with a one-line message; never another exception."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from json_docs import paths

from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import QuestionnaireError, load_sources
from riskwizard.interchange.json_io import InterchangeError, from_json, to_json
from riskwizard.store import StoreError, write_new_file

SAMPLE = Path(__file__).parent / "data" / "sample"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def one_line(exc: Exception) -> None:
    assert str(exc) and "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
@pytest.mark.slow
def test_import_any_text(text: str) -> None:
    try:
        from_json(text, "in.json")
    except InterchangeError as exc:
        one_line(exc)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
@pytest.mark.slow
def test_import_mutated_export(data: st.DataObject, demo_data: PracticeData,
                               tmp_path_factory: Any) -> None:
    doc = json.loads(to_json(demo_data))
    doc["assets"], doc["answers"] = doc["assets"][:4], doc["answers"][:6]
    doc["risks"], doc["remediation"] = doc["risks"][:3], doc["remediation"][:3]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths(doc, 6)))
        doc = _replace(doc, path, data.draw(json_values))
    text = json.dumps(doc)
    try:
        imported = from_json(text, "in.json")
    except InterchangeError as exc:
        one_line(exc)
        return
    # what the importer accepts, the store must write (or refuse cleanly)
    out = tmp_path_factory.mktemp("fuzz") / "x.riskwizard"
    try:
        write_new_file(out, imported)
    except StoreError as exc:
        one_line(exc)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_questionnaire_any_text(text: str) -> None:
    try:
        load_sources([_Text("q.yaml", text)])
    except QuestionnaireError as exc:
        one_line(exc)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
@pytest.mark.slow
def test_questionnaire_mutated(data: st.DataObject) -> None:
    files = sorted(SAMPLE.glob("*.yaml"))
    docs = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
    i = data.draw(st.integers(0, len(docs) - 1))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths(docs[i], 6)))
        docs[i] = _replace(docs[i], path, data.draw(json_values))
    sources = [_Text(f.name, yaml.safe_dump(d, allow_unicode=True))
               for f, d in zip(files, docs, strict=True)]
    try:
        load_sources(sources)
    except QuestionnaireError as exc:
        one_line(exc)


class _Text:
    def __init__(self, name: str, text: str) -> None:
        self.name, self._text = name, text

    def read_text(self, encoding: str | None = None) -> str:
        return self._text
