"""Year over year: what changed between two assessments of the same practice.

A gap is counted where its question is shown for that assessment (``visible_questions``) and
its answer shows a weakness (``is_gap``). A gap from last time is *closed* only by an answer
that shows the safeguard in place, or when the question no longer applies to the practice; a
gap from last time with no answer yet this time is still open.

While the current assessment is unfinished, a question answered last time but not yet this
time (directly, or because a question it depends on is unanswered) is *pending*: it is not
counted as changed, and a gap among such questions stays open rather than closed. The
window, the PDF and every export read this one ``compare``.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from riskwizard.domain.assessments import previous
from riskwizard.domain.model import Answer, Decision
from riskwizard.domain.navigation import effective_decision, is_gap, visible_questions
from riskwizard.domain.questionnaire import Question, Questionnaire

Answers = Mapping[str, Answer]

NOT_ASKED = "not asked"
NOT_ANSWERED = "not answered"


# "Which assessment came before" has one home, in assessments.py.
previous_assessment = previous


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
    """Two assessments side by side; every list is in questionnaire order.

    ``closed``, ``new_gaps`` and ``still_open`` never share a question; ``changed`` and
    ``pending`` neither. ``waiting`` holds the ids of every listed question that is not
    answered this time yet (``pending`` ones, and gaps kept open for want of an answer).
    """

    changed: list[Change] = field(default_factory=list)
    new_gaps: list[Change] = field(default_factory=list)
    closed: list[Change] = field(default_factory=list)
    still_open: list[Change] = field(default_factory=list)
    by_module: dict[str, ModuleCounts] = field(default_factory=dict)
    pending: list[Change] = field(default_factory=list)
    waiting: frozenset[str] = frozenset()

    def other_changes(self) -> list[Change]:
        """Changed answers that neither opened nor closed a gap."""
        ids = {c.question.id for c in (*self.new_gaps, *self.closed)}
        return [c for c in self.changed if c.question.id not in ids]

    def is_pending(self, change: Change) -> bool:
        """The question is not answered this time yet (so it is not counted as changed)."""
        return change.question.id in self.waiting


def _triggers(questionnaire: Questionnaire) -> frozenset[str]:
    """The questions whose answers can show or hide others (named in a condition): an answer
    to any other question leaves every question's visibility as it was."""
    named: set[str] = set()
    for m in questionnaire.modules:
        if m.shows_when is not None:
            named |= m.shows_when.questions()
        for q in m.questions:
            if q.shows_when is not None:
                named |= q.shows_when.questions()
    return frozenset(named)


_Shown = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _shown(questionnaire: Questionnaire, before: Answers, after: Answers) -> _Shown:
    """The questions shown last time, shown now, and that *could* be shown now: shown if the
    questions not answered yet kept last time's answers (then a question not shown now is
    hidden only for want of an answer, not because it no longer applies)."""
    given = {k: a for k, a in after.items()
             if questionnaire.has_question(k) and answered(questionnaire.question(k), a)}
    return (frozenset(q.id for q in visible_questions(questionnaire, before)),
            frozenset(q.id for q in visible_questions(questionnaire, after)),
            frozenset(q.id for q in visible_questions(questionnaire, {**before, **given})))


@dataclass(frozen=True)
class _Row:
    """One question's place in a comparison: the rule, question by question."""

    change: Change
    group: str | None
    """"changed" or "pending" (its answer changed), or None."""
    gap: str | None
    """"new_gaps", "still_open" or "closed", or None."""
    waiting: bool


def _row(q: Question, before: Answers, after: Answers, shown: _Shown) -> _Row | None:
    """Where question ``q`` stands (None: asked neither time)."""
    shown_before, shown_after, could_show = shown
    asked_before, asked_after = q.id in shown_before, q.id in shown_after
    if not (asked_before or asked_after):
        return None
    b, a = before.get(q.id), after.get(q.id)
    change = Change(q, b, a, asked_before, asked_after,
                    asked_before and is_gap(q, b), asked_after and is_gap(q, a))
    unsettled = (not answered(q, a)) if asked_after else q.id in could_show
    group = None
    waiting = False
    if change.answer_changed and (b is not None or a is not None):
        group = "pending" if unsettled else "changed"
        waiting = unsettled
    gap = None
    if change.gap_after and not change.gap_before:
        gap = "new_gaps"
    elif change.gap_before and (change.gap_after or unsettled):
        gap = "still_open"
        waiting = waiting or unsettled
    elif change.gap_before:
        gap = "closed"
    return _Row(change, group, gap, waiting)


