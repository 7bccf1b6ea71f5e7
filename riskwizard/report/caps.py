"""How much of a person's text the report shows in one place, and how it says what it left
out: one rule for every section.

A name, a note or an address may be any length (a pasted e-mail, 60 KB by mistake). The
report shows each piece of text within a ``Cap`` for the place it is printed (characters,
a wide one counting two, and lines; texts printed together ``share`` one), cut at a word
end where there is one and never inside a character sequence (an emoji with its modifiers, a
Devanagari conjunct), and says in words how much it left out and where the rest is:

- a **name** (a heading, a reference to another record, a person) is cut short; the record's
  own table has more of it;
- a **cell** of a record's own text is cut, and the text continues below its table
  (``Continued``), itself capped: beyond that the full text is in the practice file;
- an answer's **note** in the findings is cut; the appendix of every answer has all of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from riskwizard.report.fonts import clean, markup

if TYPE_CHECKING:  # the writer may use the rule too (its cells cut by it)
    from riskwizard.report.writer import Writer


@dataclass(frozen=True)
class Cap:
    """The most of one text shown in one place: characters and lines."""

    chars: int
    lines: int


NAME = Cap(150, 2)        # a name or title where a record is named, or a person
LINE = Cap(300, 4)        # a short field in running text or a narrow table (a reason, a title)
CELL = Cap(600, 10)       # a table cell of a record's own text; more continues below the table
REGISTER = Cap(1600, 10)  # a cell of the risk register, shared by the fields in it: a row
# must fit a landscape page (it cannot break), and the generated reasons must fit whole
CONTINUED = Cap(1200, 16)  # the most of one cut cell printed below its table
REGISTER_CONTINUED = Cap(600, 8)  # and below the register, whose rows hold many fields
NOTE = Cap(600, 8)        # an answer's note or reason in the findings (the appendix has it all)
FIELD = Cap(1000, 12)     # a paragraph that must stay on its page (cover, about, versions)
FINDING = Cap(1000, 6)    # what the inventory shows, under an answer in the findings

IN_FILE = "the full text is in the practice file"
IN_APPENDIX = "continued in the appendix of every answer"
BELOW = "continued below the table, note {n}"

_BACK = 40  # how far back a cut looks for the end of a word


def _joins(c: str) -> bool:
    """True for a character that belongs to the one before it: a combining mark, a joiner, a
    variation selector or an emoji modifier."""
    cp = ord(c)
    return (unicodedata.category(c) in ("Mn", "Mc", "Me") or cp in (0x200C, 0x200D)
            or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF
            or 0xE0020 <= cp <= 0xE007F)


def _binds(c: str) -> bool:
    """True for a character that binds to the one after it: a joiner, a virama."""
    return unicodedata.category(c) == "Cf" and _joins(c) or unicodedata.combining(c) == 9


@dataclass(frozen=True)
class Cut:
    """What is shown of a text, and how many of its characters are not."""

    shown: str
    left: int

    @property
    def was_cut(self) -> bool:
        return self.left > 0


def units(text: str) -> int:
    """The room ``text`` takes, in characters: a wide one (Chinese, an emoji) counts two."""
    return len(text) + sum(1 for c in text if ord(c) >= 0x1100
                           and unicodedata.east_asian_width(c) in "WF")


def cut(value: object, cap: Cap) -> Cut:
    """``value`` cut to ``cap``: whole when it fits, else its first lines and characters
    (a wide character counting two), ending at a word end when one is near and never
    between a character and its marks."""
    text = clean(value)
    # short enough that even all wide characters fit (most cells of a long table): whole
    if 2 * len(text) <= cap.chars and text.count("\n") < cap.lines:
        return Cut(text, 0)
    lines = text.split("\n")
    if len(lines) <= cap.lines and units(text) <= cap.chars:
        return Cut(text, 0)
    head = "\n".join(lines[:cap.lines])
    end, room = 0, cap.chars
    for c in head:
        room -= 2 if ord(c) >= 0x1100 and unicodedata.east_asian_width(c) in "WF" else 1
        if room < 0:
            break
        end += 1
    if end < len(head):
        space = max(head.rfind(" ", end - _BACK, end + 1), head.rfind("\n", end - _BACK,
                                                                       end + 1))
        if space > 0:
            end = space
        else:
            while end > 0 and (_joins(head[end]) or _binds(head[end - 1])):
                end -= 1
    shown = head[:end].rstrip()
    return Cut(shown, len(text) - len(shown))


def share(texts: Sequence[str], cap: Cap) -> list[Cap]:
    """``cap`` shared by texts printed together (the lines of one table cell): a text that
    needs less than its share keeps what it needs, the others share the rest evenly."""
    need = [(units(t), t.count("\n") + 1) for t in texts]
    out = [Cap(0, 0)] * len(texts)
    for k in (0, 1):
        room = (cap.chars, cap.lines)[k]
        waiting = sorted(range(len(texts)), key=lambda i: need[i][k])
        while waiting:
            i = waiting.pop(0)
            give = min(need[i][k], room // (len(waiting) + 1))
            room -= give
            out[i] = Cap(give, out[i].lines) if k == 0 else Cap(out[i].chars, max(1, give))
    return out


def left_out(left: int, where: str = IN_FILE) -> str:
    """The words said after cut text: how much is not shown, and where it is."""
    return f"… <i>({left:,} more character{'s' if left != 1 else ''}; {where})</i>"


def capped(value: object, cap: Cap, where: str = IN_FILE) -> str:
    """Paragraph markup for ``value`` within ``cap``, saying what was left out."""
    c = cut(value, cap)
    return markup(c.shown) + (left_out(c.left, where) if c.was_cut else "")


def name(value: object, cap: Cap = NAME) -> str:
    """Markup for a name or title where a record is named (headings, references)."""
    return capped(value, cap)


class Continued:
    """The cells of one table cut short, continued below it from where each stopped (each
    within ``limit``).

    Make one per table: ``cell`` for each cell of a record's own text, then put
    ``below()`` after the table."""

    def __init__(self, w: Writer, limit: Cap = CONTINUED) -> None:
        self.w = w
        self.limit = limit
        self._entries: list[tuple[str, str]] = []

    def cell(self, value: object, style: ParagraphStyle | None = None, label: str = "",
             field: str = "", cap: Cap = CELL, prefix: str = "") -> Paragraph:
        """A cell of user text (after ``prefix``, our own markup); past ``cap`` it is cut
        and continues below the table."""
        style = style or self.w.s.cell
        c = cut(value, cap)
        if not c.was_cut:
            return self.w.para(prefix + markup(c.shown), style, field)
        self._entries.append((label or "Entry", clean(value)[len(c.shown):].lstrip()))
        n = len(self._entries)
        return self.w.para(f"{prefix}{markup(c.shown)}… <i>({BELOW.format(n=n)})</i>",
                           style, field)

    def mark(self) -> int:
        """Where the notes are now: ``rewind`` forgets those added after (a row made again
        with a smaller cap)."""
        return len(self._entries)

    def rewind(self, mark: int) -> None:
        del self._entries[mark:]

    def below(self) -> list[Flowable]:
        """The cut cells' text, after their table."""
        if not self._entries:
            return []
        s = self.w.s
        out: list[Flowable] = [Paragraph("Long entries continued", s.h3)]
        for n, (label, text) in enumerate(self._entries, 1):
            out.append(self.w.para(f"<b>Note {n}: {markup(label)}</b>, continued", s.body))
            c = cut(text, self.limit)
            out.extend(self.w.long("… " + c.shown, s.note))
            if c.was_cut:
                out.append(self.w.para(left_out(c.left), s.note))
        self._entries = []
        return out


def note(w: Writer, value: object, style: ParagraphStyle, prefix: str,
         field: str = "") -> list[Flowable]:
    """An answer's note or reason where it is a finding: past ``NOTE`` it is cut and said
    to continue in the appendix (which prints all of it, once)."""
    c = cut(value, NOTE)
    out = w.long(c.shown, style, prefix, field)
    if c.was_cut:
        out.append(w.para(left_out(c.left, IN_APPENDIX), style))
    return out
