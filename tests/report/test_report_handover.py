"""The rest of issue 13: the consultant block, OCR's elements each a named part with a page,
inventory findings beside the answers they contradict, accepted risks and the sign-off,
capped fields, and a failing field named. Every test parses the real PDF."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import paragraph

import riskwizard
from riskwizard.domain.analysis.catalogue import load_catalogue
from riskwizard.domain.analysis.findings import check_inventory
from riskwizard.domain.columns import VENDOR_COLUMNS, Lookup
from riskwizard.domain.inventory import (
    BaaBucket,
    baa_status,
    portable_unencrypted,
    unencrypted_with_patient_data,
)
from riskwizard.domain.model import (
    Assessment,
    AssessmentStatus,
    Asset,
    AssetKind,
    BaaStatus,
    DisposalStatus,
    Encryption,
    PracticeData,
    Treatment,
    Vendor,
    VendorKind,
)
from riskwizard.domain.prepared_by import PreparedBy
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import analyse_assessment, treatment_problem
from riskwizard.firm import save_firm_profile
from riskwizard.report import ReportError
from riskwizard.report.elements import ELEMENTS
from riskwizard.report.sections.about import split_name
from tests.report.conftest import TODAY, Built, build

FIRM = PreparedBy(firm="Harbor Compliance LLC", assessor="Dana Whitfield",
                  credentials="CISSP, CHPS", contact="dana@harbor.example 555-0100")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def page_of(built: Built, title: str) -> int:
    """The 1-based page an outline entry (bookmark) points to."""
    def walk(items: list[object]) -> int | None:
        for item in items:
            if isinstance(item, list):
                found = walk(item)
                if found:
                    return found
            elif " ".join(str(item.title).split()) == title:  # type: ignore[attr-defined]
                return built.reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]
        return None

    found = walk(built.reader.outline)
    assert found, f"no bookmark {title!r}"
    return found


@pytest.fixture(scope="module")
def with_firm(complete_demo: PracticeData, questionnaire: Questionnaire, report_dir: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("firm")
    save_firm_profile(FIRM, folder)
    data = copy.deepcopy(complete_demo)
    data.practice = dataclasses.replace(data.practice, assessor="")
    mp = pytest.MonkeyPatch()
    mp.setenv("RISKWIZARD_CONFIG_DIR", str(folder))
    try:
        return build(data, questionnaire, report_dir / "firm.pdf")
    finally:
        mp.undo()


# ------------------------------------------------------------------ the consultant block

def test_prepared_by_firm_participants_history_versions(with_firm: Built,
                                                        complete_demo: PracticeData) -> None:
    about = flat(" ".join(t for t in with_firm.texts if "About this report" in t
                          and "Prepared by" in t))
    assert "Dana Whitfield, CISSP, CHPS" in about
    assert "Harbor Compliance LLC" in about and "dana@harbor.example 555-0100" in about
    assert f"riskwizard {riskwizard.__version__}" in about
    assert f"version {load_catalogue().version}" in about
    a = complete_demo.latest_assessment()
    assert a is not None
    for module, version in a.questionnaire_versions.items():
        assert f"{module} {version}" in about
    for assessment in complete_demo.assessments:
        assert assessment.title in about
    assert "not legal advice" in about
    # everyone who answered, and the officials, by name
    names = {x.answered_by.strip() for x in complete_demo.answers_for(a.id).values()
             if x.answered_by.strip()}
    names |= {complete_demo.practice.security_official, complete_demo.practice.privacy_official}
    took_part = about[about.index("Who took part"):about.index("Revision history")]
    for name in names:
        person, detail = split_name(name)
        assert took_part.count(person) == 1, name  # each person once, with every part
        assert detail in took_part, name
    assert "About this report" in with_firm.outline_titles()


def test_a_broken_firm_profile_is_one_line_not_a_lost_report(
        complete_demo: PracticeData, questionnaire: Questionnaire, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "firm.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(tmp_path))
    built = build(complete_demo, questionnaire, tmp_path / "r.pdf")
    assert "firm profile could not be read" in built.flat
    assert "Harbor Compliance" not in built.flat


def test_revision_history_lists_every_assessment(complete_demo: PracticeData,
                                                 questionnaire: Questionnaire,
                                                 tmp_path: Path) -> None:
    data = copy.deepcopy(complete_demo)
    rng = random.Random(13)
    titles = [f"Review {rng.randrange(10**6)}" for _ in range(3)]
    for i, title in enumerate(titles):
        data.assessments.append(Assessment(
            title=title, period_start=date(2020 + i, 1, 1), period_end=date(2020 + i, 12, 31),
            status=AssessmentStatus.COMPLETE, id=100 + i))
    latest = complete_demo.latest_assessment()
    assert latest is not None
    built = build(data, questionnaire, tmp_path / "r.pdf", assessment_id=latest.id)
    history = flat(" ".join(t for t in built.texts if "Revision history" in t))
    for title in titles:
        assert f"{title} January 1, 20" in history


# ------------------------------------------------------------------ OCR's elements

def test_each_element_has_a_row_whose_page_is_the_sections_page(demo_report: Built) -> None:
    index = next(i for i, t in enumerate(demo_report.texts)
                 if "Where to find each element of the risk analysis" in t)
    table = flat(" ".join(demo_report.texts[index:index + 2]))
    for element in ELEMENTS:
        m = re.search(re.escape(element) + r" (.+?) (\d+)(?= |$)", table)
        assert m, f"no row for {element!r}"
        section, page = m.group(1), int(m.group(2))
        assert page_of(demo_report, section) == page, (element, section)
    for heading in ("How the information was collected", "Documentation", "Periodic review",
                    "Risk register: threats and vulnerabilities"):
        assert heading in demo_report.outline_titles()


def test_how_the_information_was_collected_says_who_when_how(
        demo_report: Built, complete_demo: PracticeData) -> None:
    start = page_of(demo_report, "How the information was collected")
    text = flat(" ".join(demo_report.texts[start - 1:start + 1]))
    a = complete_demo.latest_assessment()
    assert a is not None and a.period_start is not None
    assert f"{a.period_start:%B} {a.period_start.day}, {a.period_start.year}" in text
    answers = complete_demo.answers_for(a.id).values()
    days = sorted(x.answered_at[:10] for x in answers if x.answered_at)
    if days:
        first = date.fromisoformat(days[0])
        assert f"{first:%B} {first.day}, {first.year}" in text
    assert re.search(r"\d+ questions apply", text)
    assert "Interviews" in text
    assert split_name(complete_demo.practice.privacy_official)[0] in text


# ------------------------------------------------------------------ findings beside answers

def test_a_contradicted_yes_shows_the_inventory_under_it(
        complete_demo: PracticeData, questionnaire: Questionnaire, demo_report: Built) -> None:
    a = complete_demo.latest_assessment()
    assert a is not None
    answers = complete_demo.answers_for(a.id)
    analysis = analyse_assessment(questionnaire, answers, complete_demo, TODAY)
    contradicted = [(q, f) for f in analysis.findings for q in f.questions
                    if q in answers and answers[q].choice == "yes"]
    assert contradicted, "the demo has answers its inventory contradicts"
    start = page_of(demo_report, "Appendix: every question and answer")
    appendix = flat(" ".join(demo_report.texts[start - 1:]))
    for qid, finding in contradicted:
        at = appendix.find(f" {qid} ")
        assert at >= 0, qid
        after = appendix[at:at + 1500]
        assert f"But the inventory shows: {finding.title}" in after, qid
    findings = flat(" ".join(demo_report.texts[page_of(demo_report, "Findings by safeguard")
                                               - 1:page_of(demo_report,
                                                           "Findings from the inventory")]))
    for _qid, finding in contradicted:
        assert f"But the inventory shows: {finding.title}" in findings


def test_a_long_note_is_cut_in_findings_and_whole_in_the_appendix(
        hostile_report: Built) -> None:
    start = page_of(hostile_report, "Findings by safeguard")
    end = page_of(hostile_report, "Findings from the inventory")
    findings = flat(" ".join(hostile_report.texts[start - 1:end]))
    assert "END-OF-THE-LONG-NOTE-7f3a" not in findings or "(full note in the appendix)" in findings
    appendix = flat(" ".join(hostile_report.texts[
        page_of(hostile_report, "Appendix: every question and answer") - 1:]))
    assert "END-OF-THE-LONG-NOTE-7f3a" in appendix


# ------------------------------------------------------------------ accepted risks, sign-off

def test_accepted_risks_and_the_sign_off_words(complete_demo: PracticeData,
                                               questionnaire: Questionnaire,
                                               tmp_path: Path) -> None:
    data = copy.deepcopy(complete_demo)
    a = data.latest_assessment()
    assert a is not None
    risks = [r for r in data.risks_for(a.id) if r.is_open]
    whole, lacking = risks[0], risks[1]
    whole.treatment, whole.treatment_reason = Treatment.ACCEPT, "Costs more than it saves"
    whole.decided_by, whole.decided_on = "Dr. Owner", date(2026, 10, 2)
    lacking.treatment, lacking.treatment_reason, lacking.decided_by = Treatment.ACCEPT, "", ""
    lacking.decided_on = None
    built = build(data, questionnaire, tmp_path / "r.pdf")
    start = page_of(built, "Risks the practice accepted")
    text = flat(" ".join(built.texts[start - 1:start + 2]))
    assert f"R-{whole.id}:" in text and f"R-{lacking.id}:" in text
    assert "Costs more than it saves" in text and "Dr. Owner" in text and "2026-10-02" in text
    problem = treatment_problem(lacking)
    assert problem is not None and problem in text
    assert ("I have reviewed the risk register, accept the risks listed as accepted, and "
            "approve the remediation plan") in text
    assert page_of(built, "Sign-off") > start


# ------------------------------------------------------------------ caps: a huge field

def _stuff(data: PracticeData, rng: random.Random, size: int) -> PracticeData:
    """Every user field of the practice given a different ``size``-character string."""
    data = copy.deepcopy(data)

    def big(tag: str) -> str:
        words = [tag] + ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 12)))
                         for _ in range(size // 7)]
        return " ".join(words)[:size]

    data.practice = dataclasses.replace(
        data.practice, name=big("NAME"), address=big("ADDR"), assessor=big("ASSESSOR"),
        security_official=big("SEC"), privacy_official=big("PRIV"))
    for a in data.assessments:
        a.title, a.review_triggers = big("TITLE"), big("TRIGGER")
        a.questionnaire_versions = {k: big("V")[:200] for k in a.questionnaire_versions}
    for s in data.sites:
        s.name, s.address, s.notes = big("SITE"), big("SADDR"), big("SNOTE")
    for x in data.assets:
        x.name, x.owner, x.notes = big("ASSET"), big("OWNER"), big("ANOTE")
    for v in data.vendors:
        v.name, v.service, v.notes = big("VENDOR"), big("SERVICE"), big("VNOTE")
    for r in data.risks:
        r.title, r.threat, r.vulnerability = big("RISK"), big("THREAT"), big("VULN")
        r.notes, r.treatment_reason, r.decided_by = big("RNOTE"), big("WHY"), big("WHO")
        r.measures, r.reasons = big("MEAS"), big("REAS")
    for i in data.remediation:
        i.action, i.owner = big("ACTION"), big("OWNER")
    for n, ans in enumerate(data.answers):
        ans.answered_by = big("BY")
        if n % 10 == 0:
            ans.note = big("NOTE")
    return data


@pytest.mark.slow
def test_huge_text_in_every_field_keeps_the_report_small(
        complete_demo: PracticeData, questionnaire: Questionnaire, demo_report: Built,
        tmp_path: Path) -> None:
    rng = random.Random(60)
    data = _stuff(complete_demo, rng, 60_000)
    built = build(data, questionnaire, tmp_path / "huge.pdf")
    # notes are printed in full in the appendices (that is their place); headings and cells
    # are capped: the report grows by the notes, not by hundreds of pages
    notes = sum(len(a.note) for a in data.answers if a.note) // 3000
    assert built.pages < demo_report.pages + notes + 60, built.pages
    assert "more characters" in built.flat
    assert built.texts[0].count("NAME") >= 1


# ------------------------------------------------------------------ a failing field named

@pytest.mark.parametrize("seed", range(3))
def test_a_string_that_cannot_be_drawn_is_named(
        complete_demo: PracticeData, questionnaire: Questionnaire, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    data = copy.deepcopy(complete_demo)
    marker = f"ZQX{rng.randrange(10**6)} سجلات"
    a = data.latest_assessment()
    assert a is not None
    risk = rng.choice([r for r in data.risks_for(a.id) if r.is_open])
    asset = rng.choice(data.assets)
    cases = [
        ("practice", "the practice name"),
        ("asset", f"asset {asset.id}'s notes"),
        ("risk", f"risk R-{risk.id}"),
    ]
    where, expected = cases[seed % len(cases)]
    if where == "practice":
        data.practice = dataclasses.replace(data.practice, name=marker)
    elif where == "asset":
        asset.notes = marker
    else:
        risk.title = marker
    original = paragraph.Paragraph.wrap

    def failing(self: paragraph.Paragraph, aw: float, ah: float) -> tuple[float, float]:
        text = getattr(self, "text", "")
        if isinstance(text, str) and "ZQX" in text:
            raise AttributeError("'TTFont' object has no attribute 'hbAddPrivate'")
        return original(self, aw, ah)  # type: ignore[no-any-return]

    monkeypatch.setattr(paragraph.Paragraph, "wrap", failing)
    with pytest.raises(ReportError) as caught:
        build(data, questionnaire, tmp_path / "r.pdf")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


# ------------------------------------------------------------------ the rules in the domain

def test_inventory_rules_over_every_combination(demo_report: Built) -> None:
    assets: list[Asset] = []
    n = 0
    for kind in AssetKind:
        for enc in Encryption:
            for disposal in DisposalStatus:
                for ephi in (True, False):
                    n += 1
                    assets.append(Asset(name=f"A{n}", kind=kind, encrypted_at_rest=enc,
                                        disposal_status=disposal, holds_ephi=ephi, id=n,
                                        owner="x"))
    found = check_inventory(assets, [], TODAY, lambda q: True)
    portable = next(f for f, _fix in found if f.key == "unencrypted-portable")
    assert set(portable.asset_ids) == {a.id for a in assets if portable_unencrypted(a)}
    for a in assets:
        expected = (a.holds_ephi and a.disposal_status is not DisposalStatus.DISPOSED
                    and a.encrypted_at_rest in (Encryption.NO, Encryption.UNKNOWN))
        assert unencrypted_with_patient_data(a) is expected


def test_baa_buckets_match_the_vendor_rule() -> None:
    for kind in VendorKind:
        for ephi in (True, False):
            for baa in BaaStatus:
                for expiry in (None, date(2020, 1, 1), date(2030, 1, 1)):
                    v = Vendor(name="V", kind=kind, handles_ephi=ephi, baa=baa,
                               baa_expiry=expiry)
                    status = baa_status(v, TODAY)
                    problem = v.baa_problem(TODAY)
                    assert (status in (BaaBucket.CURRENT, BaaBucket.NO_PATIENT_DATA,
                                       BaaBucket.CONDUIT)) == (problem is None)
                    assert (status is BaaBucket.NO_PATIENT_DATA) == (not ephi)
                    conduit = ephi and kind is VendorKind.CONDUIT
                    assert (status is BaaBucket.CONDUIT) == conduit
                    assert (status is BaaBucket.UNKNOWN) == (
                        ephi and not conduit and baa is BaaStatus.UNKNOWN)


def test_json_profile_is_what_the_firm_module_reads(tmp_path: Path) -> None:
    save_firm_profile(FIRM, tmp_path)
    assert json.loads((tmp_path / "firm.json").read_text())["firm"] == FIRM.firm


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(VendorKind)), st.booleans(),
                          st.sampled_from(list(BaaStatus)),
                          st.sampled_from([None, date(2020, 1, 1), date(2030, 1, 1)])),
                min_size=1, max_size=8))
def test_a_carrier_is_never_asked_for_a_baa(specs: list[tuple[VendorKind, bool, BaaStatus,
                                                              date | None]]) -> None:
    """A phone or internet carrier (the conduit exception) is flagged nowhere: not in the
    "Needs attention" column the window, the CSV and the PDF share, not among the vendors
    the findings name, and not in a BAA problem bucket; every other vendor handling patient
    data without a current BAA is flagged in all of them alike."""
    vendors = [Vendor(name=f"V{i}", kind=kind, handles_ephi=ephi, baa=baa, baa_expiry=expiry,
                      id=i)
               for i, (kind, ephi, baa, expiry) in enumerate(specs, 1)]
    attention = next(c for c in VENDOR_COLUMNS if c.key == "attention")
    lookup = Lookup(today=TODAY)
    named = {vid for f, _fix in check_inventory([], vendors, TODAY, lambda q: True)
             for vid in f.vendor_ids}
    for v in vendors:
        flagged = bool(attention.text(v, lookup))
        if v.kind is VendorKind.CONDUIT:
            assert not flagged and v.id not in named
            assert baa_status(v, TODAY) in (BaaBucket.CONDUIT, BaaBucket.NO_PATIENT_DATA)
        else:
            assert flagged == (v.baa_problem(TODAY) is not None)
            if v.kind is VendorKind.BUSINESS_ASSOCIATE and flagged:
                assert v.id in named
