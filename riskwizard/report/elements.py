"""The elements of a risk analysis OCR looks for (its guidance on risk analysis), each a named
part of the report: the headings that hold one say so, and the contents page has a table
"Where to find each element of the risk analysis" built from them."""

from __future__ import annotations

SCOPE = "Scope of the analysis"
COLLECTION = "How the information was collected"
THREATS = "Threats and vulnerabilities"
MEASURES = "Current security measures"
LIKELIHOOD = "Likelihood, impact and level (inherent and current)"
PLAN = "Plan to reduce the risks"
DOCUMENTATION = "Documentation"
REVIEW = "Periodic review"

ELEMENTS: tuple[str, ...] = (SCOPE, COLLECTION, THREATS, MEASURES, LIKELIHOOD, PLAN,
                             DOCUMENTATION, REVIEW)
