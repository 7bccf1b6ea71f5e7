"""One rule, one home (``fileio.write_atomically(replace=False)``): the evidence pack and
the spreadsheet export never replace a file that is there already unless the person said
so (``--replace``, or the Save dialog that asked about that very name); even then only a
file of their own kind is replaced. Refusals are one line and leave the file as it was."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from riskwizard.cli import main
from riskwizard.domain.model import PracticeData
from riskwizard.fileio import CSV, NotReplaced, OutputError, write_atomically
from riskwizard.interchange.xlsx_io import XlsxError, export_practice
from riskwizard.store import open_practice_file, write_new_file

OLD = b"PK\x03\x04 an older pack"


@pytest.fixture
def proven_file(tmp_path: Path, demo_data: PracticeData) -> Path:
    path = tmp_path / "demo.riskwizard"
    write_new_file(path, demo_data)
    with open_practice_file(path) as pf:
        from riskwizard.domain.model import Evidence

        pf.add_evidence(Evidence("baa.pdf", "", vendor_id=demo_data.vendors[0].id), b"%PDF")
    return path


def test_write_atomically_keeps_an_existing_file_unless_told(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    out.write_bytes(b"a,b\n")
    with pytest.raises(NotReplaced) as info:
        write_atomically(out, lambda fh: fh.write(b"new\n"), CSV, replace=False)
    assert str(info.value) == f"{out}: already exists; not replaced (choose another name)"
    assert out.read_bytes() == b"a,b\n" and sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]
    write_atomically(out, lambda fh: fh.write(b"new\n"), CSV, replace=True)
    assert out.read_bytes() == b"new\n"
    write_atomically(tmp_path / "y.csv", lambda fh: fh.write(b"y\n"), CSV, replace=False)


def test_the_evidence_pack_on_the_command_line(proven_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack.zip"
    assert main(["evidence-pack", str(proven_file), "-o", str(out)]) == 0
    first = out.read_bytes()
    out.write_bytes(OLD)
    capsys.readouterr()
    assert main(["evidence-pack", str(proven_file), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists; not replaced" in err and "--replace" in err
    assert err.count("\n") == 1 and out.read_bytes() == OLD
    assert main(["evidence-pack", str(proven_file), "-o", str(out), "--replace"]) == 0
    with zipfile.ZipFile(out) as zf:
        assert "manifest.json" in zf.namelist()
    assert len(out.read_bytes()) == len(first)
    # Even when asked, only an evidence pack is replaced, never the practice file itself.
    before = proven_file.read_bytes()
    assert main(["evidence-pack", str(proven_file), "-o", str(proven_file), "--replace"]) == 1
    assert "not an evidence pack" in capsys.readouterr().err
    assert proven_file.read_bytes() == before


def test_the_spreadsheet_export(demo_data: PracticeData, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    aid = demo_data.assessments[-1].id
    export_practice(demo_data, aid, out, date(2026, 12, 1))
    first = out.read_bytes()
    out.write_bytes(OLD)
    with pytest.raises(XlsxError, match="already exists; not replaced"):
        export_practice(demo_data, aid, out, date(2026, 12, 1))
    assert out.read_bytes() == OLD
    export_practice(demo_data, aid, out, date(2026, 12, 1), replace=True)
    assert out.read_bytes()[:4] == first[:4] == b"PK\x03\x04"
    assert issubclass(NotReplaced, OutputError)
