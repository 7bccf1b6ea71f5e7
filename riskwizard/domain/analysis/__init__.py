"""The risk analysis: threat events from the catalogue, rated against the practice's own
assets, vendors and sites, lowered by the measures its answers show, with inventory findings
and a de-duplicated remediation plan. Pure: the same inputs always give the same analysis.

The method, in plain words, is in ``docs/method.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from riskwizard.domain.analysis.actions import DerivedAction, plan
from riskwizard.domain.analysis.catalogue import (
    Catalogue,
    CatalogueError,
    ThreatEvent,
    load_catalogue,
    parse_catalogue,
)
from riskwizard.domain.analysis.findings import Finding, FindingFix, check_inventory
from riskwizard.domain.analysis.rating import (
    ControlState,
    DerivedRisk,
    answer_words,
    current_rating,
    measures,
    reasons,
    risk_title,
)
from riskwizard.domain.analysis.strength import Strength, answer_strength
from riskwizard.domain.analysis.words import and_list
from riskwizard.domain.model import (
    Answer,
    Asset,
    AssetKind,
    DisposalStatus,
    Site,
    Vendor,
    VendorKind,
)
from riskwizard.domain.navigation import visible_questions
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import RiskMatrix, default_matrix

__all__ = ["Analysis", "Catalogue", "CatalogueError", "DerivedAction", "DerivedRisk",
           "Finding", "InventoryIndex", "Strength", "analyse", "answer_strength",
           "index_inventory", "load_catalogue", "parse_catalogue"]


@dataclass(frozen=True)
class Analysis:
    """The whole derived analysis: the risk register (highest current rating first), the
    inventory findings, and the suggested plan (what to do first, first)."""

    risks: tuple[DerivedRisk, ...]
    findings: tuple[Finding, ...]
    actions: tuple[DerivedAction, ...]

    def risk(self, key: str) -> DerivedRisk:
        for r in self.risks:
            if r.key == key:
                return r
        raise KeyError(key)


@dataclass
class _Match:
    """One event's matching records and the state it is rated in."""

    event: ThreatEvent
    assets: dict[AssetKind, list[Asset]]
    vendors: list[Vendor]
    sites: Sequence[Site]
    asset_ids: frozenset[int]
    vendor_ids: frozenset[int]
    overridden: dict[str, Finding]


@dataclass(frozen=True)
class _Matched:
    """The events that reach the inventory, and its findings linked to them: what the
    analysis reads of the inventory, the same for every answer that leaves the same
    practice-wide events out."""

    matches: list[_Match]
    findings: list[tuple[Finding, FindingFix]]
    finding_keys_of: dict[str, list[str]]
    keep: tuple[object, ...]  # the catalogue and questionnaire, so their ids stay theirs


_RATED_LIMIT = 20_000
"""Risks kept per inventory (about forty answers' worth of changes on the large practice)."""


@dataclass(frozen=True)
class InventoryIndex:
    """The half of the analysis that depends only on the inventories (and the date): the
    records threats can reach, grouped by kind, and the inventory findings. A caller that
    analyses again after every answer (the window) keeps one until the inventory changes."""

    by_kind: dict[AssetKind, list[Asset]]
    vendors_by_kind: dict[VendorKind, list[Vendor]]
    asset_ids: dict[AssetKind, frozenset[int]]
    vendor_ids: dict[VendorKind, frozenset[int]]
    sites: tuple[Site, ...]
    findings: tuple[tuple[Finding, FindingFix], ...]
    today: date
    _sorted: dict[frozenset[int], tuple[int, ...]] = field(default_factory=dict)
    _unions: dict[tuple[object, ...], frozenset[int]] = field(default_factory=dict)
    _matched: dict[tuple[object, ...], _Matched] = field(
        default_factory=dict, compare=False, repr=False)
    """The events matched and the findings linked, by the events left out (see ``analyse``)."""
    _rated: dict[tuple[object, ...], tuple[DerivedRisk, tuple[int, int], RiskMatrix]] = field(
        default_factory=dict, compare=False, repr=False)
    """Each event's risk, by what its rating reads: the strengths and answers of its
    controls (an answer clicked re-rates only the events that question controls)."""

    def union(self, kinds: Sequence[AssetKind] | Sequence[VendorKind]) -> frozenset[int]:
        """The ids of every record of these kinds (kept: events share their kinds)."""
        key = tuple(kinds)
        found = self._unions.get(key)
        if found is None:
            groups = self.asset_ids if not key or isinstance(key[0], AssetKind) \
                else self.vendor_ids
            found = self._unions[key] = frozenset().union(
                *(groups[k] for k in key))  # type: ignore[index]
        return found

    def sorted_ids(self, ids: frozenset[int]) -> tuple[int, ...]:
        """``ids`` in order; the same groups recur for every event, so each is sorted once."""
        found = self._sorted.get(ids)
        if found is None:
            found = self._sorted[ids] = tuple(sorted(ids))
        return found