class Comparer:
    """``compare``, kept from one call to the next: after an answer, only the questions it
    touched are worked out again (and, when it was an answer that shows or hides others,
    those whose visibility moved). What changed is found by comparing the answers with the
    ones of the last call, answer by answer, *by identity*: the answers are replaced when
    they change, never changed in place (as the session does). Gives the same ``Comparison``
    as a fresh ``compare`` (a test holds it to that after any sequence of changes)."""

    def __init__(self, most: float = 0.25) -> None:
        self.most = most
        """Past this share of the questions touched, everything is worked out afresh."""
        self.recomputed = 0
        """How many questions the last call worked out again (for tests)."""
        self._questionnaire: Questionnaire | None = None
        self._order: list[Question] = []
        self._triggers: frozenset[str] = frozenset()
        self._before: dict[str, Answer] = {}
        self._after: dict[str, Answer] = {}
        self._shown: _Shown = (frozenset(), frozenset(), frozenset())
        self._rows: dict[str, _Row | None] = {}

    def compare(self, questionnaire: Questionnaire, before: Answers, after: Answers
                ) -> Comparison:
        touched: set[str] | None = None
        if questionnaire is self._questionnaire:
            touched = _touched(self._before, before) | _touched(self._after, after)
            if len(touched) > self.most * len(self._order):
                touched = None
        if touched is None:  # afresh
            self._questionnaire = questionnaire
            self._order = list(questionnaire.questions())
            self._triggers = _triggers(questionnaire)
            self._shown = _shown(questionnaire, before, after)
            self._rows = {q.id: _row(q, before, after, self._shown) for q in self._order}
            self.recomputed = len(self._order)
        else:
            if touched & self._triggers:
                shown = _shown(questionnaire, before, after)
                for old, new in zip(self._shown, shown, strict=True):
                    touched |= old ^ new
                self._shown = shown
            touched = {k for k in touched if questionnaire.has_question(k)}
            for k in touched:
                self._rows[k] = _row(questionnaire.question(k), before, after, self._shown)
            self.recomputed = len(touched)
        self._before, self._after = dict(before), dict(after)
        return self._comparison(questionnaire)

    def _comparison(self, questionnaire: Questionnaire) -> Comparison:
        groups: dict[str, list[Change]] = {
            "changed": [], "pending": [], "new_gaps": [], "closed": [], "still_open": []}
        waiting: set[str] = set()
        for q in self._order:
            row = self._rows[q.id]
            if row is None:
                continue
            if row.group is not None:
                groups[row.group].append(row.change)
            if row.gap is not None:
                groups[row.gap].append(row.change)
            if row.waiting:
                waiting.add(q.id)
        changed, new_gaps, closed, still_open = (
            groups["changed"], groups["new_gaps"], groups["closed"], groups["still_open"])
        return Comparison(changed, new_gaps, closed, still_open,
                          _by_module(questionnaire, changed, new_gaps, closed, still_open),
                          groups["pending"], frozenset(waiting))


def _touched(then: Mapping[str, Answer], now: Answers) -> set[str]:
    """The questions whose answer is not the same object as then (added, replaced, gone)."""
    return {k for k, a in now.items() if then.get(k) is not a} | {
        k for k in then if k not in now}


_KEPT = Comparer()
_KEPT_LOCK = threading.Lock()  # (the PDF is made on a worker thread)


def compare(questionnaire: Questionnaire, before: Answers, after: Answers) -> Comparison:
    """What changed from the answers ``before`` to the answers ``after``, as far as
    ``after`` has got (see the module's docstring for *pending*). Kept from one call to the
    next (``Comparer``): after one answer, only what it touched is worked out again."""
    with _KEPT_LOCK:
        return _KEPT.compare(questionnaire, before, after)


def compare_afresh(questionnaire: Questionnaire, before: Answers, after: Answers
                   ) -> Comparison:
    """``compare`` worked out from every question, keeping nothing."""
    return Comparer().compare(questionnaire, before, after)


def _by_module(questionnaire: Questionnaire, changed: list[Change], new_gaps: list[Change],
               closed: list[Change], still_open: list[Change]) -> dict[str, ModuleCounts]:
    counts: dict[str, dict[str, int]] = {}
    for name, group in (("changed", changed), ("new_gaps", new_gaps), ("closed", closed),
                        ("still_open", still_open)):
        for c in group:
            tally = counts.setdefault(c.question.module_id, {})
            tally[name] = tally.get(name, 0) + 1
    return {m.id: ModuleCounts(**counts[m.id]) for m in questionnaire.modules
            if m.id in counts}


def answered(question: Question, answer: Answer | None) -> bool:
    """An option is chosen (a decision or its reason may still be missing)."""
    return answer is not None and question.option(answer.choice) is not None
