"""Issue 15, opening the first practice: the questionnaire and the threat catalogue are read
back from the cache by converters worked out once per type hint. They must give back exactly
what was cached, and refuse a value of the wrong kind anywhere (the cache is then ignored and
the files parsed again)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard import resources
from riskwizard.domain.analysis.catalogue import Catalogue
from riskwizard.domain.questionnaire import Questionnaire

CONTENT = {"questionnaire": (Questionnaire, resources.parse_installed),
           "catalogue": (Catalogue, lambda: resources.installed_catalogue())}


@pytest.fixture(scope="module")
def cached() -> dict[str, tuple[type, Any, Any]]:
    """Each kind: its class, the content, and the content as the cache holds it."""
    out = {}
    for kind, (cls, load) in CONTENT.items():
        content = load()
        out[kind] = (cls, content, resources.plain_json(content))
    return out


@pytest.mark.parametrize("kind", sorted(CONTENT))
def test_what_is_cached_is_read_back_the_same(cached: dict[str, tuple[type, Any, Any]],
                                               kind: str) -> None:
    cls, content, plain = cached[kind]
    back = resources._from_json(cls, plain)
    if kind == "questionnaire":  # its indexes are made again, as installed_questionnaire does
        back = Questionnaire.of(back.modules, back.glossary)
    assert back == content


def nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every value inside a JSON document (not the document itself)."""
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += nodes(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += nodes(v, (*path, i))
    return out


KINDS = {dict: {"x": 1}, list: [1, "x"], str: "x", int: 7, bool: True, float: 1.5}


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(sorted(CONTENT)), pick=st.integers(min_value=0),
       other=st.sampled_from(sorted(KINDS, key=lambda t: t.__name__)))
def test_a_value_of_another_kind_anywhere_is_refused(
        cached: dict[str, tuple[type, Any, Any]], kind: str, pick: int, other: type) -> None:
    cls, _, plain = cached[kind]
    paths = nodes(plain)
    path = paths[pick % len(paths)]
    doc = copy.deepcopy(plain)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if type(parent[path[-1]]) is other or parent[path[-1]] is None:
        return  # the same kind (or an empty optional value): nothing to refuse
    if isinstance(parent, dict) and other is dict and not parent[path[-1]]:
        return
    parent[path[-1]] = copy.deepcopy(KINDS[other])
    with pytest.raises((TypeError, ValueError, KeyError)):
        resources._from_json(cls, doc)
