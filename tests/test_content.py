"""The shipped questionnaire content: Security Rule coverage, completeness of every question,
and the profile answers that switch optional modules on and off."""

from __future__ import annotations

import re
import statistics

import pytest

from riskwizard.domain.analysis import Catalogue, load_catalogue
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
MEASURE = Requirement.MEASURE

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

# Required rules outside the Security Rule that some questions test (Privacy Rule, Breach
# Notification Rule); a 'required' question may cite one of these instead.
OTHER_RULES = {
    "164.404": "Breach notification to individuals",
    "164.502(a)": "Uses and disclosures: general rules",
    "164.502(e)": "Disclosures to business associates",
    "164.504(e)(1)(ii)": "Cure or end a BA's material breach",
    "164.504(e)(2)": "Business associate contract terms",
    "164.504(e)(2)(ii)(J)": "Return or destroy PHI at the end of a BA contract",
    "164.508(a)(3)": "Authorization for marketing",
    "164.514(h)": "Verification of identity",
    "164.530(c)": "Privacy Rule safeguards (paper records)",
}

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
VERSION = "2026.2"


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
        other = [c for c in question.citations if c in OTHER_RULES]
        if question.requirement is R:
            assert any(SECURITY_RULE[c] is R for c in known) or other, (
                f"{question.id} is required but cites no required standard, specification or "
                f"other HIPAA rule: {question.citations}")
        elif question.requirement is A:
            assert any(SECURITY_RULE[c] is A for c in known), (
                f"{question.id} is addressable but cites {known}")
        elif question.requirement is MEASURE:
            # A measure names the required standard it helps meet
            assert any(SECURITY_RULE[c] is R for c in known), (
                f"{question.id} is a measure but names no required standard: {known}")
        else:
            assert not known, f"{question.id} ({question.requirement.value}) cites {known}"


def test_safeguard_questions_cite_and_optional_ones_explain_empty_citations(
        q: Questionnaire) -> None:
    for m in q.modules:
        for question in m.questions:
            if m.kind is ModuleKind.SAFEGUARD:
                assert question.requirement in (R, A, MEASURE, Requirement.BEST_PRACTICE), (
                    question.id)
                if question.requirement is not Requirement.BEST_PRACTICE:
                    assert question.citations, question.id
            elif m.kind is ModuleKind.OPTIONAL and not question.citations:
                assert question.requirement in (Requirement.BEST_PRACTICE,
                                                Requirement.PROPOSED), question.id


# The questions reviewed as testing a required standard or specification *itself* (or a rule of
# the Privacy or Breach Notification Rule that binds every practice). A particular tool or
# setting that helps meet a required standard (MFA, guest Wi-Fi, patching, a secure texting app)
# is a 'measure' (164.306(b): the risk analysis picks the measures), never 'required': a gap
# there must not read as a breach of a Required rule. Adding a question to this list is a
# content review decision; a 'required' label anywhere else fails.
REQUIRED_QUESTIONS = frozenset({
    "adm.ephi-inventory", "adm.risk-analysis", "adm.risk-analysis-update", "adm.risk-management",
    "adm.sanction-policy", "adm.activity-review", "adm.security-official",
    "adm.workforce-security", "adm.access-policy", "adm.clearinghouse", "adm.training",
    "adm.training-records", "adm.incident-response", "adm.incident-reporting-staff",
    "adm.incident-log", "adm.breach-assessment", "adm.contingency-plan", "adm.backup",
    "adm.disaster-recovery", "adm.emergency-mode", "adm.emergency-switch", "adm.evaluation",
    "adm.ba-inventory", "adm.ba-agreements",
    "phys.facility-access", "phys.paper-records", "phys.workstation-use",
    "phys.workstation-security", "phys.home-workspace", "phys.device-media", "phys.disposal",
    "phys.media-reuse",
    "tech.access-control", "tech.unique-ids", "tech.emergency-access", "tech.audit-logs",
    "tech.integrity", "tech.authentication", "tech.transmission",
    "org.baa-terms", "org.baa-flow-down", "org.baa-reporting-clause", "org.baa-privacy-terms",
    "org.ba-incident-reporting", "org.other-arrangements", "org.ba-oversight",
    "org.group-health-plan", "org.plan-documents", "org.ba-subcontractors",
    "doc.policies", "doc.policy-changes", "doc.records", "doc.addressable-decisions",
    "doc.retention", "doc.availability", "doc.updates",
    "tele.platform", "tele.baa", "tele.audio-only", "tele.identity", "tele.ai-scribe",
    "msg.answering-baa", "msg.phone-vendor", "msg.caller-check", "msg.ai-voice",
    "track.inventory", "track.authenticated-pages", "track.mobile-app", "track.vendor-baa",
    "track.session-replay", "track.chat-widget", "track.forms", "track.past-disclosures",
    "track.custom-audiences",
    "tp.baa", "tp.ehr-contract", "tp.audit-logs", "tp.backup-restore", "tp.retention",
    "tp.secure-deletion", "tp.ai-tools", "tp.crm-baa",
})

