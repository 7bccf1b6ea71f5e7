"""The practice and its assessments, as plain data.

Every record is a dataclass with an integer ``id`` (0 until the store gives it one).
Dates are ``datetime.date``, moments are ISO-8601 strings in UTC, lists of linked ids
are tuples. Enumerations are small ``StrEnum`` classes so they read well in JSON and SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PracticeType(StrEnum):
    PRIMARY_CARE = "primary_care"
    SPECIALTY = "specialty"
    DENTAL = "dental"
    BEHAVIORAL_HEALTH = "behavioral_health"
    PHYSICAL_THERAPY = "physical_therapy"
    OPTOMETRY = "optometry"
    PHARMACY = "pharmacy"
    OTHER = "other"


class SizeBand(StrEnum):
    SOLO = "1-5"
    SMALL = "6-15"
    MEDIUM = "16-50"
    LARGE = "51+"


class AssetKind(StrEnum):
    WORKSTATION = "workstation"
    LAPTOP = "laptop"
    PHONE_TABLET = "phone_tablet"
    SERVER = "server"
    NETWORK = "network_device"
    MEDICAL_DEVICE = "medical_device"
    PRINTER_SCANNER = "printer_scanner"
    REMOVABLE_MEDIA = "removable_media"
    CLOUD_SERVICE = "cloud_service"
    SOFTWARE = "software"
    PAPER = "paper_records"
    OTHER = "other"


class Encryption(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class BaaStatus(StrEnum):
    """Whether a vendor has signed a business associate agreement (BAA)."""

    SIGNED = "signed"
    NOT_SIGNED = "not_signed"
    UNKNOWN = "unknown"


class DisposalStatus(StrEnum):
    IN_USE = "in_use"
    SPARE = "spare"
    AWAITING_DISPOSAL = "awaiting_disposal"
    DISPOSED = "disposed"


class VendorKind(StrEnum):
    """What a vendor does with patient data, which decides what the rule asks of it."""

    BUSINESS_ASSOCIATE = "business_associate"  # creates, keeps or sends ePHI for the practice
    CONDUIT = "conduit"  # only carries data it does not keep (phone carrier, internet provider)
    TRACKING = "tracking"  # analytics or advertising on the website or app
    OTHER = "other"  # no patient data


class AssessmentStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class Decision(StrEnum):
    """The 164.306(d)(3) decision recorded for an addressable specification."""

    IMPLEMENTED = "implemented"
    ALTERNATIVE = "alternative"
    NOT_REASONABLE = "not_reasonable"


class RiskOrigin(StrEnum):
    """Where a risk in the register came from."""

    DERIVED = "derived"  # a threat event rated against the practice's records
    MANUAL = "manual"  # added by hand
    EARLIER = "earlier"  # made by an earlier version of the program (a gap list)


class RiskStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    MERGED = "merged"


class Treatment(StrEnum):
    MITIGATE = "mitigate"
    ACCEPT = "accept"
    TRANSFER = "transfer"
    AVOID = "avoid"


class RemediationStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"
    DEFERRED = "deferred"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Effort(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


OPEN_RISK_STATUSES = frozenset({RiskStatus.DRAFT, RiskStatus.CONFIRMED})
"""A risk in one of these is in the register: drafts and confirmed ones, not dismissed or
merged ones."""

OPEN_ITEM_STATUSES = frozenset({RemediationStatus.NOT_STARTED, RemediationStatus.IN_PROGRESS})
"""A remediation item in one of these still has work to do."""

FINISHED_ITEM_STATUSES = frozenset({RemediationStatus.DONE, RemediationStatus.VERIFIED})

PRIORITY_ORDER: dict[Priority, int] = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}


@dataclass
class Practice:
    """The practice profile: one per file."""

    name: str
    practice_type: PracticeType = PracticeType.PRIMARY_CARE
    size_band: SizeBand = SizeBand.SOLO
    address: str = ""
    security_official: str = ""
    privacy_official: str = ""
    assessor: str = ""
    logo_png: bytes | None = None
    created_at: str = ""
    id: int = 1


@dataclass
class Site:
    name: str
    address: str = ""
    notes: str = ""
    id: int = 0


@dataclass
class Asset:
    """Something that creates, holds, sends or reaches ePHI: a laptop, the EHR, a fax."""

    name: str
    kind: AssetKind = AssetKind.OTHER
    site_id: int | None = None
    owner: str = ""
    holds_ephi: bool = True
    encrypted_at_rest: Encryption = Encryption.UNKNOWN
    disposal_status: DisposalStatus = DisposalStatus.IN_USE
    notes: str = ""
    id: int = 0


# What ``Vendor.baa_problem`` says: one of these, or None.
BAA_MISSING = "no signed BAA"
BAA_UNKNOWN = "nobody knows whether a BAA is signed"
BAA_EXPIRED = "BAA expired"


@dataclass
class Vendor:
    """A vendor; a business associate when it handles ePHI on the practice's behalf."""

    name: str
    service: str = ""
    handles_ephi: bool = True
    baa: BaaStatus = BaaStatus.NOT_SIGNED
    baa_date: date | None = None
    baa_expiry: date | None = None
    contact: str = ""
    notes: str = ""
    kind: VendorKind = VendorKind.BUSINESS_ASSOCIATE
    id: int = 0

    def baa_problem(self, today: date) -> str | None:
        """Why this vendor's BAA needs attention, or None when it is fine. A carrier that
        only passes data along (a phone or internet company, the "conduit" exception) is
        never asked for a BAA."""
        if not self.handles_ephi or self.kind is VendorKind.CONDUIT:
            return None
        if self.baa is BaaStatus.UNKNOWN:
            return BAA_UNKNOWN
        if self.baa is not BaaStatus.SIGNED:
            return BAA_MISSING
        if self.baa_expiry is not None and self.baa_expiry < today:
            return BAA_EXPIRED
        return None


