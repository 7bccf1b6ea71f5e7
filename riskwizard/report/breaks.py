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
    last; none for a short word that is not an address, a link or a path."""
    if len(word) < LONG and not any(c in word for c in "@/\\"):
        return []
    return [i for i in range(1, len(word))
            if word[i - 1] in BREAK_AFTER and word[i] not in BREAK_AFTER]


def best_break(word: str, fits: Callable[[str], bool]) -> int:
    """The last break point of ``word`` whose head ``fits``, or 0 when there is none."""
    return next((i for i in reversed(break_points(word)) if fits(word[:i])), 0)


_original_uri_split_pairs = _rl_paragraph._uri_split_pairs


def _split_pairs(word: str) -> list[tuple[str, str]] | None:
    """reportlab's (head, tail) splits of a link, longest head first: here of any address,
    link or path, at every break point (reportlab's own only knows links with a scheme,
    and splits them only at slashes)."""
    points = break_points(word)
    if not points:
        return _original_uri_split_pairs(word)  # type: ignore[no-any-return]
    return [(word[:i], word[i:]) for i in reversed(points)]


def install() -> None:
    """Make reportlab split long words as ``break_points`` says (Paragraph styles with
    ``uriWasteReduce`` set ask it; the report's do)."""
    _rl_paragraph._uri_split_pairs = _split_pairs


install()
