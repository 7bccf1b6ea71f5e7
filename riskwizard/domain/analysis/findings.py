"""Inventory cross-checks: facts in the asset and vendor lists that show a weakness, or that
contradict an answer ("all devices are encrypted" while the list shows a laptop that is not).
Each finding names the records it is about."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from riskwizard.domain.analysis.words import ASSET_WORDS, count_of, name_list
from riskwizard.domain.dates import day_words
from riskwizard.domain.inventory import portable_unencrypted
from riskwizard.domain.model import (
    BAA_EXPIRED,
    BAA_MISSING,
    BAA_UNKNOWN,
    Asset,
    DisposalStatus,
    Effort,
    Encryption,
    Vendor,
    VendorKind,
)

DETAIL_NAMES = 20  # names written out in a finding's detail; the ids list them all
ACTION_NAMES = 5  # names written out in an action


@dataclass(frozen=True)
class Finding:
    """A fact in the inventory that shows a weakness, naming the records.

    ``question_id`` is the answer it contradicts (None when no question covers it);
    ``questions`` every question whose "yes" it contradicts. ``event_ids`` are the threat
    events in the register it affects."""

    key: str
    title: str
    detail: str
    question_id: str | None
    asset_ids: tuple[int, ...]
    vendor_ids: tuple[int, ...]
    event_ids: tuple[str, ...]
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingFix:
    """What to do about a finding: the action's text (naming the records) and its effort."""

    action: str
    effort: Effort


def _portable_word(assets: Sequence[Asset]) -> str:
    kinds = {a.kind for a in assets}
    if len(kinds) == 1:
        return ASSET_WORDS[next(iter(kinds))][1]
    return "devices"