def index_inventory(assets: Sequence[Asset], vendors: Sequence[Vendor], sites: Sequence[Site],
                    today: date, questionnaire: Questionnaire) -> InventoryIndex:
    """Group the records threats can reach (patient data, not yet disposed of) and check the
    inventories for findings."""
    by_kind: dict[AssetKind, list[Asset]] = {}
    for a in assets:
        if a.holds_ephi and a.disposal_status is not DisposalStatus.DISPOSED:
            by_kind.setdefault(a.kind, []).append(a)
    vendors_by_kind: dict[VendorKind, list[Vendor]] = {}
    for v in vendors:
        if v.kind is not VendorKind.BUSINESS_ASSOCIATE or v.handles_ephi:
            vendors_by_kind.setdefault(v.kind, []).append(v)
    return InventoryIndex(
        by_kind, vendors_by_kind,
        {k: frozenset(a.id for a in group) for k, group in by_kind.items()},
        {k: frozenset(v.id for v in group) for k, group in vendors_by_kind.items()},
        tuple(sites), tuple(check_inventory(assets, vendors, today, questionnaire.has_question)),
        today)


def analyse(catalogue: Catalogue, questionnaire: Questionnaire, answers: Mapping[str, Answer],
            assets: Sequence[Asset], vendors: Sequence[Vendor], sites: Sequence[Site],
            today: date, matrix: RiskMatrix | None = None,
            inventory: InventoryIndex | None = None) -> Analysis:
    """Derive the risk register, findings and plan from the answers and inventories.

    ``inventory``, when given, stands for ``assets``, ``vendors``, ``sites`` and ``today``
    (made by ``index_inventory`` from them)."""
    matrix = matrix or default_matrix()
    visible = {q.id for q in visible_questions(questionnaire, answers)}
    proposed = {m.id for m in questionnaire.modules if m.proposed}

    # How strongly each control question is in place (unknown questions count for nothing)
    strengths: dict[str, Strength] = {}
    for event in catalogue.events:
        for c in event.controls:
            if c.question in strengths:
                continue
            if not questionnaire.has_question(c.question):
                strengths[c.question] = Strength.NOT_ASKED
                continue
            q = questionnaire.question(c.question)
            strengths[c.question] = answer_strength(
                q, answers.get(q.id), visible=q.id in visible, proposed=q.module_id in proposed)

    index = inventory if inventory is not None else index_inventory(
        assets, vendors, sites, today, questionnaire)

    # The matching reads the answers only through which events have every control in a
    # hidden section; those, with the inventory, pick the matches and their findings.
    left_out = frozenset(
        event.id for event in catalogue.events
        if event.controls and all(c.question not in visible for c in event.controls))
    stage_key = (id(catalogue), id(questionnaire), left_out)
    matched = index._matched.get(stage_key)
    if matched is None:
        matched = index._matched[stage_key] = _match(catalogue, questionnaire, index, visible)
    matches, findings, finding_keys_of = (matched.matches, matched.findings,
                                          matched.finding_keys_of)

    # Rate each event
    risks: list[DerivedRisk] = []
    controlled_by: dict[str, list[str]] = {}
    scores: dict[str, tuple[int, int]] = {}
    by_key: dict[str, _Match] = {}
    if len(index._rated) > _RATED_LIMIT:
        index._rated.clear()
    for m in matches:
        event = m.event
        for c in event.controls:
            strength = strengths[c.question]
            if strength is not Strength.NOT_ASKED and strength.counts:
                keys = controlled_by.setdefault(c.question, [])
                if not keys or keys[-1] != event.id:
                    keys.append(event.id)
        rated_key = (stage_key, id(matrix), event.id, tuple(
            (strengths[c.question], _answer_key(answers.get(c.question)))
            for c in event.controls))
        rated = index._rated.get(rated_key)
        if rated is None:
            rated = index._rated[rated_key] = _rate(
                m, catalogue, questionnaire, answers, strengths, findings,
                finding_keys_of, index, matrix)
        risk, scores[event.id], _ = rated
        risks.append(risk)
        by_key[risk.key] = m

    def what_if(key: str, questions: Sequence[str]) -> int:
        m = by_key[key]
        likelihood, impact = current_rating(
            m.event, strengths, [q for q in m.overridden if q not in questions], questions)
        return likelihood * impact

    actions = plan(questionnaire, strengths, controlled_by, findings, scores, what_if)
    risks.sort(key=lambda r: (-scores[r.key][1], -r.score, r.key))
    return Analysis(tuple(risks), tuple(f for f, _ in findings), actions)


def _answer_key(answer: Answer | None) -> tuple[object, ...] | None:
    """What of an answer a risk's rating and reasons read (beside its strength)."""
    return None if answer is None else (answer.choice, answer.decision, answer.carried)


