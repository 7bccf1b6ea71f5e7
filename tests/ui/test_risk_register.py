"""The risk register and the plan, used the way an office manager would."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot
from scripted import ScriptedDialogs

from riskwizard.domain.model import RemediationStatus, Risk, RiskStatus, Treatment
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import action_weight, first_actions
from riskwizard.session import Session
from riskwizard.ui.main_window import MainWindow
from riskwizard.ui.remediation_page import RemediationPage
from riskwizard.ui.risk_page import LEVEL_COLUMN, NAMES_SHOWN, SHOW, RiskPage

TODAY_TEXT = "Nov 24, 2026"


def risks_page(window: MainWindow) -> RiskPage:
    page = window.show_page("risks")
    assert isinstance(page, RiskPage)
    return page


def plan_page(window: MainWindow) -> RemediationPage:
    page = window.show_page("remediation")
    assert isinstance(page, RemediationPage)
    return page


def demo_window(make_window: Any, demo_file: Path,
                questionnaire: Questionnaire) -> tuple[MainWindow, Session]:
    """A window open on the demo practice."""
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    assert window.session is not None
    return window, window.session


def choose_treatment(page: RiskPage, treatment: Treatment) -> None:
    """Pick a treatment in the panel's box as a person does (the box reports ``activated``)."""
    index = page.treatment.findData(treatment.value)
    page.treatment.setCurrentIndex(index)
    page.treatment.activated.emit(index)


