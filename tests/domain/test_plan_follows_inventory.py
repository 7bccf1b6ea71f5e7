"""The plan keeps up with the inventory (``register.plan_actions``): an action marked done
whose cause is back in other words (a device added that is not encrypted, another vendor's
agreement run out) stays as the record of the work, and the plan gets a new action naming
what needs doing now. Over generated devices, vendors and statuses, on the demo practice,
through ``derive_in_memory`` (no Qt, no file)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import (
    Asset,
    AssetKind,
    BaaStatus,
    Encryption,
    PracticeData,
    RemediationItem,
    RemediationStatus,
    Vendor,
    VendorKind,
)
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.register import current_items, derive_in_memory

TODAY = date(2026, 12, 1)
FINISHED = (RemediationStatus.DONE, RemediationStatus.VERIFIED)

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1, max_size=30).map(str.strip).filter(bool)


def _plan(data: PracticeData) -> list[RemediationItem]:
    latest = data.latest_assessment()
    assert latest is not None
    return data.remediation_for(latest.id)


def _with_item_marked(data: PracticeData, key: str, status: RemediationStatus
                      ) -> tuple[PracticeData, RemediationItem]:
    item = current_items(_plan(data))[key]
    marked = dataclasses.replace(item, status=status,
                                 completed_date=TODAY if status in FINISHED else None)
    return dataclasses.replace(data, remediation=[
        marked if i.id == item.id else i for i in data.remediation]), marked


def _added(data: PracticeData, record: Asset | Vendor) -> PracticeData:
    if isinstance(record, Asset):
        record.id = max((a.id for a in data.assets), default=0) + 1
        return dataclasses.replace(data, assets=[*data.assets, record])
    record.id = max((v.id for v in data.vendors), default=0) + 1
    return dataclasses.replace(data, vendors=[*data.vendors, record])


def _check(marked: RemediationItem, key: str, record: Asset | Vendor,
           after: PracticeData) -> None:
    plan = _plan(after)
    kept = next(i for i in plan if i.id == marked.id)
    assert (kept.status, kept.completed_date, kept.owner, kept.due_date, kept.notes) == (
        marked.status, marked.completed_date, marked.owner, marked.due_date, marked.notes)
    if not kept.is_open:  # the record of what was done (or the decision to defer) stays
        assert kept.action == marked.action
    current = current_items(plan)[key]
    if marked.status in FINISHED:  # done: a new action says what needs doing now, by name
        assert current.id != marked.id and current.is_open
        assert record.name in current.action
        assert f"“{marked.action}”" in current.notes  # and what was done before
    else:  # not done: one item, the person's decisions kept
        assert current.id == marked.id
        if current.is_open:  # still being worked on: its list of names follows the records
            assert record.name in current.action
    # either way the plan's action lowers a risk that names the record
    field = "asset_ids" if isinstance(record, Asset) else "vendor_ids"
    linked = [r for r in after.risks if r.id in current.linked_risk_ids]
    assert any(record.id in getattr(r, field) for r in linked)
    assert sum(1 for i in plan if i.key == key and i.is_open) <= 1
    # deriving again changes nothing more
    again = derive_in_memory(after, _questionnaire(), TODAY)
    assert _plan(again) == plan


_Q: list[Questionnaire] = []


def _questionnaire() -> Questionnaire:
    return _Q[0]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, kind=st.sampled_from([AssetKind.LAPTOP, AssetKind.PHONE_TABLET,
                                         AssetKind.REMOVABLE_MEDIA]),
       encrypted=st.sampled_from([Encryption.NO, Encryption.UNKNOWN]),
       status=st.sampled_from(list(RemediationStatus)))
def test_a_device_added_after_the_work_was_done_is_in_the_plan(
        questionnaire: Questionnaire, name: str, kind: AssetKind, encrypted: Encryption,
        status: RemediationStatus) -> None:
    _Q[:] = [questionnaire]
    data = build_demo(questionnaire, "small", TODAY)
    key = "find:unencrypted-portable"
    data, marked = _with_item_marked(data, key, status)
    device = Asset(name=f"{name} laptop", kind=kind, holds_ephi=True,
                   encrypted_at_rest=encrypted)
    _check(marked, key, device, derive_in_memory(_added(data, device), questionnaire, TODAY))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, days=st.integers(1, 2000), status=st.sampled_from(list(RemediationStatus)))
def test_an_agreement_run_out_after_the_work_was_done_is_in_the_plan(
        questionnaire: Questionnaire, name: str, days: int, status: RemediationStatus) -> None:
    _Q[:] = [questionnaire]
    data = build_demo(questionnaire, "small", TODAY)
    key = "find:expired-baa"
    data, marked = _with_item_marked(data, key, status)
    vendor = Vendor(name=f"{name} shredding", kind=VendorKind.BUSINESS_ASSOCIATE,
                    handles_ephi=True, baa=BaaStatus.SIGNED,
                    baa_date=TODAY - timedelta(days=days + 365),
                    baa_expiry=TODAY - timedelta(days=days))
    _check(marked, key, vendor, derive_in_memory(_added(data, vendor), questionnaire, TODAY))


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.sampled_from(FINISHED))
def test_work_marked_done_with_nothing_changed_adds_nothing(
        questionnaire: Questionnaire, status: RemediationStatus) -> None:
    data = build_demo(questionnaire, "small", TODAY)
    for key in ("find:unencrypted-portable", "find:expired-baa"):
        data, marked = _with_item_marked(data, key, status)
        after = derive_in_memory(data, questionnaire, TODAY)
        assert _plan(after) == _plan(data)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, words=names, status=st.sampled_from([RemediationStatus.NOT_STARTED,
                                                        RemediationStatus.IN_PROGRESS]))
def test_words_the_person_wrote_are_kept(questionnaire: Questionnaire, name: str, words: str,
                                         status: RemediationStatus) -> None:
    data = build_demo(questionnaire, "small", TODAY)
    key = "find:unencrypted-portable"
    item = current_items(_plan(data))[key]
    own = dataclasses.replace(item, status=status, action=f"Ask our IT company: {words}")
    data = dataclasses.replace(data, remediation=[own if i.id == item.id else i
                                                  for i in data.remediation])
    device = Asset(name=f"{name} laptop", kind=AssetKind.LAPTOP, holds_ephi=True,
                   encrypted_at_rest=Encryption.NO)
    after = derive_in_memory(_added(data, device), questionnaire, TODAY)
    kept = current_items(_plan(after))[key]
    assert kept.id == own.id and kept.action == own.action
