"""The delegation packet: made, filled in by a script as a vendor would with openpyxl, read
back; every kind of tampering refused with one plain line; nothing else of the practice in
it."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from riskwizard.domain.model import PracticeData
from riskwizard.domain.questionnaire import Questionnaire
from riskwizard.domain.templates import practice_from_template, shipped_templates
from riskwizard.interchange import packet
from riskwizard.interchange.packet import PacketError
from riskwizard.session import Session

TODAY = date(2026, 11, 24)


@pytest.fixture
def session(tmp_path: Path, questionnaire: Questionnaire) -> Session:
    t = shipped_templates(questionnaire)[0]
    s = Session.create_from(tmp_path / "alpha.riskwizard",
                            practice_from_template(t, "Alpha Clinic", questionnaire, TODAY),
                            questionnaire, lambda: TODAY)
    yield s
    s.close()


def make(s: Session, q: Questionnaire, path: Path) -> Path:
    packet.export_packet(path, packet.technical_questions(q, s.answers), q, s.packet_secret(),
                         s.assessment.id, TODAY)
    return path


def read(s: Session, q: Questionnaire, path: Path) -> packet.PacketReturn:
    return packet.read_packet(path, s.packet_secret(), q, [a.id for a in s.assessments])


def test_round_trip_through_a_vendor_script(tmp_path: Path, session: Session,
                                            questionnaire: Questionnaire) -> None:
    path = make(session, questionnaire, tmp_path / "for-it.xlsx")
    wb = load_workbook(path)
    ws = wb["Questions"]
    assert [c.value for c in ws[1]][:3] == ["Ref", "Section", "Question"]
    assert ws.data_validations.dataValidation, "answers are drop-downs"
    ws["G2"] = "Yes"
    ws["H2"] = "Roles set up in the EHR"
    ws["G3"] = "Not sure"
    ws["G4"] = "Perhaps"
    wb.save(path)
    back = read(session, questionnaire, path)
    assert [(a.question_id, a.choice) for a in back.answers] == [
        ("tech.access-control", "yes"), ("tech.unique-ids", "not_sure")]
    assert back.answers[0].comment == "Roles set up in the EHR"
    assert len(back.problems) == 1 and "Perhaps" in back.problems[0]
    # Nothing is applied until accepted, and accepting goes through set_answer.
    assert "tech.access-control" not in session.answers
    session.accept_returned_answer("tech.access-control", "yes", back.answers[0].comment)
    a = session.answers["tech.access-control"]
    assert a.choice == "yes" and "Roles set up in the EHR" in a.note and not a.carried


def test_nothing_else_of_the_practice_is_in_the_packet(tmp_path: Path, demo_file: Path,
                                                       questionnaire: Questionnaire) -> None:
    s = Session.open(demo_file, questionnaire, lambda: TODAY)
    try:
        path = make(s, questionnaire, tmp_path / "p.xlsx")
        data = s.data()
    finally:
        s.close()
    with zipfile.ZipFile(path) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    secrets = [data.practice.name, data.practice.address, data.practice.security_official,
               *(x.name for x in data.assets), *(v.name for v in data.vendors),
               *(r.title for r in data.risks), *(a.note for a in data.answers if a.note)]
    for secret in secrets:
        if len(secret) > 6:
            assert secret not in text, secret


def test_a_packet_from_another_practice_is_refused(tmp_path: Path, session: Session,
                                                   questionnaire: Questionnaire) -> None:
    path = make(session, questionnaire, tmp_path / "p.xlsx")
    t = shipped_templates(questionnaire)[1]
    other = Session.create_from(tmp_path / "beta.riskwizard",
                                practice_from_template(t, "Beta", questionnaire, TODAY),
                                questionnaire)
    try:
        with pytest.raises(PacketError, match="another practice"):
            read(other, questionnaire, path)
    finally:
        other.close()


CELLS = st.sampled_from(["C", "D", "A"])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["question", "ref", "choice", "manifest-json", "manifest-field",
                             "manifest-question", "drop-row", "swap-ref", "no-manifest",
                             "signature"]),
       row=st.integers(2, 17), text=st.text(min_size=1, max_size=20))
def test_every_kind_of_tampering_is_refused(tmp_path: Path, session: Session,
                                            questionnaire: Questionnaire, kind: str,
                                            row: int, text: str) -> None:
    path = tmp_path / "p.xlsx"
    if not path.exists():
        make(session, questionnaire, path)
    wb = load_workbook(path)
    ws, cs, ms = wb["Questions"], wb["Choices"], wb["Manifest"]
    manifest = json.loads(ms["A1"].value)
    clean = "".join(c for c in text if c.isprintable()) or "x"
    if kind == "question":
        ws[f"C{row}"] = (ws[f"C{row}"].value or "") + clean
    elif kind == "ref":
        ws[f"A{row}"] = "tech.zz-" + str(abs(hash(clean)))
    elif kind == "choice":
        cs[f"B{row}"] = (cs[f"B{row}"].value or "") + clean
    elif kind == "manifest-json":
        ms["A1"] = ms["A1"].value[: len(ms["A1"].value) // 2]
    elif kind == "manifest-field":
        manifest["assessment_id"] += 1
        ms["A1"] = json.dumps(manifest)
    elif kind == "manifest-question":
        manifest["questions"] = manifest["questions"][:-1]
        ms["A1"] = json.dumps(manifest)
    elif kind == "drop-row":
        ws.delete_rows(row)
    elif kind == "swap-ref":
        a, b = ws[f"A{row}"].value, ws[f"A{2 if row != 2 else 3}"].value
        ws[f"A{row}"], ws[f"A{2 if row != 2 else 3}"] = b, a
    elif kind == "no-manifest":
        del wb["Manifest"]
    elif kind == "signature":
        manifest["signature"] = ("0" if manifest["signature"][0] != "0" else "1") + \
            manifest["signature"][1:]
        ms["A1"] = json.dumps(manifest)
    out = tmp_path / f"t-{kind}.xlsx"
    wb.save(out)
    with pytest.raises(PacketError) as err:
        read(session, questionnaire, out)
    message = str(err.value)
    assert "\n" not in message and message.startswith(out.name)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=0, max_size=300))
def test_files_that_are_not_packets_are_refused_in_one_line(
        tmp_path: Path, session: Session, questionnaire: Questionnaire, raw: bytes) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(raw)
    with pytest.raises(PacketError) as err:
        read(session, questionnaire, path)
    assert "\n" not in str(err.value)


def test_a_packet_signed_for_one_practice_cannot_be_re_signed_without_its_secret(
        tmp_path: Path, session: Session, questionnaire: Questionnaire,
        demo_data: PracticeData) -> None:
    """The fingerprint and signature hang on material the packet never carries."""
    path = make(session, questionnaire, tmp_path / "p.xlsx")
    manifest = json.loads(load_workbook(path)["Manifest"]["A1"].value)
    secret = session.packet_secret()
    assert secret.hex() not in path.read_bytes().decode("latin-1")
    assert manifest["practice"] != packet._fingerprint(b"\0" * 32)


def test_no_questions_is_a_plain_message(tmp_path: Path, session: Session,
                                         questionnaire: Questionnaire) -> None:
    with pytest.raises(PacketError, match="no questions"):
        packet.export_packet(tmp_path / "p.xlsx", [], questionnaire, session.packet_secret(),
                             1, TODAY)
    assert not (tmp_path / "p.xlsx").exists()
