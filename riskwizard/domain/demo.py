"""A fictional, fully answered practice: for trying the program, screenshots, tests and
benchmarks. Deterministic for a given questionnaire, size and date."""

from __future__ import annotations

import random
from datetime import date, timedelta

from riskwizard.domain.assessments import new_assessment
from riskwizard.domain.model import (
    Answer,
    AssessmentStatus,
    Asset,
    AssetKind,
    BaaStatus,
    Decision,
    DisposalStatus,
    Encryption,
    Practice,
    PracticeData,
    PracticeType,
    RemediationStatus,
    RiskStatus,
    Site,
    SizeBand,
    Treatment,
    Vendor,
    VendorKind,
)
from riskwizard.domain.navigation import visible_questions
from riskwizard.domain.questionnaire import ModuleKind, Question, Questionnaire

STAFF = ["Dana Whitfield (office manager)", "Dr. Priya Raman", "Luis Ortega (IT contractor)",
         "Mei Chen (front desk lead)", "Dr. Samuel Okafor"]

SITES = [("Main clinic", "1420 Maple Grove Road, Springfield, IL 62704"),
         ("Westside satellite office", "88 Prairie Lane, Suite 3, Springfield, IL 62711"),
         ("Records storage room", "1420 Maple Grove Road, basement, Springfield, IL 62704")]

ASSET_TEMPLATES: list[tuple[str, AssetKind]] = [
    ("Front desk PC", AssetKind.WORKSTATION), ("Exam room PC", AssetKind.WORKSTATION),
    ("Physician laptop", AssetKind.LAPTOP), ("Billing laptop", AssetKind.LAPTOP),
    ("Practice phone (iPhone)", AssetKind.PHONE_TABLET),
    ("Check-in tablet", AssetKind.PHONE_TABLET),
    ("File server", AssetKind.SERVER), ("Wi-Fi router", AssetKind.NETWORK),
    ("Firewall", AssetKind.NETWORK), ("ECG machine", AssetKind.MEDICAL_DEVICE),
    ("Multifunction printer/scanner", AssetKind.PRINTER_SCANNER),
    ("Fax machine", AssetKind.PRINTER_SCANNER), ("Backup USB drive", AssetKind.REMOVABLE_MEDIA),
    ("Cloud EHR (ClearChart)", AssetKind.CLOUD_SERVICE),
    ("E-mail (hosted Microsoft 365)", AssetKind.CLOUD_SERVICE),
    ("Practice management software", AssetKind.SOFTWARE),
    ("Paper charts (pre-2015)", AssetKind.PAPER)]

SIGNED, NOT_SIGNED, UNKNOWN = BaaStatus.SIGNED, BaaStatus.NOT_SIGNED, BaaStatus.UNKNOWN
# name, service, handles patient data, BAA (the answering service: nobody knows)
VENDORS = [
    ("ClearChart EHR Inc.", "Cloud electronic health record", True, SIGNED),
    ("Prairie IT Services", "IT support and backups", True, SIGNED),
    ("Contoso Mail Hosting", "E-mail", True, SIGNED),
    ("VidVisit Telehealth", "Video visits", True, SIGNED),
    ("TextCare Messaging", "Patient text reminders", True, NOT_SIGNED),
    ("Sure Shred LLC", "Paper and drive shredding", True, SIGNED),
    ("Midwest Billing Partners", "Claims and billing", True, SIGNED),
    ("After Hours Answering Co.", "Answering service", True, UNKNOWN),
    ("SiteBuilder Pro", "Website hosting", False, NOT_SIGNED),
    ("CleanSweep Janitorial", "Office cleaning", False, NOT_SIGNED),
    ("LabLink Diagnostics", "Lab orders and results", True, SIGNED),
    ("CloudVault Backup", "Off-site backup", True, SIGNED),
    ("Prairie Telecom", "Phone lines and internet", True, NOT_SIGNED),
    ("PixelPoint Analytics", "Website visitor analytics", True, NOT_SIGNED)]

# What each demo vendor does with patient data (the rest are business associates when they
# handle it, and hold none otherwise).
VENDOR_KINDS = {"Prairie Telecom": VendorKind.CONDUIT,
                "PixelPoint Analytics": VendorKind.TRACKING}


