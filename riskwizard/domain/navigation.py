"""What is visible, what is complete, and where to go next: rules the window only shows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from riskwizard.domain.model import Answer, Decision, SizeBand
from riskwizard.domain.questionnaire import (
    NOT_SURE,
    Condition,
    Module,
    ModuleKind,
    Question,
    Questionnaire,
)

Answers = Mapping[str, Answer]


def choices(answers: Answers) -> dict[str, str | None]:
    return {qid: a.choice for qid, a in answers.items()}


def _holds(cond: Condition, picked: Mapping[str, str | None], unsure: frozenset[str],
           lean: bool = True) -> bool:
    """Whether a condition holds, reading "Not sure" (or, when counting, no answer yet) to
    a profile question (in ``unsure``) as whichever answer shows more: a practice that is
    not sure whether it does telehealth sees the telehealth questions rather than skipping
    them. ``lean`` flips under "not"."""
    if cond.question is not None:
        if cond.question in unsure and NOT_SURE not in cond.values:
            return lean
        value = picked.get(cond.question)
        if value is None and cond.question in unsure:
            value = NOT_SURE  # counting: not answered yet reads as "Not sure"
        return value in cond.values
    if cond.all_of:
        return all(_holds(c, picked, unsure, lean) for c in cond.all_of)
    if cond.any_of:
        return any(_holds(c, picked, unsure, lean) for c in cond.any_of)
    if cond.negate is not None:
        return not _holds(cond.negate, picked, unsure, not lean)
    return True


def _open_profile(questionnaire: Questionnaire, picked: Mapping[str, str | None]
                  ) -> frozenset[str]:
    """Profile questions read as "Not sure" when counting the work: those answered so, and
    those not answered yet (that the person can see)."""
    profile = [q for m in questionnaire.modules if m.kind is ModuleKind.PROFILE
               for q in m.questions]
    unsure = {q.id for q in profile if picked.get(q.id) == NOT_SURE}
    unsure |= {q.id for q in profile if picked.get(q.id) is None and q.shows_when is None}
    # a follow-up profile question counts too when its own condition may hold
    frozen = frozenset(unsure)
    unsure |= {q.id for q in profile if picked.get(q.id) is None and q.shows_when is not None
               and _holds(q.shows_when, picked, frozen)}
    return frozenset(unsure)


def _shown(questionnaire: Questionnaire, picked: dict[str, str | None], *,
           counting: bool = False) -> tuple[list[Module], list[Question]]:
    profile = frozenset(q.id for m in questionnaire.modules if m.kind is ModuleKind.PROFILE
                        for q in m.questions)
    unsure = (_open_profile(questionnaire, picked) if counting else
              frozenset(k for k, v in picked.items() if v == NOT_SURE and k in profile))
    modules: list[Module] = []
    questions: list[Question] = []
    for m in questionnaire.modules:
        # The proposed-rule check is an offer ("would you like ..."), not a fact about the
        # practice: "Not sure" there leaves it off.
        lenient = frozenset() if m.proposed else unsure
        if m.shows_when is not None and not _holds(m.shows_when, picked, lenient):
            continue
        modules.append(m)
        questions.extend(q for q in m.questions
                         if q.shows_when is None or _holds(q.shows_when, picked, lenient))
    return modules, questions


def effective_choices(questionnaire: Questionnaire, answers: Answers) -> dict[str, str | None]:
    """The answers that count: those of visible questions. An answer kept from before a
    question was hidden does not switch anything on (visibility cascades)."""
    picked = choices(answers)
    # Conditions form no loop (the loader checks), so this settles in a few rounds.
    for _ in range(len(questionnaire.modules) + 2):
        _, questions = _shown(questionnaire, picked)
        visible = {q.id for q in questions}
        narrowed = {k: v for k, v in picked.items() if k in visible}
        if narrowed == picked:
            break
        picked = narrowed
    return picked


def visible_modules(questionnaire: Questionnaire, answers: Answers) -> list[Module]:
    return _shown(questionnaire, effective_choices(questionnaire, answers))[0]


def visible_questions(questionnaire: Questionnaire, answers: Answers,
                      module: Module | None = None) -> list[Question]:
    """Questions a person should answer now, in order; hidden ones are skipped."""
    questions = _shown(questionnaire, effective_choices(questionnaire, answers))[1]
    if module is not None:
        return [q for q in questions if q.module_id == module.id]
    return questions


def effective_decision(question: Question, answer: Answer | None) -> Decision | None:
    """The addressable decision, with "implemented" implied by an answer that is no gap."""
    if answer is None or not question.addressable:
        return None
    if answer.decision is not None:
        return answer.decision
    option = question.option(answer.choice)
    if option is not None and not option.gap:
        return Decision.IMPLEMENTED
    return None


def missing_parts(question: Question, answer: Answer | None) -> list[str]:
    """What the answer to this question still lacks, in words; empty when complete."""
    if answer is None or question.option(answer.choice) is None:
        return ["no answer"]
    # An addressable gap with no decision reads as "reasonable, not yet in place": it is a
    # gap to fix. Claiming an alternative, or that it is not reasonable, needs the reason.
    missing = []
    decision = effective_decision(question, answer)
    if decision in (Decision.ALTERNATIVE, Decision.NOT_REASONABLE) and not answer.rationale.strip():
        missing.append("reason for the decision")
    return missing


def is_complete(question: Question, answer: Answer | None) -> bool:
    return not missing_parts(question, answer)


def is_gap(question: Question, answer: Answer | None) -> bool:
    """True when the answer shows a weakness: a gap option, or an addressable specification
    that is neither implemented nor replaced by an equivalent alternative."""
    if answer is None:
        return False
    option = question.option(answer.choice)
    if option is None:
        return False
    if option.gap and effective_decision(question, answer) is not Decision.ALTERNATIVE:
        return True
    return effective_decision(question, answer) is Decision.NOT_REASONABLE


SIZE_QUESTION = "profile.size"
"""The one place the practice's size is asked (``Practice.size_band`` is filled from it)."""


