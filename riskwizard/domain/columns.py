"""The columns of the inventories, defined once: the window's tables, the CSV export and the
PDF's inventory tables all read these lists, so a column added here shows up in all three.

A column says what it is (``key``, also its CSV header), how people head it (``header`` in
the window, ``short`` where print is narrow), how to read it from a record (``value``, given
a ``Lookup`` for names of linked records and today's date), what kind of value that is, and
how wide it wants to be. How each surface lays a kind out (a check box, a date picker, an
alert colour) is that surface's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

from riskwizard.domain.labels import label
from riskwizard.domain.model import (
    Asset,
    AssetKind,
    BaaStatus,
    DisposalStatus,
    Effort,
    Encryption,
    Priority,
    RemediationItem,
    RemediationStatus,
    Risk,
    RiskStatus,
    Site,
    Treatment,
    Vendor,
    VendorKind,
)

R = TypeVar("R")


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    LEVEL = "level"
    BOOL = "bool"
    ENUM = "enum"
    LINK = "link"  # the id of another record (a site), shown by that record's name


@dataclass(frozen=True)
class Lookup:
    """What a column may need besides its record."""

    sites: Mapping[int, Site] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    scope_site_ids: frozenset[int] = frozenset()  # the assessment's scope (empty: everything)
    risks: Mapping[int, Risk] = field(default_factory=dict)  # for the plan's "For risk"
    plan_order: Mapping[int, int] = field(default_factory=dict)  # action id -> "Do first" rank

    def site_name(self, site_id: int | None) -> str:
        site = self.sites.get(site_id) if site_id is not None else None
        return site.name if site is not None else ""


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a record table."""

    key: str
    header: str
    value: Callable[[R, Lookup], Any]
    kind: Kind = Kind.TEXT
    width: int = 10  # in ems, in the window
    short: str = ""  # the printed header, where room is short ("" -> ``header``)
    print_width: float = 0.0  # inches in the PDF (0: shares the width left over)
    edit: str | None = None  # the record's field the window edits through this column
    enum: type[StrEnum] | None = None
    tip: str = ""
    exported: bool = True  # written to (and read from) CSV
    in_window: bool = True  # a column of the window's table (spreadsheets show them all)
    print_in: str = ""  # printed within the PDF cell of the column with this key
    # ("Threat: …" under the risk's title); "" prints it in a column of its own

    @property
    def printed(self) -> str:
        return self.short or self.header

    def text(self, record: R, lookup: Lookup) -> str:
        """The value in words ("Yes", "Laptop", "2026-03-31", the site's name)."""
        value = self.value(record, lookup)
        if self.kind is Kind.LINK:
            return lookup.site_name(value)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, StrEnum):
            return label(value)
        if isinstance(value, date):
            return value.isoformat()
        return "" if value is None else str(value)

    def csv(self, record: R, lookup: Lookup) -> str:
        """The value as the CSV files write it (enum values, yes/no, ISO dates, names)."""
        value = self.value(record, lookup)
        if self.kind is Kind.LINK:
            return lookup.site_name(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, StrEnum):
            return value.value
        if isinstance(value, date):
            return value.isoformat()
        return "" if value is None else str(value)


def _field(name: str) -> Callable[[Any, Lookup], Any]:
    def value(record: Any, lookup: Lookup) -> Any:
        return getattr(record, name)

    value.field = name  # type: ignore[attr-defined]  # read in bulk by the window's tables
    return value


def _baa_problem(vendor: Vendor, lookup: Lookup) -> str:
    return vendor.baa_problem(lookup.today) or ""


ASSET_COLUMNS: list[Column[Asset]] = [
    Column("name", "Name", _field("name"), width=16, short="Asset", print_width=1.9,
           edit="name"),
    Column("kind", "Kind", _field("kind"), Kind.ENUM, 11, print_width=1.0, edit="kind",
           enum=AssetKind),
    Column("holds_ephi", "Holds patient data", _field("holds_ephi"), Kind.BOOL, 10,
           short="ePHI", print_width=0.45, edit="holds_ephi",
           tip="Does it store, send or reach patient health information (ePHI)?"),
    Column("encrypted_at_rest", "Encrypted", _field("encrypted_at_rest"), Kind.ENUM, 8,
           print_width=0.75, edit="encrypted_at_rest", enum=Encryption,
           tip="Is the data on it encrypted, so a thief cannot read it?"),
    Column("site", "Site", _field("site_id"), Kind.LINK, 12, print_width=1.35,
           edit="site_id"),
    Column("owner", "Looked after by", _field("owner"), width=14, short="Owner",
           print_width=1.5, edit="owner"),
    Column("disposal_status", "Status", _field("disposal_status"), Kind.ENUM, 9,
           print_width=0.85, edit="disposal_status", enum=DisposalStatus),
    Column("notes", "Notes", _field("notes"), edit="notes"),
]

