"""Evidence files: the rules on what may be attached, to what, and what is missing.

An evidence file is proof behind one record (an answer, a risk, an action, a vendor or an
asset), kept inside the practice file. Its bytes are stored once per SHA-256; each
attachment is an ``Evidence`` record naming the file, who attached it and when.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from riskwizard.domain.model import Answer, Evidence
from riskwizard.domain.records import field_values

MAX_FILE_BYTES = 25 * 1024 * 1024
"""One evidence file: a scanned BAA, a screenshot, a training log. Not a disk image."""
MAX_TOTAL_BYTES = 100 * 1024 * 1024
"""Every evidence file of a practice together (each stored once): the practice file must
stay well under the 200 MB any practice file may be, and its JSON export (base64) too."""
MAX_NAME = 255

OWNER_FIELDS = ("question_id", "risk_id", "remediation_id", "vendor_id", "asset_id")
OWNER_WORDS = {"question_id": "answer", "risk_id": "risk", "remediation_id": "action",
               "vendor_id": "vendor", "asset_id": "asset"}
_HEX64 = re.compile(r"[0-9a-f]{64}")
YES = "yes"


class EvidenceError(ValueError):
    """An evidence file that cannot be attached, said in one line."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_new(name: str, content: bytes, stored_total: int, already_stored: bool) -> None:
    """Raise EvidenceError if ``content`` may not be attached (too big, or the practice's
    evidence would pass its limit); ``stored_total`` is what the file holds now."""
    if not name.strip() or len(name) > MAX_NAME or "/" in name or "\\" in name \
            or any(ord(c) < 32 for c in name):
        raise EvidenceError(f"'{name[:60]}' is not a usable file name")
    if len(content) > MAX_FILE_BYTES:
        raise EvidenceError(f"{name}: {mb(len(content))}; an evidence file may be at most "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not already_stored and stored_total + len(content) > MAX_TOTAL_BYTES:
        raise EvidenceError(f"{name}: the practice's evidence would pass "
                            f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB ({mb(stored_total)} "
                            "kept already); remove some first")


def owner(e: Evidence) -> tuple[str, int | str]:
    """What ``e`` is attached to: ("answer", question id), ("risk", id), …"""
    for name in OWNER_FIELDS:
        value = getattr(e, name)
        if value is not None:
            return OWNER_WORDS[name], value
    return "", ""


def attached_to(evidence: Iterable[Evidence], field: str, value: int | str,
                assessment_id: int | None = None) -> list[Evidence]:
    """The evidence attached to one record (for an answer, of one assessment)."""
    return [e for e in evidence if getattr(e, field) == value
            and (field != "question_id" or e.assessment_id == assessment_id)]


class LazyIds:
    """The ids of the records of one kind that have evidence attached, read only when first
    asked: the register asks only before it would drop a risk or an action, so an answer
    that drops nothing costs no read of the evidence."""

    def __init__(self, load: Callable[[], Iterable[int | None]]) -> None:
        self._load = load
        self._ids: set[int] | None = None

    def __contains__(self, record_id: object) -> bool:
        if self._ids is None:
            self._ids = {i for i in self._load() if i is not None}
        return record_id in self._ids


def yes_without_evidence(answers: Mapping[str, Answer], evidence: Iterable[Evidence],
                         assessment_id: int) -> list[str]:
    """The questions answered "yes" in an assessment that have no evidence yet: a gentle
    prompt, never a gap (the answer stands without it). An answer carried over or copied
    in, not yet re-confirmed, is not asked for evidence until it is."""
    proven = {e.question_id for e in evidence
              if e.assessment_id == assessment_id and e.question_id is not None}
    return sorted(q for q, a in answers.items()
                  if a.choice == YES and not a.carried and q not in proven)


def evidence_problem(data: Any) -> str | None:
    """The first thing wrong with a practice's evidence (``PracticeData``): ids, exactly
    one owner each, links to records that are there, hashes, sizes, the content present
    and matching its hash, the limits. None when all is well. Import and opening ask."""
    content: Mapping[str, bytes] | None = data.evidence_content or None
    known = {key: set(field_values(data, key, "id"))
             for key in ("assessments", "risks", "remediation", "vendors", "assets")}
    field_of = {"risk_id": "risks", "remediation_id": "remediation", "vendor_id": "vendors",
                "asset_id": "assets"}
    seen: set[int] = set()
    for i, e in enumerate(data.evidence):
        where = f"evidence[{i}]"
        if e.id <= 0 or e.id in seen:
            return f"{where}: id {e.id} is missing or repeated"
        seen.add(e.id)
        if not _HEX64.fullmatch(e.sha256):
            return f"{where}: sha256 is not 64 lowercase hexadecimal digits"
        if not 0 <= e.size <= MAX_FILE_BYTES:
            return f"{where}: size {e.size} is not between 0 and {MAX_FILE_BYTES}"
        if not e.name.strip() or len(e.name) > MAX_NAME:
            return f"{where}: the name is empty or longer than {MAX_NAME} characters"
        owners = [f for f in OWNER_FIELDS if getattr(e, f) is not None]
        if len(owners) != 1:
            return f"{where}: attached to {len(owners)} records; exactly one is needed"
        if (e.question_id is None) != (e.assessment_id is None):
            return f"{where}: an answer's evidence needs both assessment_id and question_id"
        if e.assessment_id is not None and e.assessment_id not in known["assessments"]:
            return f"{where}: unknown assessment {e.assessment_id}"
        for f, key in field_of.items():
            value = getattr(e, f)
            if value is not None and value not in known[key]:
                return f"{where}: unknown {OWNER_WORDS[f]} {value}"
        if content is not None:
            blob = content.get(e.sha256)
            if blob is None:
                return f"{where}: its content ({e.sha256[:12]}…) is missing"
            if len(blob) != e.size:
                return f"{where}: size {e.size} but its content has {len(blob)} bytes"
    if content is not None:
        for sha, blob in content.items():
            if sha256_of(blob) != sha:
                return f"evidence content {sha[:12]}…: does not match its SHA-256"
        total = sum(len(b) for b in content.values())
        if total > MAX_TOTAL_BYTES:
            return (f"the evidence files hold {mb(total)}, more than "
                    f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB")
    return None