# Words that name one particular tool or setting. A question built on one is a measure (or an
# addressable specification), not a required one.
TOOL_WORDS = re.compile(
    r"\b(?:MFA|two-step|second step|VPN|Wi-?Fi|WPA\d?|administrator|antivirus|endpoint|"
    r"encrypt\w*|https|passcode|waiting room|security updates?|patch\w*|remote wipe|"
    r"battery backup|UPS|scan\w*)\b", re.IGNORECASE)
TOOL_WORDS_OK = {"tech.transmission"}  # the standard itself, with examples


def test_required_label_only_on_reviewed_questions(q: Questionnaire) -> None:
    for question in q.questions():
        if question.requirement is R:
            assert question.id in REQUIRED_QUESTIONS, (
                f"{question.id} is labelled Required but is not among the questions reviewed as "
                "testing a required standard itself; a particular tool or setting is 'measure'")
            words = f"{question.title} {question.text}"
            if question.id not in TOOL_WORDS_OK:
                assert not TOOL_WORDS.search(words), (
                    f"{question.id} is Required but asks about a particular tool: "
                    f"{TOOL_WORDS.search(words)}")
            guidance = " ".join((question.guidance.what, question.guidance.why)).lower()
            assert not re.search(r"does not (?:say you must|require)|not required", guidance), (
                f"{question.id} is Required, yet its guidance says it is not")


def test_measures_and_addressable_questions_are_not_mislabelled(q: Questionnaire) -> None:
    """Every measure is really a measure: it cites a required standard the rule leaves open
    to the practice's choice, and its words never claim the law demands the tool."""
    for question in q.questions():
        if question.requirement is MEASURE:
            assert "the rule requires you to use" not in question.guidance.why.lower()
            assert question.id not in REQUIRED_QUESTIONS, question.id


# Parts of the rule that are not in the 22 + 43 list above but must be tested by a question
# labelled required, in one of the Security Rule sections.
PARAGRAPHS: dict[str, tuple[str, ...]] = {
    "164.308(b)(2)": ("administrative", "organizational"),   # BA -> subcontractor assurances
    "164.314(a)(2)(i)(A)": ("organizational",),                # BA follows the Security Rule
    "164.314(a)(2)(i)(B)": ("organizational",),                # BA binds its subcontractors
    "164.314(a)(2)(i)(C)": ("organizational",),                # BA reports security incidents
}


@pytest.mark.parametrize("citation", sorted(PARAGRAPHS))
def test_paragraph_is_tested(q: Questionnaire, citation: str) -> None:
    carriers = [x for x in q.questions() if citation in x.citations
                and x.requirement is R and x.module_id in PARAGRAPHS[citation]]
    assert carriers, f"no required question in {PARAGRAPHS[citation]} tests {citation}"


