"""What a user's action changed: the typed value every application-layer method returns.

Pages and exporters look at a ``Changes`` to decide what to refresh, as Anki's operations
return ``OpChanges``. Nothing refreshes by a string name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum, auto


class Kind(Enum):
    """A kind of record in the practice file."""

    PRACTICE = auto()
    SITES = auto()
    ASSETS = auto()
    VENDORS = auto()
    ASSESSMENTS = auto()  # the list of assessments, or an assessment's own fields
    ANSWERS = auto()
    RISKS = auto()
    REMEDIATION = auto()


@dataclass(frozen=True)
class Changes:
    """Which kinds of record changed, and which ids of each (answers by question id).

    ``switched`` says the open assessment itself changed (another one was chosen, or next
    year's was started): everything shown for an assessment must be read again.
    """

    ids: dict[Kind, frozenset[int | str]] = field(default_factory=dict)
    switched: bool = False

    @classmethod
    def of(cls, kind: Kind, ids: Iterable[int | str] = ()) -> Changes:
        return cls({kind: frozenset(ids)})

    @classmethod
    def everything(cls) -> Changes:
        return cls({k: frozenset() for k in Kind}, switched=True)

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(self.ids)

    def touches(self, *kinds: Kind) -> bool:
        """True when any of ``kinds`` changed."""
        return self.switched or any(k in self.ids for k in kinds)

    def ids_of(self, kind: Kind) -> frozenset[int | str]:
        return self.ids.get(kind, frozenset())

    def __bool__(self) -> bool:
        return self.switched or bool(self.ids)

    def __or__(self, other: Changes) -> Changes:
        merged = dict(self.ids)
        for kind, ids in other.ids.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Changes(merged, self.switched or other.switched)


NOTHING = Changes()
