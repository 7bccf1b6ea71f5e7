"""The risk analysis engine against the real questionnaire and a test catalogue: scenarios
that check behaviour (who is named, what is rated how, which actions come first), and
properties that must hold for any answers and inventories."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.analysis import Analysis, analyse, parse_catalogue
from riskwizard.domain.analysis.actions import MAX_ACTIONS
from riskwizard.domain.analysis.catalogue import Catalogue
from riskwizard.domain.model import (
    Answer,
    Asset,
    AssetKind,
    BaaStatus,
    Decision,
    DisposalStatus,
    Encryption,
    Site,
    Vendor,
    VendorKind,
)
from riskwizard.domain.navigation import visible_questions
from riskwizard.domain.questionnaire import Questionnaire

TODAY = date(2026, 11, 24)

# A catalogue written for these tests (the real one is questionnaires/threats.yaml, written
# by the content team): it names real questions, so the questionnaire checks it.
CATALOGUE = """format: 1
id: threats
version: "test"
sources:
  - {id: thieves, name: Thieves and burglars, kind: people-outside}
  - {id: staff-mistakes, name: Staff mistakes, kind: people-inside}
  - {id: snooping-staff, name: Staff looking where they should not, kind: people-inside}
  - {id: criminals-online, name: Criminals on the internet, kind: people-outside}
  - {id: vendors, name: Vendors and their staff, kind: vendor}
  - {id: ad-platforms, name: Advertising and analytics companies, kind: vendor}
  - {id: failures, name: Hardware and software failures, kind: technical}
  - {id: fire-flood, name: "Fire, flood and power cuts", kind: nature}
