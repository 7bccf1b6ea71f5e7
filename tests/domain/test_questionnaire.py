"""Loading and validating questionnaire files: good content loads, bad content is refused
with the file, the place in it, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskwizard.domain.questionnaire import (
    ModuleKind,
    Questionnaire,
    QuestionnaireError,
    Requirement,
)
from riskwizard.resources import load_paths

GOOD_QUESTION = """
  - id: adm.one
    title: One
    text: Is it so?
    requirement: required
    citations: ["164.308(a)(2)"]
    answers: yes_no
    threats: [Something bad]
    vulnerabilities: [A weakness]
    remediation: [Fix it]
"""

HEADER = """format: 1
id: adm
title: Admin
kind: safeguard
version: "1"
order: 1
questions:
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_loads(sample_questionnaire: Questionnaire) -> None:
    q = sample_questionnaire
    assert [m.id for m in q.modules] == ["profile", "administrative", "telehealth"]
    assert q.modules[0].kind is ModuleKind.PROFILE
    risk = q.question("adm.risk-analysis")
    assert risk.requirement is Requirement.REQUIRED
    assert risk.citations == ("164.308(a)(1)(ii)(A)",)
    assert [o.value for o in risk.options] == ["yes", "partly", "no", "not_sure"]
    assert [o.gap for o in risk.options] == [False, True, True, True]
    assert q.question("adm.security-reminders").addressable
    assert q.module("telehealth").shows_when is not None
    assert q.glossary["ePHI"].startswith("Patient health information")
    assert "164.308(b)(1)" in q.citations()


def test_yes_and_no_stay_text(tmp_path: Path) -> None:
    """YAML 1.1 would read yes/no as booleans; answer values must stay text."""
    path = write(tmp_path, "a.yaml", HEADER + """
  - id: adm.x
    title: X
    text: Pick
    requirement: best_practice
    answers:
      - {value: yes, label: Yes}
      - {value: no, label: No, gap: true}
      - {value: not_sure, label: Not sure, gap: true}
    threats: [t]
    vulnerabilities: [v]
    remediation: [r]
""")
    q = load_paths([path])
    assert [o.value for o in q.question("adm.x").options] == ["yes", "no", "not_sure"]
    assert q.question("adm.x").options[0].label == "Yes"


BAD_CASES = {
    "not yaml": ("format: 1\nid: [unclosed\n", "not valid YAML", 3),
    "not a mapping": ("- just\n- a list\n", "expected a mapping", None),
    "wrong format": (HEADER.replace("format: 1", "format: 7") + GOOD_QUESTION,
                     "reads format 1", 1),
    "missing title": (HEADER.replace("title: Admin\n", "") + GOOD_QUESTION, "missing 'title'", 1),
    "unknown key": (HEADER + GOOD_QUESTION + "    colour: blue\n", "unknown key 'colour'", 9),
    "bad id": (HEADER + GOOD_QUESTION.replace("adm.one", "Adm One"), "not a valid id", 9),
    "no questions": (HEADER + "  []\n", "non-empty list of questions", 1),
    "unknown answer set": (HEADER + GOOD_QUESTION.replace("yes_no", "maybe"),
                           "unknown answer set 'maybe'", 9),
    "no not sure": (HEADER + GOOD_QUESTION.replace(
        "answers: yes_no", "answers: [{value: a, label: A}, {value: b, label: B, gap: true}]"),
        "needs a 'not_sure' option", 9),
    "gap without threats": (HEADER + GOOD_QUESTION.replace("    threats: [Something bad]\n", ""),
                            "'threats' must list at least one", 9),
    "likelihood out of range": (HEADER + GOOD_QUESTION + "    likelihood: 9\n",
                                "expected a whole number 1..5", 9),
    "bad requirement": (HEADER + GOOD_QUESTION.replace("requirement: required",
                                                       "requirement: optional"),
                        "'optional' is not one of", 9),
    "unknown condition question": (HEADER + GOOD_QUESTION + "    shows_when: {question: nope, "
                                   "is: [yes]}\n", "unknown question 'nope'", None),
    "bad condition value": (HEADER + GOOD_QUESTION + GOOD_QUESTION.replace("adm.one", "adm.two")
                            + "    shows_when: {question: adm.one, is: [maybe]}\n",
                            "'maybe' is not an answer of 'adm.one'", None),
    "malformed condition": (HEADER + GOOD_QUESTION + "    shows_when: {when: adm.one}\n",
                            "a condition is", 18),
    "condition loop": (HEADER + GOOD_QUESTION + "    shows_when: {question: adm.two, is: [yes]}\n"
                       + GOOD_QUESTION.replace("adm.one", "adm.two")
                       + "    shows_when: {question: adm.one, is: [yes]}\n",
                       "conditions form a loop", None),
    "duplicate question id": (HEADER + GOOD_QUESTION + GOOD_QUESTION, "also used in", None),
    "format true": (HEADER.replace("format: 1", "format: true") + GOOD_QUESTION,
                    "reads format 1", 1),
    "unquoted version": (HEADER.replace('version: "1"', "version: 2026.10") + GOOD_QUESTION,
                         "write the version in quotes", 1),
    "safeguard switched": (HEADER.replace("order: 1\n", "order: 1\nshows_when: {question: "
                                          "adm.one, is: [yes]}\n") + GOOD_QUESTION,
                           "only optional modules", 1),
    "profile gap": (HEADER.replace("kind: safeguard", "kind: profile") + GOOD_QUESTION.replace(
        "requirement: required", "requirement: profile"), "profile questions have", 9),
    "empty remediation step": (HEADER + GOOD_QUESTION.replace("[Fix it]", '[""]'),
                               "expected a mapping", None),
    "duplicate key": (HEADER + GOOD_QUESTION + "    title: Again\n", "appears twice", 18),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_files_are_refused_with_place(tmp_path: Path, case: str) -> None:
    text, problem, line = BAD_CASES[case]
    path = write(tmp_path, "broken.yaml", text)
    before = path.read_bytes()
    with pytest.raises(QuestionnaireError) as err:
        load_paths([path])
    message = str(err.value)
    assert str(path) in message
    assert problem in message
    assert "\n" not in message
    if line is not None:
        assert f"{path}:{line}:" in message
    assert path.read_bytes() == before


def test_glossary_checks(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEADER + GOOD_QUESTION)
    write(tmp_path, "g1.yaml", "format: 1\nkind: glossary\nterms: {ePHI: one}\n")
    write(tmp_path, "g2.yaml", "format: 1\nkind: glossary\nterms: {ePHI: two}\n")
    with pytest.raises(QuestionnaireError, match="already defined"):
        load_paths([tmp_path])
    write(tmp_path, "g2.yaml", "format: 2\nkind: glossary\nterms: {BAA: two}\n")
    with pytest.raises(QuestionnaireError, match="reads format 1"):
        load_paths([tmp_path])


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(QuestionnaireError, match="not UTF-8"):
        load_paths([path])


def test_module_id_used_twice_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", HEADER + GOOD_QUESTION)
    write(tmp_path, "b.yaml", HEADER + GOOD_QUESTION.replace("adm.one", "adm.two"))
    with pytest.raises(QuestionnaireError, match="module id 'adm' is also used in"):
        load_paths([tmp_path])


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match="no such file"):
        load_paths([tmp_path / "nope.yaml"])
    with pytest.raises(QuestionnaireError, match="no .yaml questionnaire files"):
        load_paths([tmp_path])
