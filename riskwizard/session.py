"""The application layer: one open practice and its current assessment, without Qt.

The window (and any other front end) calls one ``Session`` method per user intention; each
saves through the repository first and only then changes what is in memory, so a failed save
(``StoreError``: read-only file, full disk) leaves memory as it was on disk. Each returns a
``Changes`` value saying which kinds of record (and which ids) changed, for the pages and
exporters to react to. The rules themselves live in ``riskwizard.domain``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from riskwizard.domain import assessments as periods
from riskwizard.domain import navigation
from riskwizard.domain.changes import NOTHING, Changes, Kind
from riskwizard.domain.comparison import Comparison, compare, describe
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
from riskwizard.domain.questionnaire import Module, Question, Questionnaire
from riskwizard.domain.risk import draft_remediation, reconcile_risks
from riskwizard.store import create_practice_file, open_practice_file
from riskwizard.store.practice_file import now_utc
from riskwizard.store.repository import Repository

T = TypeVar("T")

_UNSET: Any = object()

KIND_OF: dict[type, Kind] = {Site: Kind.SITES, Asset: Kind.ASSETS, Vendor: Kind.VENDORS,
                             Risk: Kind.RISKS, RemediationItem: Kind.REMEDIATION,
                             Assessment: Kind.ASSESSMENTS}
"""The kind of change a record of each type makes."""


class AssessmentExists(ValueError):
    """Next year's assessment is already in the file (the message says which, in one line)."""


def new_assessment(questionnaire: Questionnaire, today: date) -> Assessment:
    return periods.new_assessment(today.year, today, questionnaire.versions())


