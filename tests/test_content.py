"""The shipped questionnaire content: Security Rule coverage, completeness of every question,
and the profile answers that switch optional modules on and off."""

from __future__ import annotations

import re

import pytest

from riskwizard.domain.model import Answer
from riskwizard.domain.navigation import visible_modules, visible_questions
from riskwizard.domain.questionnaire import (
    NOT_SURE,
    Condition,
    ModuleKind,
    Question,
    Questionnaire,
    Requirement,
)
from riskwizard.resources import installed_questionnaire

R, A = Requirement.REQUIRED, Requirement.ADDRESSABLE

# Every standard and implementation specification of 45 CFR 164.308-164.316, as listed in the
# project's reference facts (hipaa-facts.yaml, security_rule.items): 22 standards, 43 specs.
STANDARDS: dict[str, Requirement] = {
    "164.308(a)(1)(i)": R,    # Security management process
    "164.308(a)(2)": R,       # Assigned security responsibility
    "164.308(a)(3)(i)": R,    # Workforce security
    "164.308(a)(4)(i)": R,    # Information access management
    "164.308(a)(5)(i)": R,    # Security awareness and training
    "164.308(a)(6)(i)": R,    # Security incident procedures
    "164.308(a)(7)(i)": R,    # Contingency plan
    "164.308(a)(8)": R,       # Evaluation
    "164.308(b)(1)": R,       # Business associate contracts and other arrangements
    "164.310(a)(1)": R,       # Facility access controls
    "164.310(b)": R,          # Workstation use
    "164.310(c)": R,          # Workstation security
    "164.310(d)(1)": R,       # Device and media controls
    "164.312(a)(1)": R,       # Access control
    "164.312(b)": R,          # Audit controls
    "164.312(c)(1)": R,       # Integrity
    "164.312(d)": R,          # Person or entity authentication
    "164.312(e)(1)": R,       # Transmission security
    "164.314(a)(1)": R,       # Business associate contracts or other arrangements
    "164.314(b)(1)": R,       # Requirements for group health plans
    "164.316(a)": R,          # Policies and procedures
    "164.316(b)(1)": R,       # Documentation
}
SPECIFICATIONS: dict[str, Requirement] = {
    "164.308(a)(1)(ii)(A)": R,   # Risk analysis
    "164.308(a)(1)(ii)(B)": R,   # Risk management
    "164.308(a)(1)(ii)(C)": R,   # Sanction policy
    "164.308(a)(1)(ii)(D)": R,   # Information system activity review
    "164.308(a)(3)(ii)(A)": A,   # Authorization and/or supervision
    "164.308(a)(3)(ii)(B)": A,   # Workforce clearance procedure
    "164.308(a)(3)(ii)(C)": A,   # Termination procedures
    "164.308(a)(4)(ii)(A)": R,   # Isolating health care clearinghouse functions
    "164.308(a)(4)(ii)(B)": A,   # Access authorization
    "164.308(a)(4)(ii)(C)": A,   # Access establishment and modification
    "164.308(a)(5)(ii)(A)": A,   # Security reminders
    "164.308(a)(5)(ii)(B)": A,   # Protection from malicious software
    "164.308(a)(5)(ii)(C)": A,   # Log-in monitoring
    "164.308(a)(5)(ii)(D)": A,   # Password management
    "164.308(a)(6)(ii)": R,      # Response and reporting
    "164.308(a)(7)(ii)(A)": R,   # Data backup plan
    "164.308(a)(7)(ii)(B)": R,   # Disaster recovery plan
    "164.308(a)(7)(ii)(C)": R,   # Emergency mode operation plan
    "164.308(a)(7)(ii)(D)": A,   # Testing and revision procedures
    "164.308(a)(7)(ii)(E)": A,   # Applications and data criticality analysis
    "164.308(b)(3)": R,          # Written contract or other arrangement
    "164.310(a)(2)(i)": A,       # Contingency operations
    "164.310(a)(2)(ii)": A,      # Facility security plan
    "164.310(a)(2)(iii)": A,     # Access control and validation procedures
    "164.310(a)(2)(iv)": A,      # Maintenance records
    "164.310(d)(2)(i)": R,       # Disposal
    "164.310(d)(2)(ii)": R,      # Media re-use
    "164.310(d)(2)(iii)": A,     # Accountability
    "164.310(d)(2)(iv)": A,      # Data backup and storage
    "164.312(a)(2)(i)": R,       # Unique user identification
    "164.312(a)(2)(ii)": R,      # Emergency access procedure
    "164.312(a)(2)(iii)": A,     # Automatic logoff
    "164.312(a)(2)(iv)": A,      # Encryption and decryption
    "164.312(c)(2)": A,          # Mechanism to authenticate ePHI
    "164.312(e)(2)(i)": A,       # Integrity controls
    "164.312(e)(2)(ii)": A,      # Encryption
    "164.314(a)(2)(i)": R,       # Business associate contracts
    "164.314(a)(2)(ii)": R,      # Other arrangements
    "164.314(a)(2)(iii)": R,     # Business associate contracts with subcontractors
    "164.314(b)(2)": R,          # Plan document provisions
    "164.316(b)(2)(i)": R,       # Time limit (6 years)
    "164.316(b)(2)(ii)": R,      # Availability
    "164.316(b)(2)(iii)": R,     # Updates
}
SECURITY_RULE = {**STANDARDS, **SPECIFICATIONS}

