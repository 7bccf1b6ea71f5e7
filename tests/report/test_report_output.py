"""Writing the report: atomic, one-line errors, progress, threads, choices of assessment."""

from __future__ import annotations

import copy
import errno
import io
import os
import threading
from pathlib import Path

import pypdf
import pytest

from riskwizard.domain.demo import build_demo
from riskwizard.domain.model import Asset, PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.report import ReportError, build_report, render_report
from tests.report.conftest import TODAY

pytestmark = pytest.mark.slow  # builds full PDF reports

OLD = b"%PDF-1.4 an older report that must survive\n"


def small(demo_data: PracticeData) -> PracticeData:
    """The demo with fewer answers: quick to lay out."""
    data = copy.deepcopy(demo_data)
    data.answers = data.answers[:12]
    return data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_missing_folder(tmp_path: Path, demo_data: PracticeData,
                        questionnaire: Questionnaire) -> None:
    out = tmp_path / "nope" / "report.pdf"
    with pytest.raises(ReportError, match="no such folder") as err:
        build_report(demo_data, questionnaire, out)
    assert "\n" not in str(err.value)
    assert not out.parent.exists()


def test_path_is_a_folder(tmp_path: Path, demo_data: PracticeData,
                          questionnaire: Questionnaire) -> None:
    with pytest.raises(ReportError, match="is a folder"):
        build_report(demo_data, questionnaire, tmp_path)


def test_read_only_file_is_left_alone(tmp_path: Path, demo_data: PracticeData,
                                      questionnaire: Questionnaire) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(OLD)
    out.chmod(0o444)  # honoured even for root: write_atomically checks the mark
    with pytest.raises(ReportError, match="read-only"):
        build_report(small(demo_data), questionnaire, out)
    assert out.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_read_only_folder(tmp_path: Path, demo_data: PracticeData,
                          questionnaire: Questionnaire) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)  # honoured even for root, like the file's mark
    try:
        with pytest.raises(ReportError, match="read-only"):
            build_report(small(demo_data), questionnaire, folder / "report.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_full_disk_leaves_the_old_pdf(tmp_path: Path, demo_data: PracticeData,
                                      questionnaire: Questionnaire,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(OLD)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ReportError, match="disk is full") as err:
        build_report(small(demo_data), questionnaire, out)
    assert "\n" not in str(err.value)
    assert out.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_short_write_leaves_no_file(tmp_path: Path, demo_data: PracticeData,
                                    questionnaire: Questionnaire,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.pdf"

    class Full(io.FileIO):
        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, mode: str = "r", *args: object, **kw: object) -> object:
        return Full(fd, "wb")

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(ReportError, match="disk is full"):
        build_report(small(demo_data), questionnaire, out)
    assert list(tmp_path.iterdir()) == []


def test_overwrites_an_existing_report(tmp_path: Path, demo_data: PracticeData,
                                       questionnaire: Questionnaire) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(OLD)
    pages = build_report(small(demo_data), questionnaire, out, today=TODAY)
    assert len(pypdf.PdfReader(out).pages) == pages
    assert leftovers(tmp_path) == []


def test_progress_rises_to_100(tmp_path: Path, demo_data: PracticeData,
                               questionnaire: Questionnaire) -> None:
    seen: list[tuple[int, str]] = []
    build_report(small(demo_data), questionnaire, tmp_path / "r.pdf",
                 progress=lambda p, what: seen.append((p, what)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100 and percents[0] == 0
    assert all(isinstance(w, str) and w for _, w in seen)
    assert any("Findings" in w for _, w in seen)


def test_no_assessment(tmp_path: Path, demo_data: PracticeData,
                       questionnaire: Questionnaire) -> None:
    data = copy.deepcopy(demo_data)
    data.assessments = []
    with pytest.raises(ReportError, match="no assessment"):
        build_report(data, questionnaire, tmp_path / "r.pdf")
    with pytest.raises(ReportError, match="no assessment 99"):
        build_report(demo_data, questionnaire, tmp_path / "r.pdf", assessment_id=99)
    assert list(tmp_path.iterdir()) == []


def test_earlier_assessment_of_the_large_practice(five_years: PracticeData,
                                                  questionnaire: Questionnaire) -> None:
    data = copy.deepcopy(five_years)
    pdf, pages = render_report(data, questionnaire, assessment_id=2, today=TODAY)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    cover = reader.pages[0].extract_text()
    assert f"{TODAY.year - 3} security risk analysis" in cover.lower()
    assert "Complete" in cover and "DRAFT" not in cover


def test_threads(tmp_path: Path, demo_data: PracticeData,
                 questionnaire: Questionnaire) -> None:
    errors: list[BaseException] = []
    pages: list[int] = []

    def run(i: int) -> None:
        try:
            pages.append(build_report(small(demo_data), questionnaire, tmp_path / f"{i}.pdf",
                                      today=TODAY))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(pages)) == 1
    texts = {pypdf.PdfReader(tmp_path / f"{i}.pdf").pages[-1].extract_text()
             for i in range(3)}
    assert len(texts) == 1


def test_logo_on_the_cover(tmp_path: Path, demo_data: PracticeData,
                           questionnaire: Questionnaire) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 120), (31, 58, 95)).save(buf, "PNG")
    data = small(demo_data)
    data.practice.logo_png = buf.getvalue()
    build_report(data, questionnaire, tmp_path / "logo.pdf", today=TODAY)
    cover = pypdf.PdfReader(tmp_path / "logo.pdf").pages[0]
    assert len(cover.images) == 1
    data.practice.logo_png = b"\x89PNG not really"
    build_report(data, questionnaire, tmp_path / "bad.pdf", today=TODAY)
    assert len(pypdf.PdfReader(tmp_path / "bad.pdf").pages[0].images) == 0


def test_long_tables_repeat_their_header(demo_data: PracticeData,
                                         questionnaire: Questionnaire) -> None:
    data = small(demo_data)
    data.assets = [Asset(name=f"Workstation {i}", owner="Front desk", id=i + 1)
                   for i in range(150)]
    pdf, _pages = render_report(data, questionnaire, today=TODAY)
    texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    inventory = [t for t in texts if "Front desk" in t]
    assert len(inventory) >= 3
    for text in inventory:
        assert "Encrypted" in text and "Owner" in text


def test_sample_questionnaire(tmp_path: Path, sample_questionnaire: Questionnaire) -> None:
    data = build_demo(sample_questionnaire, "small", TODAY)
    pages = build_report(data, sample_questionnaire, tmp_path / "s.pdf", today=TODAY)
    reader = pypdf.PdfReader(tmp_path / "s.pdf")
    assert len(reader.pages) == pages
    assert "Administrative safeguards" in "".join(p.extract_text() for p in reader.pages)


def test_command_line(demo_file: Path, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    from riskwizard.cli import main

    out = tmp_path / "out.pdf"
    assert main(["report", str(demo_file), "-o", str(out)]) == 0
    assert pypdf.PdfReader(out).pages
    assert main(["report", str(demo_file), "-o", str(tmp_path / "no" / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such folder" in err
