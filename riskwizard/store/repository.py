"""The repository the application layer talks to: intention-level reads and writes of one
practice, and nothing about SQL.

``PracticeFile`` (a local SQLite file) is the one implementation today. A second one (an
encrypted file, or a PostgreSQL store shared by a consultancy's team) implements this
protocol and is returned by its own ``open_…`` function; nothing above the store changes.
The contract every implementation keeps:

- every write is committed before the method returns, or raises ``StoreError`` (one line)
  with nothing changed;
- ``atomic()`` groups writes: all land or none do; blocks nest;
- ``delete`` removes every reference to the record in the same transaction (links from
  risks, actions and assessments), so callers never repeat a cascade;
- ``add`` gives the record its id;
- ``register_current(context)`` is True only if ``mark_register_current(context)`` was the
  last write to the practice, by anyone (an edit made outside the program makes it False).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from riskwizard.domain.model import Answer, Evidence, Practice, PracticeData

T = TypeVar("T")


class Repository(Protocol):
    path: Path
    readonly: bool

    def close(self) -> None: ...

    def atomic(self) -> AbstractContextManager[None]: ...

    def practice(self) -> Practice: ...

    def save_practice(self, practice: Practice) -> None: ...

    def records(self, cls: type[T]) -> list[T]: ...

    def for_assessment(self, cls: type[T], assessment_id: int) -> list[T]: ...

    def get(self, cls: type[T], record_id: int) -> T: ...

    def count(self, cls: type) -> int: ...

    def add(self, record: T) -> T: ...

    def update(self, record: Any) -> None: ...

    def delete(self, cls: type, record_id: int) -> None: ...

    def answers(self, assessment_id: int) -> dict[str, Answer]: ...

    def save_answer(self, answer: Answer, *, stamp: bool = True) -> None: ...

    def meta(self) -> dict[str, str]: ...

    def load_all(self) -> PracticeData: ...

    def write_all(self, data: PracticeData) -> None: ...

    def add_evidence(self, record: Evidence, content: bytes) -> Evidence: ...

    def evidence_content(self, sha256: str) -> bytes: ...

    def evidence_contents(self) -> dict[str, bytes]: ...

    def evidence_bytes(self) -> int: ...

    def register_current(self, context: str) -> bool: ...

    def mark_register_current(self, context: str) -> None: ...
