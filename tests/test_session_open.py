"""Opening a practice without reading all of it: the assets are read when first asked for,
and the register is not derived again when the file records that it is up to date. Nothing
skipped may change a result: a session opened that way shows the same register, plan,
overview and report inputs as one that read everything and derived the register afresh,
after any series of changes, and after an edit made outside the program."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain import navigation
from riskwizard.domain.model import Asset, AssetKind, PracticeData, Vendor
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.risk import count_by_cell
from riskwizard.session import Session
from riskwizard.store import StoreError, open_practice_file, write_new_file

TODAY = date(2026, 11, 24)


def _clock() -> date:
    return TODAY


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, demo_data: PracticeData,
         questionnaire: Questionnaire) -> Path:
    """The demo practice, opened once so its register is derived and recorded."""
    path = tmp_path_factory.mktemp("base") / "base.riskwizard"
    write_new_file(path, demo_data)
    Session.open(path, questionnaire, _clock).close()
    return path


def _copy(base: Path, folder: Path, name: str = "clinic.riskwizard") -> Path:
    path = folder / name
    shutil.copyfile(base, path)
    return path


def _outside(path: Path, *statements: str) -> None:
    """An edit made by another program (plain sqlite3, as a person with a tool would)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for s in statements:
            conn.execute(s)
    finally:
        conn.close()


def _everything_derived(path: Path, folder: Path, q: Questionnaire) -> Session:
    """A session on a copy that reads every record and derives the register afresh (the
    record that it is up to date is taken out first)."""
    copy = _copy(path, folder, "full.riskwizard")
    _outside(copy, "DELETE FROM meta WHERE key = 'register_current'")
    s = Session.open(copy, q, _clock)
    _ = s.assets
    return s


def _seen(s: Session) -> dict[str, Any]:
    """What the window and the report show of a session."""
    q = s.questionnaire
    total = navigation.progress(q, s.answers)
    data = s.data()
    return {
        "register": s.risks, "plan": s.remediation,
        "overview": (total.answered, total.total, total.to_confirm,
                     count_by_cell(s.live_risks()), len(s.open_items()), len(s.overdue()),
                     len(s.yes_without_evidence()), s.comparison()),
        "report": dataclasses.replace(data, evidence_content={}),
        "assets": s.assets, "vendors": s.vendors, "sites": s.sites,
    }


# --- the record that the register is up to date

def test_a_clean_reopen_does_not_read_the_assets_or_derive(base: Path, tmp_path: Path,
                                                           questionnaire: Questionnaire) -> None:
    path = _copy(base, tmp_path)
    before = path.read_bytes()
    s = Session.open(path, questionnaire, _clock)
    assert s._assets is None and s._current_for is not None
    assert s.assets and s._assets is not None  # read when asked for
    s.close()
    assert path.read_bytes() == before, "opening and closing without a change wrote"


def test_an_outside_edit_makes_the_record_stale(base: Path, tmp_path: Path,
                                                questionnaire: Questionnaire) -> None:
    path = _copy(base, tmp_path)
    qid = next(iter(Session.open(_copy(base, tmp_path, "peek.riskwizard"), questionnaire,
                                 _clock).answers))
    _outside(path, f"UPDATE answers SET choice = 'no' WHERE question_id = '{qid}'")
    with open_practice_file(path) as pf:
        assert not pf.register_current("anything")
    s = Session.open(path, questionnaire, _clock)
    assert s._current_for is not None and s._assets is not None  # derived as it opened
    full = _everything_derived(path, tmp_path, questionnaire)
    try:
        assert _seen(s) == _seen(full)
    finally:
        s.close()
        full.close()


def test_another_day_derives_again(base: Path, tmp_path: Path,
                                   questionnaire: Questionnaire) -> None:
    path = _copy(base, tmp_path)
    s = Session.open(path, questionnaire, lambda: date(2027, 3, 1))
    assert s._assets is not None  # the register depends on the day: derived again
    s.close()


def test_a_session_that_crashes_after_writing_leaves_the_record_stale(
        base: Path, tmp_path: Path, questionnaire: Questionnaire) -> None:
    path = _copy(base, tmp_path)
    s = Session.open(path, questionnaire, _clock)
    qid = next(iter(s.answers))
    s.repo.save_answer(dataclasses.replace(s.answers[qid], choice="no"))  # no register
    s.repo.close()  # gone without Session.close (a crash)
    with open_practice_file(path) as pf:
        assert not pf.register_current(s._register_context())


# --- the assets: links checked at open, values when read

def test_a_damaged_asset_is_refused_when_read_in_one_line(base: Path, tmp_path: Path,
                                                          questionnaire: Questionnaire) -> None:
    path = _copy(base, tmp_path)
    _outside(path, "UPDATE assets SET kind = 'toaster' WHERE id = (SELECT min(id) FROM assets)")
    for readonly in (False, True):
        with open_practice_file(path, readonly=readonly) as pf:
            with pytest.raises(StoreError) as info:
                pf.load_all()
            text = str(info.value)
            assert "\n" not in text and text.startswith(str(path)) and "damaged" in text


