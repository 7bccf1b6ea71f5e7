"""The store's tests run on both kinds of practice file: plain SQLite, and protected with a
password (SQLCipher). A test that takes ``password`` runs once for each (None: plain)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from riskwizard.domain.model import PracticeData
from riskwizard.store import write_new_file
from riskwizard.store.crypto import new_key
from riskwizard.store.practice_file import _rewrite

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
KINDS = [pytest.param(None, id="plain"), pytest.param("s3cret ✓ 'x\"", id="encrypted")]


@pytest.fixture(params=KINDS)
def password(request: pytest.FixtureRequest) -> str | None:
    """None for a plain file, else the password its encrypted twin is protected with."""
    value: str | None = request.param
    return value


@pytest.fixture
def kind_demo_file(tmp_path: Path, demo_data: PracticeData, password: str | None) -> Path:
    """The small demo practice, plain or encrypted."""
    path = tmp_path / "demo.riskwizard"
    write_new_file(path, demo_data, password=password)
    return path


@pytest.fixture
def older_file(tmp_path: Path, password: str | None) -> Callable[[int], Path]:
    """``older_file(version)``: the fixture of schema ``version`` as ``old.riskwizard``, as
    it is (plain) or encrypted with ``password`` still at that version (as an older
    riskwizard that had passwords would have left it)."""

    def make(version: int) -> Path:
        path = tmp_path / "old.riskwizard"
        shutil.copyfile(SCHEMAS / f"schema{version}.riskwizard", path)
        if password is not None:
            _rewrite(path, None, new_key(password))
            assert not path.read_bytes().startswith(b"SQLite format 3")
        return path

    return make
