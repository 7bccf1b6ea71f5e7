"""Walking a JSON document in the tests that change one part of an export at a time."""

from __future__ import annotations

from typing import Any


def paths(doc: Any, per_list: int, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in ``doc`` (the document itself first), the first ``per_list`` items
    of each list only."""
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += paths(v, per_list, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:per_list]):
            out += paths(v, per_list, (*prefix, i))
    return out
