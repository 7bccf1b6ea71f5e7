"""Every field the report cuts says how many characters it left out, and the count is right:
generated long texts in names, titles, actions, notes and reasons, the real report parsed
back. For each "… (N more characters; …)" the text shown before it is the start of its
field, and N is the length of the field less what is shown (``caps``'s rule, the only one);
a cell "continued below the table" goes on there, from where it stopped."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import PracticeData, Treatment
from riskwizard.domain.questionnaire import Questionnaire
from tests.report.conftest import build

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
SPACE = st.sampled_from([" "] * 12 + ["\n"])
FIELDS = 10


@st.composite
def long_text(draw: st.DrawFn, k: int) -> str:
    """Field ``k``'s text: starts with its marker, 200 to 2,500 characters of words."""
    size = draw(st.integers(200, 2500))
    out = [f"Fq{k}z"]
    length = len(out[0])
    while length < size:
        word = draw(WORD)
        out.append(draw(SPACE) + word)
        length += 1 + len(word)
    return "".join(out)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def start_of(text: str, shown: str) -> str:
    """The start of ``text`` that is ``shown`` once whitespace is taken out."""
    n = 0
    for i, c in enumerate(text):
        if n == len(shown):
            return text[:i]
        if not c.isspace():
            assert c == shown[n], (text[:i + 1], shown)
            n += 1
    assert n == len(shown)
    return text


@pytest.mark.slow
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_cut_says_how_much_it_left_out(data: st.DataObject,
                                             complete_demo: PracticeData,
                                             questionnaire: Questionnaire,
                                             tmp_path: Path) -> None:
    texts = [data.draw(long_text(k), label=f"field {k}") for k in range(FIELDS)]
    d = copy.deepcopy(complete_demo)
    assessment = d.latest_assessment()
    assert assessment is not None
    risks = d.risks_for(assessment.id)
    items = [i for i in d.remediation_for(assessment.id) if i.is_open]
    risks[0].title, risks[1].title = texts[0], texts[1]
    items[0].action, items[1].owner = texts[2], texts[3]
    d.assets[0].name, d.assets[1].notes = texts[4], texts[5]
    d.vendors[0].notes = texts[6]
    accepted = next(r for r in risks if r.treatment is Treatment.ACCEPT and r.is_open)
    accepted.treatment_reason = texts[7]
    answer = next(a for a in d.answers if a.assessment_id == assessment.id and a.note)
    answer.note = texts[8]
    d.practice = dataclasses.replace(d.practice, assessor=texts[9])
    report = build(d, questionnaire, tmp_path / "caps.pdf")
    # each page's text without its header and footer (drawn first), so that a field
    # running over a page break reads on
    flat = squeeze("".join(re.split(r"Page \d+ of \d+\n", t, maxsplit=1)[-1]
                           for t in report.texts))
    checked = set()
    for m in re.finditer(r"…\((\d[\d,]*)morecharacters?;", flat):
        left = int(m.group(1).replace(",", ""))
        before = flat[:m.start()]
        k, at = max(((k, before.rfind(f"Fq{k}z")) for k in range(FIELDS)),
                    key=lambda ka: ka[1])
        if at < 0 or not squeeze(texts[k]).startswith(before[at:]):
            continue  # not a field's start (the rest of a cell continued below its table)
        shown = start_of(texts[k], before[at:])
        assert left == len(texts[k]) - len(shown.rstrip()), (k, left)
        checked.add(k)
    # a cell cut and continued below its table: the rest follows there, whole or itself
    # cut with its count
    for m in re.finditer(r"…\(continuedbelowthetable,note(\d+)\)", flat):
        before = flat[:m.start()]
        k, at = max(((k, before.rfind(f"Fq{k}z")) for k in range(FIELDS)),
                    key=lambda ka: ka[1])
        if at < 0 or not squeeze(texts[k]).startswith(before[at:]):
            continue
        head = start_of(texts[k], before[at:]).rstrip()
        rest = texts[k][len(head):].lstrip()
        j = flat.index(f"Note{m.group(1)}:", m.end())
        tail = flat[flat.index("continued…", j) + len("continued…"):]
        if not tail.startswith(squeeze(rest)):
            cut = re.match(r"(.*?)…\((\d[\d,]*)morecharacters?;", tail)
            assert cut, (k, tail[:200])
            shown = start_of(rest, cut.group(1))
            assert int(cut.group(2).replace(",", "")) == len(rest) - len(shown.rstrip())
        checked.add(k)
    # every field is printed in full, or cut somewhere with its count
    for k, text in enumerate(texts):
        assert squeeze(text) in flat or k in checked, k
    assert {3, 4, 9} <= checked  # names: always longer than their cap
