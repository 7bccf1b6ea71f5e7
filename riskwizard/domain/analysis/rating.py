"""Rating one threat event against the practice: which records it applies to, its inherent
and current likelihood and impact, and the reasons in plain sentences."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from riskwizard.domain.analysis.catalogue import Lowers, ThreatEvent
from riskwizard.domain.analysis.strength import Strength
from riskwizard.domain.analysis.words import and_list, count_of, name_list
from riskwizard.domain.model import Answer, Asset, AssetKind, Decision, Site, Vendor
from riskwizard.domain.questionnaire import Question
from riskwizard.domain.risk import RiskMatrix

TITLE_NAMES = 3  # records named in a risk's title; past that, counts


@dataclass(frozen=True)
class DerivedRisk:
    """One risk of the register: a threat event against the practice's own records, with
    its inherent rating (no measures) and current rating (the measures the answers show)."""

    key: str  # the event id: stable across calls
    event_id: str
    title: str
    threat: str
    vulnerability: str
    asset_ids: tuple[int, ...]
    vendor_ids: tuple[int, ...]
    site_ids: tuple[int, ...]
    inherent_likelihood: int
    inherent_impact: int
    likelihood: int
    impact: int
    reasons: tuple[str, ...]
    measures: tuple[str, ...]
    gap_question_ids: tuple[str, ...]
    uncertain: bool
    finding_keys: tuple[str, ...]

    @property
    def score(self) -> int:
        """Current likelihood times impact."""
        return self.likelihood * self.impact


def current_rating(event: ThreatEvent, strengths: Mapping[str, Strength],
                   overridden: Collection[str] = (),
                   forced_full: Collection[str] = ()) -> tuple[int, int]:
    """(likelihood, impact) now: the inherent rating less what the controls take off.

    A FULL control takes off ``by`` steps, a HALF one ``by / 2``; the total per side is
    rounded down and the result never goes below 1. ``overridden`` controls count as not in
    place (an inventory finding contradicts them); ``forced_full`` ones as fully in place
    (for "what if we did this")."""
    off_l = off_i = 0.0
    for c in event.controls:
        if c.question in forced_full:
            fraction = 1.0
        else:
            fraction = strengths[c.question].fraction
            if fraction and c.question in overridden:
                fraction = 0.0
        if c.lowers is Lowers.LIKELIHOOD:
            off_l += c.by * fraction
        else:
            off_i += c.by * fraction
    return (max(1, event.likelihood - math.floor(off_l)),
            max(1, event.impact - math.floor(off_i)))


def risk_title(event: ThreatEvent, assets: Mapping[AssetKind, Sequence[Asset]],
               vendors: Sequence[Vendor], sites: Sequence[Site]) -> str:
    """The event's title and what it is rated against: "... (8 laptops, 2 phones and
    tablets)", or the names when there are only a few."""
    parts: list[str] = []
    total = sum(len(group) for group in assets.values())
    if total:
        if total <= TITLE_NAMES:
            parts.append(name_list([a.name for group in assets.values() for a in group]))
        else:
            counts = sorted(((len(g), k) for k, g in assets.items() if g),
                            key=lambda nk: (-nk[0], nk[1]))
            parts.append(", ".join(count_of(n, k) for n, k in counts))
    if vendors:
        parts.append(name_list([v.name for v in vendors]) if len(vendors) <= TITLE_NAMES
                     else f"{len(vendors)} vendors")
    if sites:
        parts.append(name_list([s.name for s in sites]) if len(sites) <= TITLE_NAMES
                     else f"{len(sites)} locations")
    return f"{event.title} ({'; '.join(parts)})" if parts else event.title


_STRENGTH_WORDS = {Strength.FULL: "in place", Strength.HALF: "partly",
                   Strength.NONE: "not in place", Strength.UNKNOWN: "not sure"}


def answer_words(question: Question, answer: Answer | None, strength: Strength) -> str:
    """How an answer reads in a reason: the option's label when short ("Yes", "Partly")."""
    if answer is not None and answer.decision is Decision.ALTERNATIVE:
        return "an equivalent alternative"
    if answer is not None and answer.decision is Decision.NOT_REASONABLE:
        return "not reasonable for us"
    option = question.option(answer.choice) if answer is not None else None
    if option is not None and len(option.label) <= 24:
        return option.label
    return _STRENGTH_WORDS.get(strength, "not answered")