def test_the_opening_session_fails_cleanly_on_a_damaged_asset(
        base: Path, tmp_path: Path, questionnaire: Questionnaire) -> None:
    path = _copy(base, tmp_path)
    _outside(path, "UPDATE assets SET holds_ephi = 7")
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Session.open(path, questionnaire, _clock)  # stale: it must read the assets
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("plant", [
    "UPDATE assets SET site_id = 31337 WHERE id = (SELECT max(id) FROM assets)",
    "UPDATE risks SET asset_ids = '[987654]' WHERE id = (SELECT min(id) FROM risks)",
    "DELETE FROM assets WHERE id = (SELECT max(id) FROM assets)",
])
def test_links_to_and_from_assets_are_checked_as_the_file_opens(
        plant: str, base: Path, tmp_path: Path) -> None:
    path = _copy(base, tmp_path)
    # make sure the last asset is linked from a risk, so deleting it leaves a dangling id
    _outside(path, "PRAGMA foreign_keys = OFF",
             "UPDATE risks SET asset_ids = json_array((SELECT max(id) FROM assets)) "
             "WHERE id = (SELECT max(id) FROM risks)", plant)
    before = path.read_bytes()
    for readonly in (False, True):
        with pytest.raises(StoreError) as info:
            open_practice_file(path, readonly=readonly).close()
        assert "damaged" in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == before


# --- generated: any series of changes, then reopened lazily or read whole

Step = tuple[str, int]
STEPS = st.lists(st.tuples(st.sampled_from(
    ["answer no", "answer yes", "add asset", "delete asset", "edit vendor", "dismiss risk",
     "confirm risk", "official", "older assessment answer", "reconfirm", "read assets"]),
    st.integers(0, 10_000)), max_size=6)


def _apply(s: Session, step: Step) -> None:
    what, n = step
    questions = [q.id for q in navigation.visible_questions(s.questionnaire, s.answers)]
    qid = questions[n % len(questions)]
    if what in ("answer no", "answer yes"):
        question = s.question(qid)
        choices = [o.value for o in question.options]
        s.set_answer(qid, choice=choices[n % len(choices)] if what == "answer yes"
                     else choices[-1])
    elif what == "add asset":
        s.add(Asset(f"Laptop {n}", kind=AssetKind.LAPTOP,
                    site_id=s.sites[0].id if s.sites else None))
    elif what == "delete asset" and s.assets:
        s.delete(s.assets[n % len(s.assets)])
    elif what == "edit vendor" and s.vendors:
        v: Vendor = s.vendors[n % len(s.vendors)]
        s.update(v, handles_ephi=not v.handles_ephi)
    elif what in ("dismiss risk", "confirm risk") and s.risks:
        risk = s.risks[n % len(s.risks)]
        (s.dismiss_risks if what == "dismiss risk" else s.confirm_risks)([risk])
    elif what == "official":
        s.save_practice(dataclasses.replace(s.practice, security_official=f"Officer {n}"))
    elif what == "older assessment answer" and len(s.assessments) > 1:
        older = min(s.assessments, key=lambda a: a.id)
        s.switch_assessment(older.id)
        s.set_answer(qid, note=f"looked again {n}")
    elif what == "reconfirm":
        s.reconfirm_answers([q for q, a in s.answers.items() if a.carried][:3])
    elif what == "read assets":
        _ = s.assets


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS, outside=st.sampled_from(
    [None, "UPDATE answers SET choice = NULL WHERE question_id IN (SELECT question_id "
           "FROM answers ORDER BY question_id LIMIT 5)",
     "UPDATE assets SET holds_ephi = 1 - holds_ephi",
     "UPDATE vendors SET baa = 'unknown'",
     "DELETE FROM remediation"]))
def test_a_lazily_opened_session_shows_what_a_full_one_does(
        steps: list[Step], outside: str | None, base: Path,
        tmp_path_factory: pytest.TempPathFactory, questionnaire: Questionnaire) -> None:
    folder = tmp_path_factory.mktemp("gen")
    path = _copy(base, folder)
    s = Session.open(path, questionnaire, _clock)
    try:
        for step in steps:
            _apply(s, step)
    finally:
        s.close()
    if outside is not None:
        _outside(path, outside)
    lazy = Session.open(path, questionnaire, _clock)
    full = _everything_derived(path, folder, questionnaire)
    try:
        assert _seen(lazy) == _seen(full)
    finally:
        lazy.close()
        full.close()


def test_deleting_a_linked_asset_leaves_no_link_behind(base: Path, tmp_path: Path,
                                                      questionnaire: Questionnaire) -> None:
    """A risk kept by the person that names the asset: the register written with the
    delete must not put the asset's id back (the file would no longer open)."""
    path = _copy(base, tmp_path)
    s = Session.open(path, questionnaire, _clock)
    linked = [a for a in s.assets if any(a.id in r.asset_ids for r in s.risks)]
    assert linked
    for asset in linked:
        s.delete(asset)
        assert all(asset.id not in r.asset_ids for r in s.risks)
    s.close()
    Session.open(path, questionnaire, _clock).close()  # not refused as damaged
