"""The TTF fonts embedded in the PDF, and turning user text into safe Paragraph markup.

The built-in PDF fonts cover Latin-1 only, and no single font covers every script, so each
string is split into runs by the first font (in ``FALLBACKS`` order) that has a glyph for
each character, and every run but the main font's is wrapped in ``<font name=...>``.
Everything is escaped first: user text is text, never markup.

Registration happens once per process, under a lock; afterwards the tables here are only read,
so building reports from several threads at once is safe.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from riskwizard.resources import asset

# The main family: Latin, Greek, Cyrillic, Vietnamese and most punctuation.
MAIN = "RW-Sans"
MAIN_BOLD = "RW-Sans-Bold"
MAIN_ITALIC = "RW-Sans-Italic"
MAIN_BOLD_ITALIC = "RW-Sans-BoldItalic"
MONO = "Courier"  # fingerprints: hex digits only, so the built-in font is enough

_MAIN_FILES = {
    MAIN: "NotoSans-Regular.ttf",
    MAIN_BOLD: "NotoSans-Bold.ttf",
    MAIN_ITALIC: "NotoSans-Italic.ttf",
    MAIN_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
}


@dataclass(frozen=True)
class Fallback:
    """A font for the characters the main family lacks: family name, regular and bold files."""

    name: str
    regular: str
    bold: str | None = None
    shaped: bool = False  # needs OpenType shaping (joining scripts, conjuncts)


FALLBACKS: tuple[Fallback, ...] = (
    Fallback("RW-Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", True),
    Fallback("RW-Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", True),
    Fallback("RW-Devanagari", "NotoSansDevanagari-Regular.ttf",
             "NotoSansDevanagari-Bold.ttf", True),
    Fallback("RW-CJK", "DroidSansFallbackFull.ttf"),
    Fallback("RW-Symbols", "Symbola.ttf"),
)

FONT_FILES: tuple[str, ...] = (*_MAIN_FILES.values(),
                               *(f for fb in FALLBACKS for f in (fb.regular, fb.bold) if f))

_lock = threading.Lock()
_registered = False
_main_cmap: frozenset[int] = frozenset()
_fallback_cmaps: tuple[tuple[str, frozenset[int]], ...] = ()
_shaped_fonts: frozenset[str] = frozenset()

# Characters nobody can see that no font needs to draw (variation selectors, BOM): dropped
# when no font has them, so they do not print as empty boxes.
_INVISIBLE = (frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0000, 0xE0080))
              | {0xFEFF, 0x200B, 0x2060})
# A visible character no shipped font has (a newer emoji, a rare script) prints as this
# mark, so the reader sees that something is there; it is never dropped silently.
MISSING = "\uFFFD"
_JOINERS = frozenset({0x200C, 0x200D})


class FontError(Exception):
    """The fonts shipped with the program are missing or damaged."""


def register_fonts() -> None:
    """Register the shipped fonts with reportlab (once per process; thread-safe)."""
    global _registered, _main_cmap, _fallback_cmaps, _shaped_fonts
    if _registered:
        return
    with _lock:
        if _registered:
            return
        try:
            main_fonts = {name: _load(name, file) for name, file in _MAIN_FILES.items()}
            for font in main_fonts.values():
                pdfmetrics.registerFont(font)
            _family(MAIN, MAIN, MAIN_BOLD, MAIN_ITALIC, MAIN_BOLD_ITALIC)
            cmaps = []
            shaped = set()
            for fb in FALLBACKS:
                regular = _load(fb.name, fb.regular)
                pdfmetrics.registerFont(regular)
                bold_name = fb.name
                if fb.bold:
                    bold_name = f"{fb.name}-Bold"
                    pdfmetrics.registerFont(_load(bold_name, fb.bold))
                _family(fb.name, fb.name, bold_name, fb.name, bold_name)
                cmaps.append((fb.name, frozenset(regular.face.charToGlyph)))
                if fb.shaped:
                    shaped.add(fb.name)
        except (OSError, ValueError, KeyError) as exc:
            raise FontError(f"the report fonts cannot be loaded ({exc})") from None
        _main_cmap = frozenset(main_fonts[MAIN].face.charToGlyph)
        _fallback_cmaps = tuple(cmaps)
        _shaped_fonts = frozenset(shaped)
        _registered = True


def _load(name: str, file: str) -> TTFont:
    with asset(f"fonts/{file}").open("rb") as fh:
        return TTFont(name, fh)


def _family(family: str, normal: str, bold: str, italic: str, bold_italic: str) -> None:
    addMapping(family, 0, 0, normal)
    addMapping(family, 1, 0, bold)
    addMapping(family, 0, 1, italic)
    addMapping(family, 1, 1, bold_italic)


def clean(text: object) -> str:
    """User text as it can be printed: control characters and lone surrogates removed,
    tabs as spaces, line ends as ``\\n``."""
    s = "" if text is None else str(text)
    if not s.isprintable():
        s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        s = "".join(c for c in s if c == "\n" or not _unprintable(c))
    return s


def _unprintable(c: str) -> bool:
    cat = unicodedata.category(c)
    return cat in ("Cc", "Cs", "Co", "Cn") or c in ("\u2028", "\u2029")


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` as (font name or None for the main font, characters) runs."""
    register_fonts()
    if all(ord(c) in _main_cmap for c in set(text)):
        return [(None, text)] if text else []
    runs: list[tuple[str | None, str]] = []
    current: str | None = None
    buf: list[str] = []
    for c in text:
        cp = ord(c)
        font: str | None
        if cp in _main_cmap or c in " \n":
            font = None
            # combining marks and joiners stay with the run they belong to, when it has them
            if current is not None and (cp in _JOINERS or unicodedata.combining(c)) and \
                    _has(current, cp):
                font = current
        else:
            font = _fallback_for(cp, current)
            if font is None:
                if cp in _INVISIBLE or cp in _JOINERS:
                    continue
                # no font has it: the replacement character, from the main font
                c, font = MISSING, None
        if font != current and buf:
            runs.append((current, "".join(buf)))
            buf = []
        current = font
        buf.append(c)
    if buf:
        runs.append((current, "".join(buf)))
    return runs


