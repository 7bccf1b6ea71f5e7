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

# NIST SP 800-66 Rev. 2 key activities (Section 5 tables; the names of NIST CPRT
# SP800_66_2_0_0), by the standard they belong to. A question names one as
# "STANDARD: Key activity", for example "164.308(a)(1): Conduct Risk Assessment".
KEY_ACTIVITIES: dict[str, tuple[str, ...]] = {
    "164.308(a)(1)": (
        "Identify all ePHI and Relevant Information Systems", "Conduct Risk Assessment",
        "Implement a Risk Management Program", "Acquire IT Systems and Services",
        "Create and Deploy Policies and Procedures", "Develop and Implement a Sanction Policy",
        "Develop and Deploy the Information System Activity Review Process",
        "Develop Appropriate Standard Operating Procedures",
        "Implement the Information System Activity Review and Audit Process"),
    "164.308(a)(2)": (
        "Select a Security Official to be Assigned Responsibility for HIPAA Security",
        "Assign and Document the Individual's Responsibility"),
    "164.308(a)(3)": (
        "Implement Policies and Procedures for Authorization and/or Supervision",
        "Establish Clear Job Descriptions and Responsibilities",
        "Establish Criteria and Procedures for Hiring and Assigning Tasks",
        "Establish a Workforce Clearance Procedure", "Establish Termination Procedures"),
    "164.308(a)(4)": (
        "Isolate Healthcare Clearinghouse Functions",
        "Implement Policies and Procedures for Authorizing Access",
        "Implement Policies and Procedures for Access Establishment and Modification",
        "Evaluate Existing Security Measures Related to Access Controls"),
    "164.308(a)(5)": (
        "Conduct a Training Needs Assessment", "Develop and Approve a Training Strategy and a Plan",
        "Protection from Malicious Software, Login Monitoring, and Password Management",
        "Develop Appropriate Awareness and Training Content, Materials, and Methods",
        "Implement the Training", "Implement Security Reminders",
        "Monitor and Evaluate the Training Plan"),
    "164.308(a)(6)": (
        "Determine the Goals of Incident Response",
        "Develop and Deploy an Incident Response Team or Other Reasonable and Appropriate "
        "Response Mechanism",
        "Develop and Implement Policy and Procedures to Respond to and Report Security Incidents",
        "Incorporate Post-Incident Analysis into Updates and Revisions"),
    "164.308(a)(7)": (
        "Develop a Contingency Planning Policy", "Conduct an Applications and Data Criticality "
        "Analysis", "Identify Preventive Measures", "Develop Recovery Strategy",
        "Data Backup Plan and Disaster Recovery Plan",
        "Develop and Implement an Emergency Mode Operation Plan", "Testing and Revision Procedure"),
    "164.308(a)(8)": (
        "Determine Whether Internal or External Evaluation is Most Appropriate",
        "Develop Standards and Measurements for Reviewing All Standards and Implementation "
        "Specifications of the Security Rule",
        "Conduct Evaluation", "Document Results", "Repeat Evaluations Periodically"),
    "164.308(b)(1)": (
        "Identify Entities that are Business Associates Under the HIPAA Security Rule",
        "Establish a Process for Measuring Contract Performance and Terminating the Contract if "
        "Security Requirements Are Not Being Met",
        "Written Contract or Other Arrangement"),
    "164.310(a)": (
        "Conduct an Analysis of Existing Physical Security Vulnerabilities",
        "Identify Corrective Measures", "Develop a Facility Security Plan",
        "Develop Access Control and Validation Procedures",
        "Establish Contingency Operations Procedures", "Maintain Maintenance Records"),
    "164.310(b)": (
        "Identify Workstation and Device Types and Functions or Uses",
        "Identify the Expected Performance of Each Type of Workstation and Device",
        "Analyze Physical Surroundings for Physical Attributes"),
    "164.310(c)": (
        "Identify All Methods of Physical Access to Workstations and Devices",
        "Analyze the Risks Associated with Each Type of Access",
        "Identify and Implement Physical Safeguards for Workstations and Devices"),
    "164.310(d)": (
        "Implement Methods for the Final Disposal of ePHI",
        "Develop and Implement Procedures for the Reuse of Electronic Media",
        "Maintain Accountability for Hardware and Electronic Media",
        "Develop Data Backup and Storage Procedures"),
    "164.312(a)": (
        "Analyze Workloads and Operations to Identify the Access Needs of All Users",
        "Identify Technical Access Control Capabilities",
        "Ensure that All System Users Have Been Assigned a Unique Identifier",
        "Develop Access Control Policy and Procedures",
        "Implement Access Control Procedures Using Selected Hardware and Software",
        "Review and Update Access for Users and Processes",
        "Establish an Emergency Access Procedure",
        "Automatic Logoff and Encryption and Decryption",
        "Terminate Access if it is No Longer Required"),
    "164.312(b)": (
        "Determine the Activities that Will Be Tracked or Audited",
        "Select the Tools that Will Be Deployed for Auditing and System Activity Reviews",
        "Develop and Deploy the Information System Activity Review/Audit Policy",
        "Develop Appropriate Standard Operating Procedures",
        "Implement the Audit/System Activity Review Process"),
    "164.312(c)": (
        "Identify All Users Who Have Been Authorized to Access ePHI",
        "Identify Any Possible Unauthorized Sources that May Be Able to Intercept the Information "
        "and Modify It",
        "Develop the Integrity Policy and Requirements",
        "Implement Procedures to Address These Requirements", "Implement a Mechanism to "
        "Authenticate ePHI",
        "Establish a Monitoring Process to Assess How the Implemented Process is Working"),
    "164.312(d)": (
        "Determine Authentication Applicability to Current Systems/Applications",
        "Evaluate Available Authentication Options", "Select and Implement Authentication Options"),
    "164.312(e)(1)": (
        "Identify Any Possible Unauthorized Sources that May Be Able to Intercept and/or Modify "
        "the Information",
        "Develop and Implement Transmission Security Policy and Procedures",
        "Implement Integrity Controls", "Implement Encryption"),
    "164.314(a)": (
        "Contract Must Provide that Business Associates Will Comply with the Applicable "
        "Requirements of the Security Rule",
        "Contract Must Provide that the Business Associates Enter into Contracts with "
        "Subcontractors to Ensure the Protection of ePHI",
        "Contract Must Provide that Business Associates will Report Security Incidents",
        "Other Arrangements", "Business Associate Contracts with Subcontractors"),
    "164.314(b)": (
        "Amend Plan Documents of the Group Health Plan to Address the Plan Sponsor's Security "
        "of ePHI",
        "Amend Plan Documents of the Group Health Plan to Address Adequate Separation",
        "Amend Plan Documents of the Group Health Plan to Address the Security of ePHI Supplied "
        "to the Plan Sponsors' Agents and Subcontractors",
        "Amend Plan Documents of Group Health Plans to Address the Reporting of Security "
        "Incidents"),
    "164.316(a)": (
        "Create and Deploy Policies and Procedures",
        "Update the Documentation of the Policy and Procedures"),
    "164.316(b)": (
        "Draft, Maintain, and Update Required Documentation",
        "Retain Documentation for at Least Six Years",
        "Ensure that Documentation is Available to Those Responsible for Implementation",
        "Update Documentation as Required"),
}

