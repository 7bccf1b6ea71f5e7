"""The PDF lists the evidence files with their SHA-256 in an appendix (text as typed)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdf

from riskwizard.cli import main
from riskwizard.domain.model import Evidence, Vendor
from riskwizard.store import open_practice_file


def test_the_evidence_appendix_lists_names_and_hashes(tmp_path: Path) -> None:
    f = tmp_path / "demo.riskwizard"
    assert main(["demo", str(f)]) == 0
    content = b"%PDF a signed business associate agreement"
    with open_practice_file(f) as pf:
        vendor = pf.records(Vendor)[0]
        pf.add_evidence(Evidence("BAA <signed> & sealed.pdf", "", vendor_id=vendor.id,
                                 added_by="Ann"), content)
    assert main(["report", str(f), "-o", str(tmp_path / "r.pdf")]) == 0
    text = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "r.pdf").pages)
    digest = hashlib.sha256(content).hexdigest()
    assert "Appendix: evidence files" in text and "BAA <signed> & sealed.pdf" in text
    flat = text.replace("\n", "")
    assert digest[:32] in flat and digest[32:] in flat
