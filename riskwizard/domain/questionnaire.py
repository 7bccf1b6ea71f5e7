"""Questionnaire content: its schema, loading from YAML files, and validation.

The format is documented in ``questionnaires/FORMAT.md``. A malformed file raises
``QuestionnaireError`` naming the file, the place in it (and line) and what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

FORMAT_VERSION = 1
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
NOT_SURE = "not_sure"


MAX_CONDITION_DEPTH = 32  # no real branching needs more than a few levels


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used: says which file, where, and what."""

    def __init__(self, source: str, place: str, problem: str, line: int | None = None) -> None:
        problem = " ".join(problem.split())  # one line, whatever the YAML library said
        self.source, self.place, self.problem, self.line = source, place, problem, line
        where = f"{source}:{line}" if line else source
        message = f"{where}: {place}: {problem}" if place else f"{where}: {problem}"
        super().__init__(" ".join(message.split()))


class Requirement(StrEnum):
    REQUIRED = "required"
    ADDRESSABLE = "addressable"
    PROPOSED = "proposed"
    BEST_PRACTICE = "best_practice"
    PROFILE = "profile"


class ModuleKind(StrEnum):
    PROFILE = "profile"
    SAFEGUARD = "safeguard"
    OPTIONAL = "optional"


@dataclass(frozen=True)
class AnswerOption:
    value: str
    label: str
    gap: bool = False


@dataclass(frozen=True)
class Guidance:
    what: str = ""
    why: str = ""
    how: str = ""


@dataclass(frozen=True)
class RemediationStep:
    action: str
    effort: str = "medium"


@dataclass(frozen=True)
class Reference:
    source: str
    ref: str
    note: str = ""


@dataclass(frozen=True)
class Condition:
    """When a module or question is shown. Exactly one form is set:
    ``question`` + ``values`` (the answer is one of them), ``all_of``, ``any_of`` or ``negate``."""

    question: str | None = None
    values: tuple[str, ...] = ()
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()
    negate: Condition | None = None

    def holds(self, choices: Mapping[str, str | None]) -> bool:
        if self.question is not None:
            return choices.get(self.question) in self.values
        if self.all_of:
            return all(c.holds(choices) for c in self.all_of)
        if self.any_of:
            return any(c.holds(choices) for c in self.any_of)
        if self.negate is not None:
            return not self.negate.holds(choices)
        return True

    def questions(self) -> set[str]:
        out = {self.question} if self.question else set()
        for c in (*self.all_of, *self.any_of, *((self.negate,) if self.negate else ())):
            out |= c.questions()
        return out


@dataclass(frozen=True)
class Question:
    id: str
    module_id: str
    title: str
    text: str
    options: tuple[AnswerOption, ...]
    requirement: Requirement
    citations: tuple[str, ...] = ()
    guidance: Guidance = Guidance()
    threats: tuple[str, ...] = ()
    vulnerabilities: tuple[str, ...] = ()
    likelihood: int = 3
    impact: int = 3
    remediation: tuple[RemediationStep, ...] = ()
    references: tuple[Reference, ...] = ()
    shows_when: Condition | None = None

    @property
    def addressable(self) -> bool:
        return self.requirement is Requirement.ADDRESSABLE

    def option(self, value: str | None) -> AnswerOption | None:
        for o in self.options:
            if o.value == value:
                return o
        return None

    def can_be_gap(self) -> bool:
        return self.addressable or any(o.gap for o in self.options)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    kind: ModuleKind
    version: str
    order: int
    questions: tuple[Question, ...]
    summary: str = ""
    shows_when: Condition | None = None
    proposed: bool = False
    source: str = ""


