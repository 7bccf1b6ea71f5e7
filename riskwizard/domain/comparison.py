"""Year over year: what changed between two assessments of the same practice.

A gap is counted where its question is shown for that assessment (``visible_questions``) and
its answer shows a weakness (``is_gap``). A gap from last time is *closed* only by an answer
that shows the safeguard in place, or when the question no longer applies to the practice; a
gap from last time with no answer yet this time is still open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from riskwizard.domain.model import Answer, Assessment, Decision
from riskwizard.domain.navigation import effective_decision, is_gap, visible_questions
from riskwizard.domain.questionnaire import Question, Questionnaire

Answers = Mapping[str, Answer]

NOT_ASKED = "not asked"
NOT_ANSWERED = "not answered"


def _order(a: Assessment) -> tuple[date, int]:
    return (a.period_start or a.period_end or a.started_on or date.min, a.id)


def previous_assessment(assessments: Iterable[Assessment],
                        current: Assessment) -> Assessment | None:
    """The assessment just before ``current``: by period, then by id (the order made)."""
    key = _order(current)
    earlier = [a for a in assessments if a.id != current.id and _order(a) < key]
    return max(earlier, key=_order) if earlier else None


DECISION_NOTES = {Decision.ALTERNATIVE: "equivalent measure instead",
                  Decision.NOT_REASONABLE: "judged not reasonable"}


def describe(question: Question, answer: Answer | None, asked: bool = True) -> str:
    """An answer in words: the option's label ("No", or "No (equivalent measure instead)"
    for an addressable specification met another way), "not answered" or "not asked"."""
    if not asked:
        return NOT_ASKED
    option = question.option(answer.choice if answer else None)
    if option is None:
        return NOT_ANSWERED
    decision = effective_decision(question, answer)
    note = DECISION_NOTES.get(decision) if decision is not None else None
    return f"{option.label} ({note})" if note else option.label


@dataclass(frozen=True)
class Change:
    """One question, as it was answered before and as it is answered now."""

    question: Question
    before: Answer | None
    after: Answer | None
    asked_before: bool
    asked_after: bool
    gap_before: bool
    gap_after: bool

    @property
    def before_text(self) -> str:
        return describe(self.question, self.before, self.asked_before)

    @property
    def after_text(self) -> str:
        return describe(self.question, self.after, self.asked_after)

    @property
    def answer_changed(self) -> bool:
        """The choice (or, for an addressable question, the decision) is not the same."""
        if self.asked_before != self.asked_after:
            return True
        b, a = self.before, self.after
        if (b.choice if b else None) != (a.choice if a else None):
            return True
        return (effective_decision(self.question, b)
                != effective_decision(self.question, a))


@dataclass(frozen=True)
class ModuleCounts:
    """How one section changed."""

    changed: int = 0
    new_gaps: int = 0
    closed: int = 0
    still_open: int = 0


@dataclass(frozen=True)
class Comparison:
    """Two assessments side by side; every list is in questionnaire order."""

    changed: list[Change] = field(default_factory=list)
    new_gaps: list[Change] = field(default_factory=list)
    closed: list[Change] = field(default_factory=list)
    still_open: list[Change] = field(default_factory=list)
    by_module: dict[str, ModuleCounts] = field(default_factory=dict)

    def other_changes(self) -> list[Change]:
        """Changed answers that neither opened nor closed a gap."""
        ids = {c.question.id for c in (*self.new_gaps, *self.closed)}
        return [c for c in self.changed if c.question.id not in ids]


def compare(questionnaire: Questionnaire, before: Answers, after: Answers) -> Comparison:
    """What changed from the answers ``before`` to the answers ``after``."""
    shown_before = {q.id for q in visible_questions(questionnaire, before)}
    shown_after = {q.id for q in visible_questions(questionnaire, after)}
    changed: list[Change] = []
    new_gaps: list[Change] = []
    closed: list[Change] = []
    still_open: list[Change] = []
    counts: dict[str, dict[str, int]] = {}
    for q in questionnaire.questions():
        asked_before, asked_after = q.id in shown_before, q.id in shown_after
        if not (asked_before or asked_after):
            continue
        b, a = before.get(q.id), after.get(q.id)
        change = Change(q, b, a, asked_before, asked_after,
                        asked_before and is_gap(q, b), asked_after and is_gap(q, a))
        tally = counts.setdefault(q.module_id, {})
        if change.answer_changed and (b is not None or a is not None):
            changed.append(change)
            tally["changed"] = tally.get("changed", 0) + 1
        if change.gap_after and not change.gap_before:
            new_gaps.append(change)
            tally["new_gaps"] = tally.get("new_gaps", 0) + 1
        elif change.gap_before and (change.gap_after or (asked_after and _unanswered(q, a))):
            still_open.append(change)
            tally["still_open"] = tally.get("still_open", 0) + 1
        elif change.gap_before:
            closed.append(change)
            tally["closed"] = tally.get("closed", 0) + 1
    by_module = {m.id: ModuleCounts(**counts[m.id]) for m in questionnaire.modules
                 if m.id in counts and any(counts[m.id].values())}
    return Comparison(changed, new_gaps, closed, still_open, by_module)


def _unanswered(question: Question, answer: Answer | None) -> bool:
    return question.option(answer.choice if answer else None) is None
