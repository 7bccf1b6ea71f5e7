"""Reports built once per session and parsed back with pypdf."""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest

from riskwizard.domain.model import AssessmentStatus, Decision, PracticeData, RiskStatus
from riskwizard.domain.navigation import missing_parts, visible_questions
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.report import build_report

TODAY = date(2026, 11, 24)

HOSTILE = '<b>&amp; "quotes" <img src=x> <font name="x">'
CHINESE = "病历管理系统的安全检查"
ARABIC = "سجلات المرضى محمية"
HINDI = "रोगी के रिकॉर्ड सुरक्षित हैं"
CYRILLIC = "Медицинские записи защищены"
EMOJI = "🏥💉🔒"
LONG_NAME = ("Maple Grove Family Medicine & Pediatrics <Associates> of Springfield "
             "Illinois, Internal Medicine, Cardiology, Dermatology and Behavioral "
             "Health Services Cooperative \"Sunrise\" Limited Liability Partnership Co")[:200]
NOTE_END = "END-OF-THE-LONG-NOTE-7f3a"


@dataclass
class Built:
    """A report on disk, its page count, and what pypdf reads back."""

    path: Path
    pages: int
    reader: pypdf.PdfReader
    texts: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def flat(self) -> str:
        """All text with runs of whitespace as one space (lines wrap anywhere)."""
        return re.sub(r"\s+", " ", self.text)

    @property
    def contents(self) -> str:
        """The contents pages' text, up to the table of elements that follows them."""
        first = next(i for i, t in enumerate(self.texts) if "Contents" in t)
        text = "".join(self.texts[first:first + 3])
        return text.split("Where to find each element of the risk analysis")[0]

    @property
    def after_contents(self) -> int:
        """The index of the first page after the contents (the executive summary's)."""
        first = next(i for i, t in enumerate(self.texts) if "Contents" in t)
        return next(i for i, t in enumerate(self.texts[first:], first)
                    if "Executive summary" in t and "Where to find each element" not in t
                    and "Contents" not in t)

    def outline_titles(self) -> list[str]:
        out: list[str] = []

        def walk(items: list[object]) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    out.append(str(item.title))  # type: ignore[attr-defined]

        walk(self.reader.outline)
        return out


def build(data: PracticeData, questionnaire: Questionnaire, path: Path, **kw: object) -> Built:
    pages = build_report(data, questionnaire, path, today=TODAY, **kw)  # type: ignore[arg-type]
    reader = pypdf.PdfReader(path)
    return Built(path, pages, reader, [p.extract_text() or "" for p in reader.pages])


def completed(data: PracticeData, questionnaire: Questionnaire) -> PracticeData:
    """The demo with every addressable decision made: a complete assessment."""
    data = copy.deepcopy(data)
    assessment = data.latest_assessment()
    assert assessment is not None
    answers = data.answers_for(assessment.id)
    for q in visible_questions(questionnaire, answers):
        a = answers.get(q.id)
        if a is not None and missing_parts(q, a):
            a.decision = Decision.NOT_REASONABLE
            a.rationale = "Too costly for a practice of our size; reviewed yearly."
    # a finished assessment: nothing flagged, every risk confirmed, the record says complete
    for a in answers.values():
        a.flagged = False
    for r in data.risks_for(assessment.id):
        if r.status is RiskStatus.DRAFT:
            r.status = RiskStatus.CONFIRMED
    assessment.status = AssessmentStatus.COMPLETE
    return data


def hostile(data: PracticeData) -> PracticeData:
    """The demo stuffed with markup, many scripts, emoji, a 100 KB note, a 200-char name."""
    data = copy.deepcopy(data)
    p = data.practice
    data.practice = dataclasses.replace(
        p, name=LONG_NAME, address=f"{HOSTILE}\n{CHINESE} 123\n{ARABIC}\n{HINDI}",
        assessor=f"{CYRILLIC} {EMOJI}", security_official=f"{HOSTILE}, {CHINESE}")
    data.sites[0].name = f"Site {HOSTILE}"
    data.sites[1].name = f"分院 {CHINESE}"
    data.assets[0].name = f"Laptop {HOSTILE}"
    data.assets[1].name = f"{CYRILLIC} ноутбук"
    data.assets[2].name = f"{ARABIC} {EMOJI}"
    data.assets[3].notes = f"{HINDI}\n" * 40  # taller than a cell allows
    data.vendors[0].name = f"Vendor {HOSTILE}"
    data.vendors[1].name = f"{CHINESE}公司"
    data.vendors[2].notes = "x" * 5000
    assessment = data.latest_assessment()
    assert assessment is not None
    answers = [a for a in data.answers if a.assessment_id == assessment.id]
    long_note = "\n".join(f"Line {i}: " + "lorem ipsum dolor sit amet " * 8
                          for i in range(480))
    answers[20].note = f"START {HOSTILE}\n{long_note}\n{'A' * 3000}\n{NOTE_END}"
    assert len(answers[20].note) > 100_000
    answers[21].note = f"{CHINESE} {ARABIC} {HINDI} {CYRILLIC} {EMOJI} {HOSTILE}"
    answers[22].note = CHINESE * 400  # no spaces at all
    for r in data.risks_for(assessment.id)[:3]:
        r.title = f"{r.title} {HOSTILE} {CYRILLIC}"
        r.notes = f"{ARABIC}\n{CHINESE}"
    items = data.remediation_for(assessment.id)
    items[0].owner = f"{HINDI} {HOSTILE}"
    items[1].action = f"{CHINESE} {HOSTILE} " * 60
    return data


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports")