events:
  - id: device-lost-stolen
    title: A laptop, phone or USB drive with patient data is lost or stolen
    sources: [thieves, staff-mistakes]
    applies_to: {assets: [laptop, phone_tablet, removable_media]}
    vulnerability: Patient data carried on portable devices
    likelihood: 4
    impact: 4
    controls:
      - {question: tech.encryption-at-rest, lowers: impact, by: 3}
      - {question: phys.device-media, lowers: likelihood, by: 1}
      - {question: phys.device-inventory, lowers: likelihood, by: 1}
  - id: office-break-in
    title: Someone breaks in and takes computers or paper charts
    sources: [thieves]
    applies_to: {sites: true}
    vulnerability: Computers and charts kept in the office
    likelihood: 3
    impact: 4
    controls:
      - {question: phys.facility-access, lowers: likelihood, by: 2}
      - {question: phys.access-validation, lowers: likelihood, by: 1}
      - {question: tech.encryption-at-rest, lowers: impact, by: 2}
  - id: paper-records-seen
    title: Paper charts are seen or taken by someone who should not have them
    sources: [thieves, snooping-staff]
    applies_to: {assets: [paper_records]}
    vulnerability: Paper records in the office
    likelihood: 3
    impact: 3
    controls:
      - {question: phys.facility-access, lowers: likelihood, by: 2}
      - {question: adm.workforce-security, lowers: likelihood, by: 1}
  - id: ransomware
    title: Ransomware locks the practice's computers and records
    sources: [criminals-online]
    applies_to: {assets: [workstation, laptop, server], practice: true}
    vulnerability: Computers connected to the internet
    likelihood: 4
    impact: 5
    controls:
      - {question: adm.malware-protection, lowers: likelihood, by: 1}
      - {question: adm.updates, lowers: likelihood, by: 1}
      - {question: adm.email-filtering, lowers: likelihood, by: 1}
      - {question: adm.training, lowers: likelihood, by: 1}
      - {question: adm.backup, lowers: impact, by: 2}
      - {question: adm.disaster-recovery, lowers: impact, by: 1}
  - id: phishing-account
    title: A scam e-mail tricks someone into giving away a password
    sources: [criminals-online, staff-mistakes]
    applies_to: {practice: true}
    vulnerability: Staff log in to systems with patient data from e-mail links
    likelihood: 4
    impact: 4
    controls:
      - {question: adm.training, lowers: likelihood, by: 1}
      - {question: adm.email-filtering, lowers: likelihood, by: 1}
      - {question: tech.mfa, lowers: impact, by: 2}
      - {question: adm.login-monitoring, lowers: impact, by: 1}
  - id: snooping
    title: Staff look at records they have no reason to see
    sources: [snooping-staff]
    applies_to: {practice: true}
    vulnerability: Everyone can open every record
    likelihood: 3
    impact: 3
    controls:
      - {question: tech.access-control, lowers: likelihood, by: 1}
      - {question: adm.sanction-policy, lowers: likelihood, by: 1}
      - {question: tech.audit-logs, lowers: impact, by: 1}
      - {question: adm.activity-review, lowers: impact, by: 1}
  - id: leaver-access
    title: Someone who has left still logs in
    sources: [snooping-staff]
    applies_to: {practice: true}
    vulnerability: Accounts stay open after people leave
    likelihood: 3
    impact: 3
    controls:
      - {question: adm.termination, lowers: likelihood, by: 2}
      - {question: tech.unique-ids, lowers: impact, by: 1}
  - id: shared-logins
    title: Shared log-ins hide who did what
    sources: [staff-mistakes]
    applies_to: {assets: [workstation, server, software]}
    vulnerability: Passwords shared between staff
    likelihood: 3
    impact: 2
    controls:
      - {question: tech.unique-ids, lowers: likelihood, by: 2}
      - {question: adm.password-management, lowers: likelihood, by: 1}
  - id: unattended-screen
    title: Patient data is seen on an unattended screen
    sources: [staff-mistakes, snooping-staff]
    applies_to: {assets: [workstation, laptop]}
    vulnerability: Screens left open in shared areas
    likelihood: 4
    impact: 2
    controls:
      - {question: tech.auto-logoff, lowers: likelihood, by: 2}
      - {question: phys.workstation-security, lowers: likelihood, by: 1}
  - id: vendor-breach
    title: A vendor that holds patient data has a breach
    sources: [vendors]
    applies_to: {vendors: [business_associate]}
    vulnerability: Patient data kept by other companies
    likelihood: 3
    impact: 4
    controls:
      - {question: adm.ba-agreements, lowers: impact, by: 1}
      - {question: tp.baa, lowers: impact, by: 1}
      - {question: org.ba-incident-reporting, lowers: impact, by: 1}
      - {question: adm.ba-inventory, lowers: likelihood, by: 1}
  - id: cloud-misconfigured
    title: An online service is set up so that outsiders can see patient data
    sources: [staff-mistakes, criminals-online]
    applies_to: {assets: [cloud_service]}
    vulnerability: Patient data in online services
    likelihood: 3
    impact: 4
    controls:
      - {question: tp.access-control, lowers: likelihood, by: 1}
      - {question: tp.sharing-settings, lowers: likelihood, by: 1}
      - {question: tp.encryption-rest, lowers: impact, by: 1}
  - id: tracking-leak
    title: Website tracking sends what patients do to advertising companies
    sources: [ad-platforms]
    applies_to: {vendors: [tracking]}
    vulnerability: Tracking tools on the website or portal
    likelihood: 4
    impact: 3
    controls:
      - {question: track.inventory, lowers: likelihood, by: 1}
      - {question: track.authenticated-pages, lowers: likelihood, by: 2}
      - {question: track.vendor-baa, lowers: impact, by: 1}
  - id: intercepted
    title: Patient data is read while it is being sent
    sources: [criminals-online]
    applies_to: {vendors: [conduit, business_associate]}
    vulnerability: Data sent over the internet and phone lines
    likelihood: 2
    impact: 3
    controls:
      - {question: tech.transmission-encryption, lowers: likelihood, by: 1}
      - {question: tech.transmission, lowers: likelihood, by: 1}
  - id: fire-flood
    title: Fire, flood or a long power cut destroys records or equipment
    sources: [fire-flood]
    applies_to: {sites: true}
    vulnerability: Records and computers in one building
    likelihood: 2
    impact: 5
    controls:
      - {question: adm.backup, lowers: impact, by: 2}
      - {question: adm.contingency-plan, lowers: impact, by: 1}
      - {question: adm.contingency-testing, lowers: impact, by: 1}
  - id: hardware-failure
    title: A server or computer fails and records cannot be reached
    sources: [failures]
    applies_to: {assets: [server, workstation]}
    vulnerability: One copy of data on ageing hardware
    likelihood: 3
    impact: 4
    controls:
      - {question: adm.backup, lowers: impact, by: 2}
      - {question: adm.emergency-mode, lowers: impact, by: 1}
  - id: disposal-leak
    title: Old equipment is thrown away with patient data still on it
    sources: [staff-mistakes]
    applies_to:
      assets: [workstation, laptop, phone_tablet, removable_media, printer_scanner, server]
    vulnerability: Devices that store data on their drives
    likelihood: 3
    impact: 4
    controls:
      - {question: phys.disposal, lowers: likelihood, by: 2}
      - {question: phys.media-reuse, lowers: likelihood, by: 1}
  - id: medical-device-attack
    title: A networked medical device is attacked
    sources: [criminals-online]
    applies_to: {assets: [medical_device]}
    vulnerability: Medical devices on the office network
    likelihood: 2
    impact: 4
    controls:
      - {question: tech.connected-devices, lowers: likelihood, by: 1}
      - {question: tech.wifi, lowers: likelihood, by: 1}
  - id: unnoticed-incident
    title: A breach goes unnoticed or is handled badly
    sources: [criminals-online, staff-mistakes]
    applies_to: {practice: true}
    vulnerability: No plan for security incidents
    likelihood: 3
    impact: 4
    controls:
      - {question: adm.incident-response, lowers: impact, by: 1}
      - {question: adm.breach-assessment, lowers: impact, by: 1}
      - {question: adm.incident-log, lowers: likelihood, by: 1}
      - {question: adm.risk-management, lowers: likelihood, by: 1}
  - id: telehealth-exposed
    title: A video visit is seen or recorded by outsiders
    sources: [vendors, staff-mistakes]
    applies_to: {practice: true}
    vulnerability: Video visits over the internet
    likelihood: 3
    impact: 3
    controls:
      - {question: tele.platform, lowers: likelihood, by: 2}
      - {question: tele.privacy-settings, lowers: likelihood, by: 1}
      - {question: tele.baa, lowers: impact, by: 1}
  - id: texts-exposed
    title: Texts about patients are read by the wrong person
    sources: [staff-mistakes]
    applies_to: {assets: [phone_tablet]}
    vulnerability: Patient details in ordinary text messages
    likelihood: 3
    impact: 3
    controls:
      - {question: msg.sms-phi, lowers: likelihood, by: 2}
      - {question: msg.secure-platform, lowers: likelihood, by: 1}
      - {question: msg.personal-phones, lowers: impact, by: 1}
  - id: remote-work
    title: Patient data is exposed by work done from home
    sources: [staff-mistakes, criminals-online]
    applies_to: {practice: true}
    vulnerability: Home networks and shared computers
    likelihood: 3
    impact: 3
    controls:
      - {question: tech.remote-access, lowers: likelihood, by: 2}
      - {question: phys.home-workspace, lowers: likelihood, by: 1}
      - {question: prop.mfa, lowers: likelihood, by: 1}
