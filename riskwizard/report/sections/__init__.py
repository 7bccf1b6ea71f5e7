"""The report's sections, in the order they are printed: one module per section, each with
``build(ctx, writer) -> flowables``. Adding a section is one entry in ``SECTIONS``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable

from riskwizard.report.context import Context
from riskwizard.report.layout import FieldError
from riskwizard.report.sections import (
    about,
    appendix,
    changes,
    closing,
    collection,
    contents,
    cover,
    draft_status,
    evidence,
    findings,
    frameworks,
    inventories,
    inventory_findings,
    methodology,
    register,
    remediation,
    signoff,
    summary,
)
from riskwizard.report.writer import Writer


def _always(ctx: Context) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    """One section: what the progress dialog says while building it, how to build it, and
    whether this report has it."""

    title: str
    build: Callable[[Context, Writer], list[Flowable]]
    applies: Callable[[Context], bool] = _always


SECTIONS: tuple[Section, ...] = (
    Section("Cover", cover.build),
    Section("About this report", about.build),
    Section("Contents", contents.build),
    Section("Executive summary", summary.build),
    Section("Changes since the previous assessment", changes.build,
            lambda ctx: ctx.comparison is not None),
    Section("Draft status", draft_status.build, lambda ctx: ctx.draft),
    Section("Findings by safeguard", findings.build),
    Section("Findings from the inventory", inventory_findings.build),
    Section("Risk register", register.build),
    Section("Remediation plan", remediation.build),
    Section("Scope and inventories", inventories.build),
    Section("How the information was collected", collection.build),
    Section("Methodology", methodology.build),
    Section("Sign-off", signoff.build),
    Section("Appendix: every answer", appendix.build),
    Section("Appendix: evidence files", evidence.build, evidence.applies),
    Section("Appendix: security practices and frameworks", frameworks.build),
    Section("Appendix: full inventory", inventories.appendix,
            lambda ctx: ctx.inventory_appendix),
    Section("End of report", closing.build),
)


class ReportBuilder:
    """Builds the story: every section that applies, in order."""

    def __init__(self, ctx: Context, progress: Callable[[int, str], None],
                 sections: tuple[Section, ...] = SECTIONS) -> None:
        self.ctx = ctx
        self.writer = Writer()
        self._progress = progress
        self.sections = sections

    def story(self) -> list[Flowable]:
        parts = [section for section in self.sections if section.applies(self.ctx)]
        story: list[Flowable] = []
        for i, section in enumerate(parts):
            self._progress(int(40 * i / len(parts)), section.title)
            self.writer.section = section.title
            self.writer.field = ""
            try:
                story.extend(section.build(self.ctx, self.writer))
            except FieldError:
                raise
            except Exception as exc:  # say where: the section being built
                raise FieldError(f"the section “{section.title}”", exc) from exc
        return story


__all__ = ["Context", "ReportBuilder", "SECTIONS", "Section"]