@dataclass
class Assessment:
    """One risk analysis of the practice: usually one a year."""

    title: str
    period_start: date | None = None
    period_end: date | None = None
    started_on: date | None = None
    status: AssessmentStatus = AssessmentStatus.IN_PROGRESS
    # module id -> questionnaire version the answers were given against
    questionnaire_versions: dict[str, str] = field(default_factory=dict)
    scope_site_ids: tuple[int, ...] = ()
    next_review: date | None = None
    # what would bring the review forward, one per line ("moving the EHR to the cloud")
    review_triggers: str = ""
    id: int = 0


@dataclass
class Answer:
    assessment_id: int
    question_id: str
    choice: str | None = None
    note: str = ""
    flagged: bool = False
    decision: Decision | None = None
    rationale: str = ""
    answered_by: str = ""
    answered_at: str = ""
    # carried over from last year's assessment and not yet re-confirmed this year
    carried: bool = False


@dataclass
class Risk:
    assessment_id: int
    title: str
    threat: str = ""
    vulnerability: str = ""
    likelihood: int = 3
    impact: int = 3
    treatment: Treatment = Treatment.MITIGATE
    status: RiskStatus = RiskStatus.DRAFT
    question_id: str | None = None
    site_ids: tuple[int, ...] = ()
    asset_ids: tuple[int, ...] = ()
    merged_into: int | None = None
    notes: str = ""
    # --- the risk analysis (schema 3): likelihood and impact above are the current rating
    key: str = ""  # stable identity of a derived risk across reconciliations ("" otherwise)
    origin: RiskOrigin = RiskOrigin.MANUAL
    vendor_ids: tuple[int, ...] = ()
    inherent_likelihood: int = 3
    inherent_impact: int = 3
    reasons: str = ""  # why the current rating is what it is, one sentence per line
    measures: str = ""  # the measures in place that lower it, one per line
    uncertain: bool = False  # rests on "Not sure" answers
    likelihood_override: int | None = None
    impact_override: int | None = None
    override_reason: str = ""
    treatment_reason: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    id: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RISK_STATUSES

    @property
    def rated_likelihood(self) -> int:
        """The likelihood the register shows: the person's override, else the derived one."""
        return self.likelihood_override or self.likelihood

    @property
    def rated_impact(self) -> int:
        return self.impact_override or self.impact


