"""A generated workbook, filled in and saved through LibreOffice headless, keeps its answers.

CI installs LibreOffice (``.ci/run``); on a machine without ``soffice`` these tests skip.
Each run uses a private LibreOffice profile so that parallel runs do not clash.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SOFFICE, soffice_convert
from openpyxl import load_workbook

from toolkit import instrument
from toolkit.cycle import load_cycle
from toolkit.questionnaire import metadata_checksum
from toolkit.questionnaire.questions import prepare
from toolkit.questionnaire.workbook import write_workbook
from toolkit.registry import load_registry

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here"),
]


def convert(source: Path, target_format: str, tmp_path: Path) -> tuple[Path, str]:
    """Convert with ``soffice --headless --convert-to``; return the output and stderr."""
    out = tmp_path / f"converted-{target_format}"
    profile = tmp_path / "lo-profile"
    done = soffice_convert(source, target_format, out, profile)
    result = out / f"{source.stem}.{target_format}"
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "error" not in done.stdout.lower(), done.stderr
    assert result.is_file() and result.stat().st_size > 0, (done.stdout, done.stderr)
    return result, done.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    cycle = load_cycle()
    questionnaire = prepare(instrument.load(cycle.source), cycle)
    folder = tmp_path_factory.mktemp("lo")
    return write_workbook(questionnaire, folder / "CHL.xlsx", load_registry().get("CHL"))


def test_libreoffice_opens_and_saves_a_filled_workbook_with_answers_intact(
    generated: Path, tmp_path: Path
) -> None:
    book = load_workbook(generated)
    ws = book["Chapter II"]
    assert (ws["A4"].value, ws["A5"].value, ws["A6"].value) == ("7.1", "7.2", "8.1")
    ws["D4"], ws["E4"] = "Yes", "Penal Code, art. 269"  # 7.1, mandatory
    ws["I4"], ws["J4"] = "Financial resources", "Equipment and forensic tools"
    ws["D5"] = "No, it has not"  # 7.2, optional: an allowed choice, not a gap
    ws["D6"] = "Partially"  # 8.1, without legislation: counted as missing
    book["Chapter IV"]["D4"] = "Not applicable"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    saved, _ = convert(filled, "xlsx", tmp_path)
    back = load_workbook(saved, data_only=True)
    assert back.sheetnames[:4] == ["Cover", "Chapter II", "Chapter IV", "Progress"]
    ws = back["Chapter II"]
    assert [c.value for c in ws[3]][:4] == ["ID", "Provision", "Question", "Answer"]
    assert (ws["A4"].value, ws["D4"].value, ws["E4"].value) == (
        "7.1",
        "Yes",
        "Penal Code, art. 269",
    )
    assert (ws["I4"].value, ws["J4"].value) == (
        "Financial resources",
        "Equipment and forensic tools",
    )
    # LibreOffice computed the Progress formulas on the way through: answered, in place, in
    # part, not in place, not used or reserved, not applicable, in place without legislation.
    progress = {r[0]: r for r in back["Progress"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert progress["II"][3:10] == (3, 1, 1, 0, 1, 0, 1)
    assert progress["IV"][3:10] == (1, 0, 0, 0, 0, 1, 0)
    assert progress["Total"][3] == 4
    # The metadata survives (as a plain hidden sheet) and still checks out.
    pairs = [
        (str(a), "" if b is None else str(b))
        for a, b in back["Metadata"].iter_rows(values_only=True)
    ]
    assert dict(pairs)["state"] == "CHL"
    assert dict(pairs)["checksum"] == metadata_checksum(pairs)
    # Dropdowns and protection survive too.
    (answer,) = [dv for dv in ws.data_validations.dataValidation if "D4" in dv.sqref]
    assert answer.showErrorMessage
    assert ws.protection.sheet and not ws["D4"].protection.locked


def test_libreoffice_prints_the_workbook_to_pdf(generated: Path, tmp_path: Path) -> None:
    pdf, _ = convert(generated, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
