"""The threat catalogue: who or what can harm patient data (threat sources), what they can do
(threat events), which of the practice's records each event applies to, and which questions
lower its likelihood or impact. Loaded from ``questionnaires/threats.yaml`` (format in
``questionnaires/THREATS.md``) and checked on load: a problem reads ``FILE:LINE: PLACE: PROBLEM``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from riskwizard.domain.model import AssetKind, VendorKind
from riskwizard.domain.questionnaire import (
    LineDict,
    ModuleKind,
    Questionnaire,
    QuestionnaireError,
    _Reader,
)

CATALOGUE_FORMAT = 1
CATALOGUE_PACKAGE = "riskwizard.questionnaires"
CATALOGUE_FILE = "threats.yaml"
CATALOGUE_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogueError(QuestionnaireError):
    """A threat catalogue that cannot be used: says which file, where (and line), and what."""


class SourceKind(StrEnum):
    """Who or what a threat source is (NIST SP 800-30: adversarial, accidental, structural,
    environmental)."""

    PEOPLE_INSIDE = "people-inside"
    PEOPLE_OUTSIDE = "people-outside"
    VENDOR = "vendor"
    TECHNICAL = "technical"
    NATURE = "nature"


class Lowers(StrEnum):
    """Which side of a rating a control lowers."""

    LIKELIHOOD = "likelihood"
    IMPACT = "impact"


@dataclass(frozen=True)
class ThreatSource:
    """Who or what causes harm (NIST SP 800-30 "threat source")."""

    id: str
    name: str
    kind: SourceKind


@dataclass(frozen=True)
class Control:
    """A question whose safe answer lowers an event's likelihood or impact by ``by`` steps."""

    question: str
    lowers: Lowers
    by: int


@dataclass(frozen=True)
class AppliesTo:
    """Which of the practice's records a threat event is rated against."""

    assets: frozenset[AssetKind] = frozenset()
    vendors: frozenset[VendorKind] = frozenset()
    sites: bool = False
    practice: bool = False


@dataclass(frozen=True)
class ThreatEvent:
    """Something that can happen to patient data (NIST SP 800-30 "threat event"), with its
    inherent rating: how likely and how harmful with none of its controls in place."""

    id: str
    title: str
    sources: tuple[str, ...]
    applies_to: AppliesTo
    vulnerability: str
    likelihood: int
    impact: int
    controls: tuple[Control, ...]
    line: int | None = None


@dataclass(frozen=True)
class Catalogue:
    """The whole threat catalogue, checked."""

    id: str
    version: str
    sources: tuple[ThreatSource, ...]
    events: tuple[ThreatEvent, ...]
    source: str = ""

    def threat_source(self, source_id: str) -> ThreatSource:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


_FILE_KEYS = {"format", "id", "version", "sources", "events"}
_SOURCE_KEYS = {"id", "name", "kind"}
_EVENT_REQUIRED = {"id", "title", "sources", "applies_to", "vulnerability", "likelihood",
                   "impact"}
_EVENT_OPTIONAL = {"controls"}
_APPLIES_KEYS = {"assets", "vendors", "sites", "practice"}
_CONTROL_KEYS = {"question", "lowers", "by"}

# (path or text, id of the questionnaire it was checked against) -> catalogue
_cache: dict[tuple[str, int], tuple[Questionnaire | None, Catalogue]] = {}


