"""Rules about the inventories that the window, the PDF, the exports and the analysis share:
which devices are an encryption exception, and a vendor's BAA status in words.
One home for each rule; the report and ``analysis.findings`` call these."""

from __future__ import annotations

from datetime import date
from enum import Enum

from riskwizard.domain.dates import day_words
from riskwizard.domain.model import (
    BAA_MISSING,
    BAA_UNKNOWN,
    Asset,
    AssetKind,
    DisposalStatus,
    Encryption,
    Vendor,
    VendorKind,
)

PORTABLE = frozenset({AssetKind.LAPTOP, AssetKind.PHONE_TABLET, AssetKind.REMOVABLE_MEDIA})
NOT_ENCRYPTED = frozenset({Encryption.NO, Encryption.UNKNOWN})


def unencrypted_with_patient_data(asset: Asset) -> bool:
    """Holds patient data, still in the practice (not disposed of), and not known to be
    encrypted (no, or nobody knows)."""
    return (asset.holds_ephi and asset.disposal_status is not DisposalStatus.DISPOSED
            and asset.encrypted_at_rest in NOT_ENCRYPTED)


def portable_unencrypted(asset: Asset) -> bool:
    """A portable device (laptop, phone or tablet, removable media) with patient data that
    is not known to be encrypted: the finding "portable devices not known to be encrypted"."""
    return asset.kind in PORTABLE and unencrypted_with_patient_data(asset)


def baa_dates_problem(signed: date | None, ends: date | None, today: date) -> str | None:
    """What cannot be true of a business associate agreement's dates, in words (a BAA
    signed on a day still to come, or ending before it was signed); None when nothing.
    The window refuses to save such a vendor and an import refuses the row."""
    if signed is not None and signed > today:
        return f"the BAA signed on {day_words(signed)} is a date still to come"
    if signed is not None and ends is not None and ends < signed:
        return (f"the BAA ends ({day_words(ends)}) before it was signed "
                f"({day_words(signed)})")
    return None


class BaaBucket(Enum):
    """A vendor's BAA standing, in the words the report's summary prints (in this order)."""

    CURRENT = "Handles patient data, BAA current"
    NOT_SIGNED = "Handles patient data, no signed BAA"
    UNKNOWN = "Handles patient data, not known whether a BAA is signed"
    EXPIRED = "Handles patient data, BAA expired"
    CONDUIT = "Only carries patient data (phone, internet), no BAA needed"
    NO_PATIENT_DATA = "No patient data"


def baa_status(vendor: Vendor, today: date) -> BaaBucket:
    """The bucket a vendor falls in today (from ``Vendor.baa_problem``)."""
    if not vendor.handles_ephi:
        return BaaBucket.NO_PATIENT_DATA
    if vendor.kind is VendorKind.CONDUIT:
        return BaaBucket.CONDUIT
    problem = vendor.baa_problem(today)
    if problem is None:
        return BaaBucket.CURRENT
    if problem == BAA_MISSING:
        return BaaBucket.NOT_SIGNED
    if problem == BAA_UNKNOWN:
        return BaaBucket.UNKNOWN
    return BaaBucket.EXPIRED
