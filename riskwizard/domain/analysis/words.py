"""Plain words the analysis writes with: names of kinds of record, short lists of names."""

from __future__ import annotations

from collections.abc import Sequence

from riskwizard.domain.model import AssetKind

# (one, many) for each kind of asset, as an office manager would say them
ASSET_WORDS: dict[AssetKind, tuple[str, str]] = {
    AssetKind.WORKSTATION: ("desktop computer", "desktop computers"),
    AssetKind.LAPTOP: ("laptop", "laptops"),
    AssetKind.PHONE_TABLET: ("phone or tablet", "phones and tablets"),
    AssetKind.SERVER: ("server", "servers"),
    AssetKind.NETWORK: ("network device", "network devices"),
    AssetKind.MEDICAL_DEVICE: ("medical device", "medical devices"),
    AssetKind.PRINTER_SCANNER: ("printer, scanner or fax", "printers, scanners and faxes"),
    AssetKind.REMOVABLE_MEDIA: ("USB drive or disc", "USB drives and discs"),
    AssetKind.CLOUD_SERVICE: ("online service", "online services"),
    AssetKind.SOFTWARE: ("program", "programs"),
    AssetKind.PAPER: ("set of paper records", "sets of paper records"),
    AssetKind.OTHER: ("other item", "other items"),
}


def count_of(n: int, kind: AssetKind) -> str:
    """"1 laptop", "8 laptops"."""
    one, many = ASSET_WORDS[kind]
    return f"{n} {one if n == 1 else many}"


def name_list(names: Sequence[str], limit: int = 5) -> str:
    """"A, B and C"; past ``limit`` names, "A, B, C, D, E and 7 more"."""
    more = len(names) - limit
    names = [n.strip() or "(no name)" for n in names[:limit]]
    if more > 0:
        return f"{', '.join(names)} and {more} more"
    if len(names) <= 1:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} and {names[-1]}"


def and_list(parts: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def lower_first(text: str) -> str:
    """"Devices encrypted" -> "devices encrypted" (but "MFA" stays "MFA")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
