"""Starting a practice from a template or from another client's file.

A template is a JSON file in ``riskwizard/templates/`` (the three shipped: a small
primary-care clinic, a dental office, a behavioural-health practice working mostly by
telehealth): the practice's kind and size, typical sites, kinds of asset, vendors, and
answers for some sections. Everything taken from a template or another client is a starting
point: every answer is marked "to confirm" (``carried=True``) and counts as answered only
once someone has looked at it.

Copying from another client's file takes only what the person ticks, and never what
belongs to that other client alone: people's names, notes, contacts, addresses, BAA dates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

# Imported, not only named, so that PyInstaller's import scan bundles the data package.
import riskwizard.templates as template_package
from riskwizard.domain import assessments as periods
from riskwizard.domain.model import (
    Answer,
    Asset,
    AssetKind,
    Encryption,
    Practice,
    PracticeData,
    PracticeType,
    Site,
    SizeBand,
    Vendor,
    VendorKind,
)
from riskwizard.domain.questionnaire import Questionnaire

TEMPLATE_PACKAGE = "riskwizard.templates"
FORMAT = 1


class TemplateError(ValueError):
    """A template file that cannot be used: which file, where in it, and what is wrong."""


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    description: str
    practice_type: PracticeType
    size_band: SizeBand
    sites: tuple[Site, ...] = ()
    assets: tuple[Asset, ...] = ()  # site_id: the index of the site in ``sites`` plus one
    vendors: tuple[Vendor, ...] = ()
    answers: Mapping[str, str] = field(default_factory=dict)  # question id -> choice

    def sections(self, questionnaire: Questionnaire) -> list[tuple[str, str, int]]:
        """(module id, title, number of answers) for each section the template answers, in
        the questionnaire's order."""
        out = []
        for m in questionnaire.modules:
            n = sum(1 for q in m.questions if q.id in self.answers)
            if n:
                out.append((m.id, m.title, n))
        return out


# ---------------------------------------------------------------- reading

