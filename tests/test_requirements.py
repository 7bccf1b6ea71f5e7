"""The dependency pins in pyproject.toml are true: what the code uses exists in the oldest
version they allow, and the installed versions satisfy them."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIREMENTS = {Requirement(r).name.lower(): Requirement(r)
                for r in PYPROJECT["project"]["dependencies"]}
SQLITE_UTILS_API: list[str] = PYPROJECT["tool"]["riskwizard"]["sqlite-utils-api"]
# The oldest sqlite-utils with every name in SQLITE_UTILS_API (Database.atomic: 4.0).
SQLITE_UTILS_MINIMUM = Version("4.0")


def _resolve(dotted: str) -> object:
    """``sqlite_utils.db.Database.atomic`` -> the object (import the longest module prefix)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


def test_sqlite_utils_pin_is_the_minimum_with_the_api_we_use() -> None:
    assert REQUIREMENTS["sqlite-utils"].specifier == f">={SQLITE_UTILS_MINIMUM}"


@pytest.mark.parametrize("name", SQLITE_UTILS_API)
def test_sqlite_utils_has_what_the_store_uses(name: str) -> None:
    assert _resolve(name) is not None


def test_the_list_covers_every_use_in_the_code() -> None:
    """Names imported from sqlite_utils, and methods called on the store's ``db``."""
    used = set()
    for path in (ROOT / "riskwizard").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for module, names in re.findall(r"from (sqlite_utils[\w.]*) import ([\w, ]+)", text):
            used |= {f"{module}.{n.strip()}" for n in names.split(",")}
        used |= {f"sqlite_utils.db.Database.{m}" for m in re.findall(r"\bdb\.(\w+)", text)}
        assert not re.search(r"^import sqlite_utils", text, re.M), path
    assert used <= set(SQLITE_UTILS_API), used - set(SQLITE_UTILS_API)


@pytest.mark.parametrize("name", sorted(REQUIREMENTS))
def test_installed_versions_satisfy_the_pins(name: str) -> None:
    requirement = REQUIREMENTS[name]
    installed = importlib.metadata.version(requirement.name)
    assert requirement.specifier.contains(installed, prereleases=True), (name, installed)


def test_every_package_is_installed() -> None:
    """pyproject lists packages by hand: every folder of riskwizard with an __init__.py must
    be in that list, or an installed (or frozen) program misses it."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(root).parts)
             for p in (root / "riskwizard").rglob("__init__.py")}
    assert found - listed == set()


def test_reportlab_uses_its_compiled_helpers() -> None:
    """rl_accel is installed and reportlab takes it (it falls back to Python silently)."""
    from reportlab.lib import rl_accel

    for name in ("fp_str", "instanceStringWidthTTF", "escapePDF"):
        assert type(getattr(rl_accel, name)).__name__ == "builtin_function_or_method", name