def test_confirm_acts_on_every_selected_risk(qtbot: QtBot, window: MainWindow,
                                             sample_file: Path) -> None:
    assert window.open_path(sample_file)
    page = risks_page(window)
    session = window.session
    assert session is not None
    page.show_combo.setCurrentIndex([t for t, _ in SHOW].index("Draft"))
    drafts = page.proxy.rowCount()
    assert drafts >= 2
    page.view.setFocus()
    page.view.setCurrentIndex(page.proxy.index(0, 1))
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_risks()) == drafts
    assert page.confirm_button.text() == f"&Confirm {drafts}"
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert all(r.status is RiskStatus.CONFIRMED for r in session.risks)
    assert page.proxy.rowCount() == 0  # none left under "Draft"

    # Two of them dismissed at once, from the open list.
    page.show_combo.setCurrentIndex(0)
    page.view.setCurrentIndex(page.proxy.index(0, 1))
    page.view.selectionModel().select(
        page.proxy.index(1, 1),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    chosen = {r.id for r in page.selected_risks()}
    assert len(chosen) == 2
    qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    assert {r.id for r in session.risks if r.status is RiskStatus.DISMISSED} == chosen
    assert window.pages["risks"] is page and dialogs_quiet(window)


def dialogs_quiet(window: MainWindow) -> bool:
    dialogs = window.dialogs
    return isinstance(dialogs, ScriptedDialogs) and not dialogs.errors


def test_accepting_needs_a_reason_and_who(qtbot: QtBot, window: MainWindow,
                                          dialogs: ScriptedDialogs, sample_file: Path) -> None:
    assert window.open_path(sample_file)
    page = risks_page(window)
    session = window.session
    assert session is not None
    page.view.setCurrentIndex(page.proxy.index(0, 1))
    risk = page.current()
    assert risk is not None

    # No reason: refused, said plainly, nothing saved.
    dialogs.texts = ["", "Dana Whitfield"]
    choose_treatment(page, Treatment.ACCEPT)
    assert dialogs.errors == ["Write down why the risk is accepted."]
    saved = session.risk(risk.id)
    assert saved is not None and saved.treatment is Treatment.MITIGATE
    assert page.treatment.currentData() == Treatment.MITIGATE.value
    assert page.problem.isVisible() and "why" in page.problem.text()

    # Cancelled: nothing asked further, nothing saved.
    dialogs.texts = [None]
    choose_treatment(page, Treatment.ACCEPT)
    saved = session.risk(risk.id)
    assert saved is not None and saved.treatment is Treatment.MITIGATE

    # With a reason and who: saved with today's date and shown in the panel.
    dialogs.texts = ["Only two staff; the cost is out of reach this year", "Dr. Raman"]
    choose_treatment(page, Treatment.ACCEPT)
    saved = session.risk(risk.id)
    assert saved is not None
    assert saved.treatment is Treatment.ACCEPT
    assert saved.treatment_reason == "Only two staff; the cost is out of reach this year"
    assert saved.decided_by == "Dr. Raman"
    assert saved.decided_on is not None and saved.decided_on.isoformat() == "2026-11-24"
    assert page.decision.isVisible()
    assert "Dr. Raman" in page.decision.text() and TODAY_TEXT in page.decision.text()
    assert "cost is out of reach" in page.decision.text()
    assert not page.problem.isVisible()
    assert dialogs.errors == ["Write down why the risk is accepted."]

    # Back to Mitigate needs nothing asked.
    asked = len(dialogs.texts)
    choose_treatment(page, Treatment.MITIGATE)
    saved = session.risk(risk.id)
    assert saved is not None and saved.treatment is Treatment.MITIGATE
    assert len(dialogs.texts) == asked


def test_detail_says_why_what_protects_and_what_it_covers(
        qtbot: QtBot, make_window: Any, demo_file: Path, questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    page = risks_page(window)
    session = window.session
    assert session is not None
    risk = max((r for r in session.risks if r.is_open and r.measures and r.reasons),
               key=lambda r: len(r.vendor_ids) + len(r.asset_ids))
    page.select(risk.id)
    text = page.d_text.text()
    assert "Why this rating" in text and "What already protects you" in text
    for line in risk.reasons.splitlines():
        assert html.escape(line.strip()) in text
    for line in risk.measures.splitlines():
        assert html.escape(line.strip()) in text
    names = [v.name for v in session.vendors if v.id in risk.vendor_ids]
    names += [a.name for a in session.assets if a.id in risk.asset_ids]
    assert names
    assert html.escape(names[0]) in text
    if len(risk.vendor_ids) > NAMES_SHOWN:
        assert f"and {len(risk.vendor_ids) - NAMES_SHOWN} more" in text
    current = page.matrix.level(risk.rated_likelihood, risk.rated_impact)
    before = page.matrix.level(risk.inherent_likelihood, risk.inherent_impact)
    assert page.d_level.text().strip() == current.name
    assert current.color in page.d_level.styleSheet()
    assert f"before any measures: {before.name}" in page.d_inherent.text()
    assert "Actions in the plan that lower it" in text

    # A risk resting on "Not sure" answers says so; one that doesn't, doesn't.
    unsure = next(r for r in session.risks if r.is_open and r.uncertain)
    page.select(unsure.id)
    assert page.d_uncertain.isVisible() and "Not sure" in page.d_uncertain.text()
    sure = next(r for r in session.risks if r.is_open and not r.uncertain)
    page.select(sure.id)
    assert not page.d_uncertain.isVisible()


def test_register_sorts_by_level_now_and_marks_uncertain(
        qtbot: QtBot, make_window: Any, demo_file: Path, questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    page = risks_page(window)
    m = page.matrix
    rows = [page.model.record(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
            for r in range(page.proxy.rowCount())]
    keys = [(m.level(r.rated_likelihood, r.rated_impact).rank,
             r.rated_likelihood * r.rated_impact) for r in rows]
    assert keys == sorted(keys, reverse=True)
    top = page.proxy.index(0, LEVEL_COLUMN)
    assert top.data() == m.level(rows[0].rated_likelihood, rows[0].rated_impact).name
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    assert "Before measures" in headers and "?" in headers
    marks = [page.proxy.index(r, headers.index("?")).data() for r in range(len(rows))]
    assert marks == ["?" if r.uncertain else "" for r in rows]


def test_plan_leads_with_what_to_do_first_and_verifies(
        qtbot: QtBot, make_window: Any, dialogs: ScriptedDialogs, demo_file: Path,
        questionnaire: Questionnaire) -> None:
    window: MainWindow = make_window(questionnaire)
    assert window.open_path(demo_file)
    session = window.session
    assert session is not None
    plan = plan_page(window)
    assert plan.view.horizontalHeader().sortIndicatorSection() == plan.order_column
    shown = [plan.model.record(plan.proxy.mapToSource(plan.proxy.index(r, 0)).row())
             for r in range(plan.proxy.rowCount())]
    first = first_actions(session.remediation, session.risks, None)
    assert shown[:len(first)] == first
    by_id = {r.id: r for r in session.risks}
    weights = [action_weight(i, by_id) for i in first]
    assert weights == sorted(weights, reverse=True)
    headers = [plan.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(plan.model.columnCount())]
    lowers = headers.index("Lowers")
    many = next(i for i in shown if len(i.risk_ids) > 1)
    row = plan.proxy.mapFromSource(plan.model.index(plan.model.row_of(many.id), lowers))
    assert row.data() == f"{len(many.risk_ids)} risks"

    # Not done yet: it says to finish it first, and asks nothing.
    item = first[0]
    plan.select_record(item.id)
    qtbot.mouseClick(plan.verify_button, Qt.MouseButton.LeftButton)
    assert dialogs.infos and "done first" in dialogs.infos[-1][1]
    assert session.remediation[session.remediation.index(item)].status is item.status

    # Done, then checked by someone: verified, by whom, today.
    assert window.ctx is not None
    window.ctx.attempt(lambda: session.set_item_status(item, RemediationStatus.DONE))
    plan.select_record(item.id)
    dialogs.texts = ["Dana Whitfield"]
    qtbot.mouseClick(plan.verify_button, Qt.MouseButton.LeftButton)
    done = next(i for i in session.remediation if i.id == item.id)
    assert done.status is RemediationStatus.VERIFIED
    assert done.verified_by == "Dana Whitfield"
    assert done.verified_on is not None and done.verified_on.isoformat() == "2026-11-24"
    row = plan.model.row_of(item.id)
    checked = plan.model.index(row, headers.index("Checked by")).data()
    assert checked == f"Dana Whitfield, {TODAY_TEXT}"

    # Choosing "Verified" in the status cell asks who, too; cancelling changes nothing.
    other = next(i for i in session.remediation if i.id != item.id and i.is_open)
    window.ctx.attempt(lambda: session.set_item_status(other, RemediationStatus.DONE))
    index = plan.model.index(plan.model.row_of(other.id), 4)
    dialogs.texts = [None]
    plan.model.setData(index, RemediationStatus.VERIFIED.value)
    assert next(i for i in session.remediation
                if i.id == other.id).status is RemediationStatus.DONE
    dialogs.texts = ["Dr. Raman"]
    plan.model.setData(index, RemediationStatus.VERIFIED.value)
    again = next(i for i in session.remediation if i.id == other.id)
    assert again.status is RemediationStatus.VERIFIED and again.verified_by == "Dr. Raman"
    assert dialogs.errors == []


def test_a_risk_with_nothing_planned_is_flagged(
        qtbot: QtBot, make_window: Any, demo_file: Path, questionnaire: Questionnaire) -> None:
    window, session = demo_window(make_window, demo_file, questionnaire)
    assert window.ctx is not None
    page = risks_page(window)
    planned = next(r for r in session.risks if r.is_open
                   and any(r.id in i.risk_ids for i in session.remediation))
    page.select(planned.id)
    assert "No action planned" not in page.d_text.text()
    # A risk of our own, rated above Low, with nothing in the plan for it.
    own = Risk(session.assessment.id, "The front door lock is broken", likelihood=4, impact=4)
    window.ctx.attempt(lambda: session.add(own))
    added = next(r for r in session.risks if r.title == own.title)
    page.select(added.id)
    assert "⚠ No action planned" in page.d_text.text()
    assert "Nothing yet" in page.d_text.text()  # no measures in place


def test_a_risk_whose_actions_are_all_done_says_why_it_stays(
        qtbot: QtBot, make_window: Any, demo_file: Path, questionnaire: Questionnaire) -> None:
    """The window tells the same story as the PDF's register: a "Done" beside a risk still
    rated as before says why (``actions_done_note``), and only then."""
    from riskwizard.domain.register import actions_done_note, actions_for

    window, session = demo_window(make_window, demo_file, questionnaire)
    assert window.ctx is not None
    mine = next(m for r in session.risks if r.is_open
                if (m := actions_for(r, session.remediation)))
    plan = plan_page(window)
    for item in mine:  # marked done as the plan page's Status cell does it
        window.ctx.attempt(partial(session.set_item_status, item, RemediationStatus.DONE))
    page = risks_page(window)
    seen = 0
    for r in session.risks:
        if not r.is_open:
            continue
        page.select(r.id)
        note = actions_done_note(r, session.remediation, page.matrix)
        text = page.d_text.text()
        assert (note is not None and html.escape(note) in text) or (
            note is None and "until the answers show the work" not in text), r.title
        seen += note is not None
    assert seen >= 1 and plan is not None


def test_review_risks_shows_the_drafts_and_moves_on(qtbot: QtBot, make_window: Any,
                                                    demo_file: Path,
                                                    questionnaire: Questionnaire) -> None:
    """"Review risks" on the overview opens the drafts only; confirming one moves to the
    next draft, until none is left."""
    window, session = demo_window(make_window, demo_file, questionnaire)
    drafts = {r.id for r in session.risks if r.status is RiskStatus.DRAFT}
    assert drafts
    overview = window.show_page("dashboard")
    assert overview.next_button.text() == "&Review risks"
    qtbot.mouseClick(overview.next_button, Qt.MouseButton.LeftButton)
    page = window.page_stack.currentWidget()
    assert isinstance(page, RiskPage)
    shown = {page.model.record(page.proxy.mapToSource(page.proxy.index(r, 1)).row()).id
             for r in range(page.proxy.rowCount())}
    assert shown == drafts
    confirmed = []
    while page.proxy.rowCount():
        current = page.current()
        assert current is not None and current.id in drafts  # one is always chosen
        qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
        confirmed.append(current.id)
    assert sorted(confirmed) == sorted(drafts)
    assert all(r.status is RiskStatus.CONFIRMED for r in session.risks if r.id in drafts)