"""

PROFILE_ALL = {"profile.size": "6-15", "profile.sites": "one", "profile.remote-staff": "yes",
               "profile.telehealth": "yes", "profile.messaging": "yes",
               "profile.call-center": "yes", "profile.website": "yes",
               "profile.patient-portal": "yes", "profile.website-tracking": "yes",
               "profile.cloud-ehr": "yes", "profile.cloud-other": "yes",
               "profile.proposed-rule": "yes"}


@pytest.fixture(scope="module")
def catalogue(questionnaire: Questionnaire) -> Catalogue:
    return parse_catalogue(CATALOGUE, "test-threats.yaml", questionnaire)


def safe_choice(q: Questionnaire, qid: str) -> str:
    question = q.question(qid)
    return next(o.value for o in question.options if not o.gap and o.value != "na")


def answer_all(q: Questionnaire, profile: Mapping[str, str],
               overrides: Mapping[str, str] | None = None,
               default: str | None = None) -> dict[str, Answer]:
    """Every visible question answered: the profile as given, ``overrides`` as given, the
    rest with ``default`` where it is an option, else the safe answer."""
    overrides = overrides or {}
    answers: dict[str, Answer] = {}
    for _ in range(4):
        for question in visible_questions(q, answers):
            if question.id in answers:
                continue
            if question.id in profile:
                choice = profile[question.id]
            elif question.id in overrides:
                choice = overrides[question.id]
            elif question.requirement.value == "profile":
                choice = "no"
            elif default is not None and question.option(default) is not None:
                choice = default
            else:
                choice = safe_choice(q, question.id)
            answers[question.id] = Answer(1, question.id, choice)
    return answers


def small_clinic() -> tuple[list[Asset], list[Vendor], list[Site]]:
    """A 6-person clinic: one site, 8 laptops, a cloud EHR, an IT contractor with no BAA,
    a phone carrier, an ad pixel on the website, a paper-chart room."""
    sites = [Site("Main office", id=1)]
    assets = [Asset(f"Laptop {n}", AssetKind.LAPTOP, 1, owner="Dr Lee",
                    encrypted_at_rest=Encryption.YES if n <= 5 else Encryption.NO, id=n)
              for n in range(1, 9)]
    assets += [Asset("Cloud EHR", AssetKind.CLOUD_SERVICE, None, "Office manager",
                     encrypted_at_rest=Encryption.YES, id=20),
               Asset("Paper chart room", AssetKind.PAPER, 1, "Office manager",
                     encrypted_at_rest=Encryption.NOT_APPLICABLE, id=21),
               Asset("Front desk PC", AssetKind.WORKSTATION, 1, "Office manager",
                     encrypted_at_rest=Encryption.YES, id=22)]
    vendors = [Vendor("ChartCloud EHR", "Cloud EHR", handles_ephi=True, baa=BaaStatus.SIGNED,
                      baa_date=TODAY - timedelta(days=300), id=1),
               Vendor("Bob's IT", "IT contractor", handles_ephi=True,
                      baa=BaaStatus.NOT_SIGNED, id=2),
               Vendor("TelcoOne", "Phone lines", handles_ephi=True, baa=BaaStatus.NOT_SIGNED,
                      kind=VendorKind.CONDUIT, id=3),
               Vendor("PixelAds", "Ad pixel on the website", handles_ephi=True,
                      baa=BaaStatus.NOT_SIGNED, kind=VendorKind.TRACKING, id=4)]
    return assets, vendors, sites


CLINIC_PROFILE = {**PROFILE_ALL, "profile.remote-staff": "no", "profile.telehealth": "no",
                  "profile.messaging": "no", "profile.call-center": "no",
                  "profile.patient-portal": "no", "profile.cloud-other": "no",
                  "profile.proposed-rule": "no"}
CLINIC_GAPS = {"adm.backup": "no", "adm.training": "no", "tech.mfa": "partly",
               "adm.updates": "partly", "track.authenticated-pages": "yes",
               "track.vendor-baa": "no", "phys.facility-access": "partly",
               "tech.auto-logoff": "no", "adm.contingency-plan": "no",
               "adm.incident-response": "no", "tech.access-control": "partly"}


def run(q: Questionnaire, cat: Catalogue, answers: Mapping[str, Answer],
        inventory: tuple[list[Asset], list[Vendor], list[Site]]) -> Analysis:
    assets, vendors, sites = inventory
    return analyse(cat, q, answers, assets, vendors, sites, TODAY)


# ---------------------------------------------------------------- scenarios

def test_small_clinic_with_gaps(questionnaire: Questionnaire, catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE, {**CLINIC_GAPS, "tech.encryption-at-rest": "yes"})
    result = run(q, catalogue, a, small_clinic())
    assert 10 <= len(result.risks) <= 30
    assert len(result.actions) <= 40
    keys = {r.key for r in result.risks}
    # events that match nothing in the inventory are not in the register
    assert "medical-device-attack" not in keys and "texts-exposed" not in keys
    # "practice: true" events are there, unless every measure against them is in a section
    # the practice does not need (this clinic does no telehealth)
    assert {"phishing-account", "snooping"} <= keys and "telehealth-exposed" not in keys
    with_tele = answer_all(q, {**CLINIC_PROFILE, "profile.telehealth": "yes"},
                           {**CLINIC_GAPS, "tech.encryption-at-rest": "yes"})
    assert "telehealth-exposed" in {r.key for r in run(q, catalogue, with_tele,
                                                        small_clinic()).risks}

    lost = result.risk("device-lost-stolen")
    assert lost.asset_ids == tuple(range(1, 9))
    assert "8 laptops" in lost.title
    # the inventory contradicts "yes, devices are encrypted": it counts as no here
    assert lost.impact == lost.inherent_impact
    assert any("inventory" in r and "Devices and stored data encrypted" in r
               for r in lost.reasons)
    assert "unencrypted-portable" in lost.finding_keys
    encrypt = next(x for x in result.actions if x.key == "find:unencrypted-portable")
    assert encrypt.action.startswith("Encrypt these laptops: Laptop 6, Laptop 7 and Laptop 8")
    assert encrypt.risk_keys == ("device-lost-stolen",) and encrypt.reduction > 0

    findings = {f.key: f for f in result.findings}
    assert findings["missing-baa"].vendor_ids == (2,)  # the IT contractor, not the carrier
    assert all(3 not in f.vendor_ids for f in result.findings)  # a conduit needs no BAA
    assert not any("TelcoOne" in x.action for x in result.actions)
    tracking = findings["tracking-without-baa"]
    assert tracking.vendor_ids == (4,)
    removal = next(x for x in result.actions if x.key == "find:tracking-without-baa")
    assert "Remove" in removal.action and "no patient data" in removal.action
    assert "PixelAds" in removal.action

    # the register names the records and the reasons name the gaps
    ransom = result.risk("ransomware")
    assert ransom.likelihood < ransom.inherent_likelihood  # some measures are in place
    assert "adm.backup" in ransom.gap_question_ids and "adm.training" in ransom.gap_question_ids
    assert any(r.startswith("Impact ") and "Backups of patient data (No)" in r
               for r in ransom.reasons)
    assert ransom.measures and "Gaps:" in ransom.vulnerability
    # one action per root cause: the backup gap lowers three risks, once
    backup = [x for x in result.actions if x.question_id == "adm.backup"]
    assert len(backup) == 1 and backup[0].key == "q:adm.backup"
    assert set(backup[0].risk_keys) == {"ransomware", "fire-flood", "hardware-failure"} & keys
    assert backup[0].steps  # the question's further steps are kept
    partly = next(x for x in result.actions if x.key == "q:tech.mfa")
    assert partly.action.startswith("Finish: ")
    # ranked by reduction
    rest = [x.reduction for x in result.actions if not x.key.startswith("ask:")]
    assert rest == sorted(rest, reverse=True)


def test_all_safe_clinic_still_has_a_register(questionnaire: Questionnaire,
                                             catalogue: Catalogue) -> None:
    q = questionnaire
    assets, vendors, sites = small_clinic()
    for x in assets:
        x.encrypted_at_rest = (Encryption.NOT_APPLICABLE if x.kind is AssetKind.PAPER
                               else Encryption.YES)
    vendors = [v for v in vendors if v.kind is not VendorKind.TRACKING]
    for v in vendors:
        v.baa = (BaaStatus.SIGNED if v.kind is VendorKind.BUSINESS_ASSOCIATE
                 else BaaStatus.NOT_SIGNED)
    result = run(q, catalogue, answer_all(q, CLINIC_PROFILE), (assets, vendors, sites))
    assert result.findings == ()
    assert len(result.risks) >= 10
    for r in result.risks:
        assert r.likelihood <= r.inherent_likelihood and r.impact <= r.inherent_impact
        assert not r.uncertain and r.gap_question_ids == ()
    lost = result.risk("device-lost-stolen")
    assert lost.measures and "Devices and stored data encrypted" in lost.measures
    assert (lost.likelihood, lost.impact) < (lost.inherent_likelihood, lost.inherent_impact)
    from riskwizard.domain.risk import default_matrix
    assert max(default_matrix().level(r.likelihood, r.impact).rank for r in result.risks) <= 1
    assert result.actions == ()


def test_not_sure_heavy_clinic(questionnaire: Questionnaire, catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE, {"adm.backup": "no"}, default="not_sure")
    result = run(q, catalogue, a, small_clinic())
    assert sum(r.uncertain for r in result.risks) >= len(result.risks) // 2
    assert result.actions[0].key.startswith("ask:")
    asks = [x for x in result.actions if x.key.startswith("ask:")]
    assert asks and all(x.action.startswith("Find out: ") for x in asks)
    # "Find out" first, then the rest
    first_other = next(i for i, x in enumerate(result.actions) if not x.key.startswith("ask:"))
    assert all(not x.key.startswith("ask:") for x in result.actions[first_other:])
    whom = {x.question_id: x.action for x in asks}
    assert "IT support" in whom["tech.mfa"]
    assert "your vendors" in whom["adm.ba-agreements"]
    assert "office manager" in whom["adm.training"]
    assert any("uncertain" in r for r in result.risk("ransomware").reasons)


@pytest.mark.parametrize("choice", ["yes", "partly", "no", "not_sure"])
def test_partly_no_not_sure_differ(questionnaire: Questionnaire, catalogue: Catalogue,
                                   choice: str) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE, {"adm.backup": choice, "adm.disaster-recovery": "no"})
    result = run(q, catalogue, a, small_clinic())
    ransom = result.risk("ransomware")
    keys = {x.key for x in result.actions}
    # inherent impact 5; backup takes off 2 when in place, 1 when partly
    assert ransom.impact == {"yes": 3, "partly": 4, "no": 5, "not_sure": 5}[choice]
    assert ransom.uncertain is (choice == "not_sure")
    assert ("q:adm.backup" in keys) is (choice in ("partly", "no"))
    assert ("ask:adm.backup" in keys) is (choice == "not_sure")
    if choice == "partly":
        assert "Backups of patient data (partly)" in ransom.measures


def test_addressable_decisions(questionnaire: Questionnaire, catalogue: Catalogue) -> None:
    q = questionnaire
    inventory = small_clinic()
    for x in inventory[0]:
        x.encrypted_at_rest = Encryption.YES
    a = answer_all(q, CLINIC_PROFILE, {"tech.encryption-at-rest": "no"})
    no = run(q, catalogue, a, inventory).risk("device-lost-stolen")
    a["tech.encryption-at-rest"].decision = Decision.ALTERNATIVE
    a["tech.encryption-at-rest"].rationale = "Devices never leave the locked room."
    alternative = run(q, catalogue, a, inventory).risk("device-lost-stolen")
    assert alternative.impact == no.impact - 3
    a["tech.encryption-at-rest"].choice = "yes"
    a["tech.encryption-at-rest"].decision = Decision.NOT_REASONABLE
    unreasonable = run(q, catalogue, a, inventory).risk("device-lost-stolen")
    assert unreasonable.impact == no.impact


def test_unanswered_hidden_and_proposed(questionnaire: Questionnaire,
                                        catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, {**CLINIC_PROFILE, "profile.remote-staff": "yes",
                       "profile.proposed-rule": "yes"})
    del a["adm.backup"]
    result = run(q, catalogue, a, small_clinic())
    ransom = result.risk("ransomware")
    assert any("not answered yet: Backups of patient data" in r for r in ransom.reasons)
    assert not any(x.question_id == "adm.backup" for x in result.actions)
    # telehealth is switched off: not in the register, and its questions are no actions
    assert "telehealth-exposed" not in {r.key for r in result.risks}
    assert not any((x.question_id or "").startswith("tele.") for x in result.actions)
    # proposed-rule answers never lower or raise anything
    remote = {c: run(q, catalogue, {**a, "prop.mfa": Answer(1, "prop.mfa", c)}, small_clinic())
              .risk("remote-work") for c in ("yes", "no")}
    assert (remote["yes"].likelihood, remote["yes"].reasons) == (
        remote["no"].likelihood, remote["no"].reasons)
    assert not any(x.question_id == "prop.mfa" for x in result.actions)


def test_carried_answers_count_and_are_named(questionnaire: Questionnaire,
                                             catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE)
    a["adm.backup"].carried = True
    ransom = run(q, catalogue, a, small_clinic()).risk("ransomware")
    assert "Backups of patient data" in ransom.measures
    assert any("re-confirm" in r and "Backups of patient data" in r for r in ransom.reasons)


def test_inventory_contradictions(questionnaire: Questionnaire, catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE)  # every answer safe
    assets, vendors, sites = small_clinic()
    vendors[1].baa = BaaStatus.SIGNED
    vendors[1].baa_expiry = TODAY - timedelta(days=1)  # expired yesterday
    assets[0].owner = ""
    assets[1].disposal_status = DisposalStatus.AWAITING_DISPOSAL
    assets.append(Asset("Old laptop", AssetKind.LAPTOP, 1, "", True, Encryption.NO,
                        DisposalStatus.DISPOSED, id=99))  # disposed of: not counted
    result = run(q, catalogue, a, (assets, vendors, sites))
    findings = {f.key: f for f in result.findings}
    assert set(findings) == {"unencrypted-portable", "expired-baa", "asset-no-owner",
                             "awaiting-disposal", "tracking-without-baa"}
    assert findings["expired-baa"].vendor_ids == (2,)
    assert findings["expired-baa"].question_id == "adm.ba-agreements"
    assert "Bob's IT" in findings["expired-baa"].detail
    assert findings["asset-no-owner"].asset_ids == (1,)
    assert findings["awaiting-disposal"].asset_ids == (2,)
    assert 99 not in findings["unencrypted-portable"].asset_ids
    vendor = result.risk("vendor-breach")
    assert "expired-baa" in vendor.finding_keys
    assert vendor.impact == vendor.inherent_impact - 1  # only incident reporting counts
    assert any("Signed agreement with each business associate was answered Yes, but" in r
               for r in vendor.reasons)
    renew = next(x for x in result.actions if x.key == "find:expired-baa")
    assert renew.action.startswith("Renew") and "Bob's IT" in renew.action
    disposal = result.risk("disposal-leak")
    assert "awaiting-disposal" in disposal.finding_keys
    assert disposal.likelihood == disposal.inherent_likelihood - 1  # reuse still counts
    # a vendor kind "other" with no patient data, and a tracker with none, raise nothing
    vendors.append(Vendor("Cleaners", handles_ephi=False, kind=VendorKind.OTHER, id=7))
    vendors[3].handles_ephi = False
    again = run(q, catalogue, a, (assets, vendors, sites))
    assert "tracking-without-baa" not in {f.key for f in again.findings}


def test_a_baa_nobody_knows_about_is_its_own_finding(questionnaire: Questionnaire,
                                                     catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE)  # every answer safe
    assets, vendors, sites = small_clinic()
    vendors[1].baa = BaaStatus.UNKNOWN
    vendors.append(Vendor("Night Answering", "Answering service", baa=BaaStatus.UNKNOWN,
                          id=8))
    result = run(q, catalogue, a, (assets, vendors, sites))
    findings = {f.key: f for f in result.findings}
    assert "missing-baa" not in findings
    unknown = findings["unknown-baa"]
    assert unknown.vendor_ids == (2, 8)
    assert unknown.question_id == "adm.ba-agreements"
    assert "nobody knows whether" in unknown.title
    assert "Bob's IT" in unknown.detail and "Night Answering" in unknown.detail
    assert vendors[1].baa_problem(TODAY) == "nobody knows whether a BAA is signed"
    assert "unknown-baa" in result.risk("vendor-breach").finding_keys
    find_out = next(x for x in result.actions if x.key == "find:unknown-baa")
    assert find_out.action.startswith("Find out whether")
    assert "Bob's IT" in find_out.action and "Night Answering" in find_out.action
    # once it is known to be missing, it is a missing BAA like any other
    vendors[1].baa = BaaStatus.NOT_SIGNED
    again = {f.key: f for f in run(q, catalogue, a, (assets, vendors, sites)).findings}
    assert again["missing-baa"].vendor_ids == (2,) and again["unknown-baa"].vendor_ids == (8,)


def test_a_gap_and_its_finding_make_one_action(questionnaire: Questionnaire,
                                              catalogue: Catalogue) -> None:
    q = questionnaire
    a = answer_all(q, CLINIC_PROFILE, {"tech.encryption-at-rest": "no"})
    result = run(q, catalogue, a, small_clinic())
    keys = [x.key for x in result.actions]
    assert "q:tech.encryption-at-rest" not in keys
    action = result.actions[keys.index("find:unencrypted-portable")]
    assert action.question_id == "tech.encryption-at-rest"
    assert action.action.startswith("Encrypt these laptops: Laptop 6")
    assert action.steps[0].startswith("Turn on BitLocker")  # the question's own steps follow
    assert "unencrypted-portable" in {f.key for f in result.findings}


def test_long_plans_are_folded(questionnaire: Questionnaire) -> None:
    q = questionnaire
    ids = [x.id for x in q.questions() if x.module_id in ("administrative", "technical",
                                                            "physical", "documentation")
           and x.option("no") is not None and x.option("no").gap]  # type: ignore[union-attr]
    controls = "\n".join(f"      - {{question: {i}, lowers: likelihood, by: 1}}" for i in ids)
    text = f"""format: 1