VENDOR_COLUMNS: list[Column[Vendor]] = [
    Column("name", "Name", _field("name"), width=16, short="Vendor", print_width=1.9,
           edit="name"),
    Column("attention", "Needs attention", _baa_problem, width=12, short="Attention",
           print_width=1.15, exported=False),
    Column("service", "Service", _field("service"), width=13, print_width=1.8,
           edit="service"),
    Column("kind", "What they do", _field("kind"), Kind.ENUM, 13, short="Role",
           print_width=1.1, edit="kind", enum=VendorKind,
           tip="A business associate keeps or handles patient data for you and must sign a "
               "BAA; a phone or internet carrier only carries it; tracking and ad tools "
               "must not get patient data at all."),
    Column("handles_ephi", "Patient data", _field("handles_ephi"), Kind.BOOL, 6,
           short="ePHI", print_width=0.45, edit="handles_ephi",
           tip="Does the vendor see, keep or send patient data for you?"),
    Column("baa", "BAA signed", _field("baa"), Kind.ENUM, 8, print_width=0.7, edit="baa",
           enum=BaaStatus,
           tip="Has the vendor signed a business associate agreement (BAA)? \"Don't know\" "
               "until someone finds the signed copy or asks the vendor."),
    Column("baa_date", "BAA signed on", _field("baa_date"), Kind.DATE, 8, short="BAA date",
           print_width=0.8, edit="baa_date"),
    Column("baa_expiry", "BAA ends", _field("baa_expiry"), Kind.DATE, 8,
           short="BAA expires", print_width=0.8, edit="baa_expiry"),
    Column("contact", "Contact", _field("contact"), width=14, edit="contact"),
    Column("notes", "Notes", _field("notes"), edit="notes"),
]

SITE_COLUMNS: list[Column[Site]] = [
    Column("name", "Site", _field("name"), width=16, print_width=2.2, edit="name"),
    Column("address", "Address", _field("address"), width=24, print_width=3.3,
           edit="address"),
    Column("in_scope", "In scope", lambda s, lookup: not lookup.scope_site_ids
           or s.id in lookup.scope_site_ids, Kind.BOOL, 6, print_width=0.7, exported=False),
    Column("notes", "Notes", _field("notes"), edit="notes"),
]


def _level(risk: Risk, lookup: Lookup) -> str:
    from riskwizard.domain.risk import default_matrix

    return default_matrix().level(risk.rated_likelihood, risk.rated_impact).name


def _inherent_level(risk: Risk, lookup: Lookup) -> str:
    from riskwizard.domain.risk import default_matrix

    return default_matrix().level(risk.inherent_likelihood, risk.inherent_impact).name


def _likelihood(risk: Risk, lookup: Lookup) -> str:
    from riskwizard.domain.risk import default_matrix

    return default_matrix().likelihood_name(risk.rated_likelihood)


def _impact(risk: Risk, lookup: Lookup) -> str:
    from riskwizard.domain.risk import default_matrix

    return default_matrix().impact_name(risk.rated_impact)


def _for_risk(item: RemediationItem, lookup: Lookup) -> str:
    ids = item.linked_risk_ids
    risk = lookup.risks.get(ids[0]) if ids else None
    return risk.title if risk is not None else ""


def _lowers(item: RemediationItem, lookup: Lookup) -> str:
    n = len(item.linked_risk_ids)
    return "" if n == 0 else f"{n} risk{'' if n == 1 else 's'}"


def _order(item: RemediationItem, lookup: Lookup) -> int | None:
    return lookup.plan_order.get(item.id)


def _checked_by(item: RemediationItem, lookup: Lookup) -> str:
    if not item.verified_by:
        return ""
    on = item.verified_on.isoformat() if item.verified_on else ""
    return f"{item.verified_by}, {on}" if on else item.verified_by


def _inherent_likelihood(risk: Risk, lookup: Lookup) -> str:
    from riskwizard.domain.risk import default_matrix

    return default_matrix().likelihood_name(risk.inherent_likelihood)


def _inherent_impact(risk: Risk, lookup: Lookup) -> str:
    from riskwizard.domain.risk import default_matrix

    return default_matrix().impact_name(risk.inherent_impact)