def incomplete(data: PracticeData) -> PracticeData:
    """The demo with a few answers taken back: a draft."""
    data = copy.deepcopy(data)
    drop = {a.question_id for a in data.answers if a.assessment_id == 1}
    drop = set(sorted(drop)[10:14])
    data.answers = [a for a in data.answers if a.question_id not in drop]
    return data


@pytest.fixture(scope="session")
def complete_demo(demo_data: PracticeData, questionnaire: Questionnaire) -> PracticeData:
    """The demo practice, complete (the demo itself may leave decisions open)."""
    return completed(demo_data, questionnaire)


@pytest.fixture(scope="session")
def demo_report(complete_demo: PracticeData, questionnaire: Questionnaire,
                report_dir: Path) -> Built:
    return build(complete_demo, questionnaire, report_dir / "demo.pdf")


@pytest.fixture(scope="session")
def draft_data(demo_data: PracticeData) -> PracticeData:
    return incomplete(demo_data)


@pytest.fixture(scope="session")
def draft_report(draft_data: PracticeData, questionnaire: Questionnaire,
                 report_dir: Path) -> Built:
    return build(draft_data, questionnaire, report_dir / "draft.pdf")


@pytest.fixture(scope="session")
def hostile_data(draft_data: PracticeData) -> PracticeData:
    return hostile(draft_data)


@pytest.fixture(scope="session")
def hostile_report(hostile_data: PracticeData, questionnaire: Questionnaire,
                   report_dir: Path) -> Built:
    return build(hostile_data, questionnaire, report_dir / "hostile.pdf")


EMPTY_NAME = "Dr. Smile 😀🦷 Dental"  # 🦷 (U+1F9B7) is in none of the shipped fonts


@pytest.fixture(scope="session")
def empty_report(tmp_path_factory: pytest.TempPathFactory,
                 questionnaire: Questionnaire) -> Built:
    """A practice made by ``riskwizard new``: an assessment, no answers, no records."""
    from riskwizard.cli import main
    from riskwizard.store import open_practice_file

    folder = tmp_path_factory.mktemp("empty")
    path = folder / "clinic.riskwizard"
    assert main(["new", str(path), "--practice", EMPTY_NAME]) == 0
    with open_practice_file(path, readonly=True) as pf:
        data = pf.load_all()
    assert not data.answers and len(data.assessments) == 1
    return build(data, questionnaire, folder / "clinic.pdf")


@pytest.fixture(scope="session")
def half_data(demo_data: PracticeData) -> PracticeData:
    """The demo with every other answer taken back (and the risks and plan of those)."""
    data = copy.deepcopy(demo_data)
    keep = set(sorted({a.question_id for a in data.answers})[::2])
    data.answers = [a for a in data.answers if a.question_id in keep]
    data.risks = [r for r in data.risks if r.question_id is None or r.question_id in keep]
    risk_ids = {r.id for r in data.risks}
    data.remediation = [i for i in data.remediation if i.risk_id in risk_ids]
    return data


@pytest.fixture(scope="session")
def half_report(half_data: PracticeData, questionnaire: Questionnaire,
                report_dir: Path) -> Built:
    return build(half_data, questionnaire, report_dir / "half.pdf")


@pytest.fixture(scope="session")
def large_data(questionnaire: Questionnaire) -> PracticeData:
    """The large demo practice as it comes (thousands of records, five years)."""
    from riskwizard.domain.demo import build_demo

    return build_demo(questionnaire, "large", TODAY)


@pytest.fixture(scope="session")
def five_years(large_data: PracticeData) -> PracticeData:
    """The large demo's five yearly assessments with a short inventory (for tests of
    what is not the inventory)."""
    data = copy.deepcopy(large_data)
    data.assets = data.assets[:30]
    data.vendors = data.vendors[:20]
    return data


@pytest.fixture(scope="session")
def large_report(large_data: PracticeData, questionnaire: Questionnaire,
                 report_dir: Path) -> Built:
    return build(large_data, questionnaire, report_dir / "large.pdf")