id: threats
version: "1"
sources: [{{id: anyone, name: Anyone, kind: people-outside}}]
events:
  - id: everything
    title: Anything at all goes wrong
    sources: [anyone]
    applies_to: {{practice: true}}
    vulnerability: Everything
    likelihood: 5
    impact: 5
    controls:
{controls}
"""
    cat = parse_catalogue(text, "big.yaml", q)
    result = run(q, cat, answer_all(q, CLINIC_PROFILE, default="no"), small_clinic())
    assert len(ids) > MAX_ACTIONS
    assert len(result.actions) <= MAX_ACTIONS
    folded = [x for x in result.actions if x.key.startswith("rest:")]
    assert folded and all(x.action.startswith("Review the remaining") for x in folded)
    covered = sum(len(x.steps) for x in folded) + len(result.actions) - len(folded)
    assert covered >= len(ids) - len(result.findings)  # a finding may absorb its question


# ---------------------------------------------------------------- properties

ASSETS = st.builds(
    lambda kind, enc, owner, disp, ephi: (kind, enc, owner, disp, ephi),
    st.sampled_from(list(AssetKind)), st.sampled_from(list(Encryption)),
    st.sampled_from(["", "Dana"]), st.sampled_from(list(DisposalStatus)), st.booleans())
VENDORS = st.tuples(st.sampled_from(list(VendorKind)), st.booleans(),
                    st.sampled_from(list(BaaStatus)), st.sampled_from([None, -30, 30]))


def _inventory(raw_assets: list[tuple[AssetKind, Encryption, str, DisposalStatus, bool]],
               raw_vendors: list[tuple[VendorKind, bool, BaaStatus, int | None]], n_sites: int
               ) -> tuple[list[Asset], list[Vendor], list[Site]]:
    assets = [Asset(f"A{i}", kind, None, owner, ephi, enc, disp, id=i + 1)
              for i, (kind, enc, owner, disp, ephi) in enumerate(raw_assets)]
    vendors = [Vendor(f"V{i}", handles_ephi=ephi, baa=baa,
                      baa_expiry=None if days is None else TODAY + timedelta(days=days),
                      kind=kind, id=i + 1)
               for i, (kind, ephi, baa, days) in enumerate(raw_vendors)]
    return assets, vendors, [Site(f"S{i}", id=i + 1) for i in range(n_sites)]


def _control_ids(cat: Catalogue) -> list[str]:
    return sorted({c.question for e in cat.events for c in e.controls})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), raw_assets=st.lists(ASSETS, max_size=12),
       raw_vendors=st.lists(VENDORS, max_size=6), n_sites=st.integers(0, 2))
def test_properties(questionnaire: Questionnaire, catalogue: Catalogue, data: st.DataObject,
                    raw_assets: list[tuple[AssetKind, Encryption, str, DisposalStatus, bool]],
                    raw_vendors: list[tuple[VendorKind, bool, BaaStatus, int | None]],
                    n_sites: int) -> None:
    q = questionnaire
    answers = {k: Answer(1, k, v) for k, v in PROFILE_ALL.items()}
    for qid in _control_ids(catalogue):
        options = [None, *(o.value for o in q.question(qid).options)]
        choice = data.draw(st.sampled_from(options), label=qid)
        if choice is not None:
            answers[qid] = Answer(1, qid, choice)
    inventory = _inventory(raw_assets, raw_vendors, n_sites)
    result = run(q, catalogue, answers, inventory)

    risk_keys = {r.key for r in result.risks}
    assert len(risk_keys) == len(result.risks)
    for r in result.risks:
        assert 1 <= r.likelihood <= r.inherent_likelihood <= 5
        assert 1 <= r.impact <= r.inherent_impact <= 5
        assert set(r.finding_keys) <= {f.key for f in result.findings}
    for x in result.actions:
        assert set(x.risk_keys) <= risk_keys and x.reduction >= 0
    assert len({x.key for x in result.actions}) == len(result.actions)
    assert len(result.actions) <= MAX_ACTIONS
    # each business associate with patient data and no signed BAA is in exactly one BAA
    # finding: not signed -> missing, don't know -> unknown
    by_key = {f.key: set(f.vendor_ids) for f in result.findings}
    for v in inventory[1]:
        if v.kind is VendorKind.BUSINESS_ASSOCIATE and v.handles_ephi:
            want = {BaaStatus.NOT_SIGNED: "missing-baa",
                    BaaStatus.UNKNOWN: "unknown-baa"}.get(v.baa)
            got = {k for k in ("missing-baa", "unknown-baa") if v.id in by_key.get(k, ())}
            assert got == ({want} if want else set())
    # the same inputs give the same analysis, keys and all
    assert run(q, catalogue, answers, inventory) == result

    # a safer answer never raises a rating
    qid = data.draw(st.sampled_from(_control_ids(catalogue)), label="made safe")
    safer = {**answers, qid: Answer(1, qid, safe_choice(q, qid))}
    after = {r.key: r for r in run(q, catalogue, safer, inventory).risks}
    assert set(after) == risk_keys
    for r in result.risks:
        assert after[r.key].likelihood <= r.likelihood and after[r.key].impact <= r.impact