def build_demo(questionnaire: Questionnaire, size: str = "small",
               today: date | None = None) -> PracticeData:
    """The demo practice. ``size="large"``: 2,000 assets, 300 vendors, 5 yearly assessments."""
    today = today or date.today()
    rng = random.Random(f"riskwizard-demo-{size}")
    large = size == "large"
    data = PracticeData(practice=Practice(
        name="Maple Grove Family Medicine", practice_type=PracticeType.PRIMARY_CARE,
        size_band=SizeBand.SMALL if not large else SizeBand.MEDIUM,
        address="1420 Maple Grove Road\nSpringfield, IL 62704",
        security_official="Dana Whitfield, Office Manager",
        privacy_official="Dr. Priya Raman, Medical Director",
        assessor="Dana Whitfield with Prairie IT Services",
        created_at=f"{today.year - (5 if large else 1)}-01-15T09:00:00Z"))
    data.sites = [Site(name, addr, id=i + 1) for i, (name, addr) in enumerate(SITES)]
    _add_assets(data, rng, 2000 if large else len(ASSET_TEMPLATES) + 8)
    _add_vendors(data, rng, 300 if large else len(VENDORS), today)
    years = 5 if large else 1
    for n in range(years):
        year = today.year - (years - 1 - n)
        _add_assessment(data, questionnaire, rng, year, n + 1, today if n == years - 1
                        else date(year, 12, 1), latest=n == years - 1)
    return data


def _add_assets(data: PracticeData, rng: random.Random, count: int) -> None:
    for i in range(count):
        name, kind = ASSET_TEMPLATES[i % len(ASSET_TEMPLATES)]
        if i >= len(ASSET_TEMPLATES):
            name = f"{name} #{i // len(ASSET_TEMPLATES) + 1}"
        portable = kind in (AssetKind.LAPTOP, AssetKind.PHONE_TABLET, AssetKind.REMOVABLE_MEDIA)
        encrypted = (Encryption.NOT_APPLICABLE if kind is AssetKind.PAPER else
                     rng.choice([Encryption.YES, Encryption.YES, Encryption.NO, Encryption.UNKNOWN])
                     if portable or kind is AssetKind.WORKSTATION else Encryption.YES)
        data.assets.append(Asset(
            name=name, kind=kind, site_id=1 if i % 4 else 2, owner=rng.choice(STAFF),
            holds_ephi=kind not in (AssetKind.NETWORK,), encrypted_at_rest=encrypted,
            disposal_status=(DisposalStatus.AWAITING_DISPOSAL if i % 23 == 7
                             else DisposalStatus.IN_USE),
            notes="Replaced hard drive in March; old drive sent to Sure Shred." if i == 3 else "",
            id=i + 1))


def _add_vendors(data: PracticeData, rng: random.Random, count: int, today: date) -> None:
    for i in range(count):
        name, service, ephi, baa = VENDORS[i % len(VENDORS)]
        if i >= len(VENDORS):
            name = f"{name.rstrip('.')} (region {i // len(VENDORS) + 1})"
        signed = (today - timedelta(days=rng.randint(60, 1500)) if baa is BaaStatus.SIGNED
                  else None)
        expiry = signed + timedelta(days=3 * 365) if signed and i % 5 != 0 else None
        kind = VENDOR_KINDS.get(VENDORS[i % len(VENDORS)][0], VendorKind.BUSINESS_ASSOCIATE
                                if ephi else VendorKind.OTHER)
        data.vendors.append(Vendor(
            name=name, service=service, handles_ephi=ephi, baa=baa, kind=kind,
            baa_date=signed, baa_expiry=expiry,
            contact=f"accounts{i + 1}@example.com", id=i + 1))


# Profile answers that fit the practice described above (about 12 staff, three sites); every
# other profile question is answered "yes", so the demo shows every optional module.
PROFILE_ANSWERS = {"small": {"profile.size": "6-15", "profile.sites": "two-three"},
                   "large": {"profile.size": "16-50", "profile.sites": "two-three"}}

# Which kinds of asset a gap in each section puts at risk (for linking demo risks).
AT_RISK: dict[str, tuple[AssetKind, ...]] = {
    "administrative": (AssetKind.CLOUD_SERVICE, AssetKind.SOFTWARE),
    "physical": (AssetKind.WORKSTATION, AssetKind.PAPER, AssetKind.PRINTER_SCANNER,
                 AssetKind.REMOVABLE_MEDIA, AssetKind.SERVER),
    "technical": (AssetKind.WORKSTATION, AssetKind.LAPTOP, AssetKind.SERVER,
                  AssetKind.CLOUD_SERVICE),
    "telehealth": (AssetKind.LAPTOP, AssetKind.PHONE_TABLET),
    "messaging": (AssetKind.PHONE_TABLET,),
    "tracking": (AssetKind.CLOUD_SERVICE,),
    "third-party": (AssetKind.CLOUD_SERVICE, AssetKind.SOFTWARE),
    "proposed-rule": (AssetKind.NETWORK, AssetKind.SERVER, AssetKind.WORKSTATION),
}


def _choose(question: Question, rng: random.Random, gap_rate: float,
            profile: dict[str, str]) -> str:
    safe = [o.value for o in question.options if not o.gap and o.value != "na"]
    gaps = [o.value for o in question.options if o.gap]
    if question.requirement.value == "profile":
        if question.option(profile.get(question.id)) is not None:
            return profile[question.id]
        return "yes" if question.option("yes") else question.options[0].value
    if gaps and rng.random() < gap_rate:
        return rng.choice(gaps)
    return safe[0] if safe else question.options[0].value