SAFEGUARD_MODULES = {
    "administrative": ("adm.", "164.308"),
    "physical": ("phys.", "164.310"),
    "technical": ("tech.", "164.312"),
    "organizational": ("org.", "164.314"),
    "documentation": ("doc.", "164.316"),
}
OPTIONAL_MODULES = {
    "telehealth": "tele.",
    "messaging": "msg.",
    "tracking": "track.",
    "third-party": "tp.",
    "proposed-rule": "prop.",
}
VERSION = "2026.1"


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return installed_questionnaire()


def answers(**choices: str) -> dict[str, Answer]:
    """Profile answers keyed by question id; keyword names use _ for - (cloud_ehr)."""
    out = {}
    for key, choice in choices.items():
        qid = "profile." + key.replace("_", "-")
        out[qid] = Answer(assessment_id=1, question_id=qid, choice=choice)
    return out


def shown(q: Questionnaire, given: dict[str, Answer]) -> set[str]:
    return {m.id for m in visible_modules(q, given)}


# ---------------------------------------------------------------- modules and ids

def test_expected_modules_present(q: Questionnaire) -> None:
    ids = {m.id for m in q.modules}
    assert ids == {"profile", *SAFEGUARD_MODULES, *OPTIONAL_MODULES}
    assert q.modules[0].id == "profile" and q.modules[0].order == 0
    assert all(m.version == VERSION for m in q.modules)
    for mid in SAFEGUARD_MODULES:
        assert q.module(mid).kind is ModuleKind.SAFEGUARD
        assert q.module(mid).shows_when is None
    for mid in OPTIONAL_MODULES:
        assert q.module(mid).kind is ModuleKind.OPTIONAL


def test_question_ids_carry_the_module_prefix(q: Questionnaire) -> None:
    prefixes = {"profile": "profile.", **{m: p for m, (p, _) in SAFEGUARD_MODULES.items()},
                **OPTIONAL_MODULES}
    for m in q.modules:
        for question in m.questions:
            assert question.id.startswith(prefixes[m.id]), question.id


def test_titles_are_short_labels_and_texts_have_no_jargon(q: Questionnaire) -> None:
    for question in q.questions():
        assert 0 < len(question.title) <= 60, question.id
        for words in (question.title, question.text):
            assert not re.search(r"164\.\d|CFR|§", words), question.id
        assert len(question.text) <= 250, question.id


# ---------------------------------------------------------------- Security Rule coverage

def test_reference_list_counts() -> None:
    assert len(STANDARDS) == 22
    assert len(SPECIFICATIONS) == 43


@pytest.mark.parametrize("citation", sorted(SECURITY_RULE))
def test_citation_is_covered_with_the_right_requirement(q: Questionnaire, citation: str) -> None:
    expected = SECURITY_RULE[citation]
    carriers = [x for x in q.questions() if citation in x.citations]
    assert carriers, f"no question covers {citation}"
    assert any(x.requirement is expected for x in carriers), (
        f"{citation} must be carried by a '{expected.value}' question; found "
        + ", ".join(f"{x.id} ({x.requirement.value})" for x in carriers))
    # Each citation is covered inside the Security Rule sections themselves, not only by
    # an optional module that might be switched off.
    section_module = next(m for m, (_, sec) in SAFEGUARD_MODULES.items()
                          if citation.startswith(sec))
    assert any(x.module_id == section_module and x.requirement is expected
               for x in carriers), f"{citation} is not covered in {section_module}"


