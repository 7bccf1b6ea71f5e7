"""Each element of a risk analysis OCR looks for is a named, findable part of the real PDF of
the demo, an empty, a half-answered and the large practice: a row in "Where to find each
element" whose page is the page of its section's bookmark, and on that section's pages what
the element consists of (or, for a practice with nothing yet, a sentence saying so)."""

from __future__ import annotations

import re

import pytest

from riskwizard.domain import columns
from riskwizard.domain.model import PracticeData, RiskStatus
from riskwizard.report import elements
from riskwizard.report.elements import ELEMENTS
from tests.report.conftest import Built

pytestmark = pytest.mark.slow  # builds full PDF reports

REPORTS = ("demo_report", "empty_report", "half_report", "large_report")
DATA = {"demo_report": "complete_demo", "empty_report": None, "half_report": "half_data",
        "large_report": "large_data"}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def bookmarks(built: Built) -> dict[str, int]:
    """Outline title -> 1-based page, for every bookmark."""
    out: dict[str, int] = {}

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                title = " ".join(str(item.title).split())  # type: ignore[attr-defined]
                out.setdefault(title, built.reader.get_destination_page_number(
                    item) + 1)  # type: ignore[arg-type]

    walk(built.reader.outline)
    return out


def element_rows(built: Built) -> dict[str, tuple[str, int]]:
    """Element -> (section, page) of its first row, read from the table on the contents
    pages."""
    return {element: rows[0] for element, rows in all_rows(built).items()}


def all_rows(built: Built) -> dict[str, list[tuple[str, int]]]:
    """Element -> every (section, page) that holds it."""
    at = next(i for i, t in enumerate(built.texts)
              if "Where to find each element of the risk analysis" in t)
    table = flat(" ".join(built.texts[at:at + 2]))
    table = table[table.index("Where to find each element"):]
    rows: dict[str, list[tuple[str, int]]] = {}
    for element in ELEMENTS:
        found = re.findall(re.escape(element) + r" (.+?) (\d+)(?= |$)", table)
        assert found, f"no row for {element!r}"
        rows[element] = [(section, int(page)) for section, page in found]
    return rows


def latest_id(data: PracticeData | None) -> int:
    latest = data.latest_assessment() if data else None
    return latest.id if latest is not None else -1


def pages(built: Built, first: int, count: int = 2) -> str:
    return flat(" ".join(built.texts[first - 1:first - 1 + count]))


@pytest.mark.parametrize("name", REPORTS)
def test_every_element_is_named_with_its_page(name: str,
                                              request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(name)
    marks = bookmarks(built)
    for element, rows in all_rows(built).items():
        for section, page in rows:
            assert marks.get(section) == page, (element, section, page)
            assert section in pages(built, page, 1), (element, section)


@pytest.mark.parametrize("name", REPORTS)
def test_each_element_holds_what_it_is(name: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(name)
    data: PracticeData | None = (request.getfixturevalue(DATA[name]) if DATA[name]
                                 else None)
    rows = element_rows(built)

    def at(element: str, count: int = 2) -> str:
        return pages(built, rows[element][1], count)

    # scope: the sites, systems and where patient data is and flows
    scope = at(elements.SCOPE, 3)
    sites = len(data.sites) if data else 0
    assert re.search(rf"\b{sites} sites?\b", scope)
    assert "Sites" in scope and ("Assets by kind" in scope or "No assets recorded" in scope)
    assert "receiving patient information" in scope  # where it flows outside
    # how the information was collected: who, when, how
    collected = at(elements.COLLECTION)
    assert re.search(r"\d+ questions? apply", collected)
    assert "Interviews." in collected and "Inventories." in collected
    assert "The assessment covers" in collected
    # threats, vulnerabilities, current measures, likelihood, impact, levels: the register
    register = at(elements.THREATS, 3)
    aid = latest_id(data)
    live = [r for r in data.risks_for(aid)
            if r.status in (RiskStatus.DRAFT, RiskStatus.CONFIRMED)] if data else []
    if live:
        by_key = {c.key: c for c in columns.REGISTER_COLUMNS}
        for key in ("level", "title", "inherent_level", "treatment", "measures"):
            assert by_key[key].printed in register, key
        for key in ("threat", "vulnerability", "likelihood", "impact"):
            assert f"{by_key[key].printed}:" in register, key
        assert "Why:" in register  # the reasons for each rating
    else:
        assert "No risks recorded yet." in register or "No open risks" in register
    # likelihood and impact: their scales and the matrix (and the register, with risks)
    matrix = " ".join(pages(built, page, 2) for _section, page
                      in all_rows(built)[elements.LIKELIHOOD])
    assert "Risk matrix" in matrix and "Likelihood \\ impact" in matrix
    # the plan, in the plan's own columns
    plan = at(elements.PLAN)
    items = data.remediation_for(aid) if data else []
    if items:
        for c in columns.PLAN_COLUMNS:
            if not c.print_in:
                assert c.printed.split()[0] in plan, c.key
    else:
        assert "No remediation actions yet." in plan
    # documentation and periodic review: where it is kept, when it is next reviewed
    assert "six years" in at(elements.DOCUMENTATION)
    review = at(elements.REVIEW)
    assert "reviewed earlier after any of these" in review
    assert "next review" in review or "once a year" in review
