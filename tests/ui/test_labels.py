"""The words the window shows for the model's enumerations: every member of every enum has
its own words, and the words the PDF uses where the two show the same thing."""

from __future__ import annotations

from enum import StrEnum

import pytest

from riskwizard.domain.labels import LABELS, TREATMENT_HELP, explain, label
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
    RiskStatus,
    SizeBand,
    Treatment,
)

EXPECTED: dict[type[StrEnum], dict[str, str]] = {
    # The words the PDF shares with the window (riskwizard/report/sections/).
    Priority: {"high": "High", "medium": "Medium", "low": "Low"},
    RiskStatus: {"draft": "Draft", "confirmed": "Confirmed", "dismissed": "Dismissed",
                 "merged": "Merged"},
    Treatment: {"mitigate": "Mitigate", "accept": "Accept", "transfer": "Transfer",
                "avoid": "Avoid"},
    RemediationStatus: {"not_started": "Not started", "in_progress": "In progress",
                        "done": "Done", "verified": "Verified", "deferred": "Deferred"},
    # The window's own words.
    Effort: {"low": "Small", "medium": "Medium", "high": "Large"},
    Encryption: {"yes": "Yes", "no": "No", "unknown": "Don't know",
                 "not_applicable": "Does not apply"},
    BaaStatus: {"signed": "Signed", "not_signed": "Not signed", "unknown": "Don't know"},
}


@pytest.mark.parametrize("enum", list(EXPECTED), ids=lambda e: e.__name__)
def test_each_enums_labels_are_its_own(enum: type[StrEnum]) -> None:
    assert {m.value: label(m) for m in enum} == EXPECTED[enum]


@pytest.mark.parametrize("enum", [PracticeType, SizeBand, AssetKind, Encryption, BaaStatus,
                                  DisposalStatus, Decision, RiskStatus, Treatment,
                                  RemediationStatus, Priority, Effort],
                         ids=lambda e: e.__name__)
def test_every_member_has_words_of_its_own(enum: type[StrEnum]) -> None:
    words = [label(m) for m in enum]
    assert set(LABELS[enum]) == set(enum)
    assert all(w and "_" not in w for w in words)
    assert len(set(words)) == len(words), words


def test_priority_and_effort_share_values_but_not_words() -> None:
    assert Priority.HIGH == Effort.HIGH  # both are the string "high"
    assert label(Priority.HIGH) == "High" and label(Effort.HIGH) == "Large"
    assert label(Priority.LOW) == "Low" and label(Effort.LOW) == "Small"


def test_each_treatment_is_explained_plainly() -> None:
    for t in Treatment:
        assert explain(t) == TREATMENT_HELP[t]
        assert explain(t).startswith(f"{label(t)}: ")
    assert explain(Priority.HIGH) == ""


def test_every_requirement_has_its_own_formal_word() -> None:
    """The PDF's word for each kind of requirement is its own, never a fallback, and the
    measure that meets a required standard is never called Required."""
    from riskwizard.domain.labels import FORMAL, formal
    from riskwizard.domain.questionnaire import Requirement

    words = {r: formal(r) for r in Requirement}
    assert set(FORMAL[Requirement]) == set(Requirement)
    assert len(set(words.values())) == len(words)
    assert "Required" != words[Requirement.MEASURE]
