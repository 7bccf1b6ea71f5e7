"""A page shown again reads again only what the last actions changed: an answer does not
re-read the practice profile (only the number of staff follows the size question), and an
asset saved elsewhere reads its own row again, in its sorted place, without the table being
read from the start."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from riskwizard.domain.navigation import SIZE_QUESTION
from riskwizard.ui.inventory_pages import AssetsPage
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.practice_page import PracticePage


def opened(make_window: Any, questionnaire: Any, demo_file: Path) -> MainWindow:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    return window


def test_an_answer_reads_only_the_number_of_staff_again(make_window: Any, questionnaire: Any,
                                                        demo_file: Path) -> None:
    window = opened(make_window, questionnaire, demo_file)
    page = window.show_page("practice")
    assert isinstance(page, PracticePage) and window.session and window.ctx
    page.security.setText("Typed, not yet saved")
    other = next(q for m in questionnaire.modules for q in m.questions
                 if q.id != SIZE_QUESTION and q.shows_when is None and q.options)
    window.ctx.changed.emit(window.session.set_answer(other.id, choice=other.options[0].value))
    window.show_page("dashboard")
    window.show_page("practice")
    assert page.security.text() == "Typed, not yet saved"
    staff = page.staff.text()
    size = window.session.question(SIZE_QUESTION)
    now = window.session.answer(SIZE_QUESTION)
    choice = next(o.value for o in size.options if not now or o.value != now.choice)
    window.ctx.changed.emit(window.session.set_answer(SIZE_QUESTION, choice=choice))
    window.show_page("dashboard")
    window.show_page("practice")
    assert page.staff.text() != staff
    assert page.security.text() == "Typed, not yet saved"
    # The profile itself saved: the whole form is read again.
    window.ctx.attempt(lambda: window.session.save_practice(  # type: ignore[union-attr]
        dataclasses.replace(window.session.practice, assessor="Someone")))  # type: ignore[union-attr]
    window.show_page("dashboard")
    window.show_page("practice")
    assert page.security.text() == window.session.practice.security_official
    assert page.assessor.text() == "Someone"


def test_an_asset_saved_elsewhere_reads_its_row_in_its_sorted_place(
        make_window: Any, questionnaire: Any, demo_file: Path) -> None:
    window = opened(make_window, questionnaire, demo_file)
    page = window.show_page("assets")
    assert isinstance(page, AssetsPage) and window.session and window.ctx
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.proxy.setFilterFixedString("")
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    first = window.session.assets[0]
    window.show_page("dashboard")
    window.ctx.attempt(lambda: window.session.update(  # type: ignore[union-attr]
        first, name="zzz last of all"))
    window.show_page("assets")
    names = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert names[-1] == "zzz last of all" and first.name not in names[-1:]
    assert names == sorted(names, key=str.lower)
    assert not resets  # its row was read again, not the whole table
    # A deletion is more than a saved record: the table is read again.
    gone = window.session.assets[1]
    window.show_page("dashboard")
    window.ctx.attempt(lambda: window.session.delete(gone))  # type: ignore[union-attr]
    window.show_page("assets")
    assert resets
    assert page.proxy.rowCount() == len(window.session.assets)
    assert gone.name not in [page.proxy.index(r, 0).data()
                             for r in range(page.proxy.rowCount())]


def test_an_action_finished_renumbers_the_others(make_window: Any, questionnaire: Any,
                                                  demo_file: Path) -> None:
    """The plan's "do first" column depends on every action: one marked done moves the
    others up, and every row shows its new place at once."""
    from riskwizard.domain.model import RemediationStatus
    from riskwizard.domain.register import first_actions
    from riskwizard.ui.remediation_page import RemediationPage

    window = opened(make_window, questionnaire, demo_file)
    page = window.show_page("remediation")
    assert isinstance(page, RemediationPage) and window.session
    status = [page.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(page.model.columnCount())].index("Status")

    def shown_order() -> dict[str, str]:
        return {page.model.record(r).action: page.model.index(r, page.order_column).data()
                for r in range(page.model.rowCount())}

    before = shown_order()
    first = first_actions(window.session.remediation, window.session.risks, None)[0]
    row = page.model.row_of(first.id)
    assert page.model.setData(page.model.index(row, status), RemediationStatus.DONE.value)
    items = window.session.remediation
    expected = {i.action: str(n)
                for n, i in enumerate(first_actions(items, window.session.risks, None), 1)}
    now = shown_order()
    assert now != before
    assert {a: t for a, t in now.items() if t} == expected
