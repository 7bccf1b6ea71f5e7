"""The TTF fonts embedded in the PDF, and turning user text into safe Paragraph markup.

The built-in PDF fonts cover Latin-1 only, and no single font covers every script, so each
string is split into runs by the first font (in ``FALLBACKS`` order) that has a glyph for
each character, and every run but the main font's is wrapped in ``<font name=...>``.
Everything is escaped first: user text is text, never markup.

Registration happens once per process, under a lock; afterwards the tables here are only read,
so building reports from several threads at once is safe.
"""

from __future__ import annotations

import copy
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics import shapes as _shapes
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfbase.ttfonts import TTFont, makeShapedFragWord
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus import tables as _tables

from riskwizard.resources import asset

# The main family: Latin, Greek, Cyrillic, Vietnamese and most punctuation.
MAIN = "RW-Sans"
MAIN_BOLD = "RW-Sans-Bold"
MAIN_ITALIC = "RW-Sans-Italic"
MAIN_BOLD_ITALIC = "RW-Sans-BoldItalic"
MONO = MAIN  # fingerprints: hex digits; embedded like every font (no built-in Courier)

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
        _install_shaper()
        # a table cell with no FONT of its own would set the unembedded built-in Helvetica
        _tables.CellStyle.fontname = MAIN
        _shapes.STATE_DEFAULTS["fontName"] = MAIN  # and so would a chart
        _main_cmap = frozenset(main_fonts[MAIN].face.charToGlyph)
        _fallback_cmaps = tuple(cmaps)
        _shaped_fonts = frozenset(shaped)
        _registered = True


def _install_shaper() -> None:
    """Make reportlab shape each font's part of a word on its own.

    reportlab shapes a whole word (text between spaces) with the font of its first
    character. A word that switches fonts without a space (Arabic followed by an emoji or a
    Latin "!") then gets glyph numbers of the wrong font: wrong characters, or an
    AttributeError (``hbAddPrivate``) that used to stop the whole report. Here the word is
    cut where the font changes, each part is shaped with its own font, and a part that
    cannot be shaped is drawn unshaped: one string never costs the practice its report.
    """
    original = getattr(_paragraph.shapeFragWord, "__wrapped__", _paragraph.shapeFragWord)

    def shape(word: Any, *args: Any, **kwargs: Any) -> Any:
        return shape_by_font(word, original, *args, **kwargs)

    shape.__wrapped__ = original  # type: ignore[attr-defined]
    _paragraph.shapeFragWord = shape
    _ttfonts.makeToUnicodeCMap = to_unicode_cmap


# (font face name, private-use code reportlab gave a shaped glyph) -> the characters typed
# for it. Filled while shaping; only ever added to (one dict operation at a time: threads
# building reports at once are safe), and the same glyph of a face always stands for the
# same letters, whichever report first met it.
_private_text: dict[tuple[str, int], str] = {}


def _is_private(cp: int) -> bool:
    return 0xE000 <= cp <= 0xF8FF


def _remember_private(typed: str, pairs: list[Any]) -> None:
    """Record what each substituted glyph of a shaped word stands for (a private-use code,
    or a ligature such as Hebrew "װ" for "וו"): the characters of its cluster (``typed``
    is the word as typed) that no other glyph of the cluster shows as itself."""
    glyphs: list[tuple[str, int, int]] = []  # face, code, cluster
    for frag, chunk in pairs:
        data = getattr(chunk, "__shapeData__", None)
        if data is None or hasattr(frag, "cbDefn"):
            continue
        face = _face_name(frag.fontName)
        for c, shape in zip(chunk, data, strict=False):
            glyphs.append((face, ord(c), shape.cluster))
    starts = sorted({cluster for _f, _c, cluster in glyphs} | {len(typed)})
    ends = dict(zip(starts, starts[1:], strict=False))
    for face, code, cluster in glyphs:
        source = typed[cluster:ends.get(cluster, len(typed))]
        if chr(code) in source or (face, code) in _private_text or not _substitute(code):
            continue
        same = [c for _f, c, cl in glyphs if cl == cluster]
        left = list(source)
        for c in same:
            if chr(c) in left:
                left.remove(chr(c))
        first = next(c for c in same if chr(c) not in source and _substitute(c))
        # the cluster's leftover letters go to its first substituted glyph, none to others
        _private_text.setdefault((face, code), "".join(left) if code == first else "")


