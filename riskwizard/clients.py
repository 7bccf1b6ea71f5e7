"""The consultant's clients: a line of figures for each practice file, read without
locking or changing the file (``open_practice_file(readonly=True)``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from riskwizard.domain import assessments as periods
from riskwizard.domain import navigation
from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import derive_in_memory
from riskwizard.domain.risk import default_matrix
from riskwizard.store import StoreError, open_practice_file
from riskwizard.store.practice_file import SUFFIX

SERIOUS = ("critical", "high")


@dataclass(frozen=True)
class ClientSummary:
    path: Path
    practice: str = ""
    assessment: str = ""
    answered: int = 0
    total: int = 0
    serious: int = 0  # open risks rated Critical or High
    overdue: int = 0  # actions past their due date and not finished
    next_review: date | None = None
    problem: str = ""  # why the file could not be read ("" when it was)
    to_confirm: int = 0  # answers carried over or from a template, not yet looked at

    @property
    def percent(self) -> int:
        return navigation.Progress(self.answered, self.total, 0).percent if self.total else 0


def summarise(path: Path, questionnaire: Questionnaire, today: date,
              data: PracticeData | None = None) -> ClientSummary:
    """The figures of a practice file's latest assessment, read-only; ``data``: the
    practice as it is in memory, for the file open in this window (which holds its lock).

    The latest assessment's register is derived from its answers and inventories first,
    as opening the file would (``register.derive_in_memory``): a file made and never
    opened, or changed since by an import or a newer questionnaire, is counted as the
    window and the report will show it."""
    if data is None:
        try:
            with open_practice_file(path, readonly=True) as pf:
                data = pf.load_all()
        except StoreError as exc:
            return ClientSummary(path, problem=str(exc).removeprefix(f"{path}: "))
    latest = periods.latest(data.assessments)
    if latest is None:
        return ClientSummary(path, data.practice.name, "no assessment yet")
    data = derive_in_memory(data, questionnaire, today, [latest])
    answers = data.answers_for(latest.id)
    progress = navigation.progress(questionnaire, answers)
    matrix = default_matrix()
    serious = sum(1 for r in data.risks_for(latest.id) if r.is_open and matrix.level(
        r.rated_likelihood, r.rated_impact).id in SERIOUS)
    overdue = sum(1 for i in data.remediation_for(latest.id) if i.is_overdue(today))
    return ClientSummary(path, data.practice.name, latest.title, progress.answered,
                         progress.total, serious, overdue, latest.next_review,
                         to_confirm=progress.to_confirm)


def client_files(recent: Iterable[Path], folder: Path | None) -> list[Path]:
    """The recent files that still exist, then the practice files in ``folder`` (not its
    subfolders), each once."""
    seen: dict[Path, None] = {}
    for p in recent:
        if p.is_file():
            seen.setdefault(p.resolve(), None)
    if folder is not None and folder.is_dir():
        try:
            found = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.name.lower())
        except OSError:
            found = []
        for p in found:
            if p.is_file():
                seen.setdefault(p.resolve(), None)
    return list(seen)
