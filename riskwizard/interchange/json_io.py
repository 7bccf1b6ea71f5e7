"""Everything in a practice file as JSON, and back. The format is documented in
docs/json-format.md. Export -> import -> export gives byte-identical JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from riskwizard import __version__
from riskwizard.domain.model import COLLECTIONS, Practice, PracticeData, RiskOrigin
from riskwizard.domain.records import RecordError, from_plain, to_plain
from riskwizard.fileio import unreadable, write_atomically

FORMAT = "riskwizard-export"
FORMAT_VERSION = 2
"""2 adds the risk analysis (schema 3's fields); version 1 files still import, their gap-list
risks kept as earlier risks."""
READS = (1, 2)

LISTS = COLLECTIONS


class InterchangeError(ValueError):
    """JSON that cannot become a practice file, in one line."""


def to_json(data: PracticeData) -> str:
    doc: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION,
                           "exported_by": f"riskwizard {__version__}",
                           "practice": to_plain(data.practice)}
    for key in LISTS:
        doc[key] = [to_plain(r) for r in getattr(data, key)]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def export_json(data: PracticeData, out: Path) -> None:
    text = to_json(data)
    write_atomically(out, lambda fh: fh.write(text.encode("utf-8")),
                     replaces=(b"{", "a JSON export"))


def from_json(text: str, source: str) -> PracticeData:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"{source}: not valid JSON (line {exc.lineno}, column "
                               f"{exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InterchangeError(f"{source}: not valid JSON (nested too deeply)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InterchangeError(f"{source}: not a riskwizard export (no \"format\": "
                               f"\"{FORMAT}\")")
    version = doc.get("format_version")
    if type(version) is not int or version not in READS:
        raise InterchangeError(f"{source}: export format version {version!r}; this program "
                               f"reads versions 1 to {FORMAT_VERSION}")
    known = {"format", "format_version", "exported_by", "practice", *LISTS}
    extra = sorted(set(doc) - known)
    if extra:
        raise InterchangeError(f"{source}: unknown top-level key '{extra[0]}'")
    try:
        practice = from_plain(Practice, doc.get("practice"))
    except RecordError as exc:
        raise InterchangeError(f"{source}: practice: {exc}") from None
    data = PracticeData(practice=practice)
    for key, cls in LISTS.items():
        items = doc.get(key, [])
        if not isinstance(items, list):
            raise InterchangeError(f"{source}: \"{key}\" must be a list")
        records = getattr(data, key)
        for i, item in enumerate(items):
            try:
                records.append(from_plain(cls, item))
            except RecordError as exc:
                raise InterchangeError(f"{source}: {key}[{i}]: {exc}") from None
    _check_references(data, source)
    if version == 1:
        # Version 1 held a gap list: its risks are kept, marked as earlier risks (their
        # rating standing for both inherent and current), and its actions keep their link.
        for r in data.risks:
            r.origin = RiskOrigin.EARLIER
            r.inherent_likelihood, r.inherent_impact = r.likelihood, r.impact
        for item in data.remediation:
            item.risk_ids = (item.risk_id,) if item.risk_id is not None else ()
    return data


def _check_references(data: PracticeData, source: str) -> None:
    def ids(key: str) -> set[int]:
        seen: set[int] = set()
        for i, r in enumerate(getattr(data, key)):
            if r.id <= 0 or r.id in seen:
                raise InterchangeError(f"{source}: {key}[{i}]: id {r.id} is missing or repeated")
            seen.add(r.id)
        return seen

    sites, assets, assessments, risks = ids("sites"), ids("assets"), ids("assessments"), \
        ids("risks")
    ids("vendors")
    ids("remediation")

    def need(ok: bool, key: str, i: int, what: str) -> None:
        if not ok:
            raise InterchangeError(f"{source}: {key}[{i}]: {what}")

    for i, a in enumerate(data.assets):
        need(a.site_id is None or a.site_id in sites, "assets", i, f"unknown site {a.site_id}")
    seen_answers: set[tuple[int, str]] = set()
    for i, ans in enumerate(data.answers):
        need(ans.assessment_id in assessments, "answers", i,
             f"unknown assessment {ans.assessment_id}")
        key = (ans.assessment_id, ans.question_id)
        need(key not in seen_answers, "answers", i, f"question '{ans.question_id}' answered "
             "twice in one assessment")
        seen_answers.add(key)
    for i, r in enumerate(data.risks):
        need(r.assessment_id in assessments, "risks", i, f"unknown assessment {r.assessment_id}")
        need(set(r.site_ids) <= sites, "risks", i, "links an unknown site")
        need(set(r.asset_ids) <= assets, "risks", i, "links an unknown asset")
        need(r.merged_into is None or r.merged_into in risks, "risks", i,
             f"merged into unknown risk {r.merged_into}")
    for i, item in enumerate(data.remediation):
        need(item.assessment_id in assessments, "remediation", i,
             f"unknown assessment {item.assessment_id}")
        need(item.risk_id is None or item.risk_id in risks, "remediation", i,
             f"unknown risk {item.risk_id}")


def read_json_file(path: Path) -> PracticeData:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InterchangeError(unreadable(path, exc, "a JSON file")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InterchangeError(f"{path}: not UTF-8 text") from None
    return from_json(text, str(path))