@dataclass(frozen=True)
class Questionnaire:
    """All installed modules and the glossary, validated together."""

    modules: tuple[Module, ...]
    glossary: Mapping[str, str] = field(default_factory=dict)
    _by_id: Mapping[str, Question] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, modules: Iterable[Module], glossary: Mapping[str, str]) -> Questionnaire:
        ordered = tuple(sorted(modules, key=lambda m: (m.order, m.id)))
        by_id = {q.id: q for m in ordered for q in m.questions}
        return cls(ordered, dict(glossary), by_id)

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def module(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def questions(self) -> Iterable[Question]:
        for m in self.modules:
            yield from m.questions

    def versions(self) -> dict[str, str]:
        return {m.id: m.version for m in self.modules}

    def citations(self) -> set[str]:
        return {c for q in self.questions() for c in q.citations}


# ---------------------------------------------------------------- answer sets

def _opts(*triples: tuple[str, str, bool]) -> tuple[AnswerOption, ...]:
    return tuple(AnswerOption(v, label, gap) for v, label, gap in triples)


ANSWER_SETS: dict[str, tuple[AnswerOption, ...]] = {
    # "Do you do the safe thing?"
    "yes_no": _opts(("yes", "Yes", False), ("partly", "Partly", True), ("no", "No", True),
                    (NOT_SURE, "Not sure", True)),
    "yes_no_na": _opts(("yes", "Yes", False), ("partly", "Partly", True), ("no", "No", True),
                       (NOT_SURE, "Not sure", True), ("na", "Does not apply to us", False)),
    # "Do you do the risky thing?"
    "no_yes": _opts(("no", "No", False), ("sometimes", "Sometimes", True), ("yes", "Yes", True),
                    (NOT_SURE, "Not sure", True)),
    # Profile questions: no answer is a gap
    "profile_yes_no": _opts(("yes", "Yes", False), ("no", "No", False),
                            (NOT_SURE, "Not sure", False)),
}


# ---------------------------------------------------------------- parsed data

class LineDict(dict[str, Any]):
    """A mapping as read from a file, with the line it started on (for error messages)."""

    line: int | None = None


class _Readable(Protocol):
    @property
    def name(self) -> str: ...

    def read_text(self, encoding: str | None = ...) -> str: ...


# ---------------------------------------------------------------- parsing

class _Reader:
    """Reads one file's parsed YAML, raising QuestionnaireError with the place it is at."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, place: str, problem: str, node: object = None) -> QuestionnaireError:
        line = getattr(node, "line", None)
        return QuestionnaireError(self.source, place, problem, line)

    def mapping(self, node: object, place: str) -> LineDict:
        if not isinstance(node, dict):
            raise self.fail(place, f"expected a mapping (key: value), found {_kind(node)}")
        return node if isinstance(node, LineDict) else LineDict(node)

    def keys(self, node: LineDict, place: str, required: set[str], optional: set[str]) -> None:
        for key in sorted(required - node.keys()):
            raise self.fail(place, f"missing '{key}'", node)
        for key in sorted(node.keys() - required - optional):
            allowed = ", ".join(sorted(required | optional))
            raise self.fail(place, f"unknown key '{key}' (allowed: {allowed})", node)

    def text(self, node: LineDict, key: str, place: str, default: str | None = None) -> str:
        value = node.get(key, default)
        if value is None:
            raise self.fail(place, f"missing '{key}'", node)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(f"{place}.{key}", f"expected text, found {_kind(value)}", node)
        value = str(value).strip()
        if not value and default is None:
            raise self.fail(f"{place}.{key}", "must not be empty", node)
        return value

    def texts(self, node: LineDict, key: str, place: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{place}.{key}", f"expected a list, found {_kind(value)}", node)
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{place}.{key}[{i}]", "expected non-empty text", node)
            out.append(item.strip())
        return tuple(out)

    def integer(self, node: LineDict, key: str, place: str, lo: int, hi: int,
                default: int | None = None) -> int:
        value = node.get(key, default)
        if value is None:
            raise self.fail(place, f"missing '{key}'", node)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.fail(f"{place}.{key}", f"expected a whole number {lo}..{hi}, "
                            f"found {value!r}", node)
        return value

    def boolean(self, node: LineDict, key: str, place: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{place}.{key}", f"expected true or false, found {value!r}", node)
        return value

    def ident(self, node: LineDict, key: str, place: str) -> str:
        value = self.text(node, key, place)
        if not ID_PATTERN.match(value):
            raise self.fail(f"{place}.{key}", f"'{value}' is not a valid id (lower-case letters, "
                            "digits, '.', '_' and '-')", node)
        return value

    def enum(self, node: LineDict, key: str, place: str, enum: type[StrEnum],
             default: str | None = None) -> Any:
        value = self.text(node, key, place, default)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise self.fail(f"{place}.{key}", f"'{value}' is not one of: {allowed}", node) from None

    def condition(self, node: object, place: str, depth: int = 0) -> Condition:
        cond = self.mapping(node, place)
        if depth > MAX_CONDITION_DEPTH:
            raise self.fail(place, f"conditions nested more than {MAX_CONDITION_DEPTH} deep",
                            cond)
        if len(cond) == 2 and "question" in cond and "is" in cond:
            values = cond["is"]
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not values or not all(
                    isinstance(v, str) for v in values):
                raise self.fail(f"{place}.is", "expected an answer value or a list of them", cond)
            return Condition(question=self.text(cond, "question", place), values=tuple(values))
        if len(cond) == 1 and ("all" in cond or "any" in cond):
            key = "all" if "all" in cond else "any"
            items = cond[key]
            if not isinstance(items, list) or not items:
                raise self.fail(f"{place}.{key}", "expected a non-empty list of conditions", cond)
            parts = tuple(self.condition(c, f"{place}.{key}[{i}]", depth + 1)
                          for i, c in enumerate(items))
            return Condition(all_of=parts) if key == "all" else Condition(any_of=parts)
        if len(cond) == 1 and "not" in cond:
            return Condition(negate=self.condition(cond["not"], f"{place}.not", depth + 1))
        raise self.fail(place, "a condition is {question: ID, is: [VALUES]}, {all: [...]}, "
                        "{any: [...]} or {not: ...}", cond)

    def options(self, node: LineDict, place: str) -> tuple[AnswerOption, ...]:
        value = node.get("answers")
        if isinstance(value, str):
            if value not in ANSWER_SETS:
                raise self.fail(f"{place}.answers", f"unknown answer set '{value}' (known: "
                                f"{', '.join(sorted(ANSWER_SETS))})", node)
            return ANSWER_SETS[value]
        if not isinstance(value, list) or len(value) < 2:
            raise self.fail(f"{place}.answers", "expected the name of an answer set or a list "
                            "of at least two options", node)
        out: list[AnswerOption] = []
        for i, raw in enumerate(value):
            at = f"{place}.answers[{i}]"
            opt = self.mapping(raw, at)
            self.keys(opt, at, {"value", "label"}, {"gap"})
            out.append(AnswerOption(self.ident(opt, "value", at), self.text(opt, "label", at),
                                    self.boolean(opt, "gap", at, False)))
        values = [o.value for o in out]
        dupes = {v for v in values if values.count(v) > 1}
        if dupes:
            raise self.fail(f"{place}.answers", f"option value '{sorted(dupes)[0]}' appears "
                            "twice", node)
        return tuple(out)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


QUESTION_KEYS_REQUIRED = {"id", "title", "text", "answers", "requirement"}
QUESTION_KEYS_OPTIONAL = {"citations", "guidance", "threats", "vulnerabilities", "likelihood",
                          "impact", "remediation", "references", "shows_when"}
MODULE_KEYS_REQUIRED = {"format", "id", "title", "kind", "version", "order", "questions"}
MODULE_KEYS_OPTIONAL = {"summary", "shows_when", "proposed"}


def parse_module(data: object, source: str) -> Module:
    r = _Reader(source)
    doc = r.mapping(data, "file")
    if doc.get("kind") == "glossary":
        raise r.fail("file", "this is a glossary file, not a module", doc)
    r.keys(doc, "file", MODULE_KEYS_REQUIRED, MODULE_KEYS_OPTIONAL)
    if type(doc["format"]) is not int or doc["format"] != FORMAT_VERSION:
        raise r.fail("format", f"this program reads format {FORMAT_VERSION}, "
                     f"the file says {doc['format']!r}", doc)
    module_id = r.ident(doc, "id", "file")
    kind = r.enum(doc, "kind", "file", ModuleKind)
    if not isinstance(doc["version"], str):
        raise r.fail("version", f"write the version in quotes (\"{doc['version']}\"), so "
                     "that 2026.10 stays 2026.10", doc)
    if kind is not ModuleKind.OPTIONAL and "shows_when" in doc:
        raise r.fail("shows_when", f"only optional modules can be switched on and off; this "
                     f"one is '{kind.value}'", doc)
    raw_questions = doc["questions"]
    if not isinstance(raw_questions, list) or not raw_questions:
        raise r.fail("questions", "expected a non-empty list of questions", doc)
    questions = tuple(
        _parse_question(r, raw, f"questions[{i}]", module_id, kind)
        for i, raw in enumerate(raw_questions))
    return Module(
        id=module_id, title=r.text(doc, "title", "file"), kind=kind,
        version=r.text(doc, "version", "file"), order=r.integer(doc, "order", "file", 0, 10_000),
        questions=questions, summary=r.text(doc, "summary", "file", ""),
        shows_when=r.condition(doc["shows_when"], "shows_when") if "shows_when" in doc else None,
        proposed=r.boolean(doc, "proposed", "file", False), source=source)


def _parse_question(r: _Reader, raw: object, place: str, module_id: str,
                    kind: ModuleKind) -> Question:
    q = r.mapping(raw, place)
    qid = q.get("id")
    if isinstance(qid, str):
        place = f"{place} ({qid})"
    r.keys(q, place, QUESTION_KEYS_REQUIRED, QUESTION_KEYS_OPTIONAL)
    options = r.options(q, place)
    requirement = r.enum(q, "requirement", place, Requirement)
    if kind is not ModuleKind.PROFILE and NOT_SURE not in {o.value for o in options}:
        raise r.fail(f"{place}.answers", f"every question needs a '{NOT_SURE}' option", q)
    if kind is ModuleKind.PROFILE and (requirement is not Requirement.PROFILE
                                       or any(o.gap for o in options)):
        raise r.fail(place, "profile questions have 'requirement: profile' and no gap "
                     "answers", q)
    guidance = Guidance()
    if "guidance" in q:
        g = r.mapping(q["guidance"], f"{place}.guidance")
        r.keys(g, f"{place}.guidance", set(), {"what", "why", "how"})
        guidance = Guidance(*(r.text(g, k, f"{place}.guidance", "")
                              for k in ("what", "why", "how")))
    remediation: list[RemediationStep] = []
    raw_steps = q.get("remediation", [])
    if not isinstance(raw_steps, list):
        raise r.fail(f"{place}.remediation", "expected a list of steps", q)
    for i, raw_step in enumerate(raw_steps):
        at = f"{place}.remediation[{i}]"
        if isinstance(raw_step, str) and raw_step.strip():
            remediation.append(RemediationStep(raw_step.strip()))
            continue
        step = r.mapping(raw_step, at)
        r.keys(step, at, {"action"}, {"effort"})
        effort = r.text(step, "effort", at, "medium")
        if effort not in ("low", "medium", "high"):
            raise r.fail(f"{at}.effort", f"'{effort}' is not one of: low, medium, high", step)
        remediation.append(RemediationStep(r.text(step, "action", at), effort))
    references: list[Reference] = []
    raw_refs = q.get("references", [])
    if not isinstance(raw_refs, list):
        raise r.fail(f"{place}.references", "expected a list", q)
    for i, raw_ref in enumerate(raw_refs):
        at = f"{place}.references[{i}]"
        ref = r.mapping(raw_ref, at)
        r.keys(ref, at, {"source", "ref"}, {"note"})
        references.append(Reference(r.text(ref, "source", at), r.text(ref, "ref", at),
                                    r.text(ref, "note", at, "")))
    question = Question(
        id=r.ident(q, "id", place), module_id=module_id, title=r.text(q, "title", place),
        text=r.text(q, "text", place), options=options, requirement=requirement,
        citations=r.texts(q, "citations", place), guidance=guidance,
        threats=r.texts(q, "threats", place), vulnerabilities=r.texts(q, "vulnerabilities", place),
        likelihood=r.integer(q, "likelihood", place, 1, 5, 3),
        impact=r.integer(q, "impact", place, 1, 5, 3), remediation=tuple(remediation),
        references=tuple(references),
        shows_when=r.condition(q["shows_when"], f"{place}.shows_when") if "shows_when" in q
        else None)
    if question.can_be_gap():
        for key, value in (("threats", question.threats),
                           ("vulnerabilities", question.vulnerabilities),
                           ("remediation", question.remediation)):
            if not value:
                raise r.fail(place, f"an answer can be a gap, so '{key}' must list at least one",
                             q)
    return question


def parse_glossary(data: object, source: str) -> dict[str, str]:
    r = _Reader(source)
    doc = r.mapping(data, "file")
    r.keys(doc, "file", {"format", "kind", "terms"}, set())
    if type(doc["format"]) is not int or doc["format"] != FORMAT_VERSION:
        raise r.fail("format", f"this program reads format {FORMAT_VERSION}, "
                     f"the file says {doc['format']!r}", doc)
    terms = r.mapping(doc["terms"], "terms")
    out = {}
    for term in terms:
        out[term] = r.text(terms, term, "terms")
    return out


# ---------------------------------------------------------------- whole sets

NOT_MODULES = frozenset({"threats.yaml"})
"""Files beside the questionnaire modules that are not modules: the threat catalogue
(``riskwizard.domain.analysis`` reads it)."""


def load_sources(files: Sequence[_Readable], names: Sequence[str] | None = None) -> Questionnaire:
    """Parse and cross-check a set of questionnaire files (modules and glossaries)."""
    from riskwizard.domain.yaml_reader import parse_yaml  # YAML is only needed here

    modules: list[Module] = []
    glossary: dict[str, str] = {}
    for i, f in enumerate(files):
        source = names[i] if names else f.name
        if f.name in NOT_MODULES:
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise QuestionnaireError(source, "", "not UTF-8 text") from None
        except OSError as exc:
            raise QuestionnaireError(source, "", f"cannot be read ({exc.strerror})") from None
        try:
            data = parse_yaml(text, source)
        except RecursionError:
            raise QuestionnaireError(source, "", "nested too deeply to read") from None
        if isinstance(data, dict) and data.get("kind") == "glossary":
            for term, meaning in parse_glossary(data, source).items():
                if term in glossary:
                    raise QuestionnaireError(source, f"terms.{term}", "this term is already "
                                             "defined in another glossary file")
                glossary[term] = meaning
        else:
            modules.append(parse_module(data, source))
    questionnaire = Questionnaire.of(modules, glossary)
    check_whole(questionnaire)
    return questionnaire


def check_whole(questionnaire: Questionnaire) -> None:
    """Checks that span files: unique ids, conditions that point at real answers, no cycles."""
    seen_modules: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for m in questionnaire.modules:
        if m.id in seen_modules:
            raise QuestionnaireError(m.source, "id", f"module id '{m.id}' is also used in "
                                     f"{seen_modules[m.id]}")
        seen_modules[m.id] = m.source
        for q in m.questions:
            if q.id in seen_questions:
                raise QuestionnaireError(m.source, q.id, "question id is also used in "
                                         f"{seen_questions[q.id]}")
            seen_questions[q.id] = m.source
    by_id = {q.id: q for q in questionnaire.questions()}

    def check(cond: Condition | None, source: str, place: str) -> None:
        if cond is None:
            return
        if cond.question is not None:
            target = by_id.get(cond.question)
            if target is None:
                raise QuestionnaireError(source, place, f"condition refers to unknown question "
                                         f"'{cond.question}'")
            known = {o.value for o in target.options}
            for v in cond.values:
                if v not in known:
                    raise QuestionnaireError(source, place, f"'{v}' is not an answer of "
                                             f"'{cond.question}' ({', '.join(sorted(known))})")
        for c in (*cond.all_of, *cond.any_of, *((cond.negate,) if cond.negate else ())):
            check(c, source, place)

    depends: dict[str, set[str]] = {}
    for m in questionnaire.modules:
        check(m.shows_when, m.source, "shows_when")
        module_deps = m.shows_when.questions() if m.shows_when else set()
        for q in m.questions:
            check(q.shows_when, m.source, f"{q.id}.shows_when")
            depends[q.id] = module_deps | (q.shows_when.questions() if q.shows_when else set())
    _check_cycles(depends, seen_questions)


def _check_cycles(depends: Mapping[str, set[str]], sources: Mapping[str, str]) -> None:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = " -> ".join([*path[path.index(node):], node])
            raise QuestionnaireError(sources[node], node, f"conditions form a loop: {cycle}")
        state[node] = 1
        for dep in sorted(depends.get(node, ())):
            visit(dep, [*path, node])
        state[node] = 2

    for node in sorted(depends):
        visit(node, [])
