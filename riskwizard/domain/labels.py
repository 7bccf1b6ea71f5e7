"""Plain-English words for the model's enumerations, as a clinic manager would say them:
one source for the window and the PDF."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from riskwizard.domain.model import (
    AssetKind,
    BaaStatus,
    Decision,
    DisposalStatus,
    Effort,
    Encryption,
    PracticeType,
    Priority,
    RemediationStatus,
    RiskOrigin,
    RiskStatus,
    SizeBand,
    Treatment,
    VendorKind,
)
from riskwizard.domain.questionnaire import Requirement

# One table per enumeration: several of them share values ("high", "low", "other"), and a
# StrEnum member equals its string, so one shared table would let one enum's words replace
# another's (priority "High" once read "Large", the effort word).
LABELS: dict[type[StrEnum], dict[Any, str]] = {
    PracticeType: {
        PracticeType.PRIMARY_CARE: "Primary care", PracticeType.SPECIALTY: "Specialty clinic",
        PracticeType.DENTAL: "Dental", PracticeType.BEHAVIORAL_HEALTH: "Behavioral health",
        PracticeType.PHYSICAL_THERAPY: "Physical therapy", PracticeType.OPTOMETRY: "Optometry",
        PracticeType.PHARMACY: "Pharmacy", PracticeType.OTHER: "Other"},
    SizeBand: {
        SizeBand.SOLO: "1–5 people", SizeBand.SMALL: "6–15 people",
        SizeBand.MEDIUM: "16–50 people", SizeBand.LARGE: "More than 50 people"},
    AssetKind: {
        AssetKind.WORKSTATION: "Desktop computer", AssetKind.LAPTOP: "Laptop",
        AssetKind.PHONE_TABLET: "Phone or tablet", AssetKind.SERVER: "Server",
        AssetKind.NETWORK: "Network device", AssetKind.MEDICAL_DEVICE: "Medical device",
        AssetKind.PRINTER_SCANNER: "Printer, scanner or fax",
        AssetKind.REMOVABLE_MEDIA: "USB drive or disc", AssetKind.CLOUD_SERVICE: "Online service",
        AssetKind.SOFTWARE: "Software", AssetKind.PAPER: "Paper records",
        AssetKind.OTHER: "Other"},
    VendorKind: {
        VendorKind.BUSINESS_ASSOCIATE: "Business associate",
        VendorKind.CONDUIT: "Only carries data (phone, internet)",
        VendorKind.TRACKING: "Tracking or advertising",
        VendorKind.OTHER: "No patient data"},
    RiskOrigin: {
        RiskOrigin.DERIVED: "From the analysis", RiskOrigin.MANUAL: "Added by hand",
        RiskOrigin.EARLIER: "From an earlier version"},
    BaaStatus: {
        BaaStatus.SIGNED: "Signed", BaaStatus.NOT_SIGNED: "Not signed",
        BaaStatus.UNKNOWN: "Don't know"},
    Encryption: {
        Encryption.YES: "Yes", Encryption.NO: "No", Encryption.UNKNOWN: "Don't know",
        Encryption.NOT_APPLICABLE: "Does not apply"},
    DisposalStatus: {
        DisposalStatus.IN_USE: "In use", DisposalStatus.SPARE: "Spare",
        DisposalStatus.AWAITING_DISPOSAL: "Waiting to be disposed of",
        DisposalStatus.DISPOSED: "Disposed of"},
    Decision: {
        Decision.IMPLEMENTED: "We do this",
        Decision.ALTERNATIVE: "We do something else that works as well",
        Decision.NOT_REASONABLE: "Not reasonable for a practice like ours"},
    # The report's words (riskwizard/report): the window and the PDF say the same thing.
    RiskStatus: {
        RiskStatus.DRAFT: "Draft", RiskStatus.CONFIRMED: "Confirmed",
        RiskStatus.DISMISSED: "Dismissed", RiskStatus.MERGED: "Merged"},
    Treatment: {
        Treatment.MITIGATE: "Mitigate", Treatment.ACCEPT: "Accept",
        Treatment.TRANSFER: "Transfer", Treatment.AVOID: "Avoid"},
    RemediationStatus: {
        RemediationStatus.NOT_STARTED: "Not started",
        RemediationStatus.IN_PROGRESS: "In progress",
        RemediationStatus.DONE: "Done", RemediationStatus.VERIFIED: "Verified",
        RemediationStatus.DEFERRED: "Deferred"},
    Priority: {Priority.HIGH: "High", Priority.MEDIUM: "Medium", Priority.LOW: "Low"},
    Effort: {Effort.LOW: "Small", Effort.MEDIUM: "Medium", Effort.HIGH: "Large"},
}

TREATMENT_HELP: dict[Treatment, str] = {
    Treatment.MITIGATE: "Mitigate: take steps that make it less likely or less harmful "
                        "(the usual choice).",
    Treatment.ACCEPT: "Accept: live with it, and write down why.",
    Treatment.TRANSFER: "Transfer: let insurance or a vendor carry it.",
    Treatment.AVOID: "Avoid: stop doing the thing that causes it.",
}
"""What each treatment means, in plain words (for tooltips)."""

REQUIREMENT_WORDS: dict[Requirement, str] = {
    Requirement.REQUIRED: "Required: the HIPAA Security Rule says every practice must do this.",
    Requirement.MEASURE: (
        "Measure for a required standard: the rule requires the standard, not this exact "
        "tool. It is a common way to meet it; your risk analysis decides what you use."),
    Requirement.ADDRESSABLE: (
        "Addressable: do it, do something that works as well, or write down why it "
        "is not reasonable for your practice."),
    Requirement.PROPOSED: "Proposed: HHS has proposed making this required.",
    Requirement.BEST_PRACTICE: "Good practice: not required by law, but widely recommended.",
    Requirement.PROFILE: "About your practice: this decides which questions apply to you.",
}


# The rule's own terms, where the printed record names a thing as the Security Rule does
# (the window asks in plainer words: "We do this" for "Implemented").
FORMAL: dict[type[StrEnum], dict[Any, str]] = {
    Decision: {
        Decision.IMPLEMENTED: "Implemented",
        Decision.ALTERNATIVE: "Equivalent alternative measure",
        Decision.NOT_REASONABLE: "Not reasonable and appropriate"},
    Requirement: {
        Requirement.REQUIRED: "Required", Requirement.ADDRESSABLE: "Addressable",
        Requirement.PROPOSED: "Proposed rule", Requirement.BEST_PRACTICE: "Best practice",
        Requirement.MEASURE: "Measure for a required standard",
        Requirement.PROFILE: "Profile"},
}


def label(value: StrEnum | None) -> str:
    """The words for an enumeration member, from its own enumeration's table."""
    if value is None:
        return ""
    words = LABELS.get(type(value), {})
    return words.get(value, str(value).replace("_", " ").capitalize())


def formal(value: StrEnum | None) -> str:
    """The Security Rule's own term for a member (the PDF's words), else its ``label``."""
    if value is None:
        return ""
    return FORMAL.get(type(value), {}).get(value) or label(value)


def explain(value: StrEnum | None) -> str:
    """A plain explanation of an enumeration member, where one helps (else "")."""
    if isinstance(value, Treatment):
        return TREATMENT_HELP[value]
    return ""


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"