def load_catalogue(path_or_text: str | Path | None = None,
                   questionnaire: Questionnaire | None = None) -> Catalogue:
    """Load and check a threat catalogue.

    ``None`` reads the installed ``questionnaires/threats.yaml`` (kept for the process); a
    ``Path``, or a one-line string naming an existing file, reads that file; any other string
    is the YAML text itself (for tests). With a ``questionnaire``, every control must name one
    of its questions (not a profile question); without one that check is skipped.
    """
    if path_or_text is None:
        key = ("", id(questionnaire))
        hit = _cache.get(key)
        if hit is not None and hit[0] is questionnaire:
            return hit[1]
        node = resources.files(CATALOGUE_PACKAGE).joinpath(CATALOGUE_FILE)
        name = f"questionnaires/{CATALOGUE_FILE}"
        try:
            text = node.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CatalogueError(name, "", "the threat catalogue is missing") from None
        except UnicodeDecodeError:
            raise CatalogueError(name, "", "not UTF-8 text") from None
        catalogue = parse_catalogue(text, name, questionnaire)
        _cache[key] = (questionnaire, catalogue)
        return catalogue
    if isinstance(path_or_text, Path) or ("\n" not in path_or_text
                                          and Path(path_or_text).is_file()):
        path = Path(path_or_text)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CatalogueError(str(path), "", "not UTF-8 text") from None
        except OSError as exc:
            raise CatalogueError(str(path), "", f"cannot be read ({exc.strerror})") from None
        return parse_catalogue(text, str(path), questionnaire)
    return parse_catalogue(path_or_text, CATALOGUE_FILE, questionnaire)


def parse_catalogue(text: str, source: str,
                    questionnaire: Questionnaire | None = None) -> Catalogue:
    """Parse catalogue YAML text; ``source`` names it in error messages."""
    from riskwizard.domain.yaml_reader import parse_yaml  # YAML is only needed here

    try:
        data = parse_yaml(text, source)
    except QuestionnaireError as exc:
        raise CatalogueError(exc.source, exc.place, exc.problem, exc.line) from None
    return _Parser(source, questionnaire).catalogue(data)