def _text(node: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = node.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise TemplateError(f"{where}: '{key}' must be text" + ("" if default is not None
                                                                  else " and not empty"))
    return value


def _enum(cls: Any, node: Mapping[str, Any], key: str, where: str, default: Any) -> Any:
    value = node.get(key)
    if value is None:
        return default
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise TemplateError(f"{where}: '{key}' is '{value}', not one of: {allowed}") from None


def _bool(node: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = node.get(key, default)
    if not isinstance(value, bool):
        raise TemplateError(f"{where}: '{key}' must be true or false")
    return value


def _list(node: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = node.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TemplateError(f"{where}: '{key}' must be a list of records")
    return value


def parse_template(data: object, source: str) -> Template:
    """A template from parsed JSON; raises ``TemplateError`` naming ``source`` and the place."""
    if not isinstance(data, dict):
        raise TemplateError(f"{source}: not a template (a JSON object is expected)")
    if data.get("format") != FORMAT:
        raise TemplateError(f"{source}: 'format' must be {FORMAT}")
    sites = tuple(Site(name=_text(s, "name", f"{source}: sites[{i}]"),
                       address=_text(s, "address", f"{source}: sites[{i}]", ""), id=i + 1)
                  for i, s in enumerate(_list(data, "sites", source)))
    site_names = {s.name: s.id for s in sites}
    assets = []
    for i, a in enumerate(_list(data, "assets", source)):
        where = f"{source}: assets[{i}]"
        site = a.get("site")
        if site is not None and site not in site_names:
            raise TemplateError(f"{where}: 'site' names no site of the template: {site!r}")
        assets.append(Asset(
            name=_text(a, "name", where), kind=_enum(AssetKind, a, "kind", where,
                                                     AssetKind.OTHER),
            site_id=site_names.get(site) if isinstance(site, str) else None,
            holds_ephi=_bool(a, "holds_ephi", where, True),
            encrypted_at_rest=_enum(Encryption, a, "encrypted_at_rest", where,
                                    Encryption.UNKNOWN),
            notes=_text(a, "notes", where, ""), id=i + 1))
    vendors = []
    for i, v in enumerate(_list(data, "vendors", source)):
        where = f"{source}: vendors[{i}]"
        kind = _enum(VendorKind, v, "kind", where, VendorKind.BUSINESS_ASSOCIATE)
        vendors.append(Vendor(
            name=_text(v, "name", where), service=_text(v, "service", where, ""),
            handles_ephi=_bool(v, "handles_ephi", where,
                               kind is VendorKind.BUSINESS_ASSOCIATE),
            kind=kind, notes=_text(v, "notes", where, ""), id=i + 1))
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
        raise TemplateError(f"{source}: 'answers' must map question ids to answer values")
    return Template(
        id=_text(data, "id", source), name=_text(data, "name", source),
        description=_text(data, "description", source, ""),
        practice_type=_enum(PracticeType, data, "practice_type", source, PracticeType.OTHER),
        size_band=_enum(SizeBand, data, "size_band", source, SizeBand.SOLO),
        sites=sites, assets=tuple(assets), vendors=tuple(vendors), answers=dict(answers))


def check_template(template: Template, questionnaire: Questionnaire, source: str) -> None:
    """Every answer names a question of ``questionnaire`` and one of its answer values."""
    for qid, choice in template.answers.items():
        if not questionnaire.has_question(qid):
            raise TemplateError(f"{source}: answers: no question '{qid}' in the questionnaire")
        q = questionnaire.question(qid)
        if q.option(choice) is None:
            allowed = ", ".join(o.value for o in q.options)
            raise TemplateError(f"{source}: answers: '{qid}': '{choice}' is not one of: "
                                f"{allowed}")


def shipped_templates(questionnaire: Questionnaire | None = None) -> list[Template]:
    """The templates that ship with the program, by name (checked against
    ``questionnaire`` when given)."""
    root = resources.files(template_package)
    out = []
    for node in sorted(root.iterdir(), key=lambda n: n.name):
        if not node.name.endswith(".json"):
            continue
        source = f"templates/{node.name}"
        try:
            data = json.loads(node.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise TemplateError(f"{source}: not valid JSON ({exc})") from None
        template = parse_template(data, source)
        if questionnaire is not None:
            check_template(template, questionnaire, source)
        out.append(template)
    return sorted(out, key=lambda t: t.name)


# ---------------------------------------------------------------- a new practice

def _assessment_answers(answers: Iterable[tuple[str, str | None, Any]], assessment_id: int,
                        stamp: str) -> list[Answer]:
    return [Answer(assessment_id, qid, choice=choice, decision=decision, answered_at=stamp,
                   carried=True) for qid, choice, decision in answers]


def _in_sections(questionnaire: Questionnaire, qid: str, sections: frozenset[str]) -> bool:
    return questionnaire.has_question(qid) and questionnaire.question(qid).module_id in sections


def practice_from_template(template: Template, name: str, questionnaire: Questionnaire,
                           today: date, sections: Iterable[str] | None = None,
                           stamp: str = "") -> PracticeData:
    """A new practice called ``name`` from ``template``: its sites, assets and vendors, and
    its answers for ``sections`` (module ids; None: every section it answers), each to
    confirm. One assessment, for this year."""
    chosen = frozenset(sections) if sections is not None else frozenset(
        m for m, _, _ in template.sections(questionnaire))
    assessment = periods.new_assessment(today.year, today, questionnaire.versions())
    assessment.id = 1
    answers = [(qid, choice, None) for qid, choice in template.answers.items()
               if _in_sections(questionnaire, qid, chosen)
               and questionnaire.question(qid).option(choice) is not None]
    return PracticeData(
        practice=Practice(name=name.strip(), practice_type=template.practice_type,
                          size_band=template.size_band, created_at=stamp),
        sites=[Site(s.name, s.address, id=s.id) for s in template.sites],
        assets=[Asset(a.name, a.kind, a.site_id, holds_ephi=a.holds_ephi,
                      encrypted_at_rest=a.encrypted_at_rest, notes=a.notes, id=a.id)
                for a in template.assets],
        vendors=[Vendor(v.name, v.service, v.handles_ephi, kind=v.kind, notes=v.notes,
                        id=v.id) for v in template.vendors],
        assessments=[assessment],
        answers=_assessment_answers(answers, assessment.id, stamp))


@dataclass(frozen=True)
class CopyChoice:
    """What to copy from another client's file (everything off by default)."""

    practice_kind: bool = False  # the kind of practice and its size
    sites: bool = False  # site names (not addresses)
    assets: bool = False  # asset names, kinds and encryption (not owners or notes)
    vendors: bool = False  # vendor names, services, roles (not contacts, BAA dates, notes)
    sections: frozenset[str] = frozenset()  # module ids whose answers are copied, to confirm


def practice_from_client(source: PracticeData, name: str, choice: CopyChoice,
                         questionnaire: Questionnaire, today: date,
                         stamp: str = "") -> PracticeData:
    """A new practice called ``name`` starting from what ``choice`` ticks in ``source``
    (answers from its latest assessment). Nothing else of the other client comes along."""
    practice = Practice(name=name.strip(), created_at=stamp)
    if choice.practice_kind:
        practice.practice_type = source.practice.practice_type
        practice.size_band = source.practice.size_band
    sites = [Site(s.name, id=n) for n, s in enumerate(source.sites, 1)] if choice.sites else []
    site_ids = {s.id: n for n, s in enumerate(source.sites, 1)} if choice.sites else {}
    assets = [Asset(a.name, a.kind, site_ids.get(a.site_id) if a.site_id else None,
                    holds_ephi=a.holds_ephi, encrypted_at_rest=a.encrypted_at_rest,
                    disposal_status=a.disposal_status, id=n)
              for n, a in enumerate(source.assets, 1)] if choice.assets else []
    vendors = [Vendor(v.name, v.service, v.handles_ephi, kind=v.kind, id=n)
               for n, v in enumerate(source.vendors, 1)] if choice.vendors else []
    assessment = periods.new_assessment(today.year, today, questionnaire.versions())
    assessment.id = 1
    latest = source.latest_assessment()
    answers = []
    if latest is not None and choice.sections:
        for a in source.answers_for(latest.id).values():
            if a.choice is None and a.decision is None:
                continue
            if _in_sections(questionnaire, a.question_id, choice.sections):
                answers.append((a.question_id, a.choice, a.decision))
    return PracticeData(practice=practice, sites=sites, assets=assets, vendors=vendors,
                        assessments=[assessment],
                        answers=_assessment_answers(answers, assessment.id, stamp))
