"""The open practice and its current assessment: application logic without Qt.

A ``Session`` keeps the records the window shows in memory and writes every change through
the store at once. Each method saves first and only then changes what is in memory, so a
failed save (``StoreError``: read-only file, full disk) leaves memory as it was on disk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from riskwizard.domain import navigation
from riskwizard.domain.comparison import Comparison, compare, describe, previous_assessment
from riskwizard.domain.model import (
    Answer,
    Assessment,
    Asset,
    Decision,
    Practice,
    PracticeData,
    RemediationItem,
    RemediationStatus,
    Risk,
    RiskStatus,
    Site,
    Vendor,
)
from riskwizard.domain.questionnaire import Question, Questionnaire
from riskwizard.domain.risk import RiskChanges, draft_remediation, reconcile_risks
from riskwizard.store import PracticeFile, create_practice_file, open_practice_file
from riskwizard.store.practice_file import now_utc

T = TypeVar("T")

_UNSET: Any = object()


class AssessmentExists(ValueError):
    """Next year's assessment is already in the file (the message says which, in one line)."""


def _period_order(a: Assessment) -> tuple[date, int]:
    return (a.period_start or a.period_end or a.started_on or date.min, a.id)


def new_assessment(questionnaire: Questionnaire, today: date) -> Assessment:
    return Assessment(title=f"{today.year} security risk analysis", started_on=today,
                      period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31),
                      questionnaire_versions=questionnaire.versions())


