"""The practice file's tables, its schema versions and the migrations between them.

The version lives in SQLite's ``user_version``; ``application_id`` marks the file as ours.
To change the schema: add a migration to ``MIGRATIONS`` (taking version N to N+1), bump
``SCHEMA_VERSION``, and add a fixture file of the old version under tests/data/schemas/.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x52534B57  # "RSKW"
SCHEMA_VERSION = 5

# Version 1, as first released. Kept verbatim: migrations start from it, and the test
# fixtures of older files are made from it.
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE practice (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL, practice_type TEXT NOT NULL, size_band TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '', security_official TEXT NOT NULL DEFAULT '',
    privacy_official TEXT NOT NULL DEFAULT '', assessor TEXT NOT NULL DEFAULT '',
    logo_png BLOB, created_at TEXT NOT NULL DEFAULT '');
CREATE TABLE sites (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '');
CREATE TABLE assets (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    site_id INTEGER REFERENCES sites(id) ON DELETE SET NULL, owner TEXT NOT NULL DEFAULT '',
    holds_ephi INTEGER NOT NULL DEFAULT 1, encrypted_at_rest TEXT NOT NULL DEFAULT 'unknown',
    disposal_status TEXT NOT NULL DEFAULT 'in_use', notes TEXT NOT NULL DEFAULT '');
CREATE TABLE vendors (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, service TEXT NOT NULL DEFAULT '',
    handles_ephi INTEGER NOT NULL DEFAULT 1, baa_signed INTEGER NOT NULL DEFAULT 0,
    baa_date TEXT, baa_expiry TEXT, contact TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '');
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, period_start TEXT, period_end TEXT,
    started_on TEXT, status TEXT NOT NULL DEFAULT 'in_progress',
    questionnaire_versions TEXT NOT NULL DEFAULT '{}', scope_site_ids TEXT NOT NULL DEFAULT '[]');
CREATE TABLE answers (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL, choice TEXT, note TEXT NOT NULL DEFAULT '',
    flagged INTEGER NOT NULL DEFAULT 0, decision TEXT, rationale TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '', answered_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, question_id)) WITHOUT ROWID;
CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    title TEXT NOT NULL, threat TEXT NOT NULL DEFAULT '', vulnerability TEXT NOT NULL DEFAULT '',
    likelihood INTEGER NOT NULL, impact INTEGER NOT NULL, treatment TEXT NOT NULL,
    status TEXT NOT NULL, question_id TEXT, site_ids TEXT NOT NULL DEFAULT '[]',
    asset_ids TEXT NOT NULL DEFAULT '[]', merged_into INTEGER, notes TEXT NOT NULL DEFAULT '');
CREATE INDEX risks_by_assessment ON risks(assessment_id);
CREATE TABLE remediation (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    action TEXT NOT NULL, risk_id INTEGER REFERENCES risks(id) ON DELETE SET NULL,
    owner TEXT NOT NULL DEFAULT '', due_date TEXT, status TEXT NOT NULL,
    priority TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '');
CREATE INDEX remediation_by_assessment ON remediation(assessment_id);
"""


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 2 records how big a remediation step is and when it was finished."""
    conn.execute("ALTER TABLE remediation ADD COLUMN effort TEXT NOT NULL DEFAULT 'medium'")
    conn.execute("ALTER TABLE remediation ADD COLUMN completed_date TEXT")
    conn.execute("UPDATE remediation SET completed_date = due_date WHERE status = 'done'")


_V3_COLUMNS = {
    "vendors": ["kind TEXT NOT NULL DEFAULT 'business_associate'"],
    "assessments": ["next_review TEXT", "review_triggers TEXT NOT NULL DEFAULT ''"],
    "answers": ["carried INTEGER NOT NULL DEFAULT 0"],
    "risks": [
        "key TEXT NOT NULL DEFAULT ''", "origin TEXT NOT NULL DEFAULT 'manual'",
        "vendor_ids TEXT NOT NULL DEFAULT '[]'",
        "inherent_likelihood INTEGER NOT NULL DEFAULT 3",
        "inherent_impact INTEGER NOT NULL DEFAULT 3",
        "reasons TEXT NOT NULL DEFAULT ''", "measures TEXT NOT NULL DEFAULT ''",
        "uncertain INTEGER NOT NULL DEFAULT 0", "likelihood_override INTEGER",
        "impact_override INTEGER", "override_reason TEXT NOT NULL DEFAULT ''",
        "treatment_reason TEXT NOT NULL DEFAULT ''", "decided_by TEXT NOT NULL DEFAULT ''",
        "decided_on TEXT"],
    "remediation": [
        "key TEXT NOT NULL DEFAULT ''", "risk_ids TEXT NOT NULL DEFAULT '[]'",
        "reduction INTEGER NOT NULL DEFAULT 0", "verified_by TEXT NOT NULL DEFAULT ''",
        "verified_on TEXT"],
}


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Version 3 holds a risk analysis: threat-event risks with inherent and current ratings,
    the reasons for them and the person's decisions; actions shared by several risks; the next
    review; answers carried over from last year. Risks made by the gap list of versions 1 and 2
    are kept, marked as earlier risks, with their rating as both inherent and current."""
    for table, columns in _V3_COLUMNS.items():
        for column in columns:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    conn.execute("UPDATE risks SET origin = 'earlier', inherent_likelihood = likelihood, "
                 "inherent_impact = impact")
    conn.execute("UPDATE remediation SET risk_ids = json_array(risk_id) "
                 "WHERE risk_id IS NOT NULL")
    conn.execute("CREATE INDEX risks_by_key ON risks(assessment_id, key)")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Version 4 keeps evidence files inside the practice file (encrypted with it when it
    has a password): their bytes once per SHA-256, and a record for each attachment to an
    answer, a risk, an action, a vendor or an asset (deleted with it)."""
    conn.execute(
        "CREATE TABLE evidence_content (sha256 TEXT PRIMARY KEY, content BLOB NOT NULL) "
        "WITHOUT ROWID")
    conn.execute(
        "CREATE TABLE evidence (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "sha256 TEXT NOT NULL REFERENCES evidence_content(sha256), "
        "size INTEGER NOT NULL DEFAULT 0, media_type TEXT NOT NULL DEFAULT '', "
        "assessment_id INTEGER REFERENCES assessments(id) ON DELETE CASCADE, "
        "question_id TEXT, "
        "risk_id INTEGER REFERENCES risks(id) ON DELETE CASCADE, "
        "remediation_id INTEGER REFERENCES remediation(id) ON DELETE CASCADE, "
        "vendor_id INTEGER REFERENCES vendors(id) ON DELETE CASCADE, "
        "asset_id INTEGER REFERENCES assets(id) ON DELETE CASCADE, "
        "added_by TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '', "
        "note TEXT NOT NULL DEFAULT '')")
    conn.execute("CREATE INDEX evidence_by_sha256 ON evidence(sha256)")


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """Version 5 says whether a vendor's BAA is signed, not signed, or not known (``baa``:
    ``signed`` / ``not_signed`` / ``unknown``) instead of yes or no: ``baa_signed`` 1
    becomes ``signed`` and 0 ``not_signed``. ``baa_signed`` is dropped rather than kept
    beside it: no older program opens a version 5 file (it refuses a newer version), and a
    second column this program never wrote would soon disagree with ``baa``."""
    conn.execute("ALTER TABLE vendors ADD COLUMN baa TEXT NOT NULL DEFAULT 'not_signed'")
    conn.execute("UPDATE vendors SET baa = CASE WHEN baa_signed THEN 'signed' "
                 "ELSE 'not_signed' END")
    conn.execute("ALTER TABLE vendors DROP COLUMN baa_signed")


# MIGRATIONS[n] takes a file from version n to n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def create_current(conn: sqlite3.Connection) -> None:
    """Create every table at the current version (inside the caller's transaction)."""
    for statement in SCHEMA_V1.split(";"):
        if statement.strip():
            conn.execute(statement)
    for version in range(1, SCHEMA_VERSION):
        MIGRATIONS[version](conn)


def _schema_signature(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    """Every schema object in a database: (type, name, table, its SQL with spaces
    normalized). SQLite's own objects (``sqlite_…``) are left out; an automatic index
    follows from its table's SQL."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(str(t), str(n), str(tb), " ".join(str(sql or "").split()))
            for t, n, tb, sql in rows if not str(n).startswith("sqlite_")}


_EXPECTED: dict[int, set[tuple[str, str, str, str]]] = {}


def expected_schema(version: int) -> set[tuple[str, str, str, str]]:
    """The schema objects a file of ``version`` made by this program holds."""
    if version not in _EXPECTED:
        conn = sqlite3.connect(":memory:")
        try:
            for statement in SCHEMA_V1.split(";"):
                if statement.strip():
                    conn.execute(statement)
            for v in range(1, version):
                MIGRATIONS[v](conn)
            _EXPECTED[version] = _schema_signature(conn)
        finally:
            conn.close()
    return _EXPECTED[version]


def unexpected_schema(conn: sqlite3.Connection, version: int) -> str | None:
    """What in the file's schema this program did not make, in a few words; None if the
    schema is exactly the one expected. A trigger, view or altered table could change or
    hide data behind the program's back (a file is code as well as data)."""
    found, expected = _schema_signature(conn), expected_schema(version)
    for kind in ("trigger", "view", "table", "index"):
        for obj in sorted(found - expected):
            if obj[0] == kind:
                names = {(e[0], e[1]) for e in expected}
                if (kind, obj[1]) in names:
                    return f"the {kind} '{obj[1]}' has been altered"
                return f"it holds a {kind} '{obj[1]}' that riskwizard did not make"
    for obj in sorted(expected - found):
        return f"the {obj[0]} '{obj[1]}' is missing"
    return None