def _has(font: str, cp: int) -> bool:
    return any(name == font and cp in cmap for name, cmap in _fallback_cmaps)


def _fallback_for(cp: int, current: str | None) -> str | None:
    if current is not None and _has(current, cp):
        return current
    for name, cmap in _fallback_cmaps:
        if cp in cmap:
            return name
    return None


def markup(text: object) -> str:
    """Escaped Paragraph markup for a user string, fonts switched per script, newlines kept."""
    s = clean(text)
    if not s:
        return ""
    out: list[str] = []
    for font, chunk in font_runs(s):
        body = escape(chunk, {'"': "&quot;"}).replace("\n", "<br/>")
        out.append(body if font is None else f'<font name="{font}">{body}</font>')
    return "".join(out)


def needs_shaping(text: str) -> bool:
    """True when ``text`` has characters of a script that needs OpenType shaping."""
    register_fonts()
    if all(ord(c) in _main_cmap for c in set(text)):
        return False
    return any(font in _shaped_fonts for font, _ in font_runs(text))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Printed width of user text in points, with the fallback fonts it will use."""
    register_fonts()
    width = 0.0
    for font, chunk in font_runs(clean(text).replace("\n", " ")):
        name = font or MAIN
        if bold:
            name = MAIN_BOLD if font is None else _bold_of(font)
        width += pdfmetrics.stringWidth(chunk, name, size)
    return width


def _bold_of(font: str) -> str:
    for fb in FALLBACKS:
        if fb.name == font and fb.bold:
            return f"{fb.name}-Bold"
    return font


def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, cut with an ellipsis so it fits ``width`` points."""
    s = " ".join(clean(text).split())
    if text_width(s, size, bold) <= width:
        return s
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(s[:mid] + "…", size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return s[:lo].rstrip() + "…"
