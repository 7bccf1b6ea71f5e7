"""The cap rule (report/caps.py), over generated text: any script, emoji with modifiers and
joiners, markup characters, very long words, many lines. What is shown is the start of the
text, within the cap, never split inside a character sequence, and the cut is said in words
that Paragraph markup accepts."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from riskwizard.report import caps
from riskwizard.report.fonts import clean, markup, register_fonts
from riskwizard.report.writer import Writer

PIECES = st.sampled_from([
    "<", ">", "&", "&amp;", '"', "<b>", "</font>", "<br/>", " ", "\n", "\t",
    "👩‍⚕️", "👍🏽", "🏥", "🇺🇸", "e\u0301", "क्ष", "नमस्ते", "שלום", "سجلات", "病历",
    "Медицинские", "x" * 180, "supercalifragilistic" * 12,
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=30).map("".join)
CAP = st.builds(caps.Cap, st.integers(1, 400), st.integers(1, 8))


def _split_inside(text: str, at: int) -> bool:
    """True when position ``at`` is inside a character sequence."""
    if at <= 0 or at >= len(text):
        return False
    nxt, prev = text[at], text[at - 1]
    return (unicodedata.category(nxt) in ("Mn", "Mc", "Me") or nxt in "\u200d\ufe0f"
            or "\U0001f3fb" <= nxt <= "\U0001f3ff" or prev == "\u200d"
            or unicodedata.combining(prev) == 9)


@settings(max_examples=300, deadline=None)
@given(TEXT, CAP)
@example("word " * 500, caps.NAME)
@example("a\n" * 50, caps.CELL)
@example("👩‍⚕️" * 200, caps.NAME)
@example("क्ष" * 200, caps.NAME)
def test_a_cut_is_the_start_within_the_cap(text: str, cap: caps.Cap) -> None:
    whole = clean(text)
    c = caps.cut(text, cap)
    assert whole.startswith(c.shown)
    assert len(c.shown) + c.left == len(whole)
    if not c.was_cut:
        assert c.shown == whole
        assert caps.units(whole) <= cap.chars and whole.count("\n") < cap.lines
    else:
        assert caps.units(c.shown) <= cap.chars
        assert c.shown.count("\n") < cap.lines
        assert c.shown == c.shown.rstrip()
        # at a word end, or else never inside a character sequence
        assert not _split_inside(whole, len(c.shown)) or whole[len(c.shown)].isspace()


@settings(max_examples=150, deadline=None)
@given(TEXT, CAP)
def test_the_cut_is_said_in_markup_that_lays_out(text: str, cap: caps.Cap) -> None:
    register_fonts()
    w = Writer()
    shown = caps.capped(text, cap)
    c = caps.cut(text, cap)
    if c.was_cut:
        said = re.search(r"\(([\d,]+) more characters?; the full text is in the practice "
                         r"file\)", shown)
        assert said and int(said.group(1).replace(",", "")) == c.left
    else:
        assert shown == markup(text)
    para = w.para(shown, w.s.cell)
    _w, h = para.wrap(200, 10_000)
    assert h > 0 or not clean(text).strip()
    Paragraph(shown, w.s.cell).wrap(200, 10_000)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_continued_cells_are_numbered_and_printed_below_within_the_cap(
        texts: list[str]) -> None:
    register_fonts()
    w = Writer()
    more = caps.Continued(w)
    for t in texts:
        more.cell(t, label="Entry", cap=caps.REGISTER)
    cut = [t for t in texts if caps.cut(t, caps.REGISTER).was_cut]
    below = more.below()
    if not cut:
        assert below == []
        return
    paras = [p for p in below if isinstance(p, Paragraph)]
    notes = [p.text for p in paras if "Note " in p.text]
    assert [re.search(r"Note (\d+):", n).group(1) for n in notes] == [  # type: ignore[union-attr]
        str(n) for n in range(1, len(cut) + 1)]
    printed = sum(len(caps.cut(t, caps.CONTINUED).shown) for t in cut)
    assert printed <= caps.CONTINUED.chars * len(cut)
    assert more.below() == []  # each table's notes are printed once


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=6), CAP)
def test_texts_in_one_cell_share_its_cap(texts: list[str], cap: caps.Cap) -> None:
    shares = caps.share(texts, cap)
    need = [caps.units(t) for t in texts]
    assert sum(c.chars for c in shares) <= cap.chars
    assert all(c.chars <= n for c, n in zip(shares, need, strict=True))
    if sum(need) <= cap.chars:
        assert [c.chars for c in shares] == need
    else:  # a text cut gets no less than any other text's share
        cut = [c.chars for c, n in zip(shares, need, strict=True) if c.chars < n]
        assert cut and max(cut) - min(cut) <= 1
        assert all(c.chars <= min(cut) + 1 for c in shares)
    lines = [t.count("\n") + 1 for t in texts]
    if sum(lines) <= cap.lines:
        assert [c.lines for c in shares] == lines


def test_each_place_has_its_cap_and_they_nest() -> None:
    assert caps.NAME.chars < caps.LINE.chars <= caps.CELL.chars <= caps.CONTINUED.chars
    assert caps.CELL.chars <= caps.REGISTER.chars  # a register cell is shared by its fields
    assert caps.NOTE.chars < caps.FIELD.chars
    assert caps.REGISTER_CONTINUED.chars < caps.CONTINUED.chars