# What the 2026 audit found only partly tested, and the question that now tests each part.
# A question here losing its citation (or its addressable/required label) fails.
ASPECTS: list[tuple[str, str, str]] = [
    ("164.308(a)(1)(ii)(A)", "adm.risk-analysis-update", "updated after big changes"),
    ("164.308(a)(1)(ii)(A)", "adm.ephi-inventory", "all patient data in scope"),
    ("164.308(a)(3)(ii)(A)", "adm.supervision", "workforce authorized or supervised"),
    ("164.308(a)(3)(ii)(C)", "adm.outside-accounts", "leavers' accounts at outside portals"),
    ("164.308(a)(4)(ii)(C)", "adm.vendor-access-removal", "vendor access removed"),
    ("164.310(a)(2)(iii)", "phys.software-changes", "software testing and revision"),
    ("164.312(b)", "tech.log-retention", "how long logs are kept"),
    ("164.312(d)", "tech.portal-mfa", "patients' portal log-in"),
    ("164.312(d)", "tech.vendor-remote-access", "vendor access"),
    ("164.314(a)(2)(i)", "org.baa-flow-down", "the subcontractor promise"),
    ("164.314(a)(2)(iii)", "org.ba-subcontractors", "the practice acting as a BA"),
    ("164.308(a)(7)(i)", "adm.hazards", "natural and utility hazards"),
    ("164.308(a)(7)(ii)(C)", "adm.emergency-switch", "switching emergency mode on"),
]


@pytest.mark.parametrize(("citation", "qid", "aspect"), ASPECTS)
def test_partly_tested_aspect_stays_tested(q: Questionnaire, citation: str, qid: str,
                                           aspect: str) -> None:
    assert q.has_question(qid), f"{aspect}: {qid} is gone"
    question = q.question(qid)
    assert citation in question.citations, f"{aspect}: {qid} no longer cites {citation}"
    assert question.requirement in (R, A, MEASURE), qid


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
                         sites="two-three", acts_as_ba="yes")
    visible = ids(everything)
    assert {x.id for x in q.questions()} - visible == {"org.plan-documents"}


# ---------------------------------------------------------------- glossary

def test_glossary_terms_are_defined(q: Questionnaire) -> None:
    assert q.glossary
    for term, meaning in q.glossary.items():
        assert term.strip() and meaning.strip(), term
        assert len(meaning) >= 20, term


# ---------------------------------------------------------------- ids stay stable

