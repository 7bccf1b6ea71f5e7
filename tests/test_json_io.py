"""JSON export and import as a whole: a current export is read a whole list at a time
(``_read_current``) and anything else record by record (``_read_each``). The two agree on
every document: what the first accepts the second accepts and reads alike, and whatever the
first declines gets the second's one-line message. The export is one value a line and
reads back byte for byte; an older, indented export reads the same."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from json_docs import paths

from riskwizard.domain.evidence import sha256_of
from riskwizard.domain.model import Evidence, PracticeData
from riskwizard.interchange.json_io import (
    InterchangeError,
    _read_current,
    _read_each,
    export_json,
    from_json,
    read_json_file,
    to_json,
)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**64), 2**64) | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["2026-01-01", "laptop", "\ud800", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=3),
    max_leaves=6)


class Twice(dict):  # type: ignore[type-arg]
    """An object written with its first key twice (the second time with ``again``)."""

    def __init__(self, pairs: dict[str, Any], again: Any) -> None:
        super().__init__(pairs)
        self.again = again


def _text(value: Any) -> str:
    """JSON text of ``value``, a ``Twice`` with its first key repeated."""
    if isinstance(value, dict):
        pairs = list(value.items())
        if isinstance(value, Twice) and pairs:
            pairs.append((pairs[0][0], value.again))
        return "{" + ", ".join(f"{json.dumps(k)}: {_text(v)}" for k, v in pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_text, value)) + "]"
    return json.dumps(value, ensure_ascii=False)


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _mutate(data: st.DataObject, doc: dict[str, Any]) -> dict[str, Any]:
    """One change somewhere: a value replaced, a key taken out, added or repeated."""
    doc = copy.deepcopy(doc)
    path = data.draw(st.sampled_from(paths(doc, 3)[1:]))
    parent, key = _at(doc, path[:-1]), path[-1]
    change = data.draw(st.integers(0, 5))
    old = parent[key]
    if change == 5 and type(old) in (str, int, bool):  # most likely still valid
        parent[key] = data.draw({str: st.text(max_size=6) | st.sampled_from(
            ["2026-01-01", "2026-03-01T09:30:00Z", "mitigate"]), int: st.integers(1, 5),
            bool: st.booleans()}[type(old)])
    elif change == 0 and isinstance(parent, dict):
        del parent[key]
    elif change == 1 and isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["zz", "id", "baa_signed", "evidence"]))] = \
            data.draw(JSON_VALUES)
    elif change == 2 and isinstance(parent[key], dict):
        parent[key] = Twice(parent[key], data.draw(JSON_VALUES))
    elif change == 3 and path[-1:] == ("format_version",):
        parent[key] = data.draw(st.sampled_from([1, 2, 3, 4, 5, 4.0, True, "4"]))
    else:
        parent[key] = data.draw(JSON_VALUES)
    return doc


def _outcome(text: str, read: Any) -> tuple[str, str]:
    try:
        data = read(text, "in.json")
    except InterchangeError as exc:
        return "refused", str(exc)
    return ("declined", "") if data is None else ("ok", to_json(data))  # true is not 1


@pytest.fixture(scope="module")
def small_doc(demo_data: PracticeData) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(to_json(_with_evidence(demo_data)))
    for key in ("assets", "vendors", "answers", "risks", "remediation"):
        doc[key] = doc[key][:4] if key != "remediation" else []
    doc["risks"] = [dict(r, merged_into=None, asset_ids=[], vendor_ids=[])
                    for r in doc["risks"]]
    assert _read_current(json.dumps(doc), "in.json") is not None
    return doc


def _with_evidence(data: PracticeData) -> PracticeData:
    out = copy.deepcopy(data)
    content = b"%PDF-1.4 a signed BAA"
    sha = sha256_of(content)
    out.evidence = [Evidence(name="baa.pdf", sha256=sha, size=len(content),
                             vendor_id=out.vendors[0].id, id=1),
                    Evidence(name="baa again.pdf", sha256=sha, size=len(content),
                             asset_id=out.assets[0].id, id=2)]
    out.evidence_content = {sha: content}
    return out


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whole_and_record_by_record_agree(small_doc: dict[str, Any],
                                         data: st.DataObject) -> None:
    doc = small_doc
    for _ in range(data.draw(st.sampled_from([0, 0, 1, 1, 1, 2]))):
        doc = _mutate(data, doc)
    text = _text(doc)
    whole = _outcome(text, _read_current)
    each = _outcome(text, _read_each)
    event(f"whole: {whole[0]}; record by record: {each[0]}")
    if whole[0] != "declined":
        assert whole == each
    assert _outcome(text, from_json) == each
    if each[0] == "refused":
        assert each[1].startswith("in.json: ") and "\n" not in each[1]


def test_a_current_export_is_read_whole(demo_data: PracticeData) -> None:
    """A guard that the whole-list reading does not quietly decline a plain export."""
    data = _with_evidence(demo_data)
    text = to_json(data)
    whole = _read_current(text, "in.json")
    assert whole is not None
    assert to_json(whole) == text == to_json(_read_each(text, "in.json"))


def test_export_is_one_value_a_line_and_reads_back_byte_for_byte(
        demo_data: PracticeData, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    export_json(_with_evidence(demo_data), out)
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == '{"format": "riskwizard-export",' and lines[1] == '"format_version": 4,'
    sha = sha256_of(b"%PDF-1.4 a signed BAA")
    assert lines.count(f'"sha256": "{sha}",') == 2  # a field of a record on its own line
    assert to_json(read_json_file(out)) == text


def test_an_indented_export_of_earlier_versions_reads_the_same(
        demo_data: PracticeData) -> None:
    data = _with_evidence(demo_data)
    text = to_json(data)
    indented = json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert to_json(from_json(indented, "in.json")) == text


@pytest.mark.parametrize("where", ["record", "object field", "evidence_content", "top"])
def test_a_repeated_key_is_refused_wherever_it_is(small_doc: dict[str, Any],
                                                  where: str) -> None:
    doc = copy.deepcopy(small_doc)
    if where == "record":
        doc["assets"][1] = Twice(doc["assets"][1], "x")
    elif where == "object field":
        doc["assessments"][0]["questionnaire_versions"] = Twice({"core": "1"}, "2")
    elif where == "evidence_content":
        doc["evidence_content"] = Twice(doc["evidence_content"], "AAAA")
    else:
        doc = Twice(doc, "riskwizard-export")
    with pytest.raises(InterchangeError, match="appears twice in one object"):
        from_json(_text(doc), "in.json")


def test_records_with_their_keys_in_another_order_read_alike(demo_data: PracticeData) -> None:
    """Another program may write the fields in any order: still read whole, and alike."""
    data = _with_evidence(demo_data)
    doc = json.loads(to_json(data))
    for key in ("sites", "assets", "vendors", "assessments", "answers", "risks", "evidence"):
        doc[key] = [dict(reversed(list(r.items()))) for r in doc[key]]
    text = json.dumps(doc)
    whole = _read_current(text, "in.json")
    assert whole is not None
    assert to_json(whole) == to_json(data)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_practice_read_whole_behaves_as_one_read_record_by_record(
        demo_data: PracticeData, data: st.DataObject) -> None:
    """A current export read whole makes each list's records only when the list is first
    asked for; whatever is done with it in between (copied, pickled, replaced, compared, a
    list asked for or assigned), it is, and stays, what reading it record by record gives."""
    import dataclasses
    import pickle

    from riskwizard.domain.model import COLLECTIONS
    from riskwizard.domain.records import unmade

    text = to_json(_with_evidence(demo_data))
    whole = from_json(text, "in.json")
    each = _read_each(text, "in.json")
    assert type(whole) is not PracticeData  # the evidence check reads its records
    assert all(unmade(whole, k) for k in COLLECTIONS if k != "evidence")
    keys = list(COLLECTIONS)
    for step in data.draw(st.lists(st.sampled_from(
            ["ask", "assign", "copy", "deepcopy", "pickle", "replace"]), max_size=4)):
        key = data.draw(st.sampled_from(keys))
        if step == "ask":
            getattr(whole, key)
            assert unmade(whole, key) is None
        elif step == "assign":
            setattr(whole, key, list(getattr(each, key)))
            assert unmade(whole, key) is None
        elif step == "copy":
            other = copy.copy(whole)
            assert getattr(other, key) == getattr(each, key)  # asked in the copy only
            assert (unmade(whole, key) is None) == (key in vars(whole))
        elif step == "deepcopy":
            whole = copy.deepcopy(whole)
        elif step == "pickle":
            whole = pickle.loads(pickle.dumps(whole))
        else:
            whole = dataclasses.replace(whole, **{key: list(getattr(each, key))})
            assert not any(unmade(whole, k) for k in COLLECTIONS)
    assert whole == each and each == whole
    assert whole != dataclasses.replace(each, sites=[])
    assert to_json(whole) == text


@pytest.mark.parametrize("key", ["sites", "assets", "assessments", "risks"])
def test_a_list_emptied_after_reading_whole_breaks_its_links_again(
        demo_data: PracticeData, key: str, tmp_path: Path) -> None:
    """The links of a practice read whole are not checked a second time while every list
    is as read; once a list is changed they are, and a new file is refused."""
    from riskwizard.domain.records import dangling_reference
    from riskwizard.store import StoreError, write_new_file

    whole = from_json(to_json(demo_data), "in.json")
    assert dangling_reference(whole) is None
    setattr(whole, key, [])
    assert dangling_reference(whole) is not None
    with pytest.raises(StoreError, match="not written: "):
        write_new_file(tmp_path / "new.riskwizard", whole)
    assert not (tmp_path / "new.riskwizard").exists()
