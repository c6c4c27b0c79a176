"""``cosp letters`` end to end: real XeLaTeX, the PDFs read back with pdftotext (slow)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from fixtures.correspondence import workspace as fx
from fixtures.correspondence.run import Run, cosp, letters, pdf_text, recorded, sha256, squeezed

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("xelatex") is None, reason="XeLaTeX is not installed"),
]
STATES = ("CHL", "SEN", "SAU", "CHN", "RUS")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Run]:
    """The invitations of the test cycle's five recipients, prepared once for the module."""
    ws = fx.make_workspace(tmp_path_factory.mktemp("letters"))
    run = letters(ws, "invitation", "2026-12-01", ws / "out")
    return ws, ws / "out" / "letters-test" / "invitation-2026-12-01", run


def test_the_invitations_are_written_for_every_recipient_with_a_manifest(batch) -> None:
    _, folder, run = batch
    assert run.code == 0, run.err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [f"letters-test_invitation_{s}.{x}" for s in STATES for x in ("pdf", "docx")]
        + ["manifest.csv"]
    )
    assert run.out.splitlines()[-1] == str(folder / "manifest.csv")
    manifest = (folder / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == (
        "state,name,kind,language,dated,reference,pdf,docx,pdf_sha256,docx_sha256,email"
    )
    chile = manifest[1].split(",")
    assert chile[:8] == [
        "CHL",
        "Chile",
        "invitation",
        "en",
        "2026-12-01",
        "CU 2026/77/DTA/OCB/CSS",
        "letters-test_invitation_CHL.pdf",
        "letters-test_invitation_CHL.docx",
    ]
    assert chile[8:] == [
        sha256(folder / "letters-test_invitation_CHL.pdf"),
        sha256(folder / "letters-test_invitation_CHL.docx"),
        "mission.chile@example.org",
    ]
    assert [row.split(",")[0] for row in manifest[1:]] == sorted(STATES)
    assert manifest[2].endswith(",")  # no e-mail recorded for China


def test_the_pdf_reads_as_a_note_verbale(batch) -> None:
    _, folder, _ = batch
    text = pdf_text(folder / "letters-test_invitation_CHL.pdf")
    assert text.startswith(
        "United Nations Office on Drugs and Crime Reference: CU 2026/77/DTA/OCB/CSS The "
        "Secretariat of the United Nations Office on Drugs and Crime (UNODC) presents its "
        "compliments to the Permanent Mission of Chile to the United Nations (Vienna) and has "
        "the honour to invite the Republic of Chile"
    )
    for words in (
        "at the latest by 31 March 2027",
        "by e-mail to cosp.review@un.org",
        "avails itself of this opportunity to renew to the Permanent Mission of Chile to the "
        "United Nations (Vienna) the assurances of its highest consideration. Vienna, 1 "
        "December 2026",
        "Enclosure: self-assessment questionnaire (letters-test_CHL.xlsx)",
        "Permanent Mission of Chile to the United Nations (Vienna) Lugeck 1/3/10 1010 Vienna 1 "
        "United Nations Convention",  # the address, then the footnote: the city once
        "1 United Nations Convention against Cybercrime; Strengthening International",
    ):
        assert words in text
    for placeholder in ("None", "{{", "{%", "[[[", "%(", "presents its compliments to the and"):
        assert placeholder not in text
    info = subprocess.run(
        ["pdfinfo", str(folder / "letters-test_invitation_CHL.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)


def test_mission_names_in_arabic_chinese_and_cyrillic_are_set(batch) -> None:
    _, folder, _ = batch
    for state, mission in (
        ("SAU", "البعثة الدائمة للمملكة العربية السعودية لدى الأمم المتحدة (فيينا)"),
        ("CHN", "中华人民共和国常驻维也纳联合国和其他国际组织代表团"),
        (
            "RUS",
            "Постоянное представительство Российской Федерации при международных "
            "организациях в Вене",
        ),
    ):
        text = pdf_text(folder / f"letters-test_invitation_{state}.pdf")
        assert "presents its compliments to the" in text
        if state == "SAU":  # an Arabic run read back word by word, each in its own order
            for word in mission.replace("(", " ").replace(")", " ").split():
                assert word in text
        else:
            assert mission in text.replace(" ", "") or mission in text
    fonts = subprocess.run(
        ["pdffonts", str(folder / "letters-test_invitation_SAU.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Amiri" in fonts


def test_the_address_block_is_left_out_with_a_warning_when_not_confirmed(batch) -> None:
    _, folder, run = batch
    assert (
        "warning: the address block is left out of 4 letter(s): the registry has no confirmed "
        "street address for SEN, SAU, CHN, RUS." in run.err
    )
    assert "key 'address_lines'" in run.err
    senegal = pdf_text(folder / "letters-test_invitation_SEN.pdf")
    assert senegal.count("Permanent Mission of Senegal") == 2  # the two formulas only
    chile = pdf_text(folder / "letters-test_invitation_CHL.pdf")
    assert chile.count("Permanent Mission of Chile") == 3  # and the address


def test_every_letter_prepared_is_recorded_in_the_store(batch) -> None:
    ws, folder, _ = batch
    rows = recorded(ws)
    assert [r[0] for r in rows] == list(STATES)
    for state, kind, dated, reference, language, pdf, pdf_hash, docx_hash in rows:
        assert (kind, dated, reference, language) == (
            "invitation",
            "2026-12-01",
            "CU 2026/77/DTA/OCB/CSS",
            "en",
        )
        assert pdf == f"letters-test_invitation_{state}.pdf"
        assert pdf_hash == sha256(folder / pdf)
        assert docx_hash == sha256(folder / pdf.replace(".pdf", ".docx"))


def test_the_same_inputs_give_the_same_bytes_and_one_record(batch) -> None:
    ws, folder, _ = batch
    again = letters(ws, "invitation", "2026-12-01", ws / "again")
    assert again.code == 0, again.err
    other = ws / "again" / "letters-test" / "invitation-2026-12-01"
    for path in folder.iterdir():
        assert (other / path.name).read_bytes() == path.read_bytes(), path.name
    # A letter's bytes do not depend on its batch: Chile first and Russia last in it, alone.
    for state in ("CHL", "RUS"):
        alone = letters(ws, "invitation", "2026-12-01", ws / f"alone-{state}", "--state", state)
        assert alone.code == 0, alone.err
        single = ws / f"alone-{state}" / "letters-test" / "invitation-2026-12-01"
        for suffix in ("pdf", "docx"):
            name = f"letters-test_invitation_{state}.{suffix}"
            assert (single / name).read_bytes() == (folder / name).read_bytes(), name
    assert len(recorded(ws)) == len(STATES)


def test_the_pdf_information_is_fixed(batch) -> None:
    _, folder, _ = batch
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(folder / "letters-test_invitation_SEN.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Title:           Note verbale CU 2026/77/DTA/OCB/CSS" in info
    assert "Subject:         Invitation: Senegal" in info
    assert "CreationDate:    2026-12-01T00:00:00" in info


def hostile(ws: Path, marker: Path) -> str:
    payload = (
        rf"the Republic \input{{/etc/passwd}} \immediate\write18{{touch {marker}}} "
        r"\def\x{y} {} % # & _ ^ ~ $x$ {{ 7*7 }} {% if 1 %}yes{% endif %} <b>bold</b> "
        "\u202eevil\u202c"
    )
    path = ws / "data" / "states.yaml"
    quoted = payload.replace("'", "''")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "formal_name: the Republic of Senegal", f"formal_name: '{quoted}'"
        ),
        encoding="utf-8",
    )
    return payload


def test_untrusted_text_appears_literally_and_runs_nothing(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    marker = tmp_path / "pwned"
    payload = hostile(ws, marker)
    file_name = r"\input{/etc/hostname}_50%_#1 & {{ x }}.xlsx"
    fx.submit(ws, "SEN", "2027-01-10T08:00:00+00:00", file_name=file_name)
    run = letters(ws, "acknowledgement", "2027-01-12", tmp_path / "out")
    assert run.code == 0, run.err
    pdf = tmp_path / "out" / "letters-test" / "acknowledgement-2027-01-12"
    text = pdf_text(pdf / "letters-test_acknowledgement_SEN.pdf")
    shown = payload.replace("\u202e", "[U+202E]").replace("\u202c", "[U+202C]")
    # Lines may break inside the long text (and TeX may hyphenate a word): compare it
    # without white space and hyphens, and its dangerous parts as they are.
    assert squeezed(shown) in squeezed(text)
    for part in (
        r"\input{/etc/passwd}",
        r"\immediate\write18{touch",
        r"\def\x{y}",
        "{} % # & _ ^ ~ $x$",
        "{{ 7*7 }}",
        "{% if 1 %}yes{% endif %}",
        "<b>bold</b>",
        "[U+202E]evil[U+202C]",
    ):
        assert part in text
    assert squeezed(f"as the file {file_name}") in squeezed(text)
    assert not marker.exists()
    assert "Missing character" not in run.err


def test_a_missing_field_stops_that_letter_and_the_others_are_written(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    own = ws / "templates" / "letters"
    own.mkdir(parents=True)
    (own / "invitation.xml.jinja").write_text(
        '{% extends "base.xml.jinja" %}{% block body %}<p>{% trans m=state.mission, '
        "e=state.email %}The Secretariat presents its compliments to the {{ m }} and has the "
        "honour to write to {{ e }}.{% endtrans %}</p>{% endblock %}",
        encoding="utf-8",
    )
    run = letters(ws, "invitation", "2026-12-01", tmp_path / "out")
    assert run.code == 1
    for code, name in (("SEN", "Senegal"), ("SAU", "Saudi Arabia")):
        assert (
            f"error: the invitation to {code} ({name}) was not prepared: it needs state.email, "
            "which has no value." in run.err
        )
    assert "states.yaml, key 'email'" in run.err
    folder = tmp_path / "out" / "letters-test" / "invitation-2026-12-01"
    assert sorted(p.name for p in folder.iterdir()) == [
        "letters-test_invitation_CHL.docx",
        "letters-test_invitation_CHL.pdf",
        "manifest.csv",
    ]
    assert "write to mission.chile@example.org" in pdf_text(
        folder / "letters-test_invitation_CHL.pdf"
    )
    assert [r[0] for r in recorded(ws)] == ["CHL"]


def test_a_character_missing_from_the_fonts_fails_the_batch(tmp_path: Path, monkeypatch) -> None:
    from toolkit.correspondence import fonts, typeset

    everything = frozenset(range(0x110000))
    monkeypatch.setattr(
        typeset, "coverage", lambda: fonts.Coverage(everything, everything, everything)
    )
    ws = fx.make_workspace(tmp_path / "ws")
    own = ws / "templates" / "letters"
    own.mkdir(parents=True)
    (own / "invitation.xml.jinja").write_text(
        '{% extends "base.xml.jinja" %}{% block body %}<p>A sign: \U0001f600</p>{% endblock %}',
        encoding="utf-8",
    )
    run = letters(ws, "invitation", "2026-12-01", tmp_path / "out")
    assert run.code == 1
    assert "[letters.missing-character]" in run.err
    assert "U+1F600" in run.err
    assert not (tmp_path / "out" / "letters-test").exists()
    assert not fx.store_path(ws).exists()


def test_no_letter_before_the_questionnaires_are_issued(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    (ws / "cycles" / "letters-test.questions.json").unlink()
    run = letters(ws, "invitation", "2026-12-01", tmp_path / "out")
    assert run.code == 1
    assert "have not been issued" in run.err and "[letters.not-issued]" in run.err


def test_an_unknown_state_is_an_error_naming_it(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    run = letters(ws, "invitation", "2026-12-01", tmp_path / "out", "--state", "CHM")
    assert run.code == 1  # not found
    assert "[letters.unknown-state]" in run.err
    assert "'CHM' is not the code of a State in the registry" in run.err


def test_a_cycle_from_invitations_to_acknowledgements_and_its_status(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    assert letters(ws, "invitation", "2026-12-01", out).code == 0
    china = fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00", answered=3)
    fx.reject(ws, "SEN", "2027-03-20T10:00:00+00:00", file_name="senegal.xlsx")
    reminders = letters(ws, "reminder", "2027-04-05", out)
    assert reminders.code == 0, reminders.err
    folder = out / "letters-test" / "reminder-2027-04-05"
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        f"letters-test_reminder_{s}.pdf" for s in ("CHL", "RUS", "SAU", "SEN")
    ]
    senegal = pdf_text(folder / "letters-test_reminder_SEN.pdf")
    assert "refer to its note CU 2026/77/DTA/OCB/CSS of 1 December 2026" in senegal
    assert (
        "it has not received the completed questionnaire, which was expected by 31 March "
        "2027" in senegal
    )
    assert (
        "The Secretariat received on 20 March 2027 the file senegal.xlsx, which could not "
        "be recorded." in senegal
    )
    assert "1. sheet “Chapter II”, cell D5: the answer “Yess” is not one of the list." in senegal
    thanks = letters(ws, "acknowledgement", "2027-04-06", out)
    assert thanks.code == 0, thanks.err
    (ack,) = (out / "letters-test" / "acknowledgement-2027-04-06").glob("*.pdf")
    assert ack.name == "letters-test_acknowledgement_CHN.pdf"
    assert "received on 10 March 2027 as the file answers.xlsx" in pdf_text(ack)
    assert "The questionnaire answers 3 of its 3 questions." in pdf_text(ack)
    again = letters(ws, "acknowledgement", "2027-04-07", out)
    assert again.code == 0 and "no acknowledgement to prepare" in again.err
    status = cosp(
        ws, "status", "--cycle", "letters-test", "--as-of", "2027-04-07", "--format", "json"
    )

    records = {r["state"]: r for r in json.loads(status.out)["records"]}
    assert {s: r["status"] for s, r in records.items()} == {
        "CHL": "reminded",
        "SEN": "rejected",
        "SAU": "reminded",
        "CHN": "accepted",
        "RUS": "reminded",
    }
    assert records["CHN"]["acknowledged"] == "2027-04-06"
    assert records["SEN"]["reminded"] == "2027-04-05"
    assert date.fromisoformat(records["CHN"]["last_received"]) == date(2027, 3, 10)
    assert china.id == 1


def test_without_out_the_batch_goes_to_the_workspaces_letters_folder(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    run = cosp(
        ws,
        "letters",
        "--kind",
        "invitation",
        "--cycle",
        "letters-test",
        "--date",
        "2026-12-01",
        "--state",
        "CHL",
    )
    assert run.code == 0, run.err
    folder = ws / "letters" / "letters-test" / "invitation-2026-12-01"
    assert run.out.splitlines() == [
        str(folder / "letters-test_invitation_CHL.pdf"),
        str(folder / "letters-test_invitation_CHL.docx"),
        str(folder / "manifest.csv"),
    ]