# Every question id of questionnaire 2026.1 as first shipped: answers in practice files are
# keyed by them, so none may disappear or change meaning. A question that must go is retired:
# its id moves to RETIRED and is never used again.
SHIPPED_IDS = frozenset({
    "adm.access-authorization",
    "adm.access-policy",
    "adm.access-review",
    "adm.activity-review",
    "adm.ba-agreements",
    "adm.ba-inventory",
    "adm.backup",
    "adm.breach-assessment",
    "adm.clearance",
    "adm.clearinghouse",
    "adm.contingency-plan",
    "adm.contingency-testing",
    "adm.criticality",
    "adm.disaster-recovery",
    "adm.email-filtering",
    "adm.emergency-mode",
    "adm.ephi-inventory",
    "adm.evaluation",
    "adm.incident-log",
    "adm.incident-response",
    "adm.login-monitoring",
    "adm.malware-protection",
    "adm.password-management",
    "adm.risk-analysis",
    "adm.risk-management",
    "adm.sanction-policy",
    "adm.security-official",
    "adm.security-reminders",
    "adm.supervision",
    "adm.termination",
    "adm.training",
    "adm.updates",
    "adm.workforce-security",
    "doc.addressable-decisions",
    "doc.availability",
    "doc.policies",
    "doc.policy-changes",
    "doc.records",
    "doc.retention",
    "doc.updates",
    "msg.answering-baa",
    "msg.call-center-delivery",
    "msg.minimum-content",
    "msg.patient-choice",
    "msg.personal-phones",
    "msg.remote-agents",
    "msg.secure-platform",
    "msg.sms-phi",
    "org.ba-incident-reporting",
    "org.ba-oversight",
    "org.baa-terms",
    "org.group-health-plan",
    "org.other-arrangements",
    "org.plan-documents",
    "org.subcontractors",
    "phys.access-validation",
    "phys.backup-before-move",
    "phys.contingency-operations",
    "phys.device-inventory",
    "phys.device-media",
    "phys.disposal",
    "phys.facility-access",
    "phys.facility-plan",
    "phys.home-workspace",
    "phys.maintenance-records",
    "phys.media-reuse",
    "phys.other-sites",
    "phys.workstation-security",
    "phys.workstation-use",
    "profile.call-center",
    "profile.cloud-ehr",
    "profile.cloud-other",
    "profile.messaging",
    "profile.patient-portal",
    "profile.proposed-rule",
    "profile.remote-staff",
    "profile.sites",
    "profile.size",
    "profile.telehealth",
    "profile.website",
    "profile.website-tracking",
    "prop.access-termination",
    "prop.asset-inventory",
    "prop.backups-recovery",
    "prop.compliance-audit",
    "prop.encryption",
    "prop.mfa",
    "prop.network-segmentation",
    "prop.patching",
    "prop.penetration-test",
    "prop.vulnerability-scan",
    "tech.access-control",
    "tech.admin-rights",
    "tech.audit-logs",
    "tech.authentication",
    "tech.auto-logoff",
    "tech.connected-devices",
    "tech.emergency-access",
    "tech.encryption-at-rest",
    "tech.integrity",
    "tech.integrity-check",
    "tech.mfa",
    "tech.remote-access",
    "tech.transmission",
    "tech.transmission-encryption",
    "tech.transmission-integrity",
    "tech.unique-ids",
    "tech.wifi",
    "tele.baa",
    "tele.pandemic-workarounds",
    "tele.patient-notice",
    "tele.platform",
    "tele.privacy-settings",
    "tele.private-setting",
    "tp.access-control",
    "tp.audit-logs",
    "tp.baa",
    "tp.backup-restore",
    "tp.ehr-contract",
    "tp.encryption-rest",
    "tp.encryption-transit",
    "tp.personal-email",
    "tp.retention",
    "tp.sharing-settings",
    "track.authenticated-pages",
    "track.change-control",
    "track.chat-widget",
    "track.forms",
    "track.inventory",
    "track.mobile-app",
    "track.past-disclosures",
    "track.public-pages",
    "track.session-replay",
    "track.vendor-baa",
})
RETIRED: frozenset[str] = frozenset()


def test_shipped_ids_stay(q: Questionnaire) -> None:
    ids = {x.id for x in q.questions()}
    assert not (SHIPPED_IDS - RETIRED) - ids, sorted((SHIPPED_IDS - RETIRED) - ids)
    assert not ids & RETIRED, sorted(ids & RETIRED)


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


# ---------------------------------------------------------------- plain language

# Terms the glossary explains, counted as one short word by the readability score: the
# reader learns them once from the tooltip. Keep this list short.
READABILITY_TERMS: dict[str, str] = {  # the word in the text: its glossary entry
    "business associate": "business associate", "BAA": "BAA", "BAAs": "BAA", "EHR": "EHR",
    "MFA": "MFA", "patient data": "patient data", "security official": "security official",
    "encrypted": "encryption", "antivirus": "antivirus", "endpoint protection":
    "endpoint protection", "penetration test": "penetration test",
    "clearinghouse": "clearinghouse", "tracking tools": "tracking tools",
    "analytics": "analytics"}


