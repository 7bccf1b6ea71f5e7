"""The demo practice's report, parsed back: every section, the page furniture, metadata."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from pypdf.generic import RectangleObject

from riskwizard.domain.model import PracticeData, RemediationStatus, Risk, RiskStatus
from riskwizard.domain.navigation import missing_summary
from riskwizard.domain.questionnaire import ModuleKind, Questionnaire
from riskwizard.domain.register import first_actions
from riskwizard.domain.risk import default_matrix
from riskwizard.report import assessment_fingerprint, canonical_assessment
from tests.report.conftest import TODAY, Built

SECTIONS = ["Executive summary", "Findings by safeguard",
            "Risk register: threats and vulnerabilities", "Remediation plan",
            "Scope: sites, systems and where patient data is",
            "Vendors and business associate agreements",
            "Appendix: every question and answer", "Methodology", "Sign-off"]


def page_of(built: Built, needle: str, start: int | None = None) -> int:
    """Index of the first page after the contents whose text has ``needle``."""
    start = built.after_contents if start is None else start
    for i, text in enumerate(built.texts[start:], start):
        if needle in text:
            return i
    raise AssertionError(f"{needle!r} not found")


@pytest.mark.slow
def test_page_count_and_page_x_of_y(demo_report: Built) -> None:
    n = demo_report.pages
    assert n == len(demo_report.reader.pages) > 15
    for i, text in enumerate(demo_report.texts, 1):
        assert f"Page {i} of {n}" in text
        assert "Report date 2026-11-24" in text
        assert "CONFIDENTIAL" in text


@pytest.mark.slow
def test_header_on_every_page_but_the_cover(demo_report: Built,
                                            complete_demo: PracticeData) -> None:
    name = complete_demo.practice.name
    for text in demo_report.texts[1:]:
        assert text.count(name) >= 1


@pytest.mark.slow
def test_cover(demo_report: Built, complete_demo: PracticeData) -> None:
    cover = demo_report.texts[0]
    assert "Security Risk Analysis" in cover
    assert complete_demo.practice.name in cover
    assert "1420 Maple Grove Road" in cover and "Springfield, IL 62704" in cover
    assert "January 1, 2026 to December 31, 2026" in cover
    assert "November 24, 2026" in cover
    assert complete_demo.practice.assessor in cover
    for site in complete_demo.sites:
        assert site.name in cover
    assert "CONFIDENTIAL" in cover and "six" in cover


@pytest.mark.slow
def test_contents_and_outline(demo_report: Built, questionnaire: Questionnaire) -> None:
    contents = demo_report.contents
    assert "Contents" in demo_report.texts[2]  # after the cover and "About this report"
    titles = demo_report.outline_titles()
    for section in SECTIONS:
        assert section in titles
        assert section in contents
    # the contents give the page each section starts on, as the bookmarks do
    reader = demo_report.reader
    for item in reader.outline:
        if isinstance(item, list) or item.title == "Contents":
            continue
        page = reader.get_destination_page_number(item) + 1
        assert item.title in demo_report.texts[page - 1]
        m = re.search(rf"(\d+)\s*\n{re.escape(item.title)}\n", contents)
        assert m and int(m.group(1)) == page, item.title
    for module in questionnaire.modules:
        if module.kind is ModuleKind.SAFEGUARD:
            assert module.title in titles


@pytest.mark.slow
def test_executive_summary(demo_report: Built, complete_demo: PracticeData) -> None:
    i = page_of(demo_report, "Executive summary")
    summary = demo_report.texts[i] + demo_report.texts[i + 1]
    assert "Overall:" in summary
    assert "answered (" in summary
    for level in default_matrix().levels:
        assert level.name in summary
    assert "Top risks" in summary and "Remediation due soon" in summary
    assert "OVERDUE" in summary
    live = [r for r in complete_demo.risks
            if r.status in (RiskStatus.DRAFT, RiskStatus.CONFIRMED)]
    figures = summary[summary.index("Overall:"):summary.index("Risks by level")].split()
    assert str(len(live)) in figures and "open risks" in summary


@pytest.mark.slow
def test_findings_carry_citation_answer_and_risk(demo_report: Built,
                                                 complete_demo: PracticeData,
                                                 questionnaire: Questionnaire) -> None:
    flat = demo_report.flat
    start = flat.index("Each finding is an answer")
    findings = flat[start:flat.index("Risk register", start)]
    for r in complete_demo.risks:
        if not r.question_id:  # a derived risk covers a threat event, not one answer
            continue
        q = questionnaire.question(r.question_id)
        assert q.title in findings
        for citation in q.citations:
            assert citation in findings
        assert f"Risk R-{r.id}:" in findings
    assert "Required" in findings and "Addressable" in findings


@pytest.mark.slow
def test_risk_register_is_landscape_with_every_live_risk(demo_report: Built,
                                                          complete_demo: PracticeData) -> None:
    i = page_of(demo_report, "Risk register")
    box = RectangleObject(demo_report.reader.pages[i].mediabox)
    assert box.width > box.height
    flat = demo_report.flat
    start = flat.index("open risks (draft or confirmed)")
    register = flat[start:flat.index("in the order to work in", start)]
    for r in complete_demo.risks:
        assert f"R-{r.id}" in register
    for word in ("Threat:", "Vulnerability:", "Treatment", "Likeli"):
        assert word in register


@pytest.mark.slow
def test_remediation_plan(demo_report: Built, complete_demo: PracticeData) -> None:
    i = page_of(demo_report, "in the order to work in", 3)
    box = RectangleObject(demo_report.reader.pages[i].mediabox)
    assert box.width > box.height
    flat = demo_report.flat
    start = flat.index("in the order to work in")
    text = flat[start:flat.index("Scope: sites, systems", start)]
    overdue = [x for x in complete_demo.remediation if x.is_overdue(TODAY)]
    assert overdue and text.count("OVERDUE") >= len(overdue)
    for item in complete_demo.remediation:
        if item.status is RemediationStatus.DONE:
            assert "Done" in text
    # in the order to work in (the window's "Do first"), the finished ones after
    items = complete_demo.remediation
    ranks = {x.id: n for n, x in enumerate(first_actions(items, complete_demo.risks, None), 1)}
    ordered = sorted(items, key=lambda x: (ranks.get(x.id, len(ranks) + 1), x.id))
    at = [text.index(" ".join(x.action.split()[:6])) for x in ordered]
    assert at == sorted(at)


@pytest.mark.slow
def test_inventories_flag_baa_problems(demo_report: Built, complete_demo: PracticeData) -> None:
    flat = demo_report.flat
    for a in complete_demo.assets:
        assert a.name in flat
    problems = [v for v in complete_demo.vendors if v.baa_problem(TODAY)]
    assert problems
    # each exception once in the scope section, once more in the full inventory
    assert (flat.count("NO SIGNED BAA") + flat.count("BAA EXPIRED")
            + flat.count("NOBODY KNOWS WHETHER A BAA IS SIGNED")) == 2 * len(problems)
    exceptions = flat[flat.index("Vendors handling patient data without a current BAA"):]
    exceptions = exceptions[:exceptions.index("Methodology")]
    for v in problems:
        assert v.name in exceptions


@pytest.mark.slow
def test_appendix_has_every_answer_and_note(demo_report: Built, complete_demo: PracticeData,
                                            questionnaire: Questionnaire) -> None:
    flat = demo_report.flat
    appendix = flat[flat.index("Every question shown for this practice"):]
    for a in complete_demo.answers:
        q = questionnaire.question(a.question_id)
        assert q.title in appendix
        if a.note:
            assert " ".join(a.note.split()) in appendix
        if a.rationale:
            assert " ".join(a.rationale.split()) in appendix
    assert "Addressable decision:" in appendix


@pytest.mark.slow
def test_methodology(demo_report: Built, questionnaire: Questionnaire) -> None:
    flat = demo_report.flat
    method = flat[flat.index("The analysis follows the HHS"):]
    matrix = default_matrix()
    for p in (*matrix.likelihood, *matrix.impact):
        assert p.name in method and " ".join(p.meaning.split()) in method
    for lv in matrix.levels:
        assert " ".join(lv.meaning.split()) in method
    for m in questionnaire.modules:
        assert m.version in method


@pytest.mark.slow
def test_signoff_prints_the_fingerprint(demo_report: Built, complete_demo: PracticeData) -> None:
    last = next(t for t in demo_report.texts if "ASSESSMENT FINGERPRINT" in t)
    assert "Sign-off" in last or "Signature" in last
    assert "Dana Whitfield" in last and "Dr. Priya Raman" in last
    digest = assessment_fingerprint(complete_demo, 1)
    assert digest in last.replace("\n", "")


def test_fingerprint_is_documented_canonical_json(complete_demo: PracticeData) -> None:
    raw = canonical_assessment(complete_demo, 1)
    doc = json.loads(raw)
    assert raw == json.dumps(doc, sort_keys=True, ensure_ascii=False,
                             separators=(",", ":")).encode("utf-8")
    assert hashlib.sha256(raw).hexdigest() == assessment_fingerprint(complete_demo, 1)
    assert set(doc) == {"fingerprint", "version", "assessment", "answers", "risks",
                        "remediation"}
    assert [a["question_id"] for a in doc["answers"]] == sorted(
        a["question_id"] for a in doc["answers"])


def test_fingerprint_changes_with_any_answer(complete_demo: PracticeData) -> None:
    import copy

    before = assessment_fingerprint(complete_demo, 1)
    changed = copy.deepcopy(complete_demo)
    changed.answers[5].note += "."
    assert assessment_fingerprint(changed, 1) != before
    reordered = copy.deepcopy(complete_demo)
    reordered.answers.reverse()
    reordered.risks.reverse()
    assert assessment_fingerprint(reordered, 1) == before


@pytest.mark.slow
def test_metadata(demo_report: Built, complete_demo: PracticeData) -> None:
    meta = demo_report.reader.metadata
    assert meta is not None
    assert meta.title == f"Security Risk Analysis: {complete_demo.practice.name}"
    assert meta.author == complete_demo.practice.assessor
    assert meta.subject and "risk analysis" in meta.subject
    assert meta.creation_date is not None


@pytest.mark.slow
def test_draft_watermark_and_missing_list(draft_report: Built, draft_data: PracticeData,
                                          questionnaire: Questionnaire) -> None:
    missing = missing_summary(questionnaire, draft_data.answers_for(1))
    assert missing
    assert "Draft status: what is missing" in draft_report.outline_titles()
    for text in draft_report.texts:
        assert "DRAFT" in text
    assert "Draft: the assessment is not complete" in draft_report.texts[0]
    flat = draft_report.flat
    for module, items in missing.items():
        assert module in flat
        for item in items:
            assert item in flat


@pytest.mark.slow
def test_complete_assessment_is_not_a_draft(demo_report: Built) -> None:
    assert "DRAFT" not in demo_report.text
    assert "Draft status: what is missing" not in demo_report.outline_titles()
    assert "Complete" in demo_report.texts[0]


@pytest.mark.slow
def test_a_gap_names_the_derived_risks_it_raises(demo_report: Built,
                                                  complete_demo: PracticeData,
                                                  questionnaire: Questionnaire) -> None:
    """Under each finding: the most serious risk of the register whose rating counts the
    answer as a gap (not "none recorded" while the register has it)."""
    from riskwizard.domain.register import analyse_assessment

    a = complete_demo.latest_assessment()
    assert a is not None
    answers = complete_demo.answers_for(a.id)
    analysis = analyse_assessment(questionnaire, answers, complete_demo, TODAY)
    stored = {r.key: r for r in complete_demo.risks_for(a.id) if r.key}
    matrix = default_matrix()
    raised: dict[str, list[Risk]] = {}
    for d in analysis.risks:
        if d.key in stored:
            for qid in d.gap_question_ids:
                raised.setdefault(qid, []).append(stored[d.key])
    assert raised
    flat = demo_report.flat
    start = flat.index("Each finding is an answer")
    findings = flat[start:flat.index("Risk register", start)]
    for qid, risks in raised.items():
        top = min(risks, key=lambda r: (-matrix.level(r.rated_likelihood,
                                                      r.rated_impact).rank,
                                        -r.rated_likelihood * r.rated_impact, r.id))
        title = questionnaire.question(qid).title
        at = findings.find(title)
        assert at >= 0, qid  # a gap is a finding
        assert f"Risk R-{top.id}:" in findings[at:at + 2000], (qid, top.id)