def _add_assessment(data: PracticeData, questionnaire: Questionnaire, rng: random.Random,
                    year: int, assessment_id: int, on: date, *, latest: bool) -> None:
    assessment = new_assessment(year, on - timedelta(days=21), questionnaire.versions(),
                                tuple(s.id for s in data.sites))
    assessment.status = AssessmentStatus.COMPLETE if not latest else AssessmentStatus.IN_PROGRESS
    assessment.id = assessment_id
    data.assessments.append(assessment)
    answers: dict[str, Answer] = {}
    stamp = f"{on.isoformat()}T10:00:00Z"
    # Profile first (it decides which modules show), then everything now visible.
    profile_ids = {q.id for m in questionnaire.modules if m.kind is ModuleKind.PROFILE
                   for q in m.questions}
    gap_rate = 0.35 - 0.05 * (assessment_id - 1) if not latest else 0.22
    previous = data.answers_for(assessment_id - 1)
    for _ in range(3):
        for q in visible_questions(questionnaire, answers):
            if q.id in answers:
                continue
            choice = _choose(q, rng, gap_rate, PROFILE_ANSWERS["large" if len(data.assets) > 100
                                                                else "small"])
            before = previous.get(q.id)
            last = q.option(before.choice) if before is not None else None
            if last is not None and q.id not in profile_ids:
                # A year later most things are as they were: about half of last year's gaps
                # are fixed, and a few new ones appear.
                if last.gap:  # fixed, or still open
                    choice = _choose(q, rng, 0.0, {}) if rng.random() < 0.5 else last.value
                else:  # a new gap, or as it was
                    choice = _choose(q, rng, 1.0, {}) if rng.random() < 0.06 else last.value
            answer = Answer(assessment_id, q.id, choice, answered_by=STAFF[0], answered_at=stamp)
            option = q.option(choice)
            if q.addressable and option is not None and option.gap:
                if rng.random() < 0.3:
                    answer.decision = Decision.ALTERNATIVE
                    answer.rationale = ("We use a written sign-in log checked weekly by the "
                                        "office manager instead.")
            if q.id not in profile_ids and rng.random() < 0.12:
                answer.note = rng.choice([
                    "Luis checks this every quarter; last check in September.",
                    "Only the two physicians' laptops; front desk PCs still to do.",
                    "Policy exists but is from 2019 and needs a refresh.",
                    "Ask ClearChart support to confirm — they said yes on the phone.",
                ])
            answers[q.id] = answer
    flaggable = [a for a in answers.values() if a.question_id not in profile_ids]
    for a in flaggable[5:8:2] if latest else []:
        a.flagged = True
        a.note = a.note or "Check with Dr. Raman before finalizing."
    data.answers.extend(answers[k] for k in sorted(answers))
    _add_risks(data, questionnaire, rng, answers, assessment_id, on, latest=latest)


def _add_risks(data: PracticeData, questionnaire: Questionnaire, rng: random.Random,
               answers: dict[str, Answer], assessment_id: int, on: date, *, latest: bool) -> None:
    """The derived register and plan, then what the practice decided about them: most risks
    confirmed, one low one accepted with a reason, actions shared out and under way."""
    from riskwizard.domain.register import derive_in_memory

    assessment = next(a for a in data.assessments if a.id == assessment_id)
    derived = derive_in_memory(data, questionnaire, on, [assessment])
    data.risks, data.remediation = derived.risks, derived.remediation
    mine = [r for r in data.risks if r.assessment_id == assessment_id]
    for i, risk in enumerate(mine):
        risk.status = RiskStatus.CONFIRMED if not latest or i % 6 else RiskStatus.DRAFT
    lowest = min(mine, key=lambda r: (r.likelihood * r.impact, r.id), default=None)
    if lowest is not None:
        lowest.status = RiskStatus.CONFIRMED
        lowest.treatment = Treatment.ACCEPT
        lowest.treatment_reason = ("Low on its own and costly to lower further; looked at "
                                   "again at the yearly review.")
        lowest.decided_by = "Dr. Priya Raman"
        lowest.decided_on = on - timedelta(days=14)
    # The plan as those decisions leave it (an accepted risk gets no actions).
    derived = derive_in_memory(data, questionnaire, on, [assessment])
    data.risks, data.remediation = derived.risks, derived.remediation
    for j, item in enumerate(i for i in data.remediation if i.assessment_id == assessment_id):
        item.owner = STAFF[j % len(STAFF)]
        roll = rng.random()
        if not latest or roll < 0.25:
            item.status = RemediationStatus.DONE
            item.completed_date = min(on, (item.due_date or on) - timedelta(days=3))
        elif roll < 0.55:
            item.status = RemediationStatus.IN_PROGRESS
        if latest and j % 7 == 2 and item.status is not RemediationStatus.DONE:
            item.due_date = on - timedelta(days=10 + j % 3)  # overdue, on purpose
