"""Who prepared a report: the consultant's firm, the assessor and their credentials, how to
reach them, and a logo. The firm profile is set once (``riskwizard.firm``); a practice file
can override the assessor's name and the logo (its own ``assessor`` and ``logo_png``)."""

from __future__ import annotations

from dataclasses import dataclass

from riskwizard.domain.model import Practice


@dataclass(frozen=True)
class PreparedBy:
    """The "prepared by" block of a report. Empty fields are left out when printed."""

    firm: str = ""
    assessor: str = ""
    credentials: str = ""  # "CISSP, CHPS"
    contact: str = ""  # an e-mail address, a phone number, a web address: as typed
    logo: bytes | None = None  # PNG or JPEG, checked by ``riskwizard.firm.check_logo``

    @property
    def empty(self) -> bool:
        return not (self.firm.strip() or self.assessor.strip() or self.credentials.strip()
                    or self.contact.strip() or self.logo)

    def lines(self) -> list[str]:
        """The block as lines of text: "Jane Roe, CISSP", "Harbor Compliance LLC", contact."""
        who = ", ".join(p for p in (self.assessor.strip(), self.credentials.strip()) if p)
        return [line for line in (who, self.firm.strip(), self.contact.strip()) if line]


def prepared_by(practice: Practice, firm: PreparedBy | None) -> PreparedBy:
    """The block for a practice's report: the firm profile, with the practice's own
    assessor and logo in place of the firm's when the practice has them. With no firm
    profile, the practice's assessor alone (the program's use by a practice itself)."""
    base = firm or PreparedBy()
    assessor = practice.assessor.strip() or base.assessor
    # The firm's credentials belong to the firm's assessor; another name drops them.
    credentials = base.credentials if assessor == base.assessor else ""
    return PreparedBy(firm=base.firm, assessor=assessor, credentials=credentials,
                      contact=base.contact, logo=practice.logo_png or base.logo)