class Session:
    """One open practice file and the assessment being worked on."""

    def __init__(self, pf: PracticeFile, questionnaire: Questionnaire,
                 today: Callable[[], date] = date.today) -> None:
        self.pf = pf
        self.questionnaire = questionnaire
        self._today = today
        self.practice: Practice = pf.practice()
        self.sites: list[Site] = pf.list(Site)
        self.assets: list[Asset] = pf.list(Asset)
        self.vendors: list[Vendor] = pf.list(Vendor)
        assessment = pf.latest_assessment()
        if assessment is None:
            assessment = pf.add(new_assessment(questionnaire, today()))
        self.assessment: Assessment = assessment
        self.assessments: list[Assessment] = pf.list(Assessment)
        self._load_assessment()

    # --- opening and closing

    @classmethod
    def open(cls, path: Path, questionnaire: Questionnaire) -> Session:
        """Open a practice file; raises StoreError (one line) when it cannot be used."""
        pf = open_practice_file(path)
        try:
            return cls(pf, questionnaire)
        except BaseException:
            pf.close()
            raise

    @classmethod
    def create(cls, path: Path, practice: Practice, questionnaire: Questionnaire) -> Session:
        pf = create_practice_file(path, practice)
        try:
            return cls(pf, questionnaire)
        except BaseException:
            pf.close()
            raise

    def close(self) -> None:
        self.pf.close()

    @property
    def path(self) -> Path:
        return self.pf.path

    def today(self) -> date:
        return self._today()

    def _load_assessment(self) -> None:
        aid = self.assessment.id
        self.answers: dict[str, Answer] = self.pf.answers(aid)
        self.risks: list[Risk] = self.pf.list(Risk, "assessment_id = ?", (aid,))
        self.remediation: list[RemediationItem] = self.pf.list(
            RemediationItem, "assessment_id = ?", (aid,))
        # The assessment before this one, for "what changed since last time".
        self.previous: Assessment | None = previous_assessment(self.assessments, self.assessment)
        self.previous_answers: dict[str, Answer] = (
            self.pf.answers(self.previous.id) if self.previous is not None else {})
        self._asked_before = {q.id for q in navigation.visible_questions(
            self.questionnaire, self.previous_answers)} if self.previous is not None else set()

    def data(self) -> PracticeData:
        """Everything in the file (for the PDF)."""
        return self.pf.load_all()

    # --- the practice profile

    def save_practice(self, practice: Practice) -> None:
        self.pf.save_practice(practice)
        self.practice = practice

    # --- sites, assets, vendors, risks, remediation: the generic record lists

    def _list_for(self, record: object) -> list[Any]:
        lists: dict[type, list[Any]] = {Site: self.sites, Asset: self.assets,
                                         Vendor: self.vendors, Risk: self.risks,
                                         RemediationItem: self.remediation}
        return lists[type(record)]

    def add(self, record: T) -> T:
        """Store a new record (it gets its id) and keep it in memory."""
        self.pf.add(record)
        self._list_for(record).append(record)
        return record

    def add_many(self, records: list[T]) -> list[T]:
        """Store several new records in one transaction."""
        with self.pf.atomic():
            for r in records:
                self.pf.add(r)
        for r in records:
            self._list_for(r).append(r)
        return records

    def update(self, record: T, **changes: Any) -> T:
        """Save a changed copy of ``record``; on success the copy replaces it in memory."""
        new: Any = dataclasses.replace(record, **changes)  # type: ignore[type-var]
        self.pf.update(new)
        items = self._list_for(record)
        for i, r in enumerate(items):
            if r is record or r.id == new.id:
                items[i] = new
                break
        return new  # type: ignore[no-any-return]

    def delete(self, record: Any) -> None:
        self.pf.delete(type(record), record.id)
        items = self._list_for(record)
        items[:] = [r for r in items if r.id != record.id]
        if isinstance(record, Site | Asset):
            field = "site_ids" if isinstance(record, Site) else "asset_ids"
            unlinked: dict[str, Any]
            for n, r in enumerate(self.risks):
                unlinked = {field: tuple(i for i in getattr(r, field) if i != record.id)}
                self.risks[n] = dataclasses.replace(r, **unlinked)
            if isinstance(record, Site):
                self.assets[:] = [a if a.site_id != record.id else
                                  dataclasses.replace(a, site_id=None) for a in self.assets]

    def site_name(self, site_id: int | None) -> str:
        for s in self.sites:
            if s.id == site_id:
                return s.name
        return ""

    # --- answers

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    def set_answer(self, question_id: str, *, choice: str | None = _UNSET,
                   note: str = _UNSET, flagged: bool = _UNSET,
                   decision: Decision | None = _UNSET, rationale: str = _UNSET) -> RiskChanges:
        """Save one change to an answer, then draft or drop risks to match the gaps."""
        old = self.answers.get(question_id) or Answer(self.assessment.id, question_id)
        changes: dict[str, Any] = {k: v for k, v in dict(choice=choice, note=note, flagged=flagged,
                                         decision=decision, rationale=rationale).items()
                   if v is not _UNSET}
        new = dataclasses.replace(old, **changes)
        answers = {**self.answers, question_id: new}
        # The answer and the risk drafts it causes land in one transaction, or neither does.
        with self.pf.atomic():
            self.pf.save_answer(new)
            found = self._write_risk_changes(answers)
        self.answers[question_id] = new
        self._apply_risk_changes(found)
        return found

    def reconcile(self) -> RiskChanges:
        """Draft a risk for every new gap and drop drafts whose gap went away."""
        with self.pf.atomic():
            found = self._write_risk_changes(self.answers)
        self._apply_risk_changes(found)
        return found

    def _write_risk_changes(self, answers: dict[str, Answer]) -> RiskChanges:
        found = reconcile_risks(self.questionnaire, answers, self.risks, self.assessment.id)
        for rid in found.remove:
            self.pf.delete(Risk, rid)
        for risk in found.add:
            self.pf.add(risk)
        return found

    def _apply_risk_changes(self, found: RiskChanges) -> None:
        if found.add or found.remove:
            self.risks[:] = [r for r in self.risks if r.id not in found.remove] + found.add

    def question(self, question_id: str) -> Question:
        return self.questionnaire.question(question_id)

    def visible_modules(self) -> list[Any]:
        return navigation.visible_modules(self.questionnaire, self.answers)

    # --- risks

    def live_risks(self) -> list[Risk]:
        return [r for r in self.risks if r.status in (RiskStatus.DRAFT, RiskStatus.CONFIRMED)]

    def confirm_risk(self, risk: Risk) -> Risk:
        """Confirm a risk and, the first time, suggest remediation items for it."""
        new = self.update(risk, status=RiskStatus.CONFIRMED)
        has_items = any(i.risk_id == new.id for i in self.remediation)
        if not has_items and new.question_id and self.questionnaire.has_question(new.question_id):
            items = draft_remediation(self.questionnaire.question(new.question_id), new,
                                      self.today())
            self.add_many(items)
        return new

    def dismiss_risk(self, risk: Risk) -> Risk:
        return self.update(risk, status=RiskStatus.DISMISSED)

    def reopen_risk(self, risk: Risk) -> Risk:
        return self.update(risk, status=RiskStatus.DRAFT, merged_into=None)

    def merge_risk(self, risk: Risk, into: Risk) -> Risk:
        """Fold ``risk`` into ``into``: its sites and assets move over, it is kept as merged."""
        if risk.id == into.id:
            raise ValueError("a risk cannot be merged into itself")
        with self.pf.atomic():
            target = self.update(into, site_ids=tuple(sorted({*into.site_ids, *risk.site_ids})),
                                 asset_ids=tuple(sorted({*into.asset_ids, *risk.asset_ids})))
            merged = self.update(risk, status=RiskStatus.MERGED, merged_into=target.id)
            for item in list(self.remediation):
                if item.risk_id == risk.id:
                    self.update(item, risk_id=target.id)
        return merged

    # --- remediation

    def complete_item(self, item: RemediationItem, status: RemediationStatus) -> RemediationItem:
        """Change an item's status; "done" records today as its completed date."""
        completed = item.completed_date
        if status is RemediationStatus.DONE and completed is None:
            completed = self.today()
        elif status is not RemediationStatus.DONE:
            completed = None
        return self.update(item, status=status, completed_date=completed)

    def overdue(self) -> list[RemediationItem]:
        today = self.today()
        return [i for i in self.remediation if i.is_overdue(today)]

    def open_items(self) -> list[RemediationItem]:
        return [i for i in self.remediation
                if i.status in (RemediationStatus.NOT_STARTED, RemediationStatus.IN_PROGRESS)]

    # --- assessments

    def switch_assessment(self, assessment_id: int) -> None:
        self.assessment = self.pf.get(Assessment, assessment_id)
        self._load_assessment()

    def comparison(self) -> Comparison | None:
        """What changed since the previous assessment; None when this is the first."""
        if self.previous is None:
            return None
        return compare(self.questionnaire, self.previous_answers, self.answers)

    def last_time(self, question_id: str) -> str | None:
        """The previous assessment's answer in words ("Yes", "not asked"), or None."""
        if self.previous is None:
            return None
        return describe(self.questionnaire.question(question_id),
                        self.previous_answers.get(question_id),
                        question_id in self._asked_before)

    def latest_assessment(self) -> Assessment:
        """The most recent assessment in the file, by period and then by the order made
        (the one at the top of the window's list), whichever one is open."""
        return max(self.assessments, key=_period_order)

    def next_assessment_year(self) -> int:
        """The year next year's assessment covers: the year after the latest one's."""
        latest = self.latest_assessment()
        end = latest.period_end or latest.period_start
        return end.year + 1 if end is not None else self.today().year

    def assessment_for_year(self, year: int) -> Assessment | None:
        """The assessment whose period falls in ``year``, if the file has one."""
        for a in self.assessments:
            when = a.period_start or a.period_end or a.started_on
            if when is not None and when.year == year:
                return a
        return None

    def check_next_assessment(self) -> int:
        """The year next year's assessment would cover; raises ``AssessmentExists`` (one
        plain line) when the file already has that year's assessment."""
        year = self.next_assessment_year()
        existing = self.assessment_for_year(year)
        if existing is not None:
            raise AssessmentExists(
                f"“{existing.title}” is already in this file; choose it in the "
                "Assessment list to work on it.")
        return year

    def start_next_assessment(self) -> Assessment:
        """A new assessment for the year after the latest one, starting from the latest one's
        answers (not the open one's: an older assessment may be open).

        Notes, decisions and reasons carry over; flags do not. Gaps become fresh draft risks.
        Raises ``AssessmentExists`` when that year's assessment is already in the file.
        """
        latest = self.latest_assessment()
        year = self.check_next_assessment()
        previous = (self.answers if latest.id == self.assessment.id
                    else self.pf.answers(latest.id))
        today = self.today()
        fresh = Assessment(title=f"{year} security risk analysis", started_on=today,
                           period_start=date(year, 1, 1), period_end=date(year, 12, 31),
                           questionnaire_versions=self.questionnaire.versions(),
                           scope_site_ids=latest.scope_site_ids)
        stamp = now_utc()
        with self.pf.atomic():
            self.pf.add(fresh)
            for a in previous.values():
                self.pf.save_answer(dataclasses.replace(
                    a, assessment_id=fresh.id, flagged=False, answered_at=stamp), stamp=False)
        self.assessments.append(fresh)
        self.assessment = fresh
        self._load_assessment()
        self.reconcile()
        return fresh
