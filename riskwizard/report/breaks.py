"""Where a word too long for its line may break: one rule for every cell and paragraph.

An e-mail address, a link or a file path has no spaces. Wider than its column, it breaks
after a separator (``@ . / \\ - _`` and the like), so that each line is a readable piece of
it ("accounts10@" then "example.com"), and only where no separator fits is it broken at the
edge, letter by letter; it never runs over the next column or off the page. The plain table
cells (``writer``) and reportlab's Paragraphs (through its own splitting of links, widened
here to these words) both ask ``break_points``.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import paragraph as _rl_paragraph

BREAK_AFTER = frozenset("@./\\-_?&=#:;,+~|")
"""The characters a long word may break after."""

LONG = 16  # a word at least this long, with a separator in it, may break at its separators


def break_points(word: str) -> list[int]:
    """The places (indexes) where ``word`` may break, after a run of separators, first to
    last, never before its first other character (a line of only "." is worse than a
    break at the edge); none for a short word that is not an address, a link or a path."""
    if len(word) < LONG and not any(c in word for c in "@/\\"):
        return []
    start = next((k for k, c in enumerate(word) if c not in BREAK_AFTER), len(word))
    return [i for i in range(start + 1, len(word))
            if word[i - 1] in BREAK_AFTER and word[i] not in BREAK_AFTER]


def best_break(word: str, fits: Callable[[str], bool]) -> int:
    """The last break point of ``word`` whose head ``fits``, or 0 when there is none."""
    return next((i for i in reversed(break_points(word)) if fits(word[:i])), 0)


_original_uri_split_pairs = getattr(_rl_paragraph, "_uri_split_pairs", None)


def _split_pairs(word: str) -> list[tuple[str, str]] | None:
    """reportlab's (head, tail) splits of a link, longest head first: here of any address,
    link or path, at every break point (reportlab's own only knows links with a scheme,
    and splits them only at slashes)."""
    points = break_points(word)
    if not points:
        return (_original_uri_split_pairs(word)
                if _original_uri_split_pairs is not None else None)
    return [(word[:i], word[i:]) for i in reversed(points)]


def edge(word: str, fits: Callable[[str], bool]) -> int:
    """The length of the longest start of ``word`` that ``fits`` (0 when none does)."""
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(word[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


def pieces(word: str, fits: Callable[[str, int], bool]) -> list[str]:
    """``word`` in the pieces that fill its lines: after a separator where one fits, else
    at the edge (one character at least per line). ``fits(text, line)`` says whether text
    fits the line'th line (0: what is left of the current one)."""
    out: list[str] = []
    line = 0
    while True:
        def here(text: str, line: int = line) -> bool:
            return fits(text, line)

        if here(word):
            out.append(word)
            return out
        at = best_break(word, here) or edge(word, here)
        if not at and line == 0:  # nothing fits on what is left of this line: the next
            out.append("")
        else:
            at = max(at, 1)
            out.append(word[:at])
            word = word[at:]
        line += 1


_original_split_word = getattr(_rl_paragraph, "_splitWord", None)


def _split_word(w: str, lineWidth: float, maxWidths: list[float], lineno: int,  # noqa: N803
                fontName: str, fontSize: float, encoding: str = "utf8") -> list[str]:
    """reportlab's split of a word wider than its line (``splitLongWords``), letter by
    letter at the edge; here after a separator where one fits (``pieces``)."""
    if isinstance(w, bytes):
        w = w.decode(encoding)
    if not break_points(w) or _rl_paragraph.isBidiStr(w):
        return _original_split_word(  # type: ignore[misc, no-any-return]
            w, lineWidth, maxWidths, lineno, fontName, fontSize, encoding)
    last = len(maxWidths) - 1

    def fits(text: str, line: int) -> bool:
        room = maxWidths[min(last, lineno + line)] - (lineWidth if line == 0 else 0)
        return bool(_rl_paragraph.stringWidth(text, fontName, fontSize) <= room)

    parts = pieces(w, fits)
    return [*map(_rl_paragraph._SplitWord, parts[:-1]),
            _rl_paragraph._SplitWordEnd(parts[-1])]


NEEDED = ("_uri_split_pairs", "_splitWord", "_SplitWord", "_SplitWordEnd", "isBidiStr",
          "stringWidth")
"""What of reportlab's paragraph module this relies on (internal names: a reportlab without
them keeps its own splitting, letter by letter at the edge, and the report is still made)."""


def install() -> bool:
    """Make reportlab split long words as ``break_points`` says: a word too wide for any
    line (``splitLongWords``), and one that would leave much of a line empty (Paragraph
    styles with ``uriWasteReduce`` set; the report's are). False when this reportlab does
    not have what it takes."""
    if not all(hasattr(_rl_paragraph, name) for name in NEEDED):
        return False
    _rl_paragraph._uri_split_pairs = _split_pairs
    _rl_paragraph._splitWord = _split_word
    return True


install()