def test_requirement_matches_the_citations_carried(q: Questionnaire) -> None:
    for question in q.questions():
        known = [c for c in question.citations if c in SECURITY_RULE]
        if question.requirement in (R, A):
            assert known, f"{question.id} cites no Security Rule standard or specification"
            assert any(SECURITY_RULE[c] is question.requirement for c in known), (
                f"{question.id} is {question.requirement.value} but cites {known}")
        else:
            assert not known, f"{question.id} ({question.requirement.value}) cites {known}"


def test_safeguard_questions_cite_and_optional_ones_explain_empty_citations(
        q: Questionnaire) -> None:
    for m in q.modules:
        for question in m.questions:
            if m.kind is ModuleKind.SAFEGUARD:
                assert question.citations, question.id
                assert question.requirement in (R, A), question.id
            elif m.kind is ModuleKind.OPTIONAL and not question.citations:
                assert question.requirement in (Requirement.BEST_PRACTICE,
                                                Requirement.PROPOSED), question.id


# ---------------------------------------------------------------- every question is complete

def _non_profile(q: Questionnaire) -> list[Question]:
    return [x for x in q.questions() if q.module(x.module_id).kind is not ModuleKind.PROFILE]


def test_every_non_profile_question_offers_not_sure(q: Questionnaire) -> None:
    for question in _non_profile(q):
        option = question.option(NOT_SURE)
        assert option is not None and option.gap, question.id


def test_gap_capable_questions_have_threat_vulnerability_and_remediation(
        q: Questionnaire) -> None:
    for question in q.questions():
        if question.can_be_gap():
            assert question.threats, question.id
            assert question.vulnerabilities, question.id
            assert question.remediation, question.id
            assert all(step.action and step.effort in ("low", "medium", "high")
                       for step in question.remediation), question.id


def test_every_non_profile_question_can_be_a_gap_and_has_hints(q: Questionnaire) -> None:
    for question in _non_profile(q):
        assert question.can_be_gap(), question.id
        assert 1 <= question.likelihood <= 5 and 1 <= question.impact <= 5, question.id


def test_every_question_has_guidance(q: Questionnaire) -> None:
    for question in q.questions():
        g = question.guidance
        assert g.what and g.why and g.how, question.id


def test_profile_questions_never_make_gaps(q: Questionnaire) -> None:
    for question in q.module("profile").questions:
        assert question.id.startswith("profile.")
        assert question.requirement is Requirement.PROFILE
        assert not question.can_be_gap(), question.id


# ---------------------------------------------------------------- optional modules

def _condition_questions(cond: Condition | None) -> set[str]:
    assert cond is not None
    return cond.questions()


@pytest.mark.parametrize("module_id", sorted(OPTIONAL_MODULES))
def test_optional_module_is_switched_by_profile_answers(q: Questionnaire,
                                                        module_id: str) -> None:
    names = _condition_questions(q.module(module_id).shows_when)
    assert names and all(n.startswith("profile.") for n in names), names
    assert all(q.has_question(n) for n in names)


def test_proposed_module_is_marked_proposed_and_not_law(q: Questionnaire) -> None:
    m = q.module("proposed-rule")
    assert m.proposed
    assert "not yet law" in m.title.lower()
    assert "not yet law" in m.summary.lower()
    for question in m.questions:
        assert question.requirement is Requirement.PROPOSED, question.id
        assert "not yet law" in question.guidance.what.lower(), question.id
    assert not any(x.requirement is Requirement.PROPOSED
                   for x in q.questions() if x.module_id != "proposed-rule")


def test_only_profile_and_safeguards_show_before_any_answer(q: Questionnaire) -> None:
    assert shown(q, {}) == {"profile", *SAFEGUARD_MODULES}


def test_all_no_hides_every_optional_module(q: Questionnaire) -> None:
    no = answers(telehealth="no", messaging="no", call_center="no", website="no",
                 website_tracking="no", patient_portal="no", cloud_ehr="no",
                 cloud_other="no", remote_staff="no", proposed_rule="no")
    assert shown(q, no) == {"profile", *SAFEGUARD_MODULES}


@pytest.mark.parametrize(("given", "module_id"), [
    ({"telehealth": "yes"}, "telehealth"),
    ({"messaging": "yes"}, "messaging"),
    ({"call_center": "yes"}, "messaging"),
    ({"website": "yes", "website_tracking": "yes"}, "tracking"),
    ({"website": "yes", "website_tracking": "not_sure"}, "tracking"),
    ({"cloud_ehr": "yes"}, "third-party"),
    ({"cloud_other": "yes"}, "third-party"),
    ({"cloud_ehr": "not_sure"}, "third-party"),
    ({"proposed_rule": "yes"}, "proposed-rule"),
])
def test_profile_answer_shows_its_module(q: Questionnaire, given: dict[str, str],
                                         module_id: str) -> None:
    visible = shown(q, answers(**given))
    assert module_id in visible
    assert visible - {module_id} == {"profile", *SAFEGUARD_MODULES}