@dataclass(frozen=True)
class ControlState:
    """A control of one risk as the answers (and findings) leave it."""

    question: Question
    lowers: Lowers
    strength: Strength  # after any finding that contradicts it
    answered: Strength  # as answered
    words: str  # the answer in words
    finding: str | None  # the finding that overrides it, in words
    carried: bool


def _side_clauses(now: int, inherent: int, lowered: Sequence[str], missing: Sequence[str],
                  pending: Sequence[str]) -> list[str]:
    """Why one side (likelihood or impact) is rated ``now`` against ``inherent``, in clauses
    that are true of the numbers: "lowered by" only when it is lower; measures in place that
    did not lower it are said to be not enough (a measure partly in place counts half,
    rounded down) or the rating to be the lowest already."""
    clauses = []
    if lowered and now < inherent:
        clauses.append(f"lowered by {and_list(lowered)}")
        if missing:
            clauses.append(f"but not by {and_list(missing)}")
    else:
        if lowered and inherent <= 1:
            clauses.append(f"the lowest already, with {and_list(lowered)}")
        elif lowered:
            verb = "is" if len(lowered) == 1 else "are"
            clauses.append(f"{and_list(lowered)} {verb} not enough to lower it a step")
        if missing:
            clauses.append(f"not lowered by {and_list(missing)}")
    if pending:
        clauses.append(f"not answered yet: {and_list(pending)}")
    if not clauses:
        clauses.append("its questions do not apply to this practice")
    return clauses


def reasons(event: ThreatEvent, states: Sequence[ControlState], likelihood: int, impact: int,
            matrix: RiskMatrix) -> tuple[str, ...]:
    """Why the risk is rated as it is, one plain sentence per line."""
    out: list[str] = []
    for side, now, inherent, name in (
            (Lowers.LIKELIHOOD, likelihood, event.likelihood, matrix.likelihood_name),
            (Lowers.IMPACT, impact, event.impact, matrix.impact_name)):
        label = "Likelihood" if side is Lowers.LIKELIHOOD else "Impact"
        head = f"{label} {name(now)}"
        head += f" (inherent {name(inherent)})" if now != inherent else " (as inherent)"
        mine = [s for s in states if s.lowers is side]
        if not mine:
            out.append(f"{head}: no question in the assessment lowers it.")
            continue
        lowered = [f"{s.question.title} ({s.words})" for s in mine
                   if s.strength in (Strength.FULL, Strength.HALF)]
        missing = [f"{s.question.title} ({s.words}"
                   f"{', but the inventory disagrees' if s.finding else ''})" for s in mine
                   if s.strength in (Strength.NONE, Strength.UNKNOWN)]
        pending = [s.question.title for s in mine if s.strength is Strength.NOT_ANSWERED]
        clauses = _side_clauses(now, inherent, lowered, missing, pending)
        out.append(f"{head}: {'; '.join(clauses)}.")
    for s in states:
        if s.finding is not None:
            out.append(f"{s.question.title} was answered {s.words}, but {s.finding}, so it "
                       "counts as not in place here.")
    if any(s.strength is Strength.UNKNOWN for s in states):
        out.append("This rating is uncertain: it rests on answers that are \"Not sure\".")
    carried = [s.question.title for s in states if s.carried and s.strength.counts]
    if carried:
        out.append(f"Still to re-confirm (last year's answers): {and_list(carried)}.")
    return tuple(out)


def measures(states: Sequence[ControlState]) -> tuple[str, ...]:
    """The measures in place that lower the risk, each once."""
    seen: dict[str, str] = {}
    for s in states:
        if s.strength is Strength.FULL:
            seen[s.question.id] = s.question.title
        elif s.strength is Strength.HALF and s.question.id not in seen:
            seen[s.question.id] = f"{s.question.title} (partly)"
    return tuple(seen.values())