def check_inventory(assets: Sequence[Asset], vendors: Sequence[Vendor], today: date,
                    has_question: Callable[[str], bool]) -> list[tuple[Finding, FindingFix]]:
    """Every finding the inventories show today, each with its fix; ``event_ids`` are left
    empty here (the register fills them in). ``has_question`` keeps only contradicted
    questions the questionnaire has."""
    out: list[tuple[Finding, FindingFix]] = []

    def add(key: str, title: str, detail: str, questions: tuple[str, ...], fix: FindingFix,
            asset_ids: Sequence[int] = (), vendor_ids: Sequence[int] = ()) -> None:
        known = tuple(q for q in questions if has_question(q))
        out.append((Finding(key, title, detail, known[0] if known else None,
                            tuple(sorted(asset_ids)), tuple(sorted(vendor_ids)), (), known),
                    fix))

    # One pass over the assets (thousands, at a large practice)
    portable: list[Asset] = []
    ownerless: list[Asset] = []
    waiting: list[Asset] = []
    for a in assets:
        if not a.holds_ephi:
            continue
        if a.disposal_status is DisposalStatus.AWAITING_DISPOSAL:
            waiting.append(a)
        elif a.disposal_status is DisposalStatus.DISPOSED:
            continue
        if not a.owner or a.owner.isspace():
            ownerless.append(a)
        if portable_unencrypted(a):
            portable.append(a)

    # Portable devices with patient data, not known to be encrypted
    if portable:
        no = [a for a in portable if a.encrypted_at_rest is Encryption.NO]
        unknown = [a for a in portable if a.encrypted_at_rest is Encryption.UNKNOWN]
        parts = []
        if no:
            parts.append(_end(f"Not encrypted: {name_list([a.name for a in no], DETAIL_NAMES)}"))
        if unknown:
            parts.append(_end("Nobody knows whether these are encrypted: "
                              f"{name_list([a.name for a in unknown], DETAIL_NAMES)}"))
        word = _portable_word(portable)
        action = f"Encrypt these {word}: {name_list([a.name for a in portable], ACTION_NAMES)}"
        if unknown:
            action += " (check first: some may already be encrypted)"
        add("unencrypted-portable",
            f"{len(portable)} portable {'device' if len(portable) == 1 else 'devices'} with "
            "patient data not known to be encrypted", " ".join(parts),
            ("tech.encryption-at-rest",), FindingFix(_end(action), Effort.LOW),
            asset_ids=[a.id for a in portable])

    # Business associates with patient data and no signed, current BAA
    bas = [v for v in vendors if v.kind is VendorKind.BUSINESS_ASSOCIATE]
    missing = [v for v in bas if v.baa_problem(today) == BAA_MISSING]
    if missing:
        names = [v.name for v in missing]
        add("missing-baa", f"{len(missing)} business {_plural('associate', len(missing))} "
            "with patient data and no signed business associate agreement (BAA)",
            _end(f"No signed BAA: {name_list(names, DETAIL_NAMES)}"),
            ("adm.ba-agreements", "tp.baa"),
            FindingFix(_end("Sign a business associate agreement (BAA) with: "
                            f"{name_list(names, ACTION_NAMES)}"), Effort.MEDIUM),
            vendor_ids=[v.id for v in missing])
    unsure = [v for v in bas if v.baa_problem(today) == BAA_UNKNOWN]
    if unsure:
        names = [v.name for v in unsure]
        add("unknown-baa", f"{len(unsure)} business {_plural('associate', len(unsure))} "
            "with patient data: nobody knows whether a business associate agreement (BAA) "
            "is signed",
            _end(f"Not known whether a BAA is signed: {name_list(names, DETAIL_NAMES)}"),
            ("adm.ba-agreements", "tp.baa"),
            FindingFix(_end("Find out whether these vendors signed a business associate "
                            "agreement (BAA): look for the signed copy, or ask them; sign "
                            f"one where there is none: {name_list(names, ACTION_NAMES)}"),
                       Effort.LOW),
            vendor_ids=[v.id for v in unsure])
    expired = [v for v in bas if v.baa_problem(today) == BAA_EXPIRED]
    if expired:
        names = [v.name for v in expired]
        add("expired-baa", f"{len(expired)} business associate "
            f"{_plural('agreement', len(expired))} (BAA) expired",
            "The BAA has run out: " + name_list(
                [f"{v.name} (ended {day_words(v.baa_expiry, long=True)})" for v in expired
                 if v.baa_expiry is not None], DETAIL_NAMES)
            + ".", ("adm.ba-agreements", "tp.baa"),
            FindingFix(_end("Renew the business associate agreement (BAA) with: "
                            f"{name_list(names, ACTION_NAMES)}"), Effort.LOW),
            vendor_ids=[v.id for v in expired])

    # Tracking tools that get patient data without a BAA (a conduit is never asked for one)
    trackers = [v for v in vendors if v.kind is VendorKind.TRACKING
                and v.baa_problem(today) is not None]
    if trackers:
        names = [v.name for v in trackers]
        add("tracking-without-baa", f"{len(trackers)} tracking or advertising "
            f"{_plural('tool', len(trackers))} may receive patient data without a BAA",
            _end(f"Patient data may reach: {name_list(names, DETAIL_NAMES)}"),
            ("track.vendor-baa", "track.inventory"),
            FindingFix(_end("Remove these tracking tools from your website, portal and app, or "
                            "set them up so they receive no patient data (or sign a BAA, where "
                            f"the company offers one): {name_list(names, ACTION_NAMES)}"),
                       Effort.MEDIUM),
            vendor_ids=[v.id for v in trackers])

    # Assets with patient data and nobody responsible for them
    if ownerless:
        names = [a.name for a in ownerless]
        add("asset-no-owner", f"{len(ownerless)} {_plural('item', len(ownerless))} with "
            "patient data and nobody named as responsible",
            _end(f"No one is named for: {name_list(names, DETAIL_NAMES)}"),
            ("adm.ephi-inventory", "phys.device-inventory"),
            FindingFix(_end(f"Name the person responsible for: {name_list(names, ACTION_NAMES)}"),
                       Effort.LOW),
            asset_ids=[a.id for a in ownerless])

    # Equipment waiting to be disposed of, still holding patient data
    if waiting:
        names = [a.name for a in waiting]
        kinds = sorted({a.kind for a in waiting})
        counts = ", ".join(count_of(sum(1 for a in waiting if a.kind is k), k) for k in kinds)
        add("awaiting-disposal", f"{len(waiting)} {_plural('item', len(waiting))} with patient "
            f"data waiting to be disposed of ({counts})",
            _end(f"Waiting to be disposed of: {name_list(names, DETAIL_NAMES)}"),
            ("phys.disposal",),
            FindingFix(_end("Wipe or destroy, and record the disposal of: "
                            f"{name_list(names, ACTION_NAMES)}"), Effort.LOW),
            asset_ids=[a.id for a in waiting])
    return out


def _end(text: str) -> str:
    """A sentence ending in one full stop (a name may end in one: "Answering Co.")."""
    return text if text.endswith(".") else f"{text}."


def _plural(word: str, n: int) -> str:
    return word if n == 1 else f"{word}s"
