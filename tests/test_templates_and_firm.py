"""Templates (shipped, checked against the questionnaire, everything "to confirm"), copying
from another client (only what is ticked, nothing private), and the firm profile (owner
only, logos checked)."""

from __future__ import annotations

import os
import stat
import struct
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard import firm
from riskwizard.domain.model import BaaStatus, Practice, PracticeData
from riskwizard.domain.prepared_by import PreparedBy, prepared_by
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.templates import (
    CopyChoice,
    practice_from_client,
    practice_from_template,
    shipped_templates,
)
from riskwizard.session import Session
from riskwizard.store import open_practice_file

TODAY = date(2026, 11, 24)


def test_three_templates_ship_and_fit_the_questionnaire(questionnaire: Questionnaire) -> None:
    ts = shipped_templates(questionnaire)
    assert {t.id for t in ts} == {"primary-care", "dental", "behavioral-telehealth"}
    tele = next(t for t in ts if t.id == "behavioral-telehealth")
    assert tele.answers["profile.telehealth"] == "yes"


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_practice_from_a_template(tmp_path: Path, questionnaire: Questionnaire,
                                    index: int) -> None:
    t = shipped_templates(questionnaire)[index]
    data = practice_from_template(t, "New Clinic", questionnaire, TODAY, sections={"profile"})
    s = Session.create_from(tmp_path / "n.riskwizard", data, questionnaire, lambda: TODAY)
    try:
        assert s.practice.name == "New Clinic"
        assert len(s.assets) == len(t.assets) and len(s.vendors) == len(t.vendors)
        assert s.answers and all(a.carried for a in s.answers.values())
        assert {questionnaire.question(q).module_id for q in s.answers} == {"profile"}
    finally:
        s.close()


def test_copying_from_another_client_takes_only_what_is_ticked(
        demo_data: PracticeData, questionnaire: Questionnaire) -> None:
    nothing = practice_from_client(demo_data, "B", CopyChoice(), questionnaire, TODAY)
    assert not (nothing.sites or nothing.assets or nothing.vendors or nothing.answers)
    assert nothing.practice.name == "B" and nothing.practice.address == ""
    some = practice_from_client(demo_data, "B", CopyChoice(
        assets=True, vendors=True, sections=frozenset({"technical"})), questionnaire, TODAY)
    assert len(some.assets) == len(demo_data.assets) and not some.sites
    assert all(a.site_id is None and not a.owner and not a.notes for a in some.assets)
    assert all(not v.contact and v.baa is not BaaStatus.SIGNED and v.baa_date is None
               and not v.notes for v in some.vendors)
    assert some.answers and all(a.carried and not a.note and not a.rationale
                                and a.question_id.startswith("tech.") for a in some.answers)


# ---------------------------------------------------------------- firm profile

def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (firm.PNG_MAGIC + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                                         0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_profile_is_kept_owner_only_and_read_back(tmp_path: Path) -> None:
    p = PreparedBy("Harbor Compliance LLC", "Jane Roe", "CISSP, CHPS", "jane@example.com",
                   png(64, 32))
    path = firm.save_firm_profile(p, tmp_path)
    assert path == tmp_path / "firm.json"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert firm.firm_profile(tmp_path) == p
    assert firm.firm_profile(tmp_path / "none") is None


def test_the_config_folder_comes_from_the_environment(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKWIZARD_CONFIG_DIR", str(tmp_path))
    firm.save_firm_profile(PreparedBy(firm="F"))
    assert (tmp_path / "firm.json").exists() and firm.firm_profile() == PreparedBy(firm="F")


def test_logo_checks() -> None:
    assert firm.check_logo(png(64, 64)) is None
    assert "not a PNG or JPEG" in (firm.check_logo(b"GIF89a....") or "")
    assert "at least" in (firm.check_logo(png(8, 64)) or "")
    assert "at most 4000" in (firm.check_logo(png(4001, 16)) or "")
    good = png(64, 64)
    assert "damaged" in (firm.check_logo(good[:-20]) or "")
    assert "damaged" in (firm.check_logo(good[:40] + b"\0" + good[41:]) or "")
    assert "at most" in (firm.check_logo(firm.PNG_MAGIC + b"\0" * firm.MAX_LOGO_BYTES) or "")


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400), st.integers(0, 500))
def test_any_damaged_logo_is_refused_not_raised(noise: bytes, cut: int) -> None:
    good = png(20, 20)
    for raw in (noise, good[:cut] + noise, firm.PNG_MAGIC + noise, b"\xff\xd8\xff" + noise):
        problem = firm.check_logo(raw)
        assert problem is None or "\n" not in problem


def test_a_bad_profile_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "firm.json").write_text("{not json")
    with pytest.raises(firm.FirmError) as err:
        firm.firm_profile(tmp_path)
    assert "firm.json" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(firm.FirmError, match="Firm: one line"):
        firm.save_firm_profile(PreparedBy(firm="a\nb"), tmp_path)


def test_a_practice_overrides_the_firm(tmp_path: Path) -> None:
    base = PreparedBy("Harbor", "Jane Roe", "CISSP", "jane@example.com", png(32, 32))
    assert prepared_by(Practice("P"), base) == base
    mine = prepared_by(Practice("P", assessor="Sam Lee", logo_png=png(40, 40)), base)
    assert mine.assessor == "Sam Lee" and mine.credentials == "" and mine.firm == "Harbor"
    assert mine.logo == png(40, 40)
    assert prepared_by(Practice("P", assessor="Ann"), None).lines() == ["Ann"]
    assert replace(base, logo=None).lines() == ["Jane Roe, CISSP", "Harbor", "jane@example.com"]


def test_a_new_file_from_a_template_has_its_own_packet_secret(
        tmp_path: Path, questionnaire: Questionnaire) -> None:
    t = shipped_templates(questionnaire)[0]
    metas = []
    for name in ("a", "b"):
        s = Session.create_from(tmp_path / f"{name}.riskwizard",
                                practice_from_template(t, name, questionnaire, TODAY),
                                questionnaire)
        s.close()
        with open_practice_file(tmp_path / f"{name}.riskwizard", readonly=True) as pf:
            metas.append(pf.meta()["practice_secret"])
    assert metas[0] != metas[1] and len(metas[0]) == 64