def practice_size(answers: Answers) -> SizeBand | None:
    """The size band the answer to ``SIZE_QUESTION`` gives, or None (unanswered, not sure)."""
    a = answers.get(SIZE_QUESTION)
    choice = (a.choice or "") if a is not None else ""
    try:
        return SizeBand(choice.replace("-plus", "+"))
    except ValueError:
        return None


def carried_from(previous: object | None) -> str:
    """Where the answers still to re-confirm came from, in words: last year's assessment
    when there is one (``previous``), else the template or the other practice the file
    was started from."""
    return ("carried over from last year" if previous is not None
            else "copied from a template or another practice")


def needs_confirming(answer: Answer | None) -> bool:
    """True for an answer carried over from last year and not yet re-confirmed: it is shown,
    and the analysis uses it, but it does not count as answered this year."""
    return answer is not None and answer.carried


@dataclass(frozen=True)
class Progress:
    answered: int  # complete and confirmed this year
    total: int
    flagged: int
    to_confirm: int = 0  # carried over from last year, still to re-confirm

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        return self.answered >= self.total

    @property
    def percent(self) -> int:
        """Questions answered, in whole percent, as every screen and the report say it:
        rounded, but 100 only when all are answered and 0 only when none are."""
        if not self.total:
            return 100
        pct = round(100 * self.answered / self.total)
        if self.answered < self.total:
            pct = min(pct, 99)
        return max(pct, 1) if self.answered else 0


def counted_questions(questionnaire: Questionnaire, answers: Answers,
                      module: Module | None = None) -> list[Question]:
    """The questions completion is counted over: those visible now, and those a profile
    question not yet answered may still switch on.

    The window shows a module once its profile question says so; but until the profile says
    a module does not apply, its questions count as work left (an unanswered profile
    question reads as "Not sure"). So a half-done profile never shrinks the total and never
    makes a partial assessment look nearly complete; answering "No" takes them off.
    """
    picked = effective_choices(questionnaire, answers)
    questions = _shown(questionnaire, picked, counting=True)[1]
    if module is not None:
        return [q for q in questions if q.module_id == module.id]
    return questions


