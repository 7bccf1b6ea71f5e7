"""Plain-English words for the model's enumerations, as a clinic manager would say them."""

from __future__ import annotations

from enum import StrEnum

from riskwizard.domain.model import (
    AssetKind,
    Decision,
    DisposalStatus,
    Effort,
    Encryption,
    PracticeType,
    Priority,
    RemediationStatus,
    RiskStatus,
    SizeBand,
    Treatment,
)
from riskwizard.domain.questionnaire import Requirement

LABELS: dict[StrEnum, str] = {
    PracticeType.PRIMARY_CARE: "Primary care", PracticeType.SPECIALTY: "Specialty clinic",
    PracticeType.DENTAL: "Dental", PracticeType.BEHAVIORAL_HEALTH: "Behavioral health",
    PracticeType.PHYSICAL_THERAPY: "Physical therapy", PracticeType.OPTOMETRY: "Optometry",
    PracticeType.PHARMACY: "Pharmacy", PracticeType.OTHER: "Other",
    SizeBand.SOLO: "1–5 people", SizeBand.SMALL: "6–15 people",
    SizeBand.MEDIUM: "16–50 people", SizeBand.LARGE: "More than 50 people",
    AssetKind.WORKSTATION: "Desktop computer", AssetKind.LAPTOP: "Laptop",
    AssetKind.PHONE_TABLET: "Phone or tablet", AssetKind.SERVER: "Server",
    AssetKind.NETWORK: "Network device", AssetKind.MEDICAL_DEVICE: "Medical device",
    AssetKind.PRINTER_SCANNER: "Printer, scanner or fax",
    AssetKind.REMOVABLE_MEDIA: "USB drive or disc", AssetKind.CLOUD_SERVICE: "Online service",
    AssetKind.SOFTWARE: "Software", AssetKind.PAPER: "Paper records", AssetKind.OTHER: "Other",
    Encryption.YES: "Yes", Encryption.NO: "No", Encryption.UNKNOWN: "Don't know",
    Encryption.NOT_APPLICABLE: "Does not apply",
    DisposalStatus.IN_USE: "In use", DisposalStatus.SPARE: "Spare",
    DisposalStatus.AWAITING_DISPOSAL: "Waiting to be disposed of",
    DisposalStatus.DISPOSED: "Disposed of",
    Decision.IMPLEMENTED: "We do this",
    Decision.ALTERNATIVE: "We do something else that works as well",
    Decision.NOT_REASONABLE: "Not reasonable for a practice like ours",
    RiskStatus.DRAFT: "To review", RiskStatus.CONFIRMED: "Confirmed",
    RiskStatus.DISMISSED: "Dismissed", RiskStatus.MERGED: "Merged",
    Treatment.MITIGATE: "Fix it", Treatment.ACCEPT: "Accept it",
    Treatment.TRANSFER: "Pass it on (insurance)", Treatment.AVOID: "Stop doing it",
    RemediationStatus.NOT_STARTED: "Not started", RemediationStatus.IN_PROGRESS: "In progress",
    RemediationStatus.DONE: "Done", RemediationStatus.DEFERRED: "Put off",
    Priority.HIGH: "High", Priority.MEDIUM: "Medium", Priority.LOW: "Low",
    Effort.LOW: "Small", Effort.MEDIUM: "Medium", Effort.HIGH: "Large",
}

REQUIREMENT_WORDS: dict[Requirement, str] = {
    Requirement.REQUIRED: "Required: the HIPAA Security Rule says every practice must do this.",
    Requirement.ADDRESSABLE: (
        "Addressable: do it, do something that works as well, or write down why it "
        "is not reasonable for your practice."),
    Requirement.PROPOSED: "Proposed: HHS has proposed making this required.",
    Requirement.BEST_PRACTICE: "Good practice: not required by law, but widely recommended.",
    Requirement.PROFILE: "About your practice: this decides which questions apply to you.",
}


def label(value: StrEnum | None) -> str:
    if value is None:
        return ""
    return LABELS.get(value, str(value).replace("_", " ").capitalize())


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"
