"""The evidence pack: every evidence file of a practice in one zip, for an auditor, with a
manifest of what each file proves and its SHA-256 (so the auditor can check nothing was
changed). Written through ``fileio.write_atomically``: whole or absent, owner-only. The zip
is not encrypted; the command line and the window say so."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from riskwizard.domain.evidence import owner
from riskwizard.domain.model import Evidence
from riskwizard.fileio import FileKind, write_atomically

EVIDENCE_PACK = FileKind("an evidence pack (zip)", lambda head: head.startswith(b"PK\x03\x04"))
MANIFEST = "manifest.json"


def pack_name(e: Evidence) -> str:
    """Where an attachment goes in the zip: by what it proves, then its own name (the
    record id keeps two files of the same name apart; the name cannot climb out)."""
    kind, key = owner(e)
    safe = "".join(c if c.isalnum() or c in "-_. " else "_" for c in e.name).strip(". ")
    return f"{kind or 'other'}/{str(key).replace('/', '_')}/{e.id}-{safe or 'file'}"


def manifest(evidence: list[Evidence]) -> dict[str, Any]:
    return {"format": "riskwizard-evidence-pack", "format_version": 1, "files": [
        {"path": pack_name(e), "name": e.name, "sha256": e.sha256, "size": e.size,
         "attached_to": owner(e)[0], "record": owner(e)[1],
         "assessment_id": e.assessment_id, "added_by": e.added_by, "added_at": e.created_at,
         "note": e.note} for e in evidence]}


def write_evidence_pack(pf: Any, out: Path, *, replace: bool = False) -> int:
    """Write the pack of the open practice file ``pf`` to ``out``; how many files. A file
    already at ``out`` is replaced only when asked (``replace``), and only by a zip."""
    evidence: list[Evidence] = pf.records(Evidence)

    def write(fh: BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for e in evidence:
                zf.writestr(pack_name(e), pf.evidence_content(e.sha256))
            zf.writestr(MANIFEST, json.dumps(manifest(evidence), ensure_ascii=False,
                                             indent=2) + "\n")

    write_atomically(Path(out), write, EVIDENCE_PACK, replace=replace)
    return len(evidence)