def counted_modules(questionnaire: Questionnaire, answers: Answers) -> list[Module]:
    """The modules of ``counted_questions``."""
    return _shown(questionnaire, effective_choices(questionnaire, answers), counting=True)[0]


def progress(questionnaire: Questionnaire, answers: Answers,
             module: Module | None = None) -> Progress:
    return _progress_of(counted_questions(questionnaire, answers, module), answers)


def _progress_of(qs: list[Question], answers: Answers) -> Progress:
    done = carried = 0
    for q in qs:
        a = answers.get(q.id)
        if needs_confirming(a):
            carried += 1
        elif is_complete(q, a):
            done += 1
    flagged = sum(1 for q in qs if (a := answers.get(q.id)) is not None and a.flagged)
    return Progress(done, len(qs), flagged, carried)


def progress_by_module(questionnaire: Questionnaire, answers: Answers) -> dict[str, Progress]:
    """``progress`` of each visible module, in order (which questions count is worked out
    once for them all)."""
    picked = effective_choices(questionnaire, answers)
    counted: dict[str, list[Question]] = {}
    for q in _shown(questionnaire, picked, counting=True)[1]:
        counted.setdefault(q.module_id, []).append(q)
    return {m.id: _progress_of(counted.get(m.id, []), answers)
            for m in _shown(questionnaire, picked)[0]}


def _after(questions: list[Question], current: str | None) -> Iterator[Question]:
    """Questions after ``current``, wrapping round to the start."""
    ids = [q.id for q in questions]
    start = ids.index(current) + 1 if current in ids else 0
    yield from questions[start:]
    yield from questions[:start]


def next_unanswered(questionnaire: Questionnaire, answers: Answers,
                    current: str | None = None) -> Question | None:
    """The next question still to answer, or to re-confirm (carried from last year)."""
    for q in _after(visible_questions(questionnaire, answers), current):
        a = answers.get(q.id)
        if q.id != current and (needs_confirming(a) or not is_complete(q, a)):
            return q
    return None


def next_flagged(questionnaire: Questionnaire, answers: Answers,
                 current: str | None = None) -> Question | None:
    for q in _after(visible_questions(questionnaire, answers), current):
        a = answers.get(q.id)
        if q.id != current and a is not None and a.flagged:
            return q
    return None


def neighbour(questionnaire: Questionnaire, answers: Answers, current: str,
              step: int) -> Question | None:
    """The visible question ``step`` places from ``current`` (Back = -1, Next = +1)."""
    qs = visible_questions(questionnaire, answers)
    ids = [q.id for q in qs]
    if current not in ids:
        return qs[0] if qs else None
    i = ids.index(current) + step
    return qs[i] if 0 <= i < len(qs) else None


def marked_summary(questionnaire: Questionnaire, answers: Answers
                   ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Module title -> titles of the questions whose answers are flagged for review, and
    of those carried from last year still to re-confirm (for the DRAFT report): the
    answers ``progress`` counts as flagged and to confirm."""
    flagged: dict[str, list[str]] = {}
    carried: dict[str, list[str]] = {}
    counted = counted_questions(questionnaire, answers)
    for m in counted_modules(questionnaire, answers):
        for q in (q for q in counted if q.module_id == m.id):
            a = answers.get(q.id)
            if a is not None and a.flagged:
                flagged.setdefault(m.title, []).append(q.title)
            if needs_confirming(a):
                carried.setdefault(m.title, []).append(q.title)
    return flagged, carried


def missing_summary(questionnaire: Questionnaire, answers: Answers) -> dict[str, list[str]]:
    """Module title -> titles of questions not yet complete (for the DRAFT report)."""
    out: dict[str, list[str]] = {}
    counted = counted_questions(questionnaire, answers)
    for m in counted_modules(questionnaire, answers):
        for q in (q for q in counted if q.module_id == m.id):
            gaps = missing_parts(q, answers.get(q.id))
            if gaps:
                out.setdefault(m.title, []).append(f"{q.title} ({', '.join(gaps)})")
    return out
