"""Writes a practice file of each earlier schema version, as that version's program did.

Run once when a version is retired (``python tests/data/schemas/make_fixtures.py``); the
files are committed, so migration tests open real old files, not ones made on the fly.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from riskwizard.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_V1

HERE = Path(__file__).parent


def make_v1(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.executescript(SCHEMA_V1)
    conn.execute("PRAGMA user_version = 1")
    rows = {
        "meta": [("created_by", "riskwizard"), ("created_at", "2025-03-01T09:00:00Z")],
        "practice": [(1, "Old Town Dental", "dental", "6-15", "2 Mill St", "Ann", "Bo", "Ann",
                      None, "2025-03-01T09:00:00Z")],
        "sites": [(1, "Old Town office", "2 Mill St", "")],
        "assets": [(1, "Front desk PC", "workstation", 1, "Ann", 1, "no", "in_use", "")],
        "vendors": [(1, "Cloud X-ray Co.", "Imaging archive", 1, 1, "2024-05-01", None,
                     "", "")],
        "assessments": [(1, "2025 security risk analysis", "2025-01-01", "2025-12-31",
                         "2025-03-01", "in_progress", '{"administrative": "2025.1"}', "[1]")],
        "answers": [(1, "adm.risk-analysis", "no", "Never done one", 1, None, "", "Ann",
                     "2025-03-01T09:30:00Z")],
        "risks": [(1, 1, "Risk analysis done", "Ransomware", "Nobody looked", 4, 4, "mitigate",
                   "confirmed", "adm.risk-analysis", "[1]", "[1]", None, "")],
        "remediation": [(1, 1, "Do a risk analysis", 1, "Ann", "2025-05-01", "done", "high", ""),
                        (2, 1, "Repeat it yearly", 1, "Ann", "2026-05-01", "not_started",
                         "medium", "")],
    }
    for table, values in rows.items():
        for row in values:
            conn.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(row))})", row)
    conn.close()


def make_v2(path: Path) -> None:
    """Version 2 as the version-2 program left it: the version-1 file, migrated."""
    make_v1(path)
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.close()


def make_v3(path: Path) -> None:
    """Version 3 as the version-3 program left it: the version-2 file, migrated."""
    make_v2(path)
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[2](conn)
    conn.execute("PRAGMA user_version = 3")
    conn.close()


def make_v4(path: Path) -> None:
    """Version 4 as the version-4 program left it: the version-3 file, migrated, with a
    second vendor whose BAA is not signed and an evidence file attached to the first."""
    make_v3(path)
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[3](conn)
    conn.execute("INSERT INTO vendors (id, name, service, handles_ephi, baa_signed, kind) "
                 "VALUES (2, 'Night Answering LLC', 'Answering service', 1, 0, "
                 "'business_associate')")
    conn.execute("INSERT INTO evidence_content VALUES (?, ?)", (_SHA, _BLOB))
    conn.execute("INSERT INTO evidence (id, name, sha256, size, media_type, vendor_id, "
                 "added_by, created_at) VALUES (1, 'baa.pdf', ?, ?, 'application/pdf', 1, "
                 "'Ann', '2025-06-01T10:00:00Z')", (_SHA, len(_BLOB)))
    conn.execute("PRAGMA user_version = 4")
    conn.close()


_BLOB = b"%PDF-1.4 signed BAA"
_SHA = hashlib.sha256(_BLOB).hexdigest()


if __name__ == "__main__":
    make_v1(HERE / "schema1.riskwizard")
    make_v2(HERE / "schema2.riskwizard")
    make_v3(HERE / "schema3.riskwizard")
    make_v4(HERE / "schema4.riskwizard")
