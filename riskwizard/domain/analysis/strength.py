"""How strongly an answer puts a control in place: the step from "what the practice said"
to "how much this lowers a risk"."""

from __future__ import annotations

from enum import StrEnum

from riskwizard.domain.model import Answer, Decision
from riskwizard.domain.navigation import effective_decision
from riskwizard.domain.questionnaire import NOT_SURE, Question

HALF_VALUES = frozenset({"partly", "sometimes"})
NOT_APPLICABLE_VALUE = "na"


class Strength(StrEnum):
    """How far a control is in place, as the answers tell it."""

    FULL = "full"  # in place: takes off all its steps
    HALF = "half"  # partly in place: half its steps
    NONE = "none"  # not in place
    UNKNOWN = "unknown"  # "Not sure": nothing taken off, and the rating is uncertain
    NOT_APPLICABLE = "not_applicable"  # "Does not apply to us": left out
    NOT_ANSWERED = "not_answered"  # asked but not answered yet: left out
    NOT_ASKED = "not_asked"  # hidden by the profile, or a proposed-rule question: left out

    @property
    def counts(self) -> bool:
        """Whether the control takes part in the rating at all."""
        return self not in (Strength.NOT_APPLICABLE, Strength.NOT_ANSWERED, Strength.NOT_ASKED)

    @property
    def fraction(self) -> float:
        """The share of the control's steps this takes off."""
        return 1.0 if self is Strength.FULL else 0.5 if self is Strength.HALF else 0.0

    @property
    def is_gap(self) -> bool:
        """A weakness to act on (or, for UNKNOWN, to find out about)."""
        return self in (Strength.HALF, Strength.NONE, Strength.UNKNOWN)


def answer_strength(question: Question, answer: Answer | None, *, visible: bool = True,
                    proposed: bool = False) -> Strength:
    """The strength of one answer to a control question.

    A safe answer is FULL (except "Does not apply to us"); "Partly" and "Sometimes" are HALF;
    "Not sure" is UNKNOWN; any other gap answer is NONE. For an addressable specification,
    a documented equivalent alternative counts FULL, "not reasonable for us" counts NONE.
    Hidden questions, unanswered ones and proposed-rule questions do not count.
    """
    if proposed or not visible:
        return Strength.NOT_ASKED
    option = question.option(answer.choice) if answer is not None else None
    if answer is None or option is None:
        return Strength.NOT_ANSWERED
    if option.value == NOT_APPLICABLE_VALUE and not option.gap:
        return Strength.NOT_APPLICABLE
    decision = effective_decision(question, answer)
    if decision is Decision.NOT_REASONABLE:
        return Strength.NONE
    if decision is Decision.ALTERNATIVE:
        return Strength.FULL
    if not option.gap:
        return Strength.FULL
    if option.value == NOT_SURE:
        return Strength.UNKNOWN
    if option.value in HALF_VALUES:
        return Strength.HALF
    return Strength.NONE
