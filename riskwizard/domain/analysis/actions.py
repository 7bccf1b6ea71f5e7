"""The remediation plan the analysis suggests: one action per root cause (a gap answer, an
inventory finding, or a "Not sure" to find out about), shared by every risk it lowers and
ranked by how much risk it takes away."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from riskwizard.domain.analysis.findings import Finding, FindingFix
from riskwizard.domain.analysis.strength import Strength
from riskwizard.domain.analysis.words import and_list, lower_first
from riskwizard.domain.model import Effort
from riskwizard.domain.questionnaire import Question, Questionnaire

MAX_ACTIONS = 30  # past this, the smallest actions are folded into one per section
_EFFORT_ORDER = {Effort.LOW: 0, Effort.MEDIUM: 1, Effort.HIGH: 2}

# Whom to ask about a "Not sure", by section
_TECHNICAL_MODULES = {"technical", "proposed-rule"}
_VENDOR_MODULES = {"third-party", "organizational", "tracking"}


@dataclass(frozen=True)
class DerivedAction:
    """A suggested remediation item. ``key`` is stable: ``q:<question id>`` (a gap answer),
    ``find:<finding key>`` (an inventory finding; when the finding's question is itself a gap,
    the two are one action under this key, with the question's steps), ``ask:<question id>``
    (a "Not sure" to find out about first), ``rest:<module id>`` (smaller actions folded
    together when the plan is long)."""

    key: str
    action: str
    steps: tuple[str, ...]
    question_id: str | None
    risk_keys: tuple[str, ...]
    reduction: int  # sum over its risks of (likelihood x impact now - if this were done)
    effort: Effort
    level_rank: int  # the highest current level among the risks it lowers


# (risk key, question ids) -> the risk's likelihood x impact if those were fully in place
WhatIf = Callable[[str, Sequence[str]], int]


def whom_to_ask(question: Question) -> str:
    """Who most likely knows the answer to a question."""
    if question.module_id in _TECHNICAL_MODULES:
        return "your IT support"
    if (question.module_id in _VENDOR_MODULES or "baa" in question.id
            or question.id.startswith("adm.ba-")):
        return "your vendors"
    return "the office manager"


def plan(questionnaire: Questionnaire, strengths: Mapping[str, Strength],
         controlled: Mapping[str, Sequence[str]], findings: Sequence[tuple[Finding, FindingFix]],
         scores: Mapping[str, tuple[int, int]], what_if: WhatIf) -> tuple[DerivedAction, ...]:
    """The de-duplicated, ranked plan.

    ``controlled``: question id -> keys of register risks it is a control of (in order);
    ``scores``: risk key -> (current likelihood x impact, level rank);
    ``what_if(risk key, question ids)``: the risk's score with those questions fully in place.
    """
    actions: list[DerivedAction] = []

    def measure(risk_keys: Sequence[str], questions: Sequence[str]) -> tuple[int, int]:
        reduction = sum(scores[k][0] - what_if(k, questions) for k in risk_keys)
        rank = max((scores[k][1] for k in risk_keys), default=0)
        return reduction, rank

    # A gap answer and a finding that names the records behind it are one root cause: one
    # action, headed by the finding (it names the records), carrying the question's steps.
    merged: dict[str, list[tuple[Finding, FindingFix]]] = {}
    for finding, fix in findings:
        qid = finding.question_id
        if qid is not None and qid in controlled and strengths.get(qid) in (Strength.HALF,
                                                                             Strength.NONE):
            merged.setdefault(qid, []).append((finding, fix))
    for qid, risk_keys in controlled.items():
        strength = strengths.get(qid)
        if strength not in (Strength.HALF, Strength.NONE, Strength.UNKNOWN):
            continue
        question = questionnaire.question(qid)
        first = question.remediation[0] if question.remediation else None
        rest = [s.action for s in question.remediation[1:]]
        if first is not None:
            text, effort = first.action, Effort(first.effort)
        else:
            text, effort = f"Put this in place: {lower_first(question.title)}.", Effort.MEDIUM
        if strength is Strength.UNKNOWN:
            reduction, rank = measure(risk_keys, [qid])
            whom = whom_to_ask(question)
            actions.append(DerivedAction(
                f"ask:{qid}", f"Find out: {question.title} (ask {whom})",
                (f"The question: {question.text}", f"If it is not in place: {text}", *rest),
                qid, tuple(risk_keys), reduction, Effort.LOW,
                rank))
            continue
        if strength is Strength.HALF:
            text = f"Finish: {lower_first(text)}"
        key = f"q:{qid}"
        if qid in merged:
            pairs = merged[qid]
            key = f"find:{pairs[0][0].key}"
            rest = [text, *rest, *(f.detail for f, _ in pairs)]
            text = " ".join(fix.action for _, fix in pairs)
            effort = max((effort, *(fix.effort for _, fix in pairs)),
                         key=_EFFORT_ORDER.__getitem__)
            risk_keys = list(dict.fromkeys([*risk_keys, *(k for f, _ in pairs
                                                          for k in f.event_ids if k in scores)]))
        reduction, rank = measure(risk_keys, [qid, *(q for f, _ in merged.get(qid, ())
                                                     for q in f.questions)])
        actions.append(DerivedAction(key, text, tuple(rest), qid, tuple(risk_keys), reduction,
                                     effort, rank))
    done = {f.key for pairs in merged.values() for f, _ in pairs}
    for finding, fix in findings:
        if finding.key in done:
            continue
        risk_keys = [k for k in finding.event_ids if k in scores]
        reduction, rank = measure(risk_keys, finding.questions)
        actions.append(DerivedAction(
            f"find:{finding.key}", fix.action, (finding.detail,), finding.question_id,
            tuple(risk_keys), reduction, fix.effort, rank))
    actions.sort(key=lambda a: (not a.key.startswith("ask:"), -a.reduction, -a.level_rank,
                                a.key))
    return fold(actions, questionnaire)


def fold(actions: list[DerivedAction], questionnaire: Questionnaire,
         limit: int = MAX_ACTIONS) -> tuple[DerivedAction, ...]:
    """Keep the first actions; past ``limit``, fold the rest into one "review the remaining"
    action per section, so the plan never has more than ``limit`` items."""
    if len(actions) <= limit:
        return tuple(actions)

    def section(a: DerivedAction) -> str:
        return questionnaire.question(a.question_id).module_id if a.question_id else "inventory"

    keep = limit - 1
    while keep > 0 and keep + len({section(a) for a in actions[keep:]}) > limit:
        keep -= 1
    groups: dict[str, list[DerivedAction]] = {}
    for a in actions[keep:]:
        groups.setdefault(section(a), []).append(a)
    out = actions[:keep]
    for module_id, members in groups.items():
        where = ("your inventory" if module_id == "inventory"
                 else f"\"{questionnaire.module(module_id).title}\"")
        titles = [questionnaire.question(a.question_id).title if a.question_id else a.action
                  for a in members]
        risk_keys = tuple(dict.fromkeys(k for a in members for k in a.risk_keys))
        out.append(DerivedAction(
            f"rest:{module_id}",
            f"Review the remaining {len(members)} smaller items in {where}: "
            f"{and_list(titles[:5])}{' and more' if len(titles) > 5 else ''}.",
            tuple(a.action for a in members), None, risk_keys,
            sum(a.reduction for a in members),
            max((a.effort for a in members), key=_EFFORT_ORDER.__getitem__),
            max(a.level_rank for a in members)))
    return tuple(out)
