"""Every field the report cuts says how many characters it left out, and the count is right:
generated long texts in names, titles, actions, notes and reasons, the real report parsed
back. For each "… (N more characters; …)" the text shown before it is the start of its
field, and N is the length of the field less what is shown (``caps``'s rule, the only one);
a cell "continued below the table" goes on there, from where it stopped."""

from __future__ import annotations

import copy
import dataclasses
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.model import PracticeData, Treatment
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import default_matrix
from riskwizard.report.context import Context
from riskwizard.report.fonts import clean
from riskwizard.report.sections.register import where
from tests.report.conftest import TODAY, build

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FIELDS = 10


@st.composite
def long_text(draw: st.DrawFn, k: int) -> str:
    """Field ``k``'s text: starts with its marker, 200 to 2,500 characters of words of 1 to
    12 letters, split by spaces and now and then a line break. The words come from a random
    generator seeded by hypothesis (drawing each word would exceed hypothesis's data budget)."""
    size = draw(st.integers(200, 2500))
    rnd = random.Random(draw(st.integers(0, 2**32 - 1), label=f"words {k}"))
    breaks = draw(st.sampled_from([0.0, 1 / 13, 0.3]))
    out = [f"Fq{k}z"]
    length = len(out[0])
    while length < size:
        word = "".join(rnd.choice(LETTERS) for _ in range(rnd.randint(1, 12)))
        out.append(("\n" if rnd.random() < breaks else " ") + word)
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
@settings(max_examples=3, deadline=None,
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
    ctx = Context(d, questionnaire, assessment, TODAY, default_matrix())
    covers = [clean(where(ctx, r)) for r in ctx.risks]
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
        shown = start_of(texts[k], before[at:]).rstrip()
        # the count is of the cell's text: the field alone, or with the names after it
        assert any(left == len(cell) - cell.index(texts[k]) - len(shown)
                   for cell in [texts[k], *(c for c in covers if texts[k] in c)]), (k, left)
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
        j = flat.index(f"Note{m.group(1)}:", m.end())
        tail = flat[flat.index("continued…", j) + len("continued…"):]
        cut = re.match(r"(.*?)…\((\d[\d,]*)morecharacters?;", tail)
        # the cell holds the field alone, or among others (the names a risk covers): its
        # rest, whole or cut with the count of what it left out, is one of theirs
        fits = []
        for cell in [texts[k], *(c for c in covers if texts[k] in c)]:
            rest = cell[cell.index(texts[k]) + len(head):].lstrip()
            if tail.startswith(squeeze(rest)):
                fits.append(cell)
            elif cut and squeeze(rest).startswith(cut.group(1)):
                shown = start_of(rest, cut.group(1))
                if int(cut.group(2).replace(",", "")) == len(rest) - len(shown.rstrip()):
                    fits.append(cell)
        assert fits, (k, m.group(0), tail[:200])
        checked.add(k)
    # every field is printed in full, or cut somewhere with its count
    for k, text in enumerate(texts):
        assert squeeze(text) in flat or k in checked, k
    assert {3, 4, 9} <= checked  # names: always longer than their cap
