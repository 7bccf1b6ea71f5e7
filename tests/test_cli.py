"""The command line through the real entry point, as a script or consultant uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RISKWIZARD_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "riskwizard", *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def assert_user_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("riskwizard: ")
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.slow
def test_demo_export_import_export_is_identical(tmp_path: Path) -> None:
    assert run("demo", "x.riskwizard", cwd=tmp_path).returncode == 0
    assert run("export", "x.riskwizard", "-o", "x.json", cwd=tmp_path).returncode == 0
    assert run("import", "x.json", "-o", "y.riskwizard", cwd=tmp_path).returncode == 0
    assert run("export", "y.riskwizard", "-o", "y.json", cwd=tmp_path).returncode == 0
    x, y = (tmp_path / "x.json").read_bytes(), (tmp_path / "y.json").read_bytes()
    assert x == y
    doc = json.loads(x)
    assert doc["format"] == "riskwizard-export" and doc["practice"]["name"]
    assert doc["answers"] and doc["risks"] and doc["remediation"] and doc["vendors"]


@pytest.mark.slow
def test_large_demo(tmp_path: Path) -> None:
    assert run("demo", "big.riskwizard", "--size", "large", cwd=tmp_path).returncode == 0
    assert run("export", "big.riskwizard", "-o", "big.json", cwd=tmp_path).returncode == 0
    doc = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))
    assert (len(doc["assets"]), len(doc["vendors"]), len(doc["assessments"])) == (2000, 300, 5)


@pytest.mark.slow
def test_new_then_export(tmp_path: Path) -> None:
    name = "Dr. Ōno & <Partners> — 诊所 🙂"
    assert run("new", "n.riskwizard", "--practice", name, cwd=tmp_path).returncode == 0
    assert run("export", "n.riskwizard", "-o", "n.json", cwd=tmp_path).returncode == 0
    doc = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    assert doc["practice"]["name"] == name and len(doc["assessments"]) == 1
    assert_user_error(run("new", "n.riskwizard", "--practice", "Again", cwd=tmp_path),
                      "already exists")
    assert_user_error(run("new", "m.riskwizard", "--practice", "  ", cwd=tmp_path), "empty")


BAD_PRACTICE_FILES = {
    "empty.riskwizard": b"",
    "random.riskwizard": os.urandom(3000),
    "notes.riskwizard": b"SQLite format 3 is what this is not\n",
}


@pytest.mark.parametrize("name", sorted(BAD_PRACTICE_FILES))
@pytest.mark.parametrize("command", ["export", "report"])
@pytest.mark.slow
def test_bad_practice_file(tmp_path: Path, name: str, command: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(BAD_PRACTICE_FILES[name])
    out = "out.json" if command == "export" else "out.pdf"
    assert_user_error(run(command, name, "-o", out, cwd=tmp_path), name)
    assert bad.read_bytes() == BAD_PRACTICE_FILES[name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.slow
def test_truncated_practice_file(tmp_path: Path) -> None:
    assert run("demo", "x.riskwizard", cwd=tmp_path).returncode == 0
    whole = (tmp_path / "x.riskwizard").read_bytes()
    (tmp_path / "cut.riskwizard").write_bytes(whole[: len(whole) // 2])
    assert_user_error(run("export", "cut.riskwizard", "-o", "o.json", cwd=tmp_path),
                      "cut.riskwizard", "damaged")
    assert not (tmp_path / "o.json").exists()


BAD_JSON = {
    "not json": "{this is not json",
    "not an export": json.dumps({"hello": "world"}),
    "newer format": json.dumps({"format": "riskwizard-export", "format_version": 99}),
    "wrong type": json.dumps({"format": "riskwizard-export", "format_version": 1,
                              "practice": {"name": "x"}, "sites": [{"name": 5, "id": 1}]}),
    "dangling reference": json.dumps({"format": "riskwizard-export", "format_version": 1,
                                      "practice": {"name": "x"},
                                      "assets": [{"name": "pc", "site_id": 4, "id": 1}]}),
    "empty": "",
    "a list": "[]",
}


@pytest.mark.parametrize("case", sorted(BAD_JSON))
@pytest.mark.slow
def test_bad_json_import(tmp_path: Path, case: str) -> None:
    src = tmp_path / "in.json"
    src.write_text(BAD_JSON[case], encoding="utf-8")
    assert_user_error(run("import", "in.json", "-o", "new.riskwizard", cwd=tmp_path), "in.json")
    assert src.read_text(encoding="utf-8") == BAD_JSON[case]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


@pytest.mark.slow
def test_import_does_not_overwrite(tmp_path: Path) -> None:
    assert run("demo", "x.riskwizard", cwd=tmp_path).returncode == 0
    assert run("export", "x.riskwizard", "-o", "x.json", cwd=tmp_path).returncode == 0
    before = (tmp_path / "x.riskwizard").read_bytes()
    assert_user_error(run("import", "x.json", "-o", "x.riskwizard", cwd=tmp_path),
                      "already exists")
    assert (tmp_path / "x.riskwizard").read_bytes() == before


@pytest.mark.slow
def test_export_to_missing_folder(tmp_path: Path) -> None:
    assert run("demo", "x.riskwizard", cwd=tmp_path).returncode == 0
    assert_user_error(run("export", "x.riskwizard", "-o", "nope/x.json", cwd=tmp_path),
                      "no such folder")


@pytest.mark.slow
def test_validate_and_questionnaires(tmp_path: Path) -> None:
    ok = run("validate")
    assert ok.returncode == 0 and ok.stdout.startswith("ok:")
    sample = Path(__file__).parent / "data" / "sample"
    assert run("validate", sample).returncode == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\n", encoding="utf-8")
    assert_user_error(run("validate", broken), "broken.yaml", "missing")
    listing = run("questionnaires")
    assert listing.returncode == 0 and "profile" in listing.stdout
    dump = run("questionnaires", "--json")
    doc = json.loads(dump.stdout)
    assert doc["modules"][0]["questions"][0]["id"]
    assert isinstance(doc["citations"], list)


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("riskwizard ")
    assert "demo" in run("--help").stdout


@pytest.mark.slow
def test_outputs_never_replace_a_practice_file(tmp_path: Path) -> None:
    assert run("demo", "x.riskwizard", cwd=tmp_path).returncode == 0
    before = (tmp_path / "x.riskwizard").read_bytes()
    assert_user_error(run("report", "x.riskwizard", "-o", "x.riskwizard", cwd=tmp_path),
                      "not a PDF", "not replaced")
    assert_user_error(run("export", "x.riskwizard", "-o", "x.riskwizard", cwd=tmp_path),
                      "not a JSON export")
    assert (tmp_path / "x.riskwizard").read_bytes() == before
    # an earlier PDF or export of the same name is replaced, as expected
    for command, out in (("report", "x.pdf"), ("export", "x.json")):
        assert run(command, "x.riskwizard", "-o", out, cwd=tmp_path).returncode == 0
        assert run(command, "x.riskwizard", "-o", out, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("args", [["frobnicate"], ["report", "x.riskwizard"], ["new", "a"],
                                  ["demo", "--size", "huge", "x"]])
def test_command_line_mistakes_are_one_line(tmp_path: Path, args: list[str]) -> None:
    assert_user_error(run(*args, cwd=tmp_path), "--help")


@pytest.mark.slow
def test_new_files_get_the_suffix(tmp_path: Path) -> None:
    assert run("new", "clinic", "--practice", "C", cwd=tmp_path).returncode == 0
    assert run("demo", "demo", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clinic.riskwizard",
                                                          "demo.riskwizard"]


@pytest.mark.slow
def test_output_cut_short_by_a_closed_pipe() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(f'"{sys.executable}" -m riskwizard questionnaires --json | head -1',
                          shell=True, capture_output=True, text=True, timeout=120, env=env)
    assert proc.stdout.strip() == "{" and "Error" not in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux display check")
@pytest.mark.slow
def test_window_without_a_display_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "riskwizard", "gui"], capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    assert_user_error(proc, "no display")


def test_a_format_1_export_imports_with_a_derived_register(tmp_path: Path) -> None:
    """An export made before the risk analysis (format 1): every answer and decision is
    kept, the old gap-list risks stay as earlier risks, and the register is derived, so the
    report of the imported file shows what the window would."""
    import json as _json

    from riskwizard.domain.model import Risk, RiskOrigin
    from riskwizard.store import open_practice_file

    doc = {"format": "riskwizard-export", "format_version": 1,
           "practice": {"name": "Old Clinic", "practice_type": "dental", "size_band": "1-5"},
           "assessments": [{"id": 1, "title": "2025 security risk analysis",
                            "period_start": "2025-01-01", "period_end": "2025-12-31"}],
           "answers": [{"assessment_id": 1, "question_id": "adm.backup", "choice": "no",
                        "note": "Tape drive broke"}],
           "risks": [{"id": 1, "assessment_id": 1, "title": "Backups", "likelihood": 4,
                      "impact": 4, "treatment": "accept", "status": "confirmed",
                      "question_id": "adm.backup", "notes": "Owner decided"}]}
    src = tmp_path / "old.json"
    src.write_text(_json.dumps(doc), encoding="utf-8")
    out = tmp_path / "old.riskwizard"
    assert run("import", str(src), "-o", str(out)).returncode == 0
    with open_practice_file(out, readonly=True) as pf:
        answers = pf.answers(1)
        risks = pf.for_assessment(Risk, 1)
    assert answers["adm.backup"].note == "Tape drive broke"
    earlier = [r for r in risks if r.origin is RiskOrigin.EARLIER]
    assert [(r.title, r.notes, r.inherent_likelihood) for r in earlier] == [
        ("Backups", "Owner decided", 4)]
    derived = [r for r in risks if r.origin is RiskOrigin.DERIVED]
    assert len(derived) >= 10