class _Parser(_Reader):
    """Reads one catalogue file's parsed YAML."""

    def __init__(self, source: str, questionnaire: Questionnaire | None) -> None:
        super().__init__(source)
        self.questionnaire = questionnaire

    def fail(self, place: str, problem: str, node: object = None) -> CatalogueError:
        return CatalogueError(self.source, place, problem, getattr(node, "line", None))

    def cat_id(self, node: LineDict, key: str, place: str) -> str:
        value = self.text(node, key, place)
        if not CATALOGUE_ID_PATTERN.match(value):
            raise self.fail(f"{place}.{key}", f"'{value}' is not a valid id (lower-case "
                            "letters and digits, words joined by '-')", node)
        return value

    def id_list(self, node: LineDict, key: str, place: str) -> list[Any]:
        value = node[key]
        if not isinstance(value, list) or not value:
            raise self.fail(f"{place}.{key}", "expected a non-empty list, like [a, b]", node)
        return value

    def catalogue(self, data: object) -> Catalogue:
        doc = self.mapping(data, "file")
        self.keys(doc, "file", _FILE_KEYS, set())
        if type(doc["format"]) is not int or doc["format"] != CATALOGUE_FORMAT:
            raise self.fail("format", f"this program reads format {CATALOGUE_FORMAT}, "
                            f"the file says {doc['format']!r}", doc)
        if not isinstance(doc["version"], str):
            raise self.fail("version", f"write the version in quotes (\"{doc['version']}\"), "
                            "so that 2026.10 stays 2026.10", doc)
        catalogue_id = self.cat_id(doc, "id", "file")
        raw_sources = doc["sources"]
        if not isinstance(raw_sources, list) or not raw_sources:
            raise self.fail("sources", "expected a non-empty list of threat sources", doc)
        sources: list[ThreatSource] = []
        for i, raw in enumerate(raw_sources):
            place = f"sources[{i}]"
            node = self.mapping(raw, place)
            if isinstance(node.get("id"), str):
                place = f"{place} ({node['id']})"
            self.keys(node, place, _SOURCE_KEYS, set())
            sid = self.cat_id(node, "id", place)
            if any(s.id == sid for s in sources):
                raise self.fail(f"{place}.id", f"source id '{sid}' appears twice", node)
            sources.append(ThreatSource(sid, self.text(node, "name", place),
                                        self.enum(node, "kind", place, SourceKind)))
        raw_events = doc["events"]
        if not isinstance(raw_events, list) or not raw_events:
            raise self.fail("events", "expected a non-empty list of threat events", doc)
        known = {s.id for s in sources}
        events: list[ThreatEvent] = []
        for i, raw in enumerate(raw_events):
            event = self.event(raw, f"events[{i}]", known)
            if any(e.id == event.id for e in events):
                raise self.fail(f"events[{i}].id", f"event id '{event.id}' appears twice", raw)
            events.append(event)
        return Catalogue(catalogue_id, self.text(doc, "version", "file"), tuple(sources),
                         tuple(events), self.source)

    def event(self, raw: object, place: str, known_sources: set[str]) -> ThreatEvent:
        node = self.mapping(raw, place)
        if isinstance(node.get("id"), str):
            place = f"{place} ({node['id']})"
        self.keys(node, place, _EVENT_REQUIRED, _EVENT_OPTIONAL)
        event_id = self.cat_id(node, "id", place)
        source_ids = []
        for j, sid in enumerate(self.id_list(node, "sources", place)):
            if not isinstance(sid, str) or sid not in known_sources:
                raise self.fail(f"{place}.sources[{j}]", f"unknown threat source '{sid}' "
                                "(list it under sources: first)", node)
            source_ids.append(str(sid))
        controls = []
        raw_controls = node.get("controls", [])
        if not isinstance(raw_controls, list):
            raise self.fail(f"{place}.controls", "expected a list of controls", node)
        for j, raw_control in enumerate(raw_controls):
            controls.append(self.control(raw_control, f"{place}.controls[{j}]"))
        seen = [(c.question, c.lowers) for c in controls]
        for j, pair in enumerate(seen):
            if pair in seen[:j]:
                raise self.fail(f"{place}.controls[{j}]", f"'{pair[0]}' already lowers "
                                f"{pair[1].value} for this event", node)
        return ThreatEvent(
            id=event_id, title=self.text(node, "title", place), sources=tuple(source_ids),
            applies_to=self.applies_to(node["applies_to"], f"{place}.applies_to"),
            vulnerability=self.text(node, "vulnerability", place),
            likelihood=self.integer(node, "likelihood", place, 1, 5),
            impact=self.integer(node, "impact", place, 1, 5),
            controls=tuple(controls), line=node.line)

    def applies_to(self, raw: object, place: str) -> AppliesTo:
        node = self.mapping(raw, place)
        self.keys(node, place, set(), _APPLIES_KEYS)
        if not node:
            raise self.fail(place, "name at least one of: assets, vendors, sites, practice",
                            node)
        assets = frozenset(self.kinds(node, "assets", place, AssetKind))
        vendors = frozenset(self.kinds(node, "vendors", place, VendorKind))
        sites = self.boolean(node, "sites", place, False)
        practice = self.boolean(node, "practice", place, False)
        if not (assets or vendors or sites or practice):
            raise self.fail(place, "applies to nothing: name asset or vendor kinds, or set "
                            "sites or practice to true", node)
        return AppliesTo(assets, vendors, sites, practice)

    def kinds(self, node: LineDict, key: str, place: str, enum: type[StrEnum]) -> list[Any]:
        if key not in node:
            return []
        out = []
        for j, value in enumerate(self.id_list(node, key, place)):
            try:
                out.append(enum(value))
            except ValueError:
                allowed = ", ".join(e.value for e in enum)
                raise self.fail(f"{place}.{key}[{j}]", f"'{value}' is not one of: {allowed}",
                                node) from None
        return out

    def control(self, raw: object, place: str) -> Control:
        node = self.mapping(raw, place)
        self.keys(node, place, _CONTROL_KEYS, set())
        qid = self.text(node, "question", place)
        q = self.questionnaire
        if q is not None:
            if not q.has_question(qid):
                raise self.fail(f"{place}.question", f"the questionnaire has no question "
                                f"'{qid}'", node)
            module = q.module(q.question(qid).module_id)
            if module.kind is ModuleKind.PROFILE:
                raise self.fail(f"{place}.question", f"'{qid}' is a profile question: it only "
                                "switches sections on, it cannot lower a risk", node)
        return Control(qid, self.enum(node, "lowers", place, Lowers),
                       self.integer(node, "by", place, 1, 3))
