"""One question at a time, with its guidance beside it, inside a list of its section's
questions. Every choice is saved at once; notes and reasons a moment after typing stops."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCursor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from riskwizard.domain import frameworks, navigation
from riskwizard.domain.changes import Changes, Kind
from riskwizard.domain.labels import REQUIREMENT_WORDS, label
from riskwizard.domain.model import Decision
from riskwizard.domain.questionnaire import Module, Question, Questionnaire, Requirement
from riskwizard.ui import look
from riskwizard.ui.context import Context
from riskwizard.ui.pages import Page, Shell

QID_ROLE = Qt.ItemDataRole.UserRole + 2
WIDE_ENOUGH = 62  # ems: below this the guidance goes under the question
MARK_DONE, MARK_FLAG, MARK_PART, MARK_TODO = "✔", "⚑", "◐", "○"
MARK_CARRIED = "↻"


def glossary_html(text: str, glossary: Mapping[str, str]) -> tuple[str, list[str]]:
    """``text`` as HTML with glossary terms as links, and the terms found."""
    escaped = html.escape(text)
    terms = [t for t in sorted(glossary, key=len, reverse=True)
             if re.search(rf"\b{re.escape(html.escape(t))}\b", escaped)]
    if not terms:
        return escaped, []
    pattern = re.compile(r"\b(" + "|".join(re.escape(html.escape(t)) for t in terms) + r")\b")
    linked = pattern.sub(lambda m: f'<a href="glossary:{m.group(1)}">{m.group(1)}</a>', escaped)
    return linked, terms


def _small(widget: QWidget, factor: float = 0.9) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    widget.setFont(font)


def _muted(widget: QWidget) -> None:
    """Draw the text in a quieter colour that still reads (4.5:1, light and dark)."""
    look.mute(widget)


def _wrap_text(widget: QWidget, text: str, width: int) -> str:
    """``text`` broken into lines that fit ``width`` pixels (a mnemonic's ``&`` takes no
    room)."""
    fm = widget.fontMetrics()
    width = max(width, fm.horizontalAdvance("M") * 6)

    def shown(s: str) -> str:
        return re.sub(r"&(.)", r"\1", s)

    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and fm.horizontalAdvance(shown(trial)) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    return "\n".join(lines)


class _Wrapping:
    """A radio button or check box whose text wraps to the width it is given, so a long
    answer never makes the question scroll sideways (Qt's own buttons never wrap)."""

    _indicator_metric: QStyle.PixelMetric
    _spacing_metric: QStyle.PixelMetric

    def _init_wrapping(self, text: str) -> None:
        widget = self._widget()
        self._full_text = text
        self._wraps: dict[tuple[int, str], str] = {}
        """The text as wrapped, by text width and font (layouts ask again and again, at
        every page switch: the words are measured once for each)."""
        policy = widget.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        policy.setHeightForWidth(True)
        widget.setSizePolicy(policy)

    def _widget(self) -> QAbstractButton:
        assert isinstance(self, QAbstractButton)
        return self

    def _text_width(self, width: int) -> int:
        w = self._widget()
        style = w.style()
        return (width - style.pixelMetric(self._indicator_metric, None, w)
                - style.pixelMetric(self._spacing_metric, None, w) - 6)

    def _wrapped(self, width: int) -> str:
        w = self._widget()
        key = (self._text_width(width), w.font().key())
        text = self._wraps.get(key)
        if text is None:
            text = self._wraps[key] = _wrap_text(w, self._full_text, key[0])
        return text

    def _height_for(self, width: int) -> int:
        w = self._widget()
        lines = self._wrapped(width).count("\n") + 1
        indicator = w.style().pixelMetric(self._indicator_metric, None, w)
        return max(indicator, lines * w.fontMetrics().lineSpacing()) + 6

    def _rewrap(self) -> None:
        w = self._widget()
        text = self._wrapped(w.width())
        if text != w.text():
            QAbstractButton.setText(w, text)
            w.updateGeometry()

    # Qt's virtual methods, for both kinds of button (the mixin comes first in their bases).

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height_for(width)

    def minimumSizeHint(self) -> QSize:
        w = self._widget()
        return QSize(w.fontMetrics().horizontalAdvance("M") * 8, self._height_for(w.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # type: ignore[misc]
        self._rewrap()


class _WrapRadio(_Wrapping, QRadioButton):
    _indicator_metric = QStyle.PixelMetric.PM_ExclusiveIndicatorWidth
    _spacing_metric = QStyle.PixelMetric.PM_RadioButtonLabelSpacing

    def __init__(self, text: str, parent: QWidget) -> None:
        QRadioButton.__init__(self, text, parent)
        self._init_wrapping(text)


class _WrapCheck(_Wrapping, QCheckBox):
    _indicator_metric = QStyle.PixelMetric.PM_IndicatorWidth
    _spacing_metric = QStyle.PixelMetric.PM_CheckBoxLabelSpacing

    def __init__(self, text: str, parent: QWidget) -> None:
        QCheckBox.__init__(self, text, parent)
        self._init_wrapping(text)


QUESTION_KEYS = (QKeySequence("Ctrl+Right"), QKeySequence("Ctrl+Left"))
"""The Go menu's next and previous question: they work while typing a note, too."""


class _NoteEdit(QPlainTextEdit):
    """A note field that Tab leaves, sized for a few lines. Ctrl+Right and Ctrl+Left move to
    the next or previous question here too (not a word along): the window's keys for moving
    on must not stop working because the cursor is in a note."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                   for k in QUESTION_KEYS):
                event.ignore()  # let the window's shortcut have it
                return False
        return super().event(event)

    def __init__(self, name: str, placeholder: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)


class QuestionPage(Page, QWidget):
    """The questionnaire, one question at a time."""

    shows = (Kind.ANSWERS,)

    answered = Signal(str)
    """An answer was saved (the question id); sections and progress may have changed."""
    position_changed = Signal(str)
    """The question shown changed (its module id)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.qid: str | None = None
        self.module_id: str | None = None
        self._loading = False

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter)

        # Left: this section's questions.
        left = QWidget(splitter)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(8, 8, 0, 8)
        self.section_label = QLabel(left)
        self.section_label.setWordWrap(True)
        bold = QFont(self.section_label.font())
        bold.setBold(True)
        self.section_label.setFont(bold)
        lv.addWidget(self.section_label)
        self.question_list = QListWidget(left)
        self.question_list.setAccessibleName("Questions in this section")
        self.question_list.setWordWrap(True)
        self.question_list.setToolTip(
            f"{MARK_DONE} answered   {MARK_PART} needs more   {MARK_TODO} not yet answered   "
            f"{MARK_FLAG} flagged for review   {MARK_CARRIED} carried over or copied in, to "
            "re-confirm")
        self.question_list.itemActivated.connect(self._list_picked)
        self.question_list.itemClicked.connect(self._list_picked)
        lv.addWidget(self.question_list, 1)
        self.legend = QLabel(
            f"{MARK_DONE} answered  {MARK_PART} needs more<br>{MARK_TODO} not yet  "
            f"{MARK_FLAG} flagged<br>{MARK_CARRIED} to re-confirm", left)
        _small(self.legend)
        _muted(self.legend)
        lv.addWidget(self.legend)
        splitter.addWidget(left)

        # Middle: the question, and its guidance beside it (below it when the window is
        # narrow). The question wraps to its width and never scrolls sideways.
        self.content = QSplitter(Qt.Orientation.Horizontal, splitter)
        self.content.setChildrenCollapsible(False)
        scroll = QScrollArea(self.content)
        self.question_scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        scroll.setWidget(body)
        look.paint_once(scroll)
        v = QVBoxLayout(body)
        v.setContentsMargins(16, 12, 16, 12)
        v.setSpacing(8)
        self.where = QLabel(body)
        self.where.setWordWrap(True)
        _muted(self.where)
        v.addWidget(self.where)
        self.title = QLabel(body)
        self.title.setWordWrap(True)
        tf = QFont(self.title.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.45)
        tf.setBold(True)
        self.title.setFont(tf)
        v.addWidget(self.title)
        self.text = QLabel(body)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        tf2 = QFont(self.text.font())
        tf2.setPointSizeF(tf2.pointSizeF() * 1.15)
        self.text.setFont(tf2)
        self.text.linkHovered.connect(self._show_term)
        self.text.linkActivated.connect(self._show_term)
        v.addWidget(self.text)
        self.requirement = QLabel(body)
        self.requirement.setWordWrap(True)
        v.addWidget(self.requirement)

        self.options_box = QGroupBox("Your answer", body)
        box_layout = QVBoxLayout(self.options_box)
        # An answer carried over from last year: shown, and to be re-confirmed.
        self.carried = QFrame(self.options_box)
        self.carried.setFrameShape(QFrame.Shape.StyledPanel)
        self.carried.setAutoFillBackground(True)
        self.carried.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        cl = QHBoxLayout(self.carried)
        cl.setContentsMargins(8, 4, 4, 4)
        self.carried_label = QLabel("↻ <b>To re-confirm:</b> carried over from last year. "
                                    "Is it still true?", self.carried)
        self.carried_label.setWordWrap(True)
        self.carried_label.setForegroundRole(QPalette.ColorRole.Text)
        cl.addWidget(self.carried_label, 1)
        self.still_true = QPushButton("&Still true", self.carried)
        self.still_true.setToolTip("Keep this answer for this year (or choose another answer)")
        self.still_true.clicked.connect(self.reconfirm)
        cl.addWidget(self.still_true)
        box_layout.addWidget(self.carried)
        self.options_layout = QVBoxLayout()
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addLayout(self.options_layout)
        # What the previous assessment answered, so a person sees what changed.
        self.last_time = QLabel(self.options_box)
        self.last_time.setWordWrap(True)
        _small(self.last_time)
        _muted(self.last_time)
        box_layout.addWidget(self.last_time)
        self.options = QButtonGroup(self)
        self.options.setExclusive(True)
        self.options.idClicked.connect(self._choose)
        v.addWidget(self.options_box)
        # Evidence behind this answer (riskwizard.ui.evidence_panel), and a gentle word
        # when a "Yes" has none yet: right under the answer, in view without scrolling.
        evidence_row = QHBoxLayout()
        self.evidence_button = QPushButton("E&vidence…", body)
        self.evidence_button.setToolTip("Files that show this answer is true: a policy, a "
                                        "signed agreement, a screenshot (Alt+V)")
        self.evidence_button.clicked.connect(self.show_evidence)
        evidence_row.addWidget(self.evidence_button)
        self.evidence_hint = QLabel(body)
        self.evidence_hint.setWordWrap(True)
        _muted(self.evidence_hint)
        evidence_row.addWidget(self.evidence_hint, 1)
        v.addLayout(evidence_row)

        self.decision_box = QGroupBox("What does the practice do about it?", body)
        dv = QVBoxLayout(self.decision_box)
        self.decision_help = QLabel(
            "This item may be met another way. If you do something else that works as well, "
            "or it is not reasonable for a practice like yours, choose that and write down "
            "why. Otherwise leave “Not decided yet”: it goes on the list of things to fix.",
            self.decision_box)
        self.decision_help.setWordWrap(True)
        dv.addWidget(self.decision_help)
        self.decisions = QButtonGroup(self)
        self.decision_buttons: dict[Decision | None, QRadioButton] = {}
        for i, d in enumerate([None, *Decision]):
            text = label(d) if d is not None else "Not decided yet"
            rb = _WrapRadio(text, self.decision_box)
            rb.setAccessibleName(text)
            self.decisions.addButton(rb, i)
            self.decision_buttons[d] = rb
            dv.addWidget(rb)
        self.decisions.idClicked.connect(self._decide)
        self.rationale_label = QLabel("&Why? Say what you do instead, or why it is not "
                                      "reasonable (this goes in the report):", self.decision_box)
        self.rationale_label.setWordWrap(True)
        dv.addWidget(self.rationale_label)
        self.rationale = _NoteEdit("Reason for the decision", "Write the reason here…",
                                   self.decision_box)
        self.rationale_label.setBuddy(self.rationale)
        dv.addWidget(self.rationale)
        v.addWidget(self.decision_box)

        note_label = QLabel("N&otes (optional, for you and the report):", body)
        note_label.setWordWrap(True)
        v.addWidget(note_label)
        self.note = _NoteEdit("Notes", "Anything worth remembering: who checked, when, what "
                              "is still to do…", body)
        note_label.setBuddy(self.note)
        v.addWidget(self.note)
        # Alt+R: Alt+F belongs to the File menu.
        self.flag = _WrapCheck("Flag for &review (come back to this later)", body)
        self.flag.setToolTip("Come back to this question later; Next flagged (Alt+L or "
                             "Ctrl+G) finds it (Alt+R)")
        self.flag.toggled.connect(self._flag)
        v.addWidget(self.flag)
        self.missing = QLabel(body)
        self.missing.setWordWrap(True)
        v.addWidget(self.missing)
        self.citation = QLabel(body)
        self.citation.setWordWrap(True)
        _small(self.citation, 0.85)
        _muted(self.citation)
        self.citation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.citation)
        v.addStretch(1)

        # Moving on: one row when there is room, two when there is not (see _reflow).
        nav = QGridLayout()
        self.nav_row = nav
        self.back = QPushButton("◀ Back", body)
        self.back.setToolTip("Previous question (Alt+B or Ctrl+Left)")
        self.next = QPushButton("Next ▶", body)
        self.next.setToolTip("Next question (Alt+N or Ctrl+Right)")
        self.next_unanswered = QPushButton("Next unanswered", body)
        self.next_unanswered.setToolTip("Jump to the next question that still needs an answer "
                                        "(Alt+U)")
        self.next_flagged = QPushButton("Next flagged", body)
        self.next_flagged.setToolTip("Jump to the next question flagged for review (Alt+L)")
        self.back.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(+1))
        self.next_unanswered.clicked.connect(self.go_next_unanswered)
        self.next_flagged.clicked.connect(self.go_next_flagged)
        self._nav_rows = 0
        self._arrange_nav(1)
        # Moving on stays in view below the question, however long it is.
        pane = QWidget(self.content)
        self.question_pane = pane
        pv = QVBoxLayout(pane)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.setSpacing(0)
        scroll.setParent(pane)
        pv.addWidget(scroll, 1)
        nav_bar = QFrame(pane)
        nav_bar.setFrameShape(QFrame.Shape.NoFrame)
        nav_bar.setLayout(nav)
        nav.setContentsMargins(16, 6, 16, 8)
        pv.addWidget(nav_bar)
        for b in (self.back, self.next, self.next_unanswered, self.next_flagged):
            b.setParent(nav_bar)
        self.content.addWidget(pane)

        # Right (or below): guidance.
        self.guidance = QTextBrowser(self.content)
        self.guidance.setAccessibleName("Guidance for this question")
        self.guidance.setOpenExternalLinks(True)
        self.guidance.setFrameShape(QFrame.Shape.NoFrame)
        # A quieter background than the question's, from the live palette (light or dark).
        self.guidance.viewport().setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.guidance.viewport().setAutoFillBackground(True)
        self.guidance.setMinimumWidth(12 * self.fontMetrics().horizontalAdvance("M"))
        self.content.addWidget(self.guidance)
        splitter.addWidget(self.content)
        em = self.fontMetrics().horizontalAdvance("M")
        left.setMinimumWidth(10 * em)
        splitter.setSizes([18 * em, 72 * em])
        splitter.setStretchFactor(1, 1)
        self.content.setSizes([46 * em, 26 * em])
        self.content.setStretchFactor(0, 1)
        self.splitter = splitter
        self.content.installEventFilter(self)
        scroll.viewport().installEventFilter(self)

        # Notes and reasons are saved a moment after typing stops (and on leaving).
        self._note_timer = QTimer(self, singleShot=True, interval=700)
        self._note_timer.timeout.connect(self.save_text)
        self.note.textChanged.connect(self._typed)
        self.rationale.textChanged.connect(self._typed)

        for n in range(1, 10):
            for seq in (str(n), f"Alt+{n}"):
                sc = QShortcut(QKeySequence(seq), self)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(lambda n=n: self._shortcut_choose(n))
        # Explicit shortcuts rather than mnemonics: they work on every platform. Ctrl+Right
        # and Ctrl+Left belong to the window's Go menu (one owner per key, or Qt calls the
        # key ambiguous and does nothing).
        for seq, button in (("Alt+N", self.next), ("Alt+B", self.back),
                            ("Alt+U", self.next_unanswered), ("Alt+L", self.next_flagged)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(button.click)

        self.setTabOrder(self.note, self.flag)
        self.setTabOrder(self.flag, self.back)
        self.setTabOrder(self.back, self.next)
        self.setTabOrder(self.next, self.next_unanswered)
        self.setTabOrder(self.next_unanswered, self.next_flagged)

    def _arrange_nav(self, rows: int) -> None:
        if rows == self._nav_rows:
            return
        self._nav_rows = rows
        grid = self.nav_row
        for w in (self.back, self.next, self.next_unanswered, self.next_flagged):
            grid.removeWidget(w)
        grid.addWidget(self.back, 0, 0)
        grid.addWidget(self.next, 0, 1)
        if rows == 1:
            grid.addWidget(self.next_unanswered, 0, 3)
            grid.addWidget(self.next_flagged, 0, 4)
        else:
            grid.addWidget(self.next_unanswered, 1, 0)
            grid.addWidget(self.next_flagged, 1, 1)
        for column in range(5):
            grid.setColumnStretch(column, 1 if column == 2 else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.content and event.type() == QEvent.Type.Resize:
            self._reflow()
        elif watched is self.question_scroll.viewport() and event.type() == QEvent.Type.Resize:
            buttons = (self.back, self.next, self.next_unanswered, self.next_flagged)
            room = self.question_scroll.viewport().width() - 40
            self._arrange_nav(1 if sum(b.sizeHint().width() + 8 for b in buttons) <= room
                              else 2)
        return super().eventFilter(watched, event)

    def _reflow(self) -> None:
        """Guidance beside the question when there is room, below it when there is not."""
        em = self.fontMetrics().horizontalAdvance("M")
        wide = self.content.width() >= WIDE_ENOUGH * em
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.content.orientation() != orientation:
            self.content.setOrientation(orientation)
            if wide:
                self.content.setSizes([46 * em, 26 * em])
            else:
                line = self.fontMetrics().lineSpacing()
                below = min(12 * line, self.content.height() // 3)
                self.content.setSizes([self.content.height() - below, below])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Rich text keeps the link color it was given; show it again in the new palette.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) \
                and self.qid and not self._loading:
            self._loading = True
            try:
                self._fill(self.questionnaire.question(self.qid))
            finally:
                self._loading = False

    # --- where we are

    @property
    def questionnaire(self) -> Questionnaire:
        return self.ctx.session.questionnaire

    def _answers(self) -> navigation.Answers:
        return self.ctx.session.answers

    def show_module(self, module_id: str) -> None:
        """Open a section at its first question still to answer (or its first question)."""
        module = self.questionnaire.module(module_id)
        qs = navigation.visible_questions(self.questionnaire, self._answers(), module)
        if not qs:
            return
        todo = next((q for q in qs if not navigation.is_complete(q, self._answers().get(q.id))),
                    qs[0])
        self.show_question(todo.id)

    def show_question(self, qid: str) -> None:
        self.save_text()
        q = self.questionnaire.question(qid)
        self.qid, self.module_id = qid, q.module_id
        self._loading = True
        try:
            self._fill(q)
        finally:
            self._loading = False
        self._fill_list()
        self.position_changed.emit(q.module_id)

    def connect_window(self, window: Shell) -> None:
        self.answered.connect(lambda _: window.sections_changed())
        self.position_changed.connect(window.question_moved)

    def notice(self, changes: Changes) -> None:
        super().notice(changes)
        if changes.switched:
            # Another assessment: the question shown belongs to the old one, and text typed
            # for it must never be saved into the new one.
            self.qid = None

    def flush(self) -> None:
        self.save_text()

    def take_focus(self) -> None:
        buttons = self.options.buttons()
        target = self.options.checkedButton() or (buttons[0] if buttons else None)
        if target is None:
            super().take_focus()
        else:
            target.setFocus()

    def refresh(self, changes: Changes) -> None:
        if self.qid is None:
            first = navigation.next_unanswered(self.questionnaire, self._answers()) or next(
                iter(navigation.visible_questions(self.questionnaire, self._answers())), None)
            if first is not None:
                self.show_question(first.id)
        else:
            self.show_question(self.qid)

    # --- filling the widgets

    def _fill(self, q: Question) -> None:
        module = self.questionnaire.module(q.module_id)
        answer = self._answers().get(q.id)
        qs = navigation.visible_questions(self.questionnaire, self._answers(), module)
        ids = [x.id for x in qs]
        pos = f" · question {ids.index(q.id) + 1} of {len(ids)}" if q.id in ids else ""
        self.where.setText(f"{module.title}{pos}")
        self.title.setText(q.title)
        self.title.setAccessibleName(q.title)
        text, terms = glossary_html(q.text, self.questionnaire.glossary)
        link = self.text.palette().color(QPalette.ColorRole.Link).name()
        self.text.setText(text.replace("<a href=", f'<a style="color: {link}" href='))
        self.text.setToolTip("\n".join(f"{t}: {self.questionnaire.glossary[t]}" for t in terms))
        self.text.setAccessibleName(q.text)
        self.requirement.setText(REQUIREMENT_WORDS.get(q.requirement, ""))
        self.citation.setText(
            ("HIPAA reference: " + ", ".join(f"45 CFR {c}" for c in q.citations))
            if q.citations else "")
        self.citation.setVisible(bool(q.citations))

        # The keyboard stays on the answers when they are replaced (hiding the focused
        # button would otherwise send the focus somewhere else in the window).
        had_focus = any(b.hasFocus() for b in self.options.buttons())
        if had_focus:
            self.options_box.setFocus()
        for b in self.options.buttons():
            self.options.removeButton(b)
            self.options_layout.removeWidget(b)
            b.hide()
            b.deleteLater()
        before: QWidget = self.still_true  # new buttons join the Tab order where they show
        for i, option in enumerate(q.options):
            words = option.label.replace("&", "&&")
            text = f"{i + 1}.  {words}" if i < 9 else words
            rb = _WrapRadio(text, self.options_box)
            rb.setAccessibleName(option.label)
            rb.setToolTip(f"Press {i + 1} (or Alt+{i + 1}) to choose" if i < 9 else "")
            rb.setChecked(answer is not None and answer.choice == option.value)
            self.options.addButton(rb, i)
            self.options_layout.addWidget(rb)
            self.setTabOrder(before, rb)
            before = rb
            rb.show()
        if had_focus:
            self._focus_answer()

        self._fill_last_time(q)
        self.carried.setVisible(navigation.needs_confirming(answer))
        self.decision_box.setVisible(q.addressable)
        decision = navigation.effective_decision(q, answer)
        self.decisions.setExclusive(False)
        for d, button in self.decision_buttons.items():
            button.setChecked(d == decision)
        self.decisions.setExclusive(True)
        self.rationale.setPlainText(answer.rationale if answer else "")
        self._show_rationale(decision)
        self.note.setPlainText(answer.note if answer else "")
        self.flag.setChecked(bool(answer and answer.flagged))
        self._fill_status(q)
        self.guidance.setHtml(self._guidance_html(q, module))
        self.back.setEnabled(navigation.neighbour(
            self.questionnaire, self._answers(), q.id, -1) is not None)

    def _focus_answer(self) -> None:
        """Put the keyboard on the chosen answer, or the first one."""
        buttons = self.options.buttons()
        target = self.options.checkedButton() or (buttons[0] if buttons else None)
        if target is not None:
            target.setFocus()

    def _fill_last_time(self, q: Question) -> None:
        s = self.ctx.session
        before = s.last_time(q.id)
        self.last_time.setVisible(before is not None and s.previous is not None)
        if before is None or s.previous is None:
            return
        self.last_time.setText(f"Last time: {before}")
        self.last_time.setToolTip(f"The answer in “{s.previous.title}”")
        self.last_time.setAccessibleName(f"Last time ({s.previous.title}): {before}")

    def _show_rationale(self, decision: Decision | None) -> None:
        needed = decision in (Decision.ALTERNATIVE, Decision.NOT_REASONABLE)
        self.rationale_label.setVisible(needed)
        self.rationale.setVisible(needed)

    def _fill_evidence(self, q: Question) -> None:
        from riskwizard.ui.evidence_panel import show_count

        s = self.ctx.session
        n = len(s.evidence_for(question_id=q.id))
        show_count(self.evidence_button, n)
        answer = self._answers().get(q.id)
        bare = n == 0 and answer is not None and answer.choice == "yes"
        self.evidence_hint.setText("No evidence yet: a “Yes” is easier to show an auditor "
                                   "with a file behind it." if bare else "")
        self.evidence_hint.setVisible(bare)

    def show_evidence(self) -> None:
        """The files attached to the answer shown."""
        if self.qid is None:
            return
        from riskwizard.ui.evidence_panel import open_panel

        self.save_text()
        q = self.ctx.session.question(self.qid)
        self.evidence_panel = open_panel(self, f"the answer to “{q.title}”",
                                         lambda: self._fill_evidence(q), question_id=q.id)

    def _fill_status(self, q: Question) -> None:
        answer = self._answers().get(q.id)
        missing = navigation.missing_parts(q, answer)
        words = {"no answer": "an answer", "addressable decision": "what the practice does "
                 "about it", "reason for the decision": "the reason for that decision"}
        if navigation.needs_confirming(answer):
            where = navigation.carried_from(self.ctx.session.previous)
            text = (f"{MARK_CARRIED} An answer {where}, still to re-confirm: press Still "
                    "true, or choose another answer.")
            self.carried_label.setText(f"↻ <b>To re-confirm:</b> {where}. Is it still "
                                       "true?")
        elif not missing:
            text = "✔ Answered."
            if navigation.is_gap(q, answer):
                text += " This answer shows a weak spot; it is listed on the Risks page."
        else:
            text = "Still needed: " + ", ".join(words.get(m, m) for m in missing) + "."
        self.missing.setText(text)
        self._fill_evidence(q)

    def _guidance_html(self, q: Question, module: Module) -> str:
        g = q.guidance
        parts = []
        for heading, body in (("What it means", g.what), ("Why it matters", g.why),
                              ("How a small practice usually does it", g.how)):
            if body:
                para = html.escape(body).replace("\n\n", "</p><p>").replace("\n", "<br>")
                parts.append(f"<h3>{heading}</h3><p>{para}</p>")
        if q.requirement is Requirement.PROFILE and not parts:
            parts.append("<h3>Why we ask</h3><p>Your answer decides which questions apply "
                         "to your practice. You can change it at any time.</p>")
        if not parts:
            parts.append(f"<h3>About this section</h3><p>{html.escape(module.summary or '')}</p>")
        mapped = frameworks.mappings(q)
        if mapped:
            items = "".join(f"<li><i>{html.escape(f)}</i>: {html.escape(text)}</li>"
                            for f, text in mapped)
            parts.append(f"<h4>Where this fits in other frameworks</h4><ul>{items}</ul>")
        refs = [r for r in q.references]
        if refs:
            items = "".join(f"<li>{html.escape(r.source)} {html.escape(r.ref)}"
                            f"{' — ' + html.escape(r.note) if r.note else ''}</li>"
                            for r in refs)
            parts.append(f"<h4>Further reading</h4><ul>{items}</ul>")
        return "".join(parts)

    def _fill_list(self) -> None:
        if self.module_id is None:
            return
        module = self.questionnaire.module(self.module_id)
        answers = self._answers()
        qs = navigation.visible_questions(self.questionnaire, answers, module)
        p = navigation.progress(self.questionnaire, answers, module)
        self.section_label.setText(f"{module.title}\n{p.answered} of {p.total} answered")
        self.question_list.blockSignals(True)
        listed = self.question_list
        # The same questions as listed (an answer given, a flag set): the rows are updated
        # in place rather than made again.
        same = listed.count() == len(qs) and all(
            listed.item(i).data(QID_ROLE) == q.id for i, q in enumerate(qs))
        if not same:
            listed.clear()
        current_row = 0
        for i, q in enumerate(qs):
            a = answers.get(q.id)
            missing = navigation.missing_parts(q, a)
            carried = navigation.needs_confirming(a)
            mark = (MARK_FLAG if a and a.flagged else MARK_CARRIED if carried
                    else MARK_DONE if not missing
                    else MARK_TODO if missing == ["no answer"] else MARK_PART)
            state = ("flagged" if a and a.flagged else "to re-confirm" if carried
                     else "answered" if not missing
                     else "not answered" if missing == ["no answer"] else "needs more")
            text = f"{mark}  {q.title}"
            item = listed.item(i) if same else QListWidgetItem()
            if item.text() != text:
                item.setText(text)
                item.setData(QID_ROLE, q.id)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{q.title}, {state}")
                item.setToolTip(f"{q.title} — {state}")
            if not same:
                listed.addItem(item)
            if q.id == self.qid:
                current_row = i
        if listed.currentRow() != current_row:
            listed.setCurrentRow(current_row)
        listed.blockSignals(False)

    def _show_term(self, link: str) -> None:
        if link.startswith("glossary:"):
            term = link.split(":", 1)[1]
            meaning = self.questionnaire.glossary.get(term)
            if meaning:
                QToolTip.showText(QCursor.pos(), f"<b>{html.escape(term)}</b>: "
                                  f"{html.escape(meaning)}", self.text)
        elif not link:
            QToolTip.hideText()

    # --- saving

    def _save(self, **changes: object) -> bool:
        if self.qid is None:
            return False
        qid = self.qid
        ok = self.ctx.attempt(
            lambda: self.ctx.session.set_answer(qid, **changes)) is not None  # type: ignore[arg-type]
        if ok and qid == navigation.SIZE_QUESTION and "choice" in changes:
            self._size_to_profile()
        if ok:
            q = self.questionnaire.question(qid)
            self._fill_status(q)
            self._fill_list()
            self.back.setEnabled(navigation.neighbour(
                self.questionnaire, self._answers(), q.id, -1) is not None)
            self.answered.emit(qid)
        return ok

    def reconfirm(self) -> None:
        """The carried-over answer is still true this year."""
        if self.qid is None:
            return
        qid = self.qid
        if self.ctx.attempt(lambda: self.ctx.session.reconfirm_answers([qid])) is not None:
            self.carried.setVisible(False)
            q = self.questionnaire.question(qid)
            self._fill_status(q)
            self._fill_list()
            self.answered.emit(qid)
            self._focus_answer()

    def _size_to_profile(self) -> None:
        """The practice's size is asked once, here; the profile's size band follows it."""
        band = navigation.practice_size(self._answers())
        practice = self.ctx.session.practice
        if band is not None and band != practice.size_band:
            new = dataclasses.replace(practice, size_band=band)
            self.ctx.attempt(lambda: self.ctx.session.save_practice(new))

    def _choose(self, index: int) -> None:
        if self._loading or self.qid is None:
            return
        q = self.questionnaire.question(self.qid)
        self.save_text()
        self._save(choice=q.options[index].value)
        self._loading = True
        decision = navigation.effective_decision(q, self._answers().get(q.id))
        for d, rb in self.decision_buttons.items():
            self.decisions.setExclusive(False)
            rb.setChecked(d == decision)
            self.decisions.setExclusive(True)
        self._show_rationale(decision)
        self._loading = False

    def answer_keys_apply(self) -> bool:
        """An answer key changes the answer only when the keyboard is on the answers, the
        question or the buttons that move on: never from a note or a reason being typed."""
        focus = self.focusWidget()
        return not isinstance(focus, (QPlainTextEdit, QTextBrowser))

    def _shortcut_choose(self, n: int) -> None:
        buttons = self.options.buttons()
        if not self.answer_keys_apply():
            self.ctx.saved.emit("To choose an answer, leave the note first (Tab or Esc).")
            return
        if 0 < n <= len(buttons):
            buttons[n - 1].setFocus()
            buttons[n - 1].click()

    def _decide(self, index: int) -> None:
        if self._loading:
            return
        decision = [None, *Decision][index]
        self._show_rationale(decision)
        self.save_text()
        self._save(decision=decision)

    def _flag(self, on: bool) -> None:
        if not self._loading:
            self._save(flagged=on)

    def _typed(self) -> None:
        if not self._loading:
            self._note_timer.start()

    def save_text(self) -> None:
        """Save the note and reason if they differ from what is stored."""
        self._note_timer.stop()
        if self.qid is None or self._loading:
            return
        answer = self._answers().get(self.qid)
        note, rationale = self.note.toPlainText(), self.rationale.toPlainText()
        changes: dict[str, object] = {}
        if note != (answer.note if answer else ""):
            changes["note"] = note
        if rationale != (answer.rationale if answer else ""):
            changes["rationale"] = rationale
        if changes:
            self._save(**changes)

    # --- moving

    def _list_picked(self, item: QListWidgetItem) -> None:
        qid = item.data(QID_ROLE)
        if qid and qid != self.qid:
            self.show_question(str(qid))

    def step(self, step: int) -> None:
        if self.qid is None:
            return
        self.save_text()
        q = navigation.neighbour(self.questionnaire, self._answers(), self.qid, step)
        if q is not None:
            self.show_question(q.id)
            button = self.next if step > 0 else self.back
            if button.isEnabled():
                button.setFocus()
            else:
                self._focus_answer()

    def go_next_unanswered(self) -> None:
        self.save_text()
        q = navigation.next_unanswered(self.questionnaire, self._answers(), self.qid)
        if q is None:
            self.ctx.saved.emit("Every question is answered.")
        else:
            self.show_question(q.id)

    def go_next_flagged(self) -> None:
        self.save_text()
        q = navigation.next_flagged(self.questionnaire, self._answers(), self.qid)
        if q is None:
            self.ctx.saved.emit("No other question is flagged for review.")
        else:
            self.show_question(q.id)
