"""The delegation packet: a workbook of chosen questions for the practice's IT vendor, and
the answers it brings back.

The workbook holds the questions, their guidance and their answer choices (a drop-down on
each answer cell), and nothing else from the practice file. A very hidden ``Manifest`` sheet
holds the packet's id, the assessment it is for, a fingerprint of the practice, and an
HMAC-SHA256 over every question's id, text and answer choices and the packet's own fields.
The key is made for each packet from the practice's secret (``practice_secret``: material
kept in the practice file and never written to a packet), so only the practice that made a
packet can check it: a packet from another practice, a tampered manifest, an altered
question or choice, or a missing question is refused with one plain line.

Returned answers are never applied here: ``read_packet`` gives a ``PacketReturn`` for the
review queue, where each answer is accepted or rejected one at a time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from riskwizard.domain import navigation
from riskwizard.domain.model import Answer, Practice
from riskwizard.domain.prepared_by import PreparedBy
from riskwizard.domain.questionnaire import Question, Questionnaire
from riskwizard.interchange.xlsx_io import (
    XlsxError,
    cell_text,
    load_workbook,
    safe_text,
    save_workbook,
)

FORMAT = 1
QUESTIONS_SHEET = "Questions"
CHOICES_SHEET = "Choices"
MANIFEST_SHEET = "Manifest"
README_SHEET = "Read me"
HEADERS = ["Ref", "Section", "Question", "What it means", "Why it matters",
           "How practices usually do it", "Your answer", "Comments"]
REF, SECTION, TEXT, WHAT, WHY, HOW, ANSWER, COMMENT = range(1, 9)
TECHNICAL = "technical"
SECRET_META = "practice_secret"  # a random secret, when the file was made with one


class PacketError(ValueError):
    """A packet that cannot be made or taken back, said in one plain line."""


# ---------------------------------------------------------------- keys

def practice_secret(meta: Mapping[str, str], practice: Practice) -> bytes:
    """What a packet's key is made from: material in the practice file that no packet
    carries (the moments the file and the practice were made, and a random secret when the
    file was made with one). A copy of the file on disk shares it."""
    material = "\0".join(["riskwizard-packet", meta.get("created_at", ""),
                          practice.created_at, meta.get(SECRET_META, "")])
    return hashlib.sha256(material.encode("utf-8")).digest()


def new_secret_meta() -> dict[str, str]:
    """Meta for a new practice file: a random secret for its packets."""
    return {SECRET_META: secrets.token_hex(32)}


def _fingerprint(secret: bytes) -> str:
    return hmac.new(secret, b"practice fingerprint", hashlib.sha256).hexdigest()[:32]


def _packet_key(secret: bytes, packet_id: str) -> bytes:
    return hmac.new(secret, b"packet key\0" + packet_id.encode("utf-8"), hashlib.sha256).digest()


def _signature(secret: bytes, head: Mapping[str, Any],
               questions: Sequence[Mapping[str, Any]]) -> str:
    body = json.dumps({"head": head, "questions": questions}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"))
    key = _packet_key(secret, str(head.get("packet_id", "")))
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------- choosing questions

def section_questions(questionnaire: Questionnaire, answers: Mapping[str, Answer],
                      module_id: str) -> list[Question]:
    """The questions of one section that this practice is asked (its answers so far decide
    which optional ones show)."""
    module = questionnaire.module(module_id)
    return navigation.visible_questions(questionnaire, answers, module)


def technical_questions(questionnaire: Questionnaire,
                        answers: Mapping[str, Answer]) -> list[Question]:
    """The questions an IT vendor can answer best: the technical safeguards."""
    return section_questions(questionnaire, answers, TECHNICAL)


# ---------------------------------------------------------------- writing

def _entry(qid: str, text: str, labels: Sequence[str]) -> dict[str, Any]:
    """What the signature covers for one question: as the workbook shows it."""
    return {"id": qid, "text": text, "options": list(labels)}


def export_packet(path: Path, questions: Sequence[Question], questionnaire: Questionnaire,
                  secret: bytes, assessment_id: int, today: date,
                  prepared_by: PreparedBy | None = None, packet_id: str | None = None) -> str:
    """Write the packet atomically; returns its id. Raises ``PacketError``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    if not questions:
        raise PacketError("no questions were chosen for the packet")
    if len({q.id for q in questions}) != len(questions):
        raise PacketError("a question was chosen twice")
    packet_id = packet_id or secrets.token_hex(8)
    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    who = (prepared_by.lines() if prepared_by is not None else [])
    lines = ["Security questions for your IT support",
             "",
             "Your client's security risk analysis has questions that their IT support "
             "knows best. Please answer each one on the “Questions” sheet:",
             "1. Read the question and its guidance.",
             "2. In the “Your answer” column, choose an answer from the drop-down list. "
             "If you are not sure, choose “Not sure”.",
             "3. Add anything useful in “Comments” (what is in place, what is missing).",
             "4. Save the file and send it back. Please do not change the questions, add "
             "rows or rename the sheets: a changed packet cannot be taken back.",
             "",
             f"Packet {packet_id}, made on {today.isoformat()}."]
    if who:
        lines += ["", "Sent by:", *who]
    readme.column_dimensions["A"].width = 100
    for r, line in enumerate(lines, 1):
        cell = readme.cell(row=r, column=1, value=safe_text(line))
        cell.alignment = Alignment(wrap_text=True)
        if r == 1:
            cell.font = Font(bold=True, size=14)

    ws = wb.create_sheet(QUESTIONS_SHEET)
    choices = wb.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE3EC")
    answer_fill = PatternFill("solid", fgColor="FFF8D6")
    for c, title in enumerate(HEADERS, 1):
        cell = ws.cell(row=1, column=c, value=title)
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    entries = []
    for r, q in enumerate(questions, 2):
        module = questionnaire.module(q.module_id)
        options = [(o.value, o.label) for o in q.options]
        values = {REF: q.id, SECTION: module.title, TEXT: q.text, WHAT: q.guidance.what,
                  WHY: q.guidance.why, HOW: q.guidance.how}
        for c, v in values.items():
            cell = ws.cell(row=r, column=c, value=safe_text(v))
            cell.data_type = "s"
            cell.alignment = wrap
        for c in (ANSWER, COMMENT):
            cell = ws.cell(row=r, column=c)
            cell.fill, cell.alignment = answer_fill, wrap
            cell.protection = Protection(locked=False)
        choices.cell(row=r, column=1, value=q.id)
        for c, (_, text) in enumerate(options, 2):
            choices.cell(row=r, column=c, value=safe_text(text)).data_type = "s"
        last = chr(ord("A") + len(options))
        dv = DataValidation(type="list", formula1=f"={CHOICES_SHEET}!$B${r}:${last}${r}",
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="Choose from the list",
                            error="Please choose one of the answers in the list.")
        dv.add(ws.cell(row=r, column=ANSWER).coordinate)
        ws.add_data_validation(dv)
        entries.append(_entry(q.id, safe_text(q.text), [safe_text(t) for _, t in options]))
    for col, width in zip("ABCDEFGH", (22, 18, 48, 40, 40, 40, 16, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D2"
    # The questions are locked (no password: this guards against slips, the signature
    # against changes); the answer and comment cells stay open.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    wb.active = 1

    head = {"format": FORMAT, "packet_id": packet_id, "practice": _fingerprint(secret),
            "assessment_id": assessment_id, "made_on": today.isoformat()}
    manifest = {**head, "questions": [e["id"] for e in entries],
                "signature": _signature(secret, head, entries)}
    ms = wb.create_sheet(MANIFEST_SHEET)
    ms.sheet_state = "veryHidden"
    ms["A1"] = json.dumps(manifest, sort_keys=True)
    try:
        save_workbook(wb, path)
    except XlsxError as exc:
        raise PacketError(str(exc)) from None
    return packet_id


# ---------------------------------------------------------------- reading back

@dataclass(frozen=True)
class ReturnedAnswer:
    """One answer the vendor gave, for the review queue."""

    question_id: str
    choice: str  # the answer value
    comment: str = ""
    row: int = 0


@dataclass
class PacketReturn:
    packet_id: str
    assessment_id: int
    answers: list[ReturnedAnswer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows left out, and why
    unanswered: int = 0


def _refuse(path: Path, why: str) -> PacketError:
    return PacketError(f"{path.name}: {why}")


def read_packet(path: Path, secret: bytes, questionnaire: Questionnaire,
                assessment_ids: Iterable[int]) -> PacketReturn:
    """The answers in a returned packet, once it is proven to be one this practice made
    and unchanged; raises ``PacketError`` (one line) otherwise."""
    path = Path(path)
    try:
        wb = load_workbook(path, data_only=False)
    except XlsxError as exc:
        raise PacketError(str(exc)) from None
    names = {ws.title: ws for ws in wb.worksheets}
    if MANIFEST_SHEET not in names or QUESTIONS_SHEET not in names \
            or CHOICES_SHEET not in names:
        raise _refuse(path, "not a question packet made by Risk Wizard (its hidden "
                            "signature is missing)")
    try:
        manifest = json.loads(str(names[MANIFEST_SHEET]["A1"].value or ""))
        head = {k: manifest[k] for k in ("format", "packet_id", "practice",
                                          "assessment_id", "made_on")}
        listed = manifest["questions"]
        signature = manifest["signature"]
        if not (isinstance(listed, list) and all(isinstance(q, str) for q in listed)
                and isinstance(signature, str) and isinstance(head["assessment_id"], int)
                and isinstance(head["packet_id"], str)):
            raise TypeError
    except (json.JSONDecodeError, KeyError, TypeError):
        raise _refuse(path, "its hidden signature is damaged; the packet was changed after "
                            "it was made") from None
    if head["format"] != FORMAT:
        raise _refuse(path, "made by a newer version of Risk Wizard; update to read it")
    if not hmac.compare_digest(str(head["practice"]), _fingerprint(secret)):
        raise _refuse(path, "this packet was made for another practice, not this one; "
                            "open that practice's file to take it back")

    ws, cs = names[QUESTIONS_SHEET], names[CHOICES_SHEET]
    rows: dict[str, int] = {}
    for r in range(2, ws.max_row + 1):
        ref = cell_text(ws.cell(row=r, column=REF).value).strip()
        if ref:
            if ref in rows:
                raise _refuse(path, f"question {ref} appears twice (row {r}); the packet "
                                    "was changed after it was made")
            rows[ref] = r
    choice_rows = {cell_text(cs.cell(row=r, column=1).value).strip(): r
                   for r in range(1, cs.max_row + 1)}
    entries = []
    for qid in listed:
        at = rows.get(qid)
        cr = choice_rows.get(qid)
        if at is None or cr is None:
            raise _refuse(path, f"question {qid} is missing from the packet; it was changed "
                                "after it was made")
        text = _raw(ws.cell(row=at, column=TEXT).value)
        options = []
        for c in range(2, cs.max_column + 1):
            value = cs.cell(row=cr, column=c).value
            if value is None:
                break
            options.append(_raw(value))
        entries.append((qid, at, text, options))
    signed = [_entry(qid, text, options) for qid, _, text, options in entries]
    if not hmac.compare_digest(_signature(secret, head, signed), signature):
        raise _refuse(path, f"the packet was changed after it was made"
                            f"{_what_changed(questionnaire, entries)}; ask for the answers "
                            "on a new packet")
    if head["assessment_id"] not in set(assessment_ids):
        raise _refuse(path, "made for an assessment that is no longer in this practice file")

    result = PacketReturn(head["packet_id"], head["assessment_id"])
    listed_set = set(listed)
    for ref, r in rows.items():
        if ref not in listed_set:
            result.problems.append(f"Row {r}: “{ref}” was not in the packet as sent; left out.")
    for qid, r, _, options in entries:
        answer = cell_text(ws.cell(row=r, column=ANSWER).value).strip()
        comment = cell_text(ws.cell(row=r, column=COMMENT).value).strip()
        if not answer:
            result.unanswered += 1
            if comment:
                result.problems.append(f"Row {r} ({qid}): a comment but no answer; left out.")
            continue
        if not questionnaire.has_question(qid):
            result.problems.append(f"Row {r} ({qid}): the question is no longer asked; "
                                   "left out.")
            continue
        pairs = _pairs(questionnaire, qid, options)
        value = next((v for v, t in pairs if _same(t, answer)), None)
        if value is None:
            value = next((v for v, _ in pairs if v and _same(v, answer)), None)
        if value is None or questionnaire.question(qid).option(value) is None:
            result.problems.append(f"Row {r} ({qid}): “{answer[:60]}” is not one of the "
                                   "answer choices; left out.")
            continue
        result.answers.append(ReturnedAnswer(qid, value, comment, r))
    return result


def _raw(value: Any) -> str:
    """A cell as written by ``export_packet`` (our apostrophe kept: it was signed so)."""
    return "" if value is None else str(value)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold() or \
        " ".join(a.lstrip("'").split()).casefold() == " ".join(b.split()).casefold()


def _pairs(questionnaire: Questionnaire, qid: str, labels: Sequence[str]
           ) -> list[tuple[str, str]]:
    """(value, label) for the choices a packet offered: the value of the questionnaire's
    option with that label ("" for a label the questionnaire no longer has)."""
    if not questionnaire.has_question(qid):
        return [("", t) for t in labels]
    by_label = {safe_text(o.label): o.value for o in questionnaire.question(qid).options}
    return [(by_label.get(text, ""), text) for text in labels]


def _what_changed(questionnaire: Questionnaire,
                  entries: Sequence[tuple[str, int, str, list[str]]]) -> str:
    for qid, r, text, options in entries:
        if not questionnaire.has_question(qid):
            continue
        q = questionnaire.question(qid)
        if text != safe_text(q.text):
            return f" (the question in row {r}, {qid}, was altered)"
        if options != [safe_text(o.label) for o in q.options]:
            return f" (the answer choices in row {r}, {qid}, were altered)"
    return ""
