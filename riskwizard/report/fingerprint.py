"""The SHA-256 fingerprint printed on the sign-off page.

What is hashed, exactly (so a later copy of the practice file can be checked against a signed
paper report):

1. The assessment's own records, each converted with ``riskwizard.domain.records.to_plain``
   (dates as ``YYYY-MM-DD``, enumerations as their values, id lists as JSON lists):
   ``assessment`` (the Assessment), ``answers`` (its Answers, sorted by ``question_id``),
   ``risks`` (its Risks, sorted by ``id``) and ``remediation`` (its RemediationItems, sorted
   by ``id``), in one JSON object with ``"fingerprint": "riskwizard-assessment"`` and
   ``"version": 1``.
2. That object serialised with ``json.dumps(doc, sort_keys=True, ensure_ascii=False,
   separators=(",", ":"))`` and encoded as UTF-8.
3. The SHA-256 of those bytes, as 64 lower-case hexadecimal digits.

The practice profile, sites, assets and vendors are not part of it: they belong to the
practice, change between assessments, and are printed in the report as they were on the day.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from riskwizard.domain.model import PracticeData
from riskwizard.domain.records import to_plain

FINGERPRINT_VERSION = 1


def canonical_assessment(data: PracticeData, assessment_id: int) -> bytes:
    """The exact bytes the fingerprint is the SHA-256 of (see the module docstring)."""
    assessment = next((a for a in data.assessments if a.id == assessment_id), None)
    if assessment is None:
        raise KeyError(f"no assessment {assessment_id}")
    doc: dict[str, Any] = {
        "fingerprint": "riskwizard-assessment",
        "version": FINGERPRINT_VERSION,
        "assessment": to_plain(assessment),
        "answers": [to_plain(a) for a in sorted(
            (a for a in data.answers if a.assessment_id == assessment_id),
            key=lambda a: a.question_id)],
        "risks": [to_plain(r) for r in sorted(data.risks_for(assessment_id),
                                               key=lambda r: r.id)],
        "remediation": [to_plain(r) for r in sorted(data.remediation_for(assessment_id),
                                                     key=lambda r: r.id)],
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def assessment_fingerprint(data: PracticeData, assessment_id: int) -> str:
    """SHA-256 (64 hex digits) of the assessment's records, as printed on the sign-off page."""
    return hashlib.sha256(canonical_assessment(data, assessment_id)).hexdigest()