def _rate(m: _Match, catalogue: Catalogue, questionnaire: Questionnaire,
          answers: Mapping[str, Answer], strengths: Mapping[str, Strength],
          findings: Sequence[tuple[Finding, FindingFix]],
          finding_keys_of: Mapping[str, list[str]], index: InventoryIndex,
          matrix: RiskMatrix) -> tuple[DerivedRisk, tuple[int, int], RiskMatrix]:
    """One matched event's risk, its score and level rank (and the matrix, kept so that
    its id, in the key, stays its own)."""
    event = m.event
    overridden = m.overridden.keys()
    likelihood, impact = current_rating(event, strengths, overridden)
    states = []
    for c in event.controls:
        strength = strengths[c.question]
        if strength is Strength.NOT_ASKED:
            continue
        q = questionnaire.question(c.question)
        answer = answers.get(q.id)
        contradiction = m.overridden.get(q.id) if strength.fraction else None
        states.append(ControlState(
            q, c.lowers, Strength.NONE if contradiction else strength, strength,
            answer_words(q, answer, strength),
            _finding_words(contradiction) if contradiction else None,
            answer is not None and answer.carried))
    gaps = list(dict.fromkeys(s.question.id for s in states if s.answered.is_gap))
    gap_words = list(dict.fromkeys(f"{s.question.title} ({s.words})" for s in states
                                   if s.answered.is_gap))
    vulnerability = event.vulnerability.rstrip(".") + "."
    if gap_words:
        vulnerability += f" Gaps: {and_list(gap_words)}."
    finding_keys = tuple(finding_keys_of.get(event.id, ()))
    if finding_keys:
        titles = [f.title for f, _ in findings if f.key in finding_keys]
        vulnerability += f" The inventory shows: {'; '.join(titles)}."
    risk = DerivedRisk(
        key=event.id, event_id=event.id,
        title=risk_title(event, m.assets, m.vendors, m.sites),
        threat=and_list([catalogue.threat_source(s).name for s in event.sources]),
        vulnerability=vulnerability,
        asset_ids=index.sorted_ids(m.asset_ids), vendor_ids=index.sorted_ids(m.vendor_ids),
        site_ids=tuple(sorted(s.id for s in m.sites)),
        inherent_likelihood=event.likelihood, inherent_impact=event.impact,
        likelihood=likelihood, impact=impact,
        reasons=reasons(event, states, likelihood, impact, matrix),
        measures=measures(states), gap_question_ids=tuple(gaps),
        uncertain=any(s.strength is Strength.UNKNOWN for s in states),
        finding_keys=finding_keys)
    return risk, (likelihood * impact, matrix.level(likelihood, impact).rank), matrix


def _match(catalogue: Catalogue, questionnaire: Questionnaire, index: InventoryIndex,
           visible: set[str]) -> _Matched:
    """The events that reach the practice's records, and the findings linked to them."""
    by_kind, vendors_by_kind = index.by_kind, index.vendors_by_kind
    matches: list[_Match] = []
    for event in catalogue.events:
        at = event.applies_to
        a_kinds = sorted(k for k in at.assets if k in by_kind)
        v_kinds = sorted(k for k in at.vendors if k in vendors_by_kind)
        hit_sites = list(index.sites) if at.sites else []
        if not (a_kinds or v_kinds or hit_sites or at.practice):
            continue
        if (not (a_kinds or v_kinds or hit_sites) and event.controls
                and all(c.question not in visible for c in event.controls)):
            # Practice-wide only, and every measure against it is in a section the practice
            # does not need (no telehealth, no texting): the practice does not do the thing.
            continue
        if not (a_kinds or v_kinds or hit_sites):
            # Practice-wide: it concerns the whole practice, so it names every location
            # (a register row an investigator can tie to a place).
            hit_sites = list(index.sites)
        matches.append(_Match(
            event, {k: by_kind[k] for k in a_kinds},
            [v for k in v_kinds for v in vendors_by_kind[k]], hit_sites,
            index.union(a_kinds), index.union(v_kinds), {}))

    # Inventory findings, linked to the events whose records they name
    findings: list[tuple[Finding, FindingFix]] = []
    for finding, fix in index.findings:
        f_assets, f_vendors = set(finding.asset_ids), set(finding.vendor_ids)
        touching = [m for m in matches if not (m.asset_ids.isdisjoint(f_assets)
                                               and m.vendor_ids.isdisjoint(f_vendors))]
        controlled = [m for m in touching
                      if any(c.question in finding.questions for c in m.event.controls)]
        linked = controlled or touching
        for m in controlled:
            for c in m.event.controls:
                if c.question in finding.questions:
                    m.overridden.setdefault(c.question, finding)
        findings.append((Finding(finding.key, finding.title, finding.detail,
                                 finding.question_id, finding.asset_ids, finding.vendor_ids,
                                 tuple(m.event.id for m in linked), finding.questions), fix))

    finding_keys_of: dict[str, list[str]] = {}
    for f, _ in findings:
        for e in f.event_ids:
            finding_keys_of.setdefault(e, []).append(f.key)
    return _Matched(matches, findings, finding_keys_of, (catalogue, questionnaire))


def _finding_words(finding: Finding) -> str:
    title = finding.title
    return f"the inventory shows {title[:1].lower()}{title[1:]}"