def syllables(word: str) -> int:
    """Syllables in an English word, by the usual vowel-group heuristic."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if len(w) <= 3:
        return 1 if w else 0
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    for term in sorted(READABILITY_TERMS, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(term)}\b", "term", text)
    sentences = [s for s in re.split(r"[.?!:;]+(?:\s|$)", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if not words:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / max(1, len(sentences)) + 11.8 * syl / len(words) - 15.59


def test_syllable_heuristic() -> None:
    assert [syllables(w) for w in ("cat", "table", "patient", "information", "the")] == [
        1, 2, 2, 4, 1]
    assert fk_grade("The cat sat on the mat.") < 2
    assert fk_grade("Organizational implementation specifications necessitate "
                    "comprehensive documentation.") > 12


def test_readability_terms_are_in_the_glossary(q: Questionnaire) -> None:
    glossary = {t.lower() for t in q.glossary}
    assert len(READABILITY_TERMS) <= 15  # a short list, or the score means nothing
    for term, entry in READABILITY_TERMS.items():
        assert entry.lower() in glossary, term


def test_question_texts_read_at_about_grade_8(q: Questionnaire) -> None:
    grades = {x.id: fk_grade(x.text) for x in _non_profile(q)}
    worst = max(grades, key=grades.__getitem__)
    assert statistics.median(grades.values()) <= 8, statistics.median(grades.values())
    assert grades[worst] <= 12, f"{worst}: grade {grades[worst]:.1f}: {q.question(worst).text}"


SAFE_NO = 'Here "No" is the safe answer.'


def test_yes_is_safe_or_the_question_says_no_is(q: Questionnaire) -> None:
    for question in _non_profile(q):
        yes, no = question.option("yes"), question.option("no")
        if yes is not None and yes.gap:
            assert no is not None and not no.gap, question.id
            assert SAFE_NO in question.text, (
                f"{question.id}: 'Yes' is the risky answer, so the text must say {SAFE_NO!r}")
        elif SAFE_NO in question.text:
            assert yes is not None and yes.gap, f"{question.id} says 'No' is safe, but it is not"


# Two questions joined in one: "..., and do you ...?", "... and can staff ...?", two '?'.
DOUBLE = re.compile(
    r"\?.*\?|,? and (?:do|does|did|is|are|can|has|have|will|could)"
    r" (?:you|it|they|staff|the|your|its|their|everyone|someone)\b", re.IGNORECASE)


def test_one_question_asks_one_thing(q: Questionnaire) -> None:
    for question in _non_profile(q):
        asked = question.text.replace(SAFE_NO, "")
        assert not DOUBLE.search(asked), f"{question.id} asks two things: {question.text}"


_BRITISH_STEMS = (
    "colour", "favour", "behaviour", "neighbour", "honour", "labour", "harbour", "rumour",
    "organis", "recognis", "authoris", "realis(?:e|ed|es|ing|ation)", "minimis", "prioritis",
    "categoris",
    "customis", "summaris", "standardis", "utilis", "optimis", "emphasis(?!e?s?\\b)",
    "criticis", "specialis", "finalis", "centralis", "sanitis", "anonymis", "synchronis",
    "digitis", "memoris", "analys(?:e|ed|ing)\\b", "licenc", "defenc", "offenc", "centre",
    "programme", "travell", "cancell", "judgement", "whilst", "amongst", "cheque", "enrol(?!l)",
    "fulfil(?!l)", "practis", "grey", "tyre", "catalogu", "dialogu", "acknowledgement")
BRITISH = re.compile(r"\b(?:" + "|".join(_BRITISH_STEMS) + r")\w*", re.IGNORECASE)


def _all_words(q: Questionnaire) -> list[tuple[str, str]]:
    out = []
    for m in q.modules:
        out.append((m.id, f"{m.title} {m.summary}"))
        for x in m.questions:
            out.append((x.id, " ".join((x.title, x.text, x.guidance.what, x.guidance.why,
                                        x.guidance.how, *x.threats, *x.vulnerabilities,
                                        *(s.action for s in x.remediation),
                                        *(o.label for o in x.options)))))
    out += [(f"glossary {t}", f"{t} {m}") for t, m in q.glossary.items()]
    return out


def test_us_spelling(q: Questionnaire) -> None:
    for where, words in _all_words(q):
        for match in BRITISH.finditer(words):
            pytest.fail(f"{where}: British spelling '{match.group(0)}'")


def test_us_spelling_check_catches_british_words() -> None:
    for word in ("neighbour", "licence", "defences", "organisation", "colour", "centre"):
        assert BRITISH.search(word), word
    for word in ("supervises", "advise", "hours", "your", "emphasis", "enrollment", "licensed"):
        assert not BRITISH.search(word), word


# ---------------------------------------------------------------- mappings

def test_every_question_is_mapped(q: Questionnaire) -> None:
    """NIST SP 800-66r2 key activity, HICP 405(d) practice, NIST CSF 2.0 subcategory."""
    for question in _non_profile(q):
        assert question.key_activities, f"{question.id}: no NIST SP 800-66r2 key activity"
        assert question.hicp, f"{question.id}: no HICP practice"
        assert question.csf, f"{question.id}: no NIST CSF 2.0 subcategory"
        assert question.recognized_practices, question.id
        safe = question.safe_answers
        assert safe and question.evidences(safe[0]) == question.recognized_practices
        assert question.evidences(NOT_SURE) == ()
    for question in q.module("profile").questions:
        assert not (question.key_activities or question.hicp or question.csf)
        assert question.recognized_practices == ()


def test_key_activity_belongs_to_a_cited_standard_family(q: Questionnaire) -> None:
    """A question tested against one Security Rule section maps to 800-66r2 activities of
    that part of the rule, or of risk analysis and management (164.308(a)(1)) or BA
    contracts (164.308(b)), which cut across all sections."""
    for question in _non_profile(q):
        cited = {c.split("(")[0] for c in question.citations if c in SECURITY_RULE}
        if not cited:
            continue
        sections = {k.standard.split("(")[0] for k in question.key_activities}
        cross = {"164.308"}
        assert sections & (cited | cross), (question.id, cited, sections)


# ---------------------------------------------------------------- risk links

def _catalogue(q: Questionnaire) -> Catalogue:
    return load_catalogue(None, q)


def test_every_question_outside_profile_and_proposed_is_a_control(q: Questionnaire) -> None:
    controls = {c.question for e in _catalogue(q).events for c in e.controls}
    for m in q.modules:
        if m.kind is ModuleKind.PROFILE or m.proposed:
            continue
        for question in m.questions:
            assert question.id in controls, f"{question.id} lowers no threat event"


def test_new_theme_events_exist(q: Questionnaire) -> None:
    events = {e.id: e for e in _catalogue(q).events}
    assert {c.question for c in events["portal-account-takeover"].controls} >= {
        "tech.portal-mfa", "tech.portal-identity"}
    hazards = {c.question for c in events["site-disaster"].controls}
    assert {"adm.hazards", "phys.equipment-protection"} <= hazards


def test_proposed_rule_answers_never_create_actions_or_change_ratings(q: Questionnaire) -> None:
    from datetime import date

    from riskwizard.domain.analysis import analyse

    cat = _catalogue(q)
    base = {**answers(proposed_rule="yes")}
    safe = {x.id: Answer(assessment_id=1, question_id=x.id, choice=x.safe_answers[0])
            for x in _non_profile(q) if x.module_id != "proposed-rule"}
    gaps = {x.id: Answer(assessment_id=1, question_id=x.id, choice="no")
            for x in q.module("proposed-rule").questions}
    unsure = {x.id: Answer(assessment_id=1, question_id=x.id, choice=NOT_SURE)
              for x in q.module("proposed-rule").questions}
    day = date(2026, 12, 1)
    results = [analyse(cat, q, {**base, **safe, **extra}, [], [], [], day)
               for extra in ({}, gaps, unsure)]
    proposed = {x.id for x in q.module("proposed-rule").questions}
    for result in results:
        assert not [a.key for a in result.actions if a.question_id in proposed]
        assert not [a.key for a in result.actions if any(p in a.key for p in proposed)]
    ratings = [[(r.key, r.likelihood, r.impact) for r in result.risks] for result in results]
    assert ratings[0] == ratings[1] == ratings[2]


def test_proposed_module_says_readiness_only(q: Questionnaire) -> None:
    m = q.module("proposed-rule")
    summary = m.summary.lower()
    assert "readiness" in summary and "never create" in summary
    assert "legal gap" in summary
    assert "never count as a legal gap" in q.question("profile.proposed-rule").guidance.why.lower()
    themes = {"prop.ba-verification", "prop.notice-24h", "prop.incident-plan"}
    assert themes <= {x.id for x in m.questions}
