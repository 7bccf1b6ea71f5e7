"""User text is text: markup, every script, emoji, huge notes and names come out as typed."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from riskwizard.domain.model import PracticeData
from riskwizard.report.fonts import fit, font_runs, markup, needs_shaping, text_width
from tests.report.conftest import (
    ARABIC,
    CHINESE,
    CYRILLIC,
    EMOJI,
    HINDI,
    HOSTILE,
    LONG_NAME,
    NOTE_END,
    Built,
)


def test_markup_escapes_everything() -> None:
    out = markup(HOSTILE)
    assert "<b>" not in out and "<img" not in out and "<font name=\"x\">" not in out
    assert "&lt;b&gt;&amp;amp; &quot;quotes&quot; &lt;img src=x&gt;" in out
    assert markup("a\nb") == "a<br/>b"
    assert markup("bell\x07 nul\x00 tab\t.") == "bell nul tab    ."
    assert markup("\ud800 lone surrogate") == " lone surrogate"


def test_font_runs_pick_a_font_per_script() -> None:
    runs = dict((text, font) for font, text in font_runs(f"Hi {CHINESE} {ARABIC} {EMOJI}"))
    assert runs[CHINESE] == "RW-CJK"
    assert runs["Hi "] is None
    assert any(font == "RW-Arabic" for font, _ in font_runs(ARABIC))
    assert any(font == "RW-Devanagari" for font, _ in font_runs(HINDI))
    assert any(font == "RW-Symbols" for font, _ in font_runs(EMOJI))
    assert font_runs(CYRILLIC) == [(None, CYRILLIC)]
    assert needs_shaping(ARABIC) and needs_shaping(HINDI) and not needs_shaping(CHINESE)


def test_fit_cuts_to_width() -> None:
    line = fit(LONG_NAME, 200, 8)
    assert line.endswith("…") and text_width(line, 8) <= 200
    assert fit("short", 200, 8) == "short"


@pytest.mark.slow
def test_hostile_strings_come_out_as_typed(hostile_report: Built) -> None:
    flat = hostile_report.flat
    assert flat.count(HOSTILE) >= 8  # address, official, site, asset, vendor, risks, notes
    assert CHINESE in flat
    assert CYRILLIC in flat
    assert "<img" in flat  # printed, never obeyed


@pytest.mark.slow
def test_long_name_on_cover_and_cut_in_header(hostile_report: Built) -> None:
    cover = " ".join(hostile_report.texts[0].split())
    assert LONG_NAME in cover
    header = hostile_report.texts[3]
    assert LONG_NAME not in " ".join(header.split())
    assert "…" in header


@pytest.mark.slow
def test_hundred_kilobyte_note_flows_over_pages(hostile_report: Built,
                                                 demo_report: Built) -> None:
    assert hostile_report.pages >= demo_report.pages + 20  # the note runs over ~25 pages
    flat = hostile_report.flat
    assert "Line 0: lorem" in flat and "Line 479: lorem" in flat
    assert NOTE_END in flat
    assert "A" * 500 in flat.replace(" ", "")


@pytest.mark.slow
def test_overlong_cells_continue_below_the_table(hostile_report: Built) -> None:
    flat = hostile_report.flat
    assert "continued below the table" in flat
    assert "Long entries continued" in flat
    # an inventory cell (a 5,000-character vendor note) is cut, and says how much
    assert "x" * 250 in flat.replace(" ", "")
    assert "x" * 400 not in flat.replace(" ", "")
    assert "more characters; the full text is in the practice file" in flat


@pytest.mark.slow
def test_complex_scripts_render(hostile_report: Built) -> None:
    """Arabic and Devanagari are shaped (their extracted text is presentation forms), emoji
    come from Symbola: render every page to be sure nothing breaks."""
    pdf = pdfium.PdfDocument(str(hostile_report.path))
    try:
        assert len(pdf) == hostile_report.pages
        for i in range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=0.25).to_pil()
            assert image.size[0] > 100
            page.close()
    finally:
        pdf.close()


@pytest.mark.slow
def test_fonts_are_embedded(hostile_report: Built) -> None:
    embedded = 0
    for page in hostile_report.reader.pages[:3]:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts") or []:
                descriptor = desc.get_object()["/FontDescriptor"].get_object()
                embedded += "/FontFile2" in descriptor
            if "/FontDescriptor" in font:
                embedded += "/FontFile2" in font["/FontDescriptor"].get_object()
    assert embedded >= 3  # main font, CJK, and at least one more script


@pytest.mark.parametrize("field", ["name", "address", "assessor"])
@pytest.mark.slow
def test_huge_field_does_not_break_the_cover(field: str, demo_data: PracticeData,
                                             questionnaire: object,
                                             tmp_path: object) -> None:
    import copy
    from pathlib import Path

    from riskwizard.report import render_report

    data = copy.deepcopy(demo_data)
    setattr(data.practice, field, ("word " * 5000) + CHINESE * 500)
    data.answers = data.answers[:10]
    pdf, pages = render_report(data, questionnaire, today=None)  # type: ignore[arg-type]
    assert pdf.startswith(b"%PDF") and pages > 5
    assert isinstance(tmp_path, Path)