# HICP 405(d), Technical Volume 1 (small organizations): the ten practices, 2023 names.
HICP_PRACTICES: dict[int, str] = {
    1: "E-mail protection systems", 2: "Endpoint protection systems",
    3: "Identity and access management", 4: "Data protection and loss prevention",
    5: "IT asset management", 6: "Network management", 7: "Vulnerability management",
    8: "Security operations center and incident response", 9: "Network-connected medical devices",
    10: "Cybersecurity oversight and governance",
}

# NIST Cybersecurity Framework 2.0: every subcategory id (106), by category.
_CSF_CATEGORIES: dict[str, tuple[int, ...]] = {
    "GV.OC": (1, 2, 3, 4, 5), "GV.RM": (1, 2, 3, 4, 5, 6, 7), "GV.RR": (1, 2, 3, 4),
    "GV.PO": (1, 2), "GV.OV": (1, 2, 3), "GV.SC": tuple(range(1, 11)),
    "ID.AM": (1, 2, 3, 4, 5, 7, 8), "ID.RA": tuple(range(1, 11)), "ID.IM": (1, 2, 3, 4),
    "PR.AA": (1, 2, 3, 4, 5, 6), "PR.AT": (1, 2), "PR.DS": (1, 2, 10, 11),
    "PR.PS": (1, 2, 3, 4, 5, 6), "PR.IR": (1, 2, 3, 4),
    "DE.CM": (1, 2, 3, 6, 9), "DE.AE": (2, 3, 4, 6, 7, 8),
    "RS.MA": (1, 2, 3, 4, 5), "RS.AN": (3, 6, 7, 8), "RS.CO": (2, 3), "RS.MI": (1, 2),
    "RC.RP": (1, 2, 3, 4, 5, 6), "RC.CO": (3, 4),
}
CSF_SUBCATEGORIES: frozenset[str] = frozenset(
    f"{cat}-{n:02d}" for cat, numbers in _CSF_CATEGORIES.items() for n in numbers)


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
    # A particular measure (MFA, guest Wi-Fi, patching...) that a practice typically uses to
    # meet a required standard. The standard is the law; the measure is chosen by the risk
    # analysis (164.306(b)), so a gap here is not, by itself, a breach of a Required rule.
    MEASURE = "measure"
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
class KeyActivity:
    """A NIST SP 800-66r2 key activity: the standard's citation and the activity's name."""

    standard: str
    name: str

    def __str__(self) -> str:
        return f"{self.standard}: {self.name}"


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
    key_activities: tuple[KeyActivity, ...] = ()  # NIST SP 800-66r2
    hicp: tuple[int, ...] = ()  # HICP 405(d) practice numbers (HICP_PRACTICES)
    csf: tuple[str, ...] = ()  # NIST CSF 2.0 subcategory ids, e.g. "PR.AA-03"

    @property
    def addressable(self) -> bool:
        return self.requirement is Requirement.ADDRESSABLE

    @property
    def safe_answers(self) -> tuple[str, ...]:
        """The answers that show the measure in place ("Yes", or "No" to a risky habit):
        neither a gap nor "Does not apply"."""
        return tuple(o.value for o in self.options if not o.gap and o.value not in ("na",))

    @property
    def recognized_practices(self) -> tuple[tuple[int, str], ...]:
        """Recognized security practices (HITECH section 13412, Pub. L. 116-321): the HICP
        405(d) practices that a safe answer to this question is evidence of, with their names.
        Profile questions evidence nothing."""
        if self.requirement is Requirement.PROFILE:
            return ()
        return tuple((n, HICP_PRACTICES[n]) for n in self.hicp)

    def evidences(self, choice: str | None) -> tuple[tuple[int, str], ...]:
        """The recognized security practices an answer shows in place (none for a gap)."""
        return self.recognized_practices if choice in self.safe_answers else ()

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

    def numbers(self, node: LineDict, key: str, place: str,
                known: Mapping[int, str]) -> tuple[int, ...]:
        value = node.get(key, [])
        if not isinstance(value, list):
            value = [value]
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int) or item not in known:
                raise self.fail(f"{place}.{key}", f"expected practice numbers "
                                f"{min(known)}..{max(known)}, found {item!r}", node)
        return tuple(value)

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
                          "impact", "remediation", "references", "shows_when",
                          "key_activities", "hicp", "csf"}
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
    key_activities = tuple(_key_activity(r, q, f"{place}.key_activities[{i}]", value)
                           for i, value in enumerate(r.texts(q, "key_activities", place)))
    hicp = r.numbers(q, "hicp", place, HICP_PRACTICES)
    csf = r.texts(q, "csf", place)
    for i, sub in enumerate(csf):
        if sub not in CSF_SUBCATEGORIES:
            raise r.fail(f"{place}.csf[{i}]", f"'{sub}' is not a NIST CSF 2.0 subcategory "
                         "(for example PR.AA-03)", q)
    if requirement is Requirement.PROFILE and (key_activities or hicp or csf):
        raise r.fail(place, "profile questions test nothing, so they carry no key_activities, "
                     "hicp or csf mappings", q)
    question = Question(
        id=r.ident(q, "id", place), module_id=module_id, title=r.text(q, "title", place),
        text=r.text(q, "text", place), options=options, requirement=requirement,
        citations=r.texts(q, "citations", place), guidance=guidance,
        threats=r.texts(q, "threats", place), vulnerabilities=r.texts(q, "vulnerabilities", place),
        likelihood=r.integer(q, "likelihood", place, 1, 5, 3),
        impact=r.integer(q, "impact", place, 1, 5, 3), remediation=tuple(remediation),
        references=tuple(references), key_activities=key_activities, hicp=hicp, csf=csf,
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


def _key_activity(r: _Reader, node: LineDict, place: str, value: str) -> KeyActivity:
    standard, _, name = value.partition(":")
    standard, name = standard.strip(), name.strip()
    if standard not in KEY_ACTIVITIES:
        raise r.fail(place, f"'{value}': write 'STANDARD: Key activity', where STANDARD is one "
                     f"of {', '.join(KEY_ACTIVITIES)}", node)
    for known in KEY_ACTIVITIES[standard]:
        if known.casefold() == name.replace("’", "'").casefold():
            return KeyActivity(standard, known)
    raise r.fail(place, f"'{name}' is not a NIST SP 800-66r2 key activity of {standard} "
                 f"({'; '.join(KEY_ACTIVITIES[standard])})", node)


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
