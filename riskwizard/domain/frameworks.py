"""What each question maps to in the frameworks a clinic or its auditor may be asked about:
NIST SP 800-66r2 key activities, HICP 405(d) practices and NIST CSF 2.0 subcategories. One
home for the words the window's guidance and the PDF's appendix show."""

from __future__ import annotations

from riskwizard.domain.questionnaire import HICP_PRACTICES, Question

FRAMEWORKS = ("NIST SP 800-66r2", "HICP 405(d)", "NIST CSF 2.0")


def mappings(question: Question) -> tuple[tuple[str, str], ...]:
    """(framework, what it maps to) pairs, in ``FRAMEWORKS`` order; empty for questions that
    test nothing (the profile)."""
    out: list[tuple[str, str]] = []
    out += [(FRAMEWORKS[0], f"{k.name} ({k.standard})") for k in question.key_activities]
    out += [(FRAMEWORKS[1], f"Practice {n}: {HICP_PRACTICES[n]}") for n in question.hicp]
    out += [(FRAMEWORKS[2], c) for c in question.csf]
    return tuple(out)