class Session:
    """One open practice file and the assessment being worked on."""

    def __init__(self, repo: Repository, questionnaire: Questionnaire,
                 today: Callable[[], date] = date.today) -> None:
        self.repo = repo
        self.questionnaire = questionnaire
        self.clock = today
        self.practice: Practice = repo.practice()
        self.sites: list[Site] = repo.records(Site)
        self.assets: list[Asset] = repo.records(Asset)
        self.vendors: list[Vendor] = repo.records(Vendor)
        self.assessments: list[Assessment] = repo.records(Assessment)
        assessment = periods.latest(self.assessments)
        if assessment is None:
            assessment = repo.add(new_assessment(questionnaire, today()))
            self.assessments.append(assessment)
        self.assessment: Assessment = assessment
        self._load_assessment()

    # --- opening and closing

    @classmethod
    def open(cls, path: Path, questionnaire: Questionnaire,
             today: Callable[[], date] = date.today) -> Session:
        """Open a practice file; raises StoreError (one line) when it cannot be used."""
        repo = open_practice_file(path)
        try:
            return cls(repo, questionnaire, today)
        except BaseException:
            repo.close()
            raise

    @classmethod
    def create(cls, path: Path, practice: Practice, questionnaire: Questionnaire,
               today: Callable[[], date] = date.today) -> Session:
        repo = create_practice_file(path, practice)
        try:
            return cls(repo, questionnaire, today)
        except BaseException:
            repo.close()
            raise

    def close(self) -> None:
        self.repo.close()

    @property
    def pf(self) -> Any:
        """The repository (the name older callers and tests use)."""
        return self.repo

    @property
    def path(self) -> Path:
        return self.repo.path

    def today(self) -> date:
        return self.clock()

    def _load_assessment(self) -> None:
        aid = self.assessment.id
        self.answers: dict[str, Answer] = self.repo.answers(aid)
        self.risks: list[Risk] = self.repo.for_assessment(Risk, aid)
        self.remediation: list[RemediationItem] = self.repo.for_assessment(RemediationItem, aid)
        # The assessment before this one, for "what changed since last time".
        self.previous: Assessment | None = periods.previous(self.assessments, self.assessment)
        self.previous_answers: dict[str, Answer] = (
            self.repo.answers(self.previous.id) if self.previous is not None else {})
        self._asked_before = {q.id for q in navigation.visible_questions(
            self.questionnaire, self.previous_answers)} if self.previous is not None else set()

    def data(self) -> PracticeData:
        """Everything in the file (for the PDF and the exports)."""
        return self.repo.load_all()

    # --- the practice profile

    def save_practice(self, practice: Practice) -> Changes:
        self.repo.save_practice(practice)
        self.practice = practice
        return Changes.of(Kind.PRACTICE)

    # --- sites, assets, vendors, risks, remediation items

    def _list_for(self, record: object) -> list[Any]:
        lists: dict[type, list[Any]] = {Site: self.sites, Asset: self.assets,
                                         Vendor: self.vendors, Risk: self.risks,
                                         RemediationItem: self.remediation}
        return lists[type(record)]

    def add(self, record: object) -> Changes:
        """Store a new record; it gets its id, and is kept in memory."""
        return self.add_many([record])

    def add_many(self, records: Sequence[object]) -> Changes:
        """Store several new records in one transaction."""
        with self.repo.atomic():
            for r in records:
                self.repo.add(r)
        changes = NOTHING
        for r in records:
            self._list_for(r).append(r)
            changes |= Changes.of(KIND_OF[type(r)], [r.id])  # type: ignore[attr-defined]
        return changes

    def save(self, record: object) -> Changes:
        """Save a changed copy of a record (made with ``dataclasses.replace``); on success it
        replaces the record with the same id in memory."""
        return self.save_many([record])

    def save_many(self, records: Iterable[object]) -> Changes:
        records = list(records)
        with self.repo.atomic():
            for r in records:
                self.repo.update(r)
        changes = NOTHING
        for new in records:
            rid = new.id  # type: ignore[attr-defined]
            items = self._list_for(new)
            items[:] = [new if r.id == rid else r for r in items]
            changes |= Changes.of(KIND_OF[type(new)], [rid])
        return changes

    def update(self, record: T, **fields: Any) -> Changes:
        """Save ``record`` with some fields changed (a shorthand for ``save``)."""
        return self.save(dataclasses.replace(record, **fields))  # type: ignore[type-var]

    def delete(self, record: Any) -> Changes:
        """Delete a record. The repository removes every link to it in the same transaction;
        the lists that held links are read back rather than mended here."""
        self.repo.delete(type(record), record.id)
        items = self._list_for(record)
        items[:] = [r for r in items if r.id != record.id]
        changes = Changes.of(KIND_OF[type(record)], [record.id])
        if isinstance(record, Site):
            self.assets = self.repo.records(Asset)
            changes |= Changes.of(Kind.ASSETS)
        if isinstance(record, Site | Asset | Vendor):
            self.risks = self.repo.for_assessment(Risk, self.assessment.id)
            changes |= Changes.of(Kind.RISKS)
        if isinstance(record, Risk):
            self.remediation = self.repo.for_assessment(RemediationItem, self.assessment.id)
            changes |= Changes.of(Kind.REMEDIATION)
        return changes

    def site_name(self, site_id: int | None) -> str:
        return next((s.name for s in self.sites if s.id == site_id), "")

    # --- answers

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    def set_answer(self, question_id: str, *, choice: str | None = _UNSET,
                   note: str = _UNSET, flagged: bool = _UNSET,
                   decision: Decision | None = _UNSET, rationale: str = _UNSET) -> Changes:
        """Save one change to an answer, then bring the register in line with the answers.

        Any change to a carried-over answer re-confirms it for this year."""
        old = self.answers.get(question_id) or Answer(self.assessment.id, question_id)
        changes: dict[str, Any] = {k: v for k, v in dict(choice=choice, note=note, flagged=flagged,
                                         decision=decision, rationale=rationale).items()
                   if v is not _UNSET}
        new = dataclasses.replace(old, **changes, carried=False)
        answers = {**self.answers, question_id: new}
        # The answer and the register changes it causes land in one transaction, or neither.
        with self.repo.atomic():
            self.repo.save_answer(new)
            found = self._write_register(answers)
        self.answers[question_id] = new
        self._apply_register(found)
        return Changes.of(Kind.ANSWERS, [question_id]) | found.changes

    def reconcile(self) -> Changes:
        """Bring the register in line with the answers and inventories."""
        with self.repo.atomic():
            found = self._write_register(self.answers)
        self._apply_register(found)
        return found.changes

    def _write_register(self, answers: dict[str, Answer]) -> _RegisterChanges:
        found = reconcile_risks(self.questionnaire, answers, self.risks, self.assessment.id)
        for rid in found.remove:
            self.repo.delete(Risk, rid)
        for risk in found.add:
            self.repo.add(risk)
        ids: set[int | str] = {*found.remove, *(r.id for r in found.add)}
        return _RegisterChanges(found.add, found.remove,
                                Changes.of(Kind.RISKS, ids) if ids else NOTHING)

    def _apply_register(self, found: _RegisterChanges) -> None:
        if found.add or found.remove:
            self.risks[:] = [r for r in self.risks if r.id not in found.remove] + found.add

    def question(self, question_id: str) -> Question:
        return self.questionnaire.question(question_id)

    def visible_modules(self) -> list[Module]:
        return navigation.visible_modules(self.questionnaire, self.answers)

    # --- risks

    def live_risks(self) -> list[Risk]:
        return [r for r in self.risks if r.is_open]

    def confirm_risks(self, risks: Iterable[Risk]) -> Changes:
        """Confirm risks and, the first time for each, suggest remediation items for it."""
        confirmed = [dataclasses.replace(r, status=RiskStatus.CONFIRMED) for r in risks]
        with self.repo.atomic():
            changes = self.save_many(confirmed)
            has_items = {i.risk_id for i in self.remediation}
            items: list[RemediationItem] = []
            for risk in confirmed:
                if (risk.id not in has_items and risk.question_id
                        and self.questionnaire.has_question(risk.question_id)):
                    items += draft_remediation(self.questionnaire.question(risk.question_id),
                                               risk, self.today())
            if items:
                changes |= self.add_many(items)
        return changes

    def dismiss_risks(self, risks: Iterable[Risk]) -> Changes:
        return self.save_many(dataclasses.replace(r, status=RiskStatus.DISMISSED) for r in risks)

    def reopen_risks(self, risks: Iterable[Risk]) -> Changes:
        return self.save_many(dataclasses.replace(r, status=RiskStatus.DRAFT, merged_into=None)
                              for r in risks)

    def merge_risk(self, risk: Risk, into: Risk) -> Changes:
        """Fold ``risk`` into ``into``: its sites, assets and vendors and its remediation items
        move over; it is kept, marked merged."""
        if risk.id == into.id:
            raise ValueError("a risk cannot be merged into itself")
        target = dataclasses.replace(
            into, site_ids=tuple(sorted({*into.site_ids, *risk.site_ids})),
            asset_ids=tuple(sorted({*into.asset_ids, *risk.asset_ids})),
            vendor_ids=tuple(sorted({*into.vendor_ids, *risk.vendor_ids})))
        merged = dataclasses.replace(risk, status=RiskStatus.MERGED, merged_into=into.id)
        moved = [dataclasses.replace(i, risk_id=into.id) for i in self.remediation
                 if i.risk_id == risk.id]
        with self.repo.atomic():
            return self.save_many([target, merged, *moved])

    def risk(self, risk_id: int) -> Risk | None:
        return next((r for r in self.risks if r.id == risk_id), None)

    # --- remediation

    def set_item_status(self, item: RemediationItem, status: RemediationStatus) -> Changes:
        """Change an item's status; "done" records today as its completed date."""
        completed = item.completed_date
        if status is RemediationStatus.DONE and completed is None:
            completed = self.today()
        elif status is not RemediationStatus.DONE:
            completed = None
        return self.save(dataclasses.replace(item, status=status, completed_date=completed))

    def overdue(self) -> list[RemediationItem]:
        today = self.today()
        return [i for i in self.remediation if i.is_overdue(today)]

    def open_items(self) -> list[RemediationItem]:
        return [i for i in self.remediation if i.is_open]

    # --- assessments

    def switch_assessment(self, assessment_id: int) -> Changes:
        self.assessment = self.repo.get(Assessment, assessment_id)
        self._load_assessment()
        return Changes.everything()

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
        """The most recent assessment in the file (the top of the window's list), whichever
        one is open."""
        found = periods.latest(self.assessments)
        assert found is not None  # a session always has one
        return found

    def next_assessment_year(self) -> int:
        return periods.next_year(self.assessments, self.today())

    def check_next_assessment(self) -> int:
        """The year next year's assessment would cover; raises ``AssessmentExists`` (one
        plain line) when the file already has that year's assessment."""
        year = self.next_assessment_year()
        existing = periods.for_year(self.assessments, year)
        if existing is not None:
            raise AssessmentExists(
                f"“{existing.title}” is already in this file; choose it in the "
                "Assessment list to work on it.")
        return year

    def start_next_assessment(self) -> Changes:
        """A new assessment for the year after the latest one, starting from the latest one's
        answers (not the open one's: an older assessment may be open), each marked to
        re-confirm. Raises ``AssessmentExists`` when that year's assessment is in the file."""
        latest = self.latest_assessment()
        year = self.check_next_assessment()
        previous = (self.answers if latest.id == self.assessment.id
                    else self.repo.answers(latest.id))
        fresh = periods.new_assessment(year, self.today(), self.questionnaire.versions(),
                                       latest.scope_site_ids)
        with self.repo.atomic():
            self.repo.add(fresh)
            for a in periods.carried_answers(previous, fresh.id, now_utc()):
                self.repo.save_answer(a, stamp=False)
        self.assessments.append(fresh)
        self.assessment = fresh
        self._load_assessment()
        self.reconcile()
        return Changes.everything()


@dataclasses.dataclass(frozen=True)
class _RegisterChanges:
    add: list[Risk]
    remove: list[int]
    changes: Changes