REGISTER_COLUMNS: list[Column[Risk]] = [
    Column("level", "Level", _level, Kind.LEVEL, 6, short="Current level", print_width=0.9,
           tip="How serious the risk is now, with the measures you have"),
    Column("title", "Risk", _field("title"), width=30, short="Risk and what it covers",
           print_width=2.9),
    Column("inherent_level", "Before measures", _inherent_level, Kind.LEVEL, 8,
           short="Before measures", print_width=0.9,
           tip="How serious it would be with no protection in place"),
    Column("uncertain", "Rests on “Not sure”", _field("uncertain"), Kind.BOOL, 8,
           print_in="measures", tip="The rating rests on “Not sure” answers: find out"),
    Column("likelihood", "Likelihood", _likelihood, width=10, print_in="level"),
    Column("impact", "Impact", _impact, width=10, print_in="level"),
    Column("status", "Status", _field("status"), Kind.ENUM, 9, enum=RiskStatus,
           print_in="treatment"),
    Column("treatment", "Treatment", _field("treatment"), Kind.ENUM, 9, enum=Treatment,
           print_width=1.1),
    # beside the window's columns: the spreadsheets' and the PDF's
    Column("measures", "Measures in place", _field("measures"), width=24, in_window=False,
           short="Measures in place and why this rating", print_width=3.1),
    Column("reasons", "Why this rating", _field("reasons"), width=24, short="Why",
           in_window=False, print_in="measures"),
    Column("inherent_likelihood", "Likelihood before measures", _inherent_likelihood,
           width=10, in_window=False, print_in="inherent_level", short="Likelihood"),
    Column("inherent_impact", "Impact before measures", _inherent_impact, width=10,
           in_window=False, print_in="inherent_level", short="Impact"),
    Column("threat", "Threat", _field("threat"), width=24, in_window=False,
           print_in="title"),
    Column("vulnerability", "Vulnerability", _field("vulnerability"), width=24,
           in_window=False, print_in="title"),
    Column("treatment_reason", "Reason for the treatment", _field("treatment_reason"),
           width=20, short="Reason", in_window=False, print_in="treatment"),
    Column("notes", "Notes", _field("notes"), width=20, in_window=False, print_in="title"),
]
"""The risk register: the window's columns (``in_window``) in its order, then the threat,
vulnerability, measures and reasons the spreadsheets and the PDF print beside them. The
PDF prints each column in its own column (in this order) or, with ``print_in``, as a line
in another's cell."""


PLAN_COLUMNS: list[Column[RemediationItem]] = [
    Column("action", "Action", _field("action"), width=24, edit="action", print_width=2.3),
    Column("risk", "For risk", _for_risk, width=12, print_width=1.5),
    Column("owner", "Owner", _field("owner"), width=10, edit="owner", print_width=1.0,
           tip="Who in the practice sees that it gets done"),
    Column("due_date", "Due", _field("due_date"), Kind.DATE, 12, edit="due_date",
           print_width=0.75),
    Column("status", "Status", _field("status"), Kind.ENUM, 8, edit="status",
           enum=RemediationStatus, print_width=0.8),
    Column("order", "Do first", _order, Kind.NUMBER, 5, print_width=0.45,
           tip="The order to work in: actions for the most serious open risks first, and "
               "among them those that take away the most risk"),
    Column("lowers", "Lowers", _lowers, width=6, print_width=0.55,
           tip="How many risks in the register this action makes smaller"),
    Column("priority", "Priority", _field("priority"), Kind.ENUM, 7, edit="priority",
           enum=Priority, in_window=False, print_width=0.6),
    Column("effort", "Effort", _field("effort"), Kind.ENUM, 6, edit="effort", enum=Effort,
           print_width=0.55),
    Column("completed_date", "Done on", _field("completed_date"), Kind.DATE, 10,
           edit="completed_date", in_window=False, print_in="status"),
    Column("checked_by", "Checked by", _checked_by, width=10, print_width=0.8,
           tip="Who checked that the finished action works, and when"),
    Column("notes", "Notes", _field("notes"), width=10, edit="notes", print_in="action"),
]
"""The remediation plan, with the window's columns in the window's order."""


def plan_lookup(risks: list[Risk], items: list[RemediationItem], today: date | None = None,
                sites: list[Site] | tuple[Site, ...] = ()) -> Lookup:
    """What the plan's columns need: the risks' titles and the "do first" order."""
    from riskwizard.domain.register import plan_order

    ranks = plan_order(items, risks)
    return Lookup({s.id: s for s in sites}, today or date.today(), frozenset(),
                  {r.id: r for r in risks}, ranks)


def keys(columns: list[Column[R]]) -> list[str]:
    """The CSV header row of a list."""
    return [c.key for c in columns if c.exported]


def lookup_for(sites: list[Site] | tuple[Site, ...], today: date | None = None,
               scope: tuple[int, ...] = ()) -> Lookup:
    return Lookup({s.id: s for s in sites}, today or date.today(), frozenset(scope))
