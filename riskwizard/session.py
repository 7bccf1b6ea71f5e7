"""The application layer: one open practice and its current assessment, without Qt.

The window (and any other front end) calls one ``Session`` method per user intention; each
saves through the repository first and only then changes what is in memory, so a failed save
(``StoreError``: read-only file, full disk) leaves memory as it was on disk. Each returns a
``Changes`` value saying which kinds of record (and which ids) changed, for the pages and
exporters to react to. The rules themselves live in ``riskwizard.domain``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from riskwizard import __version__
from riskwizard.domain import assessments as periods
from riskwizard.domain import navigation
from riskwizard.domain.analysis import (
    Analysis,
    Catalogue,
    InventoryIndex,
    analyse,
    index_inventory,
)
from riskwizard.domain.changes import NOTHING, Changes, Kind
from riskwizard.domain.comparison import Comparison, compare, describe
from riskwizard.domain.inventory import baa_dates_problem
from riskwizard.domain.model import (
    Answer,
    Assessment,
    Asset,
    Decision,
    Evidence,
    Practice,
    PracticeData,
    RemediationItem,
    RemediationStatus,
    Risk,
    RiskStatus,
    Site,
    Treatment,
    Vendor,
)
from riskwizard.domain.questionnaire import Module, Question, Questionnaire
from riskwizard.domain.register import merged, plan_actions, plan_risks
from riskwizard.resources import installed_catalogue
from riskwizard.store import StoreError, create_practice_file, open_practice_file
from riskwizard.store.practice_file import now_utc
from riskwizard.store.repository import Repository

T = TypeVar("T")

_UNSET: Any = object()

KIND_OF: dict[type, Kind] = {Site: Kind.SITES, Asset: Kind.ASSETS, Vendor: Kind.VENDORS,
                             Risk: Kind.RISKS, RemediationItem: Kind.REMEDIATION,
                             Assessment: Kind.ASSESSMENTS}
"""The kind of change a record of each type makes."""

if TYPE_CHECKING:
    from riskwizard.domain.evidence import LazyIds
    from riskwizard.store.crypto import Secret


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
        # Checked against the installed questions by the tests and `validate`; a control on a
        # question this questionnaire lacks simply counts for nothing.
        self.catalogue: Catalogue = installed_catalogue()
        self.clock = today
        # The records the store's open-time check has just read and converted, when it
        # has them: each record is converted once as the file opens. The assets (the
        # table that grows with the practice) are read when first asked for.
        take = getattr(repo, "take_checked", None)
        checked: PracticeData | None = take() if take is not None else None
        self._assets: list[Asset] | None = None
        if checked is not None:
            self.practice: Practice = checked.practice
            self.sites: list[Site] = checked.sites
            self.vendors: list[Vendor] = checked.vendors
            self.assessments: list[Assessment] = checked.assessments
        else:
            self.practice = repo.practice()
            self.sites = repo.records(Site)
            self.vendors = repo.records(Vendor)
            self.assessments = repo.records(Assessment)
        assessment = periods.latest(self.assessments)
        if assessment is None:
            assessment = repo.add(new_assessment(questionnaire, today()))
            self.assessments.append(assessment)
        self.assessment: Assessment = assessment
        self._load_assessment(checked)
        self._current_for: str | None = None
        """The context the latest assessment's stored register is known to be up to date
        for (``_register_context``), or None when that is not known."""
        if not repo.readonly:
            # A file imported, made by an older version or edited elsewhere: the register
            # is brought in line with its answers and inventories as it opens, unless the
            # file records that it already is (and nothing changed it since).
            context = self._register_context()
            if repo.register_current(context):
                self._current_for = context
            else:
                self.reconcile()

    # --- opening and closing

    @classmethod
    def open(cls, path: Path, questionnaire: Questionnaire,
             today: Callable[[], date] = date.today, *,
             password: Secret | None = None) -> Session:
        """Open a practice file; raises StoreError (one line) when it cannot be used
        (``PasswordNeeded`` / ``WrongPassword`` for a file protected with a password)."""
        repo = open_practice_file(path, password=password)
        try:
            return cls(repo, questionnaire, today)
        except BaseException:
            repo.close()
            raise

    @classmethod
    def create(cls, path: Path, practice: Practice, questionnaire: Questionnaire,
               today: Callable[[], date] = date.today, *,
               password: str | None = None) -> Session:
        repo = create_practice_file(path, practice, password=password)
        try:
            return cls(repo, questionnaire, today)
        except BaseException:
            repo.close()
            raise

    @classmethod
    def create_from(cls, path: Path, data: PracticeData, questionnaire: Questionnaire,
                    today: Callable[[], date] = date.today) -> Session:
        """A new practice file holding ``data`` (from a template, or copied from another
        client's file), opened. Raises StoreError; a failure leaves no file."""
        from riskwizard.interchange.packet import new_secret_meta
        from riskwizard.store import write_new_file

        if not data.practice.created_at:
            data.practice.created_at = now_utc()
        write_new_file(path, data, new_secret_meta())
        return cls.open(path, questionnaire, today)

    def close(self) -> None:
        """Close the file, first recording in it that its register is up to date when it
        is (so the next open need not derive it again)."""
        if not self.repo.readonly:
            with contextlib.suppress(StoreError):
                if (self._current_for is None and self._assets is not None
                        and self.assessment.id == self.latest_assessment().id):
                    self.reconcile()  # the inventory is in memory: a few milliseconds
                if self._current_for is not None:
                    self.repo.mark_register_current(self._current_for)
        self.repo.close()

    @property
    def assets(self) -> list[Asset]:
        """Every asset, in the order made (read from the file the first time)."""
        if self._assets is None:
            self._assets = self.repo.records(Asset)
        return self._assets

    @assets.setter
    def assets(self, value: list[Asset]) -> None:
        self._assets = value

    def _register_context(self) -> str:
        """What the latest assessment's register depends on besides the records: the
        program, the questions, the day, which assessment (see ``register_current``)."""
        versions = json.dumps(self.questionnaire.versions(), sort_keys=True)
        text = (f"{__version__}|{versions}|{self.today().isoformat()}|"
                f"{self.latest_assessment().id}")
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def _wrote(self, *, reconciled: bool = False) -> None:
        """Something was written: the latest assessment's register is known up to date
        only if it was just derived again, for that assessment."""
        self._current_for = (self._register_context() if reconciled
                             and self.assessment.id == self.latest_assessment().id else None)

    # --- a password on the file

    @property
    def encrypted(self) -> bool:
        """The open file is protected with a password."""
        return bool(getattr(self.repo, "encrypted", False))

    def set_password(self, old: str | None, new: str | None) -> Changes:
        """Protect the open file with ``new`` (``old`` None), change its password, or
        remove it (``new`` None). The file is rewritten whole and reopened; StoreError
        (one line) leaves it as it was, and open again."""
        from riskwizard.store.practice_file import WrongPassword, set_password

        path = self.repo.path
        if not self.check_password(old):
            # Refused before anything is closed or rewritten: the session stays usable.
            raise WrongPassword(f"{path}: that is not the file's current password; "
                                "nothing was changed")
        self.repo.close()
        try:
            set_password(path, old, new)
        except BaseException:
            self.repo = open_practice_file(path, password=old)
            raise
        self.repo = open_practice_file(path, password=new)
        return Changes.of(Kind.PRACTICE)

    def check_password(self, password: str | None) -> bool:
        """Whether ``password`` is the open file's current one (None: it has none)."""
        opens_with = getattr(self.repo, "opens_with", None)
        return bool(opens_with(password)) if opens_with is not None else password is None

    @property
    def pf(self) -> Any:
        """The repository (the name older callers and tests use)."""
        return self.repo

    @property
    def path(self) -> Path:
        return self.repo.path

    def today(self) -> date:
        return self.clock()

    def _load_assessment(self, checked: PracticeData | None = None) -> None:
        self._index: InventoryIndex | None = None
        aid = self.assessment.id
        # The previous assessment, for "what changed since last time".
        self.previous: Assessment | None = periods.previous(self.assessments, self.assessment)
        if checked is not None:  # the same records and order the repository's reads give
            self.answers: dict[str, Answer] = {
                a.question_id: a for a in checked.answers if a.assessment_id == aid}
            self.risks: list[Risk] = [r for r in checked.risks if r.assessment_id == aid]
            self.remediation: list[RemediationItem] = [
                r for r in checked.remediation if r.assessment_id == aid]
            pid = self.previous.id if self.previous is not None else None
            self.previous_answers: dict[str, Answer] = {
                a.question_id: a for a in checked.answers if a.assessment_id == pid}
        else:
            self.answers = self.repo.answers(aid)
            self.risks = self.repo.for_assessment(Risk, aid)
            self.remediation = self.repo.for_assessment(RemediationItem, aid)
            self.previous_answers = (
                self.repo.answers(self.previous.id) if self.previous is not None else {})
        self._asked_before = {q.id for q in navigation.visible_questions(
            self.questionnaire, self.previous_answers)} if self.previous is not None else set()

    def data(self) -> PracticeData:
        """Everything in the file (for the PDF and the exports)."""
        return self.repo.load_all()

    # --- the practice profile

    def save_practice(self, practice: Practice) -> Changes:
        self._wrote()  # the plan's owner comes from the practice
        self.repo.save_practice(practice)
        self.practice = practice
        return Changes.of(Kind.PRACTICE)

    # --- sites, assets, vendors, risks, remediation items

    def _list_for(self, record: object) -> list[Any]:
        names = {Site: "sites", Asset: "assets", Vendor: "vendors", Risk: "risks",
                 RemediationItem: "remediation", Assessment: "assessments"}
        return getattr(self, names[type(record)])  # type: ignore[no-any-return]

    def add(self, record: object) -> Changes:
        """Store a new record; it gets its id, and is kept in memory."""
        return self.add_many([record])

    def add_many(self, records: Sequence[object]) -> Changes:
        """Store several new records in one transaction (with the register changes new
        sites, assets or vendors cause)."""
        self._refuse_impossible(records)
        if any(isinstance(r, Site | Asset | Vendor) for r in records):
            _ = self.assets  # read as they are before the new ones are stored
        self._wrote()
        with self.repo.atomic():
            for r in records:
                self.repo.add(r)  # gives it its id, which the register links to
            inventory = self._inventory_after(add=records)
            found = self._write_register(self.answers, inventory) if inventory else None
        self._wrote(reconciled=found is not None)
        changes = NOTHING
        if inventory:
            self._index = None
        for r in records:
            self._list_for(r).append(r)
            changes |= Changes.of(KIND_OF[type(r)], [r.id])  # type: ignore[attr-defined]
        return changes | (self._apply_register(found) if found else NOTHING)

    def save(self, record: object) -> Changes:
        """Save a changed copy of a record (made with ``dataclasses.replace``); on success it
        replaces the record with the same id in memory."""
        return self.save_many([record])

    def save_many(self, records: Iterable[object]) -> Changes:
        records = list(records)
        self._refuse_impossible(records)
        inventory = self._inventory_after(save=records)
        self._wrote()
        with self.repo.atomic():
            for r in records:
                self.repo.update(r)
            found = self._write_register(self.answers, inventory) if inventory else None
        self._wrote(reconciled=found is not None)
        changes = self._apply_register(found) if found else NOTHING
        if inventory:
            self._index = None
        for new in records:
            rid = new.id  # type: ignore[attr-defined]
            items = self._list_for(new)
            items[:] = [new if r.id == rid else r for r in items]
            if isinstance(new, Assessment) and rid == self.assessment.id:
                self.assessment = new
            changes |= Changes.of(KIND_OF[type(new)], [rid])
        return changes

    def update(self, record: T, **fields: Any) -> Changes:
        """Save ``record`` with some fields changed (a shorthand for ``save``)."""
        return self.save(dataclasses.replace(record, **fields))  # type: ignore[type-var]

    def delete(self, record: Any) -> Changes:
        """Delete a record. The repository removes every link to it in the same transaction;
        the lists that held links are read back rather than mended here (the register is
        derived from the links as they are after the delete, not from those in memory)."""
        inventory = self._inventory_after(delete=record)
        self._wrote()
        with self.repo.atomic():
            self.repo.delete(type(record), record.id)
            found = None
            if inventory:
                if isinstance(record, Site):  # assets at the site are at none now
                    inventory = (inventory[0], self.repo.records(Asset), inventory[2])
                found = self._write_register(
                    self.answers, inventory,
                    risks=self.repo.for_assessment(Risk, self.assessment.id))
        self._wrote(reconciled=found is not None)
        if inventory:
            self._index = None
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
        if found is not None:
            changes |= self._apply_register(found)
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
        # The answer commits on its own first (a few milliseconds: it is never lost to a
        # slow or failed register write); the register, derived from the answers, follows
        # in a second transaction, and is derived again on every open if that one fails.
        self._wrote()
        self.repo.save_answer(new)  # commits before it returns
        self.answers[question_id] = new
        answered = Changes.of(Kind.ANSWERS, [question_id])
        try:
            return answered | self.reconcile()
        except StoreError as exc:
            raise StoreError(f"your answer was saved, but the risk register could not be "
                             f"brought up to date ({exc}); it will be when the file is next "
                             "opened") from None

    # --- evidence files

    def evidence_for(self, **owner: int | str) -> list[Evidence]:
        """The evidence attached to one record: ``question_id=`` (of the open assessment),
        ``risk_id=``, ``remediation_id=``, ``vendor_id=`` or ``asset_id=``."""
        from riskwizard.domain.evidence import attached_to

        (name, value), = owner.items()
        return attached_to(self.repo.records(Evidence), name, value, self.assessment.id)

    def attach_evidence(self, name: str, content: bytes, *, added_by: str = "",
                        note: str = "", **owner: int | str) -> Changes:
        """Keep ``content`` inside the practice file as evidence for one record (see
        ``evidence_for``); StoreError (one line) past the limits, and nothing kept."""
        (field, value), = owner.items()
        record = Evidence(name=name, sha256="", added_by=added_by, note=note)
        setattr(record, field, value)
        if field == "question_id":
            record.assessment_id = self.assessment.id
        self.repo.add_evidence(record, content)
        return self._evidence_changed(record)

    def remove_evidence(self, record: Evidence) -> Changes:
        self.repo.delete(Evidence, record.id)
        return self._evidence_changed(record)

    def evidence_content(self, record: Evidence) -> bytes:
        return self.repo.evidence_content(record.sha256)

    def yes_without_evidence(self) -> list[str]:
        """Questions of the open assessment answered "yes" with no evidence yet."""
        from riskwizard.domain.evidence import yes_without_evidence

        return yes_without_evidence(self.answers, self.repo.records(Evidence),
                                    self.assessment.id)

    def _evidence_changed(self, e: Evidence) -> Changes:
        for field, kind in (("question_id", Kind.ANSWERS), ("risk_id", Kind.RISKS),
                            ("remediation_id", Kind.REMEDIATION), ("vendor_id", Kind.VENDORS),
                            ("asset_id", Kind.ASSETS)):
            if getattr(e, field) is not None:
                return Changes.of(kind, [getattr(e, field)])
        return Changes.of(Kind.PRACTICE)

    def accept_returned_answer(self, question_id: str, choice: str,
                               comment: str = "", source: str = "IT vendor") -> Changes:
        """Take one answer that came back in a delegation packet, after the person looked
        at it in the review queue: the choice, and the comment added to the note."""
        if not self.questionnaire.has_question(question_id) or \
                self.questionnaire.question(question_id).option(choice) is None:
            raise ValueError(f"{question_id}: “{choice}” is not one of its answers")
        note: str = _UNSET
        if comment.strip():
            old = self.answers.get(question_id)
            line = f"From the {source}: {comment.strip()}"
            before = old.note if old is not None else ""
            if line not in before:
                note = f"{before}\n{line}" if before.strip() else line
        return self.set_answer(question_id, choice=choice, note=note)

    def packet_secret(self) -> bytes:
        """What this practice's delegation packets are signed with (never written out)."""
        from riskwizard.interchange.packet import practice_secret

        return practice_secret(self.repo.meta(), self.practice)

    def reconcile(self) -> Changes:
        """Bring the register and the plan in line with the answers and inventories. When
        they already are (most opens), nothing is written and no transaction is begun."""
        analysis = self.analysis()
        aid = self.assessment.id
        risks_proven, actions_proven = self._proven()
        if not plan_risks(analysis, self.risks, aid, risks_proven) and not plan_actions(
                analysis, self.risks, self.remediation, aid, self.practice.security_official,
                self.today(), proven=actions_proven):
            self._wrote(reconciled=True)
            return NOTHING
        with self.repo.atomic():
            found = self._write_register(self.answers, analysis=analysis)
        self._wrote(reconciled=True)
        return self._apply_register(found)

    def _proven(self) -> tuple[LazyIds, LazyIds]:
        """The risks and the actions with evidence attached (kept by the register), read
        from the file only when a reconcile would drop one."""
        from riskwizard.domain.evidence import LazyIds

        def owners(field: str) -> Callable[[], Iterable[int]]:
            return lambda: (getattr(e, field) for e in self.repo.records(Evidence))

        return LazyIds(owners("risk_id")), LazyIds(owners("remediation_id"))

    def analysis(self) -> Analysis:
        """The analysis behind the register, as the answers and inventories stand."""
        return self._analyse(self.answers, (self.sites, self.assets, self.vendors))

    def _analyse(self, answers: dict[str, Answer], inventory: _Inventory) -> Analysis:
        sites, assets, vendors = inventory
        today = self.today()
        current = (inventory[0] is self.sites and inventory[1] is self.assets
                   and inventory[2] is self.vendors)
        index = self._index if current else None
        if index is None or index.today != today:
            # The inventory's half of the analysis, kept while only answers change.
            index = index_inventory(assets, vendors, sites, today, self.questionnaire)
            if current:
                self._index = index
        return analyse(self.catalogue, self.questionnaire, answers, assets, vendors, sites,
                       today, inventory=index)

    def _refuse_impossible(self, records: Sequence[object]) -> None:
        """StoreError (one line, nothing written) for a vendor whose BAA dates cannot be
        true (``inventory.baa_dates_problem``)."""
        for r in records:
            if isinstance(r, Vendor):
                problem = baa_dates_problem(r.baa_date, r.baa_expiry, self.today())
                if problem:
                    raise StoreError(f"{self.path}: not saved: {r.name}: {problem}")

    def _inventory_after(self, add: Sequence[object] = (), save: Sequence[object] = (),
                         delete: object = None) -> _Inventory | None:
        """The sites, assets and vendors as they will be after a change, or None when the
        change touches none of them (so the register cannot move)."""
        touched = [r for r in (*add, *save, delete) if isinstance(r, Site | Asset | Vendor)]
        if not touched:
            return None
        saved = {(type(r), getattr(r, "id", 0)): r for r in save}
        gone = (type(delete), getattr(delete, "id", None))

        def after(records: list[Any], cls: type) -> list[Any]:
            kept = [saved.get((cls, r.id), r) for r in records if (cls, r.id) != gone]
            return kept + [r for r in add if type(r) is cls]

        return (after(self.sites, Site), after(self.assets, Asset), after(self.vendors, Vendor))

    def _write_register(self, answers: dict[str, Answer], inventory: _Inventory | None = None,
                        analysis: Analysis | None = None,
                        risks: list[Risk] | None = None) -> _RegisterWrite:
        """Write what the analysis changes in the register and the plan (inside the caller's
        transaction); memory is updated by ``_apply_register`` once it has committed.
        ``risks``: the register as it is in the file now, when that differs from memory."""
        if analysis is None:
            analysis = self._analyse(answers,
                                     inventory or (self.sites, self.assets, self.vendors))
        aid = self.assessment.id
        before = self.risks if risks is None else risks
        risks_proven, actions_proven = self._proven()
        rdiff = plan_risks(analysis, before, aid, risks_proven)
        for rid in rdiff.remove:
            self.repo.delete(Risk, rid)
        for risk in rdiff.update:
            self.repo.update(risk)
        for risk in rdiff.add:
            self.repo.add(risk)
        risks = merged(before, rdiff.add, rdiff.update, rdiff.remove)
        # Deleting a risk unlinks it from actions in the file: read the plan back if so.
        items = (self.repo.for_assessment(RemediationItem, aid) if rdiff.remove
                 else self.remediation)
        pdiff = plan_actions(analysis, risks, items, aid, self.practice.security_official,
                             self.today(), proven=actions_proven)
        for iid in pdiff.remove:
            self.repo.delete(RemediationItem, iid)
        for item in pdiff.update:
            self.repo.update(item)
        for item in pdiff.add:
            self.repo.add(item)
        changes = NOTHING
        if rdiff:
            changes |= Changes.of(Kind.RISKS, {*rdiff.remove, *(r.id for r in rdiff.add),
                                               *(r.id for r in rdiff.update)})
        if pdiff or rdiff.remove:
            changes |= Changes.of(Kind.REMEDIATION, {*pdiff.remove, *(i.id for i in pdiff.add),
                                                     *(i.id for i in pdiff.update)})
        return _RegisterWrite(risks, merged(items, pdiff.add, pdiff.update, pdiff.remove),
                              changes)

    def _apply_register(self, found: _RegisterWrite) -> Changes:
        if found.changes:
            self.risks = found.risks
            self.remediation = found.items
        return found.changes

    def question(self, question_id: str) -> Question:
        return self.questionnaire.question(question_id)

    def visible_modules(self) -> list[Module]:
        return navigation.visible_modules(self.questionnaire, self.answers)

    # --- risks

    def live_risks(self) -> list[Risk]:
        return [r for r in self.risks if r.is_open]

    def confirm_risks(self, risks: Iterable[Risk]) -> Changes:
        """Confirm draft risks: the person agrees they belong in the register."""
        return self.save_many(dataclasses.replace(r, status=RiskStatus.CONFIRMED)
                              for r in risks)

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
        folded = dataclasses.replace(risk, status=RiskStatus.MERGED, merged_into=into.id)
        moved = [dataclasses.replace(
            i, risk_id=into.id if i.risk_id == risk.id else i.risk_id,
            risk_ids=tuple(dict.fromkeys(into.id if r == risk.id else r for r in i.risk_ids)))
            for i in self.remediation if risk.id in (i.risk_id, *i.risk_ids)]
        with self.repo.atomic():
            return self.save_many([target, folded, *moved])

    def decide_risk(self, risk: Risk, treatment: Treatment, reason: str = "",
                    decided_by: str = "") -> Changes:
        """Record how a risk is treated. Accepting or transferring it needs a written reason
        and who decided (``ValueError``, one plain line, otherwise); the date is today."""
        if treatment in (Treatment.ACCEPT, Treatment.TRANSFER):
            done = "accepted" if treatment is Treatment.ACCEPT else "transferred"
            if not reason.strip():
                raise ValueError(f"Write down why the risk is {done}.")
            if not decided_by.strip():
                raise ValueError("Write down who decided.")
        return self.save(dataclasses.replace(
            risk, treatment=treatment, treatment_reason=reason.strip(),
            decided_by=decided_by.strip(), decided_on=self.today()))

    def reconfirm_answers(self, question_ids: Iterable[str]) -> Changes:
        """Mark answers carried over from last year as looked at again, unchanged."""
        answers = [dataclasses.replace(self.answers[q], carried=False) for q in question_ids
                   if q in self.answers and self.answers[q].carried]
        self._wrote()
        with self.repo.atomic():
            for a in answers:
                self.repo.save_answer(a)
        for a in answers:
            self.answers[a.question_id] = a
        return Changes.of(Kind.ANSWERS, [a.question_id for a in answers]) if answers else NOTHING

    def verify_items(self, items: Iterable[RemediationItem], by: str) -> Changes:
        """Record that finished actions were checked: by whom, today."""
        return self.save_many(dataclasses.replace(
            i, status=RemediationStatus.VERIFIED, verified_by=by.strip(),
            verified_on=self.today(), completed_date=i.completed_date or self.today())
            for i in items)

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
        re-confirm, and from its register and plan: risks with the person's decisions, links
        and ratings, and the actions not yet finished. Raises ``AssessmentExists`` when that
        year's assessment is in the file."""
        latest = self.latest_assessment()
        year = self.check_next_assessment()
        is_open = latest.id == self.assessment.id
        previous = self.answers if is_open else self.repo.answers(latest.id)
        risks = self.risks if is_open else self.repo.for_assessment(Risk, latest.id)
        items = self.remediation if is_open else self.repo.for_assessment(RemediationItem,
                                                                          latest.id)
        fresh = periods.new_assessment(year, self.today(), self.questionnaire.versions(),
                                       latest.scope_site_ids)
        fresh = dataclasses.replace(fresh, review_triggers=latest.review_triggers)
        self._wrote()
        with self.repo.atomic():
            self.repo.add(fresh)
            for a in periods.carried_answers(previous, fresh.id, now_utc()):
                self.repo.save_answer(a, stamp=False)
            new_ids: dict[int, int] = {}
            for r in periods.carried_risks(risks):
                copy = dataclasses.replace(r, id=0, assessment_id=fresh.id, merged_into=None)
                new_ids[r.id] = self.repo.add(copy).id
            for i in periods.carried_items(items, new_ids):
                self.repo.add(dataclasses.replace(i, assessment_id=fresh.id))
        self.assessments.append(fresh)
        self.assessment = fresh
        self._load_assessment()
        self.reconcile()
        return Changes.everything()


_Inventory = tuple[list[Site], list[Asset], list[Vendor]]


@dataclasses.dataclass(frozen=True)
class _RegisterWrite:
    risks: list[Risk]
    items: list[RemediationItem]
    changes: Changes
