"""The risk register and the plan, kept in line with the analysis.

``analysis.analyse`` derives what the answers and inventories say; this module works out what
that means for the records in the file: which risks and actions to add, update or drop, while
keeping every decision the person made (status, treatment and its reason, overridden
ratings, notes, owners, dates, progress). The window (through the session), import and the
report all call it, so they all show the same register.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from riskwizard.domain.analysis import Analysis, Catalogue, analyse, load_catalogue
from riskwizard.domain.dates import day_words
from riskwizard.domain.model import (
    Answer,
    Assessment,
    PracticeData,
    RemediationItem,
    RemediationStatus,
    Risk,
    RiskOrigin,
    RiskStatus,
    Treatment,
)
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import RiskMatrix, default_matrix

R = TypeVar("R", Risk, RemediationItem)

NO_LONGER = "No longer applies: nothing in the answers or the inventory points to it now."

# Fields the analysis owns: read again at every reconciliation. Everything else on a risk
# (status, treatment, reasons given, overrides, notes, merges) is the person's.
_DERIVED_RISK_FIELDS = ("title", "threat", "vulnerability", "asset_ids", "vendor_ids",
                        "site_ids", "inherent_likelihood", "inherent_impact", "likelihood",
                        "impact", "reasons", "measures", "uncertain")


@dataclass
class RegisterDiff:
    """What to write so the register matches the analysis."""

    add: list[Risk] = field(default_factory=list)
    update: list[Risk] = field(default_factory=list)
    remove: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.add or self.update or self.remove)


@dataclass
class PlanDiff:
    """What to write so the plan matches the analysis."""

    add: list[RemediationItem] = field(default_factory=list)
    update: list[RemediationItem] = field(default_factory=list)
    remove: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.add or self.update or self.remove)


def _touched(risk: Risk) -> bool:
    """True when the person has made a decision on the risk that must not be thrown away."""
    return (risk.status is not RiskStatus.DRAFT or risk.treatment is not Treatment.MITIGATE
            or bool(risk.notes or risk.treatment_reason) or risk.likelihood_override is not None
            or risk.impact_override is not None)


def plan_risks(analysis: Analysis, risks: Sequence[Risk], assessment_id: int,
               proven: Container[int] = frozenset()) -> RegisterDiff:
    """New derived risks are drafts; known ones get the analysis's fields and keep the
    person's; a derived risk the analysis no longer finds is dropped while still an untouched
    draft with no evidence attached (ids in ``proven`` have some), and otherwise kept with a
    note saying it no longer applies: evidence is never thrown away by a changed answer.
    Risks added by hand and earlier (gap-list) risks are never changed here."""
    diff = RegisterDiff()
    by_key = {r.key: r for r in risks if r.origin is RiskOrigin.DERIVED and r.key}
    found = set()
    for d in analysis.risks:
        found.add(d.key)
        values = dict(title=d.title, threat=d.threat, vulnerability=d.vulnerability,
                      asset_ids=d.asset_ids, vendor_ids=d.vendor_ids, site_ids=d.site_ids,
                      inherent_likelihood=d.inherent_likelihood,
                      inherent_impact=d.inherent_impact, likelihood=d.likelihood,
                      impact=d.impact, reasons="\n".join(d.reasons),
                      measures="\n".join(d.measures), uncertain=d.uncertain)
        old = by_key.get(d.key)
        if old is None:
            diff.add.append(Risk(assessment_id=assessment_id, key=d.key,
                                 origin=RiskOrigin.DERIVED, **values))  # type: ignore[arg-type]
        elif any(getattr(old, k) != values[k] for k in _DERIVED_RISK_FIELDS):
            diff.update.append(dataclasses.replace(old, **values))  # type: ignore[arg-type]
    for key, old in by_key.items():
        if key in found:
            continue
        if not _touched(old) and old.id not in proven:
            diff.remove.append(old.id)
        elif old.reasons != NO_LONGER:
            diff.update.append(dataclasses.replace(old, reasons=NO_LONGER, measures=""))
    return diff


def due_for(level_rank: int, today: date, matrix: RiskMatrix) -> date:
    level = matrix.levels[min(max(level_rank, 0), len(matrix.levels) - 1)]
    return today + timedelta(days=matrix.due_days[level.id])


def plan_actions(analysis: Analysis, risks: Sequence[Risk], items: Sequence[RemediationItem],
                 assessment_id: int, owner: str, today: date,
                 matrix: RiskMatrix | None = None,
                 proven: Container[int] = frozenset()) -> PlanDiff:
    """New derived actions get the security official as owner and a due date by the level of
    the worst risk they lower; known ones keep the person's text, owner, dates and status and
    get their links and ranking refreshed. An action whose cause went away is dropped while
    not started and without evidence (ids in ``proven`` have some); once work began, or
    proof was attached, it stays. Risks the person accepted, transferred, dismissed
    or merged get no new actions.

    An action done (or verified) whose cause is back with other words (the answers or the
    inventory changed: a laptop added, another vendor's agreement ran out) is kept as the
    record of what was done, and the plan gets a new action in the words of now: work done
    on what the plan said then is not the work the practice needs now. One still being
    worked on takes the new list of names (``_follows_records``), keeping the person's
    decisions; one deferred keeps everything."""
    matrix = matrix or default_matrix()
    diff = PlanDiff()
    ids = {r.key: r.id for r in risks if r.origin is RiskOrigin.DERIVED and r.key}
    settled = {r.key for r in risks if r.key and (not r.is_open or r.treatment in (
        Treatment.ACCEPT, Treatment.TRANSFER, Treatment.AVOID))}
    by_key = current_items(items)
    wanted = set()
    for a in analysis.actions:
        keys = [k for k in a.risk_keys if k in ids and k not in settled]
        if not keys:
            continue
        wanted.add(a.key)
        risk_ids = tuple(ids[k] for k in keys)
        level = matrix.levels[min(max(a.level_rank, 0), len(matrix.levels) - 1)]
        old = by_key.get(a.key)
        if old is None or (old.status in _FINISHED and old.action != a.action):
            notes = "\n".join(f"Also: {s}" for s in a.steps)
            if old is not None:
                notes = "\n".join(filter(None, (
                    f"Done before{_on(old.completed_date)}: “{old.action}”. The answers or "
                    "the inventory show it is needed again, as said above.", notes)))
            diff.add.append(RemediationItem(
                assessment_id=assessment_id, action=a.action, risk_id=risk_ids[0],
                risk_ids=risk_ids, owner=owner, due_date=due_for(a.level_rank, today, matrix),
                priority=matrix.priority[level.id], effort=a.effort, notes=notes, key=a.key,
                reduction=a.reduction))
        else:
            words = a.action if _follows_records(old, a.key, a.action) else old.action
            if (old.risk_ids, old.reduction, old.action) != (risk_ids, a.reduction, words):
                diff.update.append(dataclasses.replace(
                    old, risk_ids=risk_ids, risk_id=risk_ids[0], reduction=a.reduction,
                    action=words))
    for key, old in by_key.items():
        if (key not in wanted and old.status is RemediationStatus.NOT_STARTED
                and old.id not in proven):
            diff.remove.append(old.id)
    return diff


_FINISHED = (RemediationStatus.DONE, RemediationStatus.VERIFIED)


def _follows_records(item: RemediationItem, key: str, words: str) -> bool:
    """An action not yet finished takes the analysis's new words when they only name other
    records ("Renew the BAA with: A and B" becomes "...: A, B and C" once C's agreement
    runs out): it is an action made from the inventory (``find:``), still being worked
    on, and its words still begin as the analysis wrote them, up to the list of names.
    Words the person changed are theirs, and kept."""
    lead = words[:words.find(": ") + 2] if ": " in words else ""
    return (key.startswith("find:") and item.is_open and bool(lead)
            and item.action != words and item.action.startswith(lead))


def current_items(items: Iterable[RemediationItem]) -> dict[str, RemediationItem]:
    """The plan's item for each derived action's key: the one still being worked on when
    there is one (an action done earlier, under the same key, stays as the record of it),
    else the last made."""
    by_key: dict[str, RemediationItem] = {}
    for item in items:
        if item.key:
            kept = by_key.get(item.key)
            if kept is None or item.is_open or not kept.is_open:
                by_key[item.key] = item
    return by_key


def _on(day: date | None) -> str:
    return f" (on {day_words(day, long=True)})" if day is not None else ""


def analyse_assessment(questionnaire: Questionnaire, data_answers: Mapping[str, Answer],
                       data: PracticeData, today: date,
                       catalogue: Catalogue | None = None) -> Analysis:
    """The analysis of one assessment's answers against the practice's inventories."""
    return analyse(catalogue or load_catalogue(), questionnaire,
                   data_answers, data.assets, data.vendors, data.sites, today)


def derive_in_memory(data: PracticeData, questionnaire: Questionnaire, today: date,
                     assessments: Iterable[Assessment] | None = None,
                     catalogue: Catalogue | None = None) -> PracticeData:
    """``data`` with each assessment's register and plan reconciled, without a file: what
    import writes and what the report of a file never opened in the window shows. New records
    get ids after the highest in use."""
    risks = list(data.risks)
    items = list(data.remediation)
    next_risk = max((r.id for r in risks), default=0) + 1
    next_item = max((i.id for i in items), default=0) + 1
    owner = data.practice.security_official
    proven_risks = {e.risk_id for e in data.evidence if e.risk_id is not None}
    proven_actions = {e.remediation_id for e in data.evidence if e.remediation_id is not None}
    for assessment in (data.assessments if assessments is None else assessments):
        aid = assessment.id
        analysis = analyse_assessment(questionnaire, data.answers_for(aid), data, today,
                                      catalogue)
        mine = [r for r in risks if r.assessment_id == aid]
        rdiff = plan_risks(analysis, mine, aid, proven_risks)
        for r in rdiff.add:
            r.id, next_risk = next_risk, next_risk + 1
        risks = merged(risks, rdiff.add, rdiff.update, rdiff.remove)
        items = unlinked(items, set(rdiff.remove))
        mine = [r for r in risks if r.assessment_id == aid]
        pdiff = plan_actions(analysis, mine, [i for i in items if i.assessment_id == aid],
                             aid, owner, today, proven=proven_actions)
        for i in pdiff.add:
            i.id, next_item = next_item, next_item + 1
        items = merged(items, pdiff.add, pdiff.update, pdiff.remove)
    return dataclasses.replace(data, risks=risks, remediation=items)


def unlinked(items: Sequence[RemediationItem], gone: set[int]) -> list[RemediationItem]:
    """The actions with the deleted risks ``gone`` taken out of their links, as the practice
    file does when a risk is deleted (its ``risk_id`` set null, its id out of the list): an
    action kept after its risk went (work started, or evidence on it) links nothing gone."""
    if not gone:
        return list(items)
    return [dataclasses.replace(i, risk_id=None if i.risk_id in gone else i.risk_id,
                                risk_ids=tuple(r for r in i.risk_ids if r not in gone))
            if i.risk_id in gone or gone.intersection(i.risk_ids) else i for i in items]


def merged(records: Sequence[R], add: Sequence[R], update: Sequence[R],
           remove: Iterable[int]) -> list[R]:
    """``records`` after a diff: updated ones replaced, removed ones gone, added ones last."""
    changed = {r.id: r for r in update}
    gone = set(remove)
    return [changed.get(r.id, r) for r in records if r.id not in gone] + list(add)


# ---------------------------------------------------------------- questions on a register

def treatment_problem(risk: Risk) -> str | None:
    """What an accepted or transferred risk still lacks (a reason, who decided, when), in
    one plain line, or None."""
    if not risk.is_open or risk.treatment not in (Treatment.ACCEPT, Treatment.TRANSFER):
        return None
    missing = [w for w, v in (("a reason", risk.treatment_reason.strip()),
                              ("who decided", risk.decided_by.strip()),
                              ("when", risk.decided_on)) if not v]
    if not missing:
        return None
    verb = "Accepting" if risk.treatment is Treatment.ACCEPT else "Transferring"
    words = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    return f"{verb} a risk needs {words} written down."


def needs_action(risk: Risk, items: Sequence[RemediationItem],
                 matrix: RiskMatrix | None = None) -> bool:
    """A risk above Low being mitigated with nothing in the plan for it (flagged in the window
    and the PDF)."""
    if not risk.is_open or risk.treatment is not Treatment.MITIGATE:
        return False
    if (matrix or default_matrix()).level(risk.rated_likelihood, risk.rated_impact).rank == 0:
        return False
    return not any(i.lowers(risk.id) for i in items)


def action_weight(item: RemediationItem, risks: Mapping[int, Risk],
                  matrix: RiskMatrix | None = None) -> tuple[int, int]:
    """How much risk an action takes away, to order the plan by: the level (rank) of the
    most serious open risk it lowers, as the register rates it now (a person's override
    counted; -1 when it lowers no open risk), then how much it lowers the risks' likelihood
    times impact (``reduction``, from the analysis).

    The level leads: an action for a Moderate risk comes before any number of actions for
    Low ones, however many Low risks they touch or however far they lower them (the
    reduction is a sum over the risks an action lowers, which ranked housekeeping for
    several Low risks above the fix of a Moderate one)."""
    matrix = matrix or default_matrix()
    ranks = [matrix.level(r.rated_likelihood, r.rated_impact).rank
             for r in map(risks.get, item.linked_risk_ids) if r is not None and r.is_open]
    return max(ranks, default=-1), item.reduction


FINISHED = (RemediationStatus.DONE, RemediationStatus.VERIFIED)


def actions_for(risk: Risk, items: Iterable[RemediationItem]) -> list[RemediationItem]:
    """The actions in the plan that lower ``risk``."""
    return [i for i in items if i.lowers(risk.id)]


def actions_done_note(risk: Risk, items: Sequence[RemediationItem],
                      matrix: RiskMatrix | None = None) -> str | None:
    """Why a risk is still open at its level when every action for it in the plan is done
    (or None when that is not so): its rating follows the answers and the inventory, not
    the plan, so it stays until they show the work. Said wherever the risk is shown with
    its plan, so that a "Done" beside a risk still rated as before reads as one story."""
    if not risk.is_open:
        return None
    mine = actions_for(risk, items)
    if not mine or any(i.status not in FINISHED for i in mine):
        return None
    level = (matrix or default_matrix()).level(risk.rated_likelihood, risk.rated_impact)
    every = "Its action is" if len(mine) == 1 else f"All {len(mine)} of its actions are"
    return (f"{every} done; it stays {level.name} until the answers show the work "
            "(update them once it is checked).")


def first_actions(items: Sequence[RemediationItem], risks: Iterable[Risk], n: int | None = 5,
                  matrix: RiskMatrix | None = None) -> list[RemediationItem]:
    """What to do first: the open actions, those for the most serious open risks first and,
    among them, those that take away the most risk (``action_weight``), then by due date;
    the first ``n`` (all when None). The window's plan ("Do first") and the report's "What
    to do first" both ask this."""
    by_id = {r.id: r for r in risks}
    matrix = matrix or default_matrix()

    def key(i: RemediationItem) -> tuple[int, int, date, int]:
        level, reduction = action_weight(i, by_id, matrix)
        return -level, -reduction, i.due_date or date.max, i.id

    ordered = sorted((i for i in items if i.is_open), key=key)
    return ordered if n is None else ordered[:n]


def plan_order(items: Sequence[RemediationItem], risks: Iterable[Risk],
               matrix: RiskMatrix | None = None) -> dict[int, int]:
    """Each open action's place in "what to do first" (1 first), by id: the plan's "Do
    first" column, in the window and the spreadsheet."""
    return {i.id: n for n, i in enumerate(first_actions(items, risks, None, matrix), 1)}