@pytest.mark.parametrize(("given", "module_id"), [
    ({"telehealth": "no"}, "telehealth"),
    ({"messaging": "no", "call_center": "no"}, "messaging"),
    ({"website": "no", "website_tracking": "yes"}, "tracking"),  # stale answer after a change
    ({"website": "yes", "website_tracking": "no"}, "tracking"),
    ({"cloud_ehr": "no", "cloud_other": "no"}, "third-party"),
    ({"proposed_rule": "no"}, "proposed-rule"),
    ({"proposed_rule": "not_sure"}, "proposed-rule"),
])
def test_profile_answer_hides_its_module(q: Questionnaire, given: dict[str, str],
                                         module_id: str) -> None:
    assert module_id not in shown(q, answers(**given))


@pytest.mark.parametrize("profile", ["telehealth", "messaging", "call_center"])
def test_not_sure_on_a_profile_question_shows_its_module(q: Questionnaire,
                                                        profile: str) -> None:
    """Not sure is an answer of its own: the questions stay in view, to be found out."""
    no = shown(q, answers(**{profile: "no"}))
    not_sure = shown(q, answers(**{profile: "not_sure"}))
    assert no < not_sure


def test_toggling_telehealth_back_and_forth(q: Questionnaire) -> None:
    assert "telehealth" in shown(q, answers(telehealth="yes"))
    assert "telehealth" not in shown(q, answers(telehealth="no"))
    assert "telehealth" in shown(q, answers(telehealth="yes"))


def test_question_level_conditions(q: Questionnaire) -> None:
    def ids(given: dict[str, Answer]) -> set[str]:
        return {x.id for x in visible_questions(q, given)}

    assert "profile.website-tracking" not in ids({})
    assert "profile.website-tracking" in ids(answers(website="yes"))
    assert "tech.remote-access" not in ids(answers(remote_staff="no"))
    assert "tech.remote-access" in ids(answers(remote_staff="yes"))
    assert "phys.other-sites" not in ids(answers(sites="one"))
    assert "phys.other-sites" in ids(answers(sites="four-plus"))
    # Call-center-only practices see the answering-service questions, not the texting ones.
    call_center = ids(answers(call_center="yes", messaging="no"))
    assert "msg.answering-baa" in call_center and "msg.sms-phi" not in call_center
    texting = ids(answers(call_center="no", messaging="yes"))
    assert "msg.sms-phi" in texting and "msg.answering-baa" not in texting
    # Every optional module shows at least one question when switched on.
    everything = answers(telehealth="yes", messaging="yes", call_center="yes", website="yes",
                         website_tracking="yes", patient_portal="yes", cloud_ehr="yes",
                         cloud_other="yes", remote_staff="yes", proposed_rule="yes",
                         sites="two-three")
    visible = ids(everything)
    assert {x.id for x in q.questions()} - visible == {"org.plan-documents"}


# ---------------------------------------------------------------- glossary

def test_glossary_terms_are_defined(q: Questionnaire) -> None:
    assert q.glossary
    for term, meaning in q.glossary.items():
        assert term.strip() and meaning.strip(), term
        assert len(meaning) >= 20, term


@pytest.mark.parametrize("term", [
    "ePHI", "PHI", "BAA", "business associate", "covered entity", "addressable", "required",
    "risk analysis", "encryption", "MFA", "audit log", "workforce", "security official",
    "contingency plan", "tracking technology", "authenticated page", "unauthenticated page",
    "patient portal", "EHR", "OCR", "HICP", "proposed rule", "telehealth", "session replay",
    "pixel", "subcontractor", "breach", "security incident",
])
def test_glossary_has_core_term(q: Questionnaire, term: str) -> None:
    assert term in q.glossary


def test_acronyms_used_in_questions_are_in_the_glossary(q: Questionnaire) -> None:
    used: set[str] = set()
    for question in q.questions():
        words = " ".join((question.title, question.text, question.guidance.what,
                          question.guidance.why, question.guidance.how))
        used |= set(re.findall(r"\b(?:ePHI|PHI|BAAs?|MFA|EHR|CRM|OCR|HHS|SMS|VPN|SDKs?)\b",
                               words))
    for acronym in used:
        assert acronym.rstrip("s") in q.glossary, acronym
