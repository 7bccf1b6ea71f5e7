"""The pages of an open practice: where each one sits, what it shows, and where a button can
lead. Each page is described once here, by a ``PageSpec``, and built the first time it is
shown; its module is imported only then, which keeps start-up cheap.

Adding a page is one ``PageSpec`` in ``REGISTRY`` (and the page class, a ``Page``): the section
list, the Go menu and its Ctrl+number shortcut, building and refreshing all follow from it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from riskwizard.domain.changes import Changes, Kind
    from riskwizard.ui.context import Context

    _Base = QWidget
else:
    _Base = object


# --- where a button leads


@dataclass(frozen=True)
class ToPage:
    """A page of the open practice, by its key."""

    key: str


@dataclass(frozen=True)
class ToModule:
    """A section of the questionnaire."""

    module_id: str


@dataclass(frozen=True)
class ToQuestion:
    """One question."""

    question_id: str


@dataclass(frozen=True)
class ToExport:
    """Making the PDF report."""


@dataclass(frozen=True)
class ToDraftRisks:
    """The risks page showing the drafts only: the ones waiting to be reviewed."""


Target = ToPage | ToModule | ToQuestion | ToExport | ToDraftRisks
"""Where a page can send the person."""


class Shell(Protocol):
    """What a page may ask of the window it sits in (see ``Page.connect_window``)."""

    def go(self, target: Target) -> None: ...

    def start_next_year(self) -> None: ...

    def sections_changed(self) -> None: ...

    def question_moved(self, module_id: str) -> None: ...


# --- the pages


class Page(_Base):
    """A page of the open practice: a mixin listed before the page's Qt base class
    (``class RiskPage(Page, QWidget)``).

    The window tells every built page each ``Changes`` (``notice``); a page that shows one of
    the kinds touched remembers it is stale and is refreshed when next shown."""

    shows: ClassVar[tuple[Kind, ...]] = ()
    """The kinds of record this page displays."""
    refresh_on_show: ClassVar[bool] = False
    """Read again every time it is shown, changed or not (see ``outdated``)."""

    _loaded: bool = False
    _pending: Changes | None = None
    refreshes: int = 0
    """How many times the window brought this page up to date (for tests)."""

    def load(self) -> None:
        """The first fill, when the page is first shown."""
        from riskwizard.domain.changes import Changes  # (not needed before the first frame)

        self.refresh(Changes.everything())

    def refresh(self, changes: Changes) -> None:
        """Show the file as it is now; ``changes`` says what changed since last shown."""
        raise NotImplementedError

    def connect_window(self, window: Shell) -> None:
        """Hook the page's signals to the window (nothing by default)."""

    def flush(self) -> None:
        """Save anything typed but not yet saved, before the page goes away."""

    def hasHeightForWidth(self) -> bool:
        """No: a page fills the room the window gives it. (Saying yes, as a page with a
        word-wrapped label would, makes the page stack ask every page, hidden ones too, for
        its height at each width, laying out every wrapped label again: 5 ms a switch.)
        The page's own layout still wraps its labels to the width they get."""
        return False

    def take_focus(self) -> None:
        """Move the keyboard into the page (Return on its entry in the section list)."""
        self.setFocus()
        self.focusNextChild()

    def notice(self, changes: Changes) -> None:
        """Remember ``changes`` if they touch what this page shows."""
        if changes.touches(*self.shows):
            self._pending = changes if self._pending is None else self._pending | changes

    def outdated(self) -> bool:
        """Out of date although nothing it shows changed: ``refresh_on_show`` by default; a
        page whose figures move with the date says whether the date moved."""
        return self.refresh_on_show

    @property
    def stale(self) -> bool:
        """Something it shows changed since it was last brought up to date."""
        return self._pending is not None

    def bring_up_to_date(self) -> None:
        """Called as the page is shown: load it the first time, refresh it if stale."""
        if not self._loaded:
            self._loaded = True
            self._pending = None
            self.load()
        elif self._pending is not None or self.outdated():
            from riskwizard.domain.changes import NOTHING

            changes, self._pending = self._pending or NOTHING, None
            self.refresh(changes)
        else:
            return
        self.refreshes += 1


# --- the registry


@dataclass(frozen=True)
class PageSpec:
    """One page: where it sits in the section list and the Go menu, and which class builds it
    (``"module:ClassName"``, imported when the page is first shown)."""

    key: str
    title: str
    """The text in the section list and the Go menu."""
    place: float
    """Order in the section list and the Go menu; Ctrl+1… follow this order."""
    target: str
    group: str = ""
    """The heading it is listed under (a key of ``GROUPS``), or "" for the top level."""
    listed: bool = True
    """Has a row of its own in the section list (the questionnaire lists its sections)."""

    def build(self, ctx: Context, parent: QWidget) -> Page:
        module, _, name = self.target.partition(":")
        cls = getattr(importlib.import_module(module), name)
        page = cls(ctx, parent)
        if not isinstance(page, Page):
            raise TypeError(f"{self.target} is not a Page")
        page.setObjectName(f"{self.key}_page")
        return page


QUESTIONNAIRE = "questionnaire"
GROUPS: dict[str, str] = {"practice": "Your practice", QUESTIONNAIRE: "Questionnaire",
                          "results": "Results"}
"""The headings of the section list, by key."""

REGISTRY: list[PageSpec] = [
    PageSpec("dashboard", "Overview", 10, "riskwizard.ui.dashboard_page:DashboardPage"),
    PageSpec("practice", "Practice profile and sites", 20,
             "riskwizard.ui.practice_page:PracticePage", group="practice"),
    PageSpec("assets", "Assets", 30, "riskwizard.ui.inventory_pages:AssetsPage",
             group="practice"),
    PageSpec("vendors", "Vendors", 40, "riskwizard.ui.inventory_pages:VendorsPage",
             group="practice"),
    PageSpec("questions", "Questionnaire", 50, "riskwizard.ui.question_page:QuestionPage",
             group=QUESTIONNAIRE, listed=False),
    PageSpec("risks", "Risks", 60, "riskwizard.ui.risk_page:RiskPage", group="results"),
    PageSpec("remediation", "Remediation plan", 70,
             "riskwizard.ui.remediation_page:RemediationPage", group="results"),
]
"""Every page, in any order (``ordered`` sorts them by place)."""


def ordered() -> list[PageSpec]:
    """The registered pages in the order they are listed."""
    return sorted(REGISTRY, key=lambda spec: spec.place)


def shortcut(specs: Sequence[PageSpec], spec: PageSpec) -> str | None:
    """Ctrl+1 to Ctrl+9 for the first nine pages in order (Ctrl+0 is the section list)."""
    n = specs.index(spec) + 1
    return f"Ctrl+{n}" if n <= 9 else None


@contextmanager
def registered(*specs: PageSpec) -> Iterator[None]:
    """Add pages for the duration of a block (for tests and plug-ins tried out)."""
    REGISTRY.extend(specs)
    try:
        yield
    finally:
        for spec in specs:
            REGISTRY.remove(spec)