@dataclass
class RemediationItem:
    assessment_id: int
    action: str
    risk_id: int | None = None
    owner: str = ""
    due_date: date | None = None
    status: RemediationStatus = RemediationStatus.NOT_STARTED
    priority: Priority = Priority.MEDIUM
    effort: Effort = Effort.MEDIUM
    completed_date: date | None = None
    notes: str = ""
    # --- schema 3
    key: str = ""  # stable identity of a derived action ("" for one added by hand)
    risk_ids: tuple[int, ...] = ()  # every risk this action lowers (risk_id is the first)
    reduction: int = 0  # how much risk it takes away; "what to do first" sorts by it
    verified_by: str = ""
    verified_on: date | None = None
    id: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ITEM_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.due_date is not None and self.due_date < today and self.is_open

    @property
    def linked_risk_ids(self) -> tuple[int, ...]:
        """The risks this action lowers: its list, else the one risk it was made for."""
        return self.risk_ids or ((self.risk_id,) if self.risk_id is not None else ())

    def lowers(self, risk_id: int) -> bool:
        """Whether this action is one of risk ``risk_id``'s in the plan."""
        return risk_id == self.risk_id or risk_id in self.risk_ids


def period_order(a: Assessment) -> tuple[date, int]:
    """Sort key of assessments: the period covered, then the order made (the id). The rules
    built on it (latest, previous, next year) are in ``assessments.py``."""
    return (a.period_start or a.period_end or a.started_on or date.min, a.id)


@dataclass
class Evidence:
    """A file kept inside the practice file as proof behind one record: an answer
    (``assessment_id`` + ``question_id``), a risk, an action, a vendor or an asset. Its
    bytes are kept once per SHA-256 (``PracticeData.evidence_content``), so the same
    signed BAA attached to three vendors is stored once."""

    name: str  # the file's name as attached, shown and used by "save as"
    sha256: str  # 64 lowercase hex digits
    size: int = 0
    media_type: str = ""
    assessment_id: int | None = None
    question_id: str | None = None
    risk_id: int | None = None
    remediation_id: int | None = None
    vendor_id: int | None = None
    asset_id: int | None = None
    added_by: str = ""
    created_at: str = ""  # when it was attached
    note: str = ""
    id: int = 0


@dataclass
class PracticeData:
    """Everything in one practice file, in memory: what export, import and the report use."""

    practice: Practice
    sites: list[Site] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    vendors: list[Vendor] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    remediation: list[RemediationItem] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    # the evidence files' bytes by SHA-256: read from the store only when asked for
    # (export, import), never by the window or the report
    evidence_content: dict[str, bytes] = field(default_factory=dict, repr=False)

    def latest_assessment(self) -> Assessment | None:
        """The most recent assessment (``assessments.latest``: by period, then order made)."""
        return max(self.assessments, key=period_order) if self.assessments else None

    def answers_for(self, assessment_id: int) -> dict[str, Answer]:
        return {a.question_id: a for a in self.answers if a.assessment_id == assessment_id}

    def risks_for(self, assessment_id: int) -> list[Risk]:
        return [r for r in self.risks if r.assessment_id == assessment_id]

    def remediation_for(self, assessment_id: int) -> list[RemediationItem]:
        return [r for r in self.remediation if r.assessment_id == assessment_id]


# PracticeData's lists, in the order they are written (each after what it refers to): the
# store names its tables after them and the JSON export its keys.
COLLECTIONS: dict[str, type] = {
    "sites": Site,
    "assets": Asset,
    "vendors": Vendor,
    "assessments": Assessment,
    "answers": Answer,
    "risks": Risk,
    "remediation": RemediationItem,
    "evidence": Evidence,
}
