"""What every section of the report reads: the data, the assessment, derived lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from riskwizard.domain.analysis import Analysis, load_catalogue
from riskwizard.domain.analysis.findings import Finding
from riskwizard.domain.comparison import Comparison, compare, previous_assessment
from riskwizard.domain.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    PracticeData,
    RemediationItem,
    Risk,
    RiskStatus,
)
from riskwizard.domain.navigation import (
    carried_from,
    missing_summary,
    progress,
    visible_modules,
)
from riskwizard.domain.prepared_by import PreparedBy, prepared_by
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import analyse_assessment
from riskwizard.domain.risk import Level, RiskMatrix
from riskwizard.report.fingerprint import assessment_fingerprint

LIVE = (RiskStatus.DRAFT, RiskStatus.CONFIRMED)


@dataclass
class Context:
    """What every section needs: the data, the assessment, and derived lookups."""

    data: PracticeData
    questionnaire: Questionnaire
    assessment: Assessment
    today: date
    matrix: RiskMatrix
    inventory_appendix: bool = True  # the full asset and vendor lists, at the end

    def __post_init__(self) -> None:
        aid = self.assessment.id
        self.answers: dict[str, Answer] = self.data.answers_for(aid)
        self.risks: list[Risk] = sorted(self.data.risks_for(aid), key=lambda r: r.id)
        self.live_risks = [r for r in self.risks if r.status in LIVE]
        self.items: list[RemediationItem] = self.data.remediation_for(aid)
        self.sites = {s.id: s for s in self.data.sites}
        self.assets = {a.id: a for a in self.data.assets}
        self.vendors = {v.id: v for v in self.data.vendors}
        self.risk_by_id = {r.id: r for r in self.risks}
        self.risks_by_question: dict[str, list[Risk]] = {}
        for r in self.risks:
            if r.question_id:
                self.risks_by_question.setdefault(r.question_id, []).append(r)
        self.modules = visible_modules(self.questionnaire, self.answers)
        self.progress = progress(self.questionnaire, self.answers)
        self.missing = missing_summary(self.questionnaire, self.answers)
        # complete only when the record says so and nothing is left open: every question
        # that may apply answered, no answer flagged or still to re-confirm, no draft risk
        self.open_points: list[str] = []
        left = self.progress.total - self.progress.answered - self.progress.to_confirm
        if left:
            self.open_points.append(f"{left} question{'s' if left != 1 else ''} still to "
                                    "answer or decide")
        if self.progress.to_confirm:
            self.open_points.append(
                f"{self.progress.to_confirm} answer"
                f"{'s' if self.progress.to_confirm != 1 else ''} "
                f"{carried_from(previous_assessment(self.data.assessments, self.assessment))}"
                ", to re-confirm")
        if self.progress.flagged:
            self.open_points.append(f"{self.progress.flagged} answer"
                                    f"{'s' if self.progress.flagged != 1 else ''} flagged "
                                    "for review")
        drafts = sum(1 for r in self.risks if r.status is RiskStatus.DRAFT)
        if drafts:
            self.open_points.append(f"{drafts} risk{'s' if drafts != 1 else ''} still in "
                                    "draft (not yet confirmed)")
        if self.assessment.status is not AssessmentStatus.COMPLETE:
            self.open_points.append("the assessment is not marked complete")
        self.complete = not self.open_points
        self.draft = not self.complete
        # the assessment before this one, and what changed since (None for the first)
        self.previous: Assessment | None = previous_assessment(self.data.assessments,
                                                               self.assessment)
        self.comparison: Comparison | None = (
            compare(self.questionnaire, self.data.answers_for(self.previous.id), self.answers)
            if self.previous is not None else None)

    @property
    def status_text(self) -> str:
        """The assessment's status in words, from the record and what is left open."""
        if self.complete:
            return "Complete"
        return "In progress: " + "; ".join(self.open_points)

    def level(self, risk: Risk) -> Level:
        """The level the register shows: from the rated (override, else current) values."""
        return self.matrix.level(risk.rated_likelihood, risk.rated_impact)

    def inherent_level(self, risk: Risk) -> Level:
        return self.matrix.level(risk.inherent_likelihood, risk.inherent_impact)

    def risk_order(self, risk: Risk) -> tuple[int, int, int]:
        return (-self.level(risk).rank, -(risk.rated_likelihood * risk.rated_impact),
                risk.id)

    @cached_property
    def analysis(self) -> Analysis | None:
        """The analysis of the answers against the inventory (its findings name records);
        None when it cannot be made (the report still builds without it)."""
        try:
            return analyse_assessment(self.questionnaire, self.answers, self.data,
                                      self.today)
        except Exception:  # noqa: BLE001 - a report without inventory findings beats none
            return None

    @property
    def inventory_findings(self) -> list[Finding]:
        return list(self.analysis.findings) if self.analysis is not None else []

    @cached_property
    def fingerprint(self) -> str:
        """The assessment's fingerprint (SHA-256), printed on the sign-off page and at the
        end of the report."""
        return assessment_fingerprint(self.data, self.assessment.id)

    @cached_property
    def prepared(self) -> tuple[PreparedBy, str]:
        """The "prepared by" block and, when the firm profile could not be read, why (the
        report is then built without the firm's part)."""
        from riskwizard.firm import FirmError, firm_profile

        try:
            firm = firm_profile()
        except FirmError as exc:
            return prepared_by(self.data.practice, None), str(exc)
        return prepared_by(self.data.practice, firm), ""

    @cached_property
    def catalogue_version(self) -> str:
        """The threat catalogue's id and version, or why it is not known."""
        try:
            cat = load_catalogue()
        except Exception:  # noqa: BLE001 - the version line must not stop the report
            return "could not be read"
        return f"{cat.id} version {cat.version}"

    @cached_property
    def participants(self) -> list[tuple[str, list[str]]]:
        """Who took part, with their roles: the assessor, the officials and everyone who
        answered a question (with how many), each name once (as first written)."""
        p = self.data.practice
        people: dict[str, tuple[str, list[str]]] = {}

        def add(name: str, role: str) -> None:
            name = " ".join(name.split())
            if not name:
                return
            entry = people.setdefault(name.casefold(), (name, []))
            entry[1].append(role)

        add(p.assessor, "assessor")
        add(p.security_official, "security official")
        add(p.privacy_official, "privacy official")
        counts: dict[str, tuple[str, int]] = {}
        for answer in self.answers.values():
            name = " ".join(answer.answered_by.split())
            if name:
                first, n = counts.get(name.casefold(), (name, 0))
                counts[name.casefold()] = (first, n + 1)
        for first, n in sorted(counts.values(), key=lambda x: (-x[1], x[0].casefold())):
            add(first, f"answered {n} question{'s' if n != 1 else ''}")
        return list(people.values())

    @cached_property
    def answered_range(self) -> tuple[str, str] | None:
        """The first and last day a question was answered (from ``Answer.answered_at``)."""
        days = sorted(a.answered_at.strip()[:10] for a in self.answers.values()
                      if a.answered_at.strip())
        return (days[0], days[-1]) if days else None

    @cached_property
    def contradictions(self) -> dict[str, list[Finding]]:
        """Question id -> the inventory findings that contradict a "yes" to it."""
        out: dict[str, list[Finding]] = {}
        for f in self.inventory_findings:
            for qid in f.questions or ((f.question_id,) if f.question_id else ()):
                out.setdefault(qid, []).append(f)
        return out