def _substitute(code: int) -> bool:
    """A glyph shaping puts in place of the letters typed: a private-use code, or a letter
    (a ligature or a presentation form) outside ASCII. Spaces and marks stand for
    themselves (harfbuzz draws a zero-width joiner with the space glyph, for one)."""
    return _is_private(code) or (code >= 0x80 and unicodedata.category(chr(code))
                                 in ("Lo", "Ll", "Lu", "Lm", "Lt"))


def _face_name(font_name: str) -> str:
    face = pdfmetrics.getFont(font_name).face
    name = face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, made to copy out as typed: characters beyond the Basic
    Multilingual Plane (emoji) as UTF-16 pairs, Arabic presentation forms as the letters
    typed, and the private-use codes of shaped glyphs as the characters they stand for."""
    face = fontname.split("+", 1)[-1]
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar"]
    for i, cp in enumerate(subset):
        lines.append(f"<{i:02X}> <{_utf16(_typed(face, cp))}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop",
              "end", "end"]
    return "\n".join(lines)


def _typed(face: str, cp: int) -> str:
    for (f, code), text in list(_private_text.items()):
        if code == cp and face.startswith(f):
            return text
    c = chr(cp)
    if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF or 0xFB1D <= cp <= 0xFB4F:
        return unicodedata.normalize("NFKC", c) or c
    return c


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def shape_by_font(word: Any, shaper: Any, *args: Any, **kwargs: Any) -> Any:
    """``word`` (reportlab's [width, (frag, text), ...]) shaped one font at a time;
    unshaped where ``shaper`` fails."""
    groups: list[list[Any]] = []
    font = None
    for pair in word[1:]:
        frag = pair[0]
        name = None if hasattr(frag, "cbDefn") else frag.fontName
        if not groups or (name is not None and name != font and font is not None):
            groups.append([])
        if name is not None:
            font = name
        groups[-1].append(pair)
    if len(groups) <= 1:
        return _try_shape(word, shaper, *args, **kwargs)
    pairs: list[Any] = []
    width = 0.0
    changed = False
    for group in groups:
        sub = copy.copy(word)
        sub[:] = [_width(group), *group]
        shaped = _try_shape(sub, shaper, *args, **kwargs)
        changed = changed or shaped is not sub
        width += shaped[0]
        pairs.extend(shaped[1:])
    if not changed:
        return word
    out = makeShapedFragWord(word)([width, *pairs])
    return out


def _width(pairs: list[Any]) -> float:
    return sum(float(pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize))
               for frag, text in pairs if not hasattr(frag, "cbDefn"))


def _try_shape(word: Any, shaper: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        shaped = shaper(word, *args, **kwargs)
    except Exception:  # noqa: BLE001 - a run that cannot be shaped is drawn as typed
        return word
    if shaped is not word:
        typed = "".join(text for frag, text in word[1:] if not hasattr(frag, "cbDefn"))
        try:
            _remember_private(typed, list(shaped[1:]))
        except Exception:  # noqa: BLE001 - copying out is second to drawing
            pass
    return shaped


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


def main_font_only(text: str) -> bool:
    """True when the main font draws every character of ``text`` (no fallback font, no
    shaping): such text can be a plain table cell, much cheaper than a Paragraph."""
    register_fonts()
    return all(ord(c) in _main_cmap or c == "\n" for c in set(text))


def needs_shaping(text: str) -> bool:
    """True when ``text`` has characters of a script that needs OpenType shaping."""
    register_fonts()
    if all(ord(c) in _main_cmap for c in set(text)):
        return False
    return any(font in _shaped_fonts for font, _ in font_runs(text))


def _strong(word: str) -> str | None:
    for c in word:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return None


def visual_line(text: str) -> str:
    """One line of text with the words of each right-to-left stretch in the order they are
    seen (the letters of each word are put right by shaping). For lines drawn on their own
    (the page header), which reportlab lays out left to right."""
    words = text.split(" ")
    kinds = [_strong(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        if kinds[i] != "R":
            out.append(words[i])
            i += 1
            continue
        j = i
        last = i
        while j < len(words) and kinds[j] != "L":
            if kinds[j] == "R":
                last = j
            j += 1
        out.extend(reversed(words[i:last + 1]))
        i = last + 1
    return " ".join(out)


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
