"""``cosp provisions``: the stable catalogue other tools script against (json, csv, yaml)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from toolkit.cli import main
from toolkit.instrument import load

ROOT = Path(__file__).resolve().parent.parent

PROTOCOL = Path(__file__).parent / "fixtures" / "instrument" / "protocol.txt"
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
REQUIRED_FIELDS = (
    "id eid article kind chapter title text obligation flags qualifiers addressee references notes"
)
REQUIRED = REQUIRED_FIELDS.split()
PROTOCOL_IDS = (
    "1 1.1 1.2 1.3 2 2.a 2.b 2.b.i 2.b.ii 2.c 3 4 4.1 4.1.a 4.1.b 4.2 5 6 6.1 6.2 "
    "7 7.1 7.2 8 8.1 8.2 8.3 9 10 11 11.1 11.2 12 12.1 12.2"
)
FORMULAS = Path(__file__).parent / "fixtures" / "instrument" / "formulas.txt"


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["provisions", "-q", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """The JSON catalogue of the bundled Convention (run once for the module)."""
    capture = io.StringIO()
    with contextlib.redirect_stdout(capture):
        assert main(["provisions"]) == 0
    return json.loads(capture.getvalue())


def expected_ids() -> list[str]:
    """Document order from the structure fixture (read from the text, not from the parser)."""
    ids = []
    fixture = Path(__file__).parent / "fixtures" / "instrument" / "convention_structure.txt"
    for line in fixture.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            number, _, children = (cell.strip() for cell in line.split("|"))
            ids += [number, *([] if children == "-" else children.split())]
    return ids


# --- json ----------------------------------------------------------------------------------


def test_json_lists_every_provision_in_document_order(records):
    assert [r["id"] for r in records] == expected_ids()


def test_json_records_have_the_required_fields_and_types(records):
    for record in records:
        assert set(REQUIRED) <= set(record), record["id"]
        assert isinstance(record["article"], int)
        assert record["id"].split(".")[0] == str(record["article"])
        assert record["kind"] in ("article", "paragraph", "subparagraph", "clause")
        assert record["chapter"] in ROMAN
        assert record["obligation"] in ("mandatory", "consider", "optional", "none")
        for name in ("flags", "qualifiers", "references", "notes"):
            assert isinstance(record[name], list), (record["id"], name)
        assert set(record["flags"]) <= {"reservation", "notification"}
        assert isinstance(record["text"], str) and isinstance(record["addressee"], str)


def test_json_titles_are_on_articles_only(records):
    for record in records:
        assert bool(record["title"]) == (record["kind"] == "article"), record["id"]


def test_json_notes_are_on_articles_with_their_text(records):
    by_id = {r["id"]: r for r in records}
    assert [n["number"] for n in by_id["2"]["notes"]] == [1, 2]
    assert [n["number"] for n in by_id["35"]["notes"]] == [4, 5]
    assert by_id["23"]["notes"][0]["heading"].startswith("Articles 23 and 35")
    assert by_id["17"]["notes"][0]["text"].startswith("In the framework of the convention")
    assert all(not r["notes"] for r in records if r["kind"] != "article")


def test_json_record_of_a_paragraph(records):
    record = next(r for r in records if r["id"] == "41.2")
    assert record["eid"] == "art_41__para_2"
    assert record["article"] == 41
    assert record["kind"] == "paragraph"
    assert record["chapter"] == "V"
    assert record["obligation"] == "mandatory"
    assert record["obligation_source"] == "rule"  # "shall be notified": the States notify
    assert record["flags"] == ["notification"]
    assert record["reviewed"] is True
    assert record["reviewed_reason"] == "obliges States Parties"
    assert (record["question_level"], record["asked"], record["question_kind"]) == (
        True,
        True,
        "notification",
    )
    assert record["elements"] == [
        {
            "words": "shall be notified",
            "obligation": "mandatory",
            "addressee": "States Parties",
            "part": "text",
            "start": 44,
            "end": 61,
        },
        {
            "words": "shall annually circulate",
            "obligation": "none",
            "addressee": "Secretary-General",
            "part": "text",
            "start": 185,
            "end": 209,
        },
    ]
    assert record["text"].startswith(
        "The Secretary-General of the United Nations shall be notified"
    )


def test_json_references_and_qualifiers(records):
    by_id = {r["id"]: r for r in records}
    assert by_id["42.6"]["references"] == ["40.21.b", "40.21.c", "40.22"]
    assert "within its means" in by_id["33.1"]["qualifiers"]
    assert by_id["40.26"]["addressee"] == "requested State Party"


def test_json_matches_the_model(records):
    convention = load()
    assert len(records) == len(convention.provisions)
    for record, provision in zip(records, convention.provisions, strict=True):
        assert record["text"] == provision.text
        assert record["references"] == list(provision.references)


def test_json_is_utf8_text_not_escapes(capsys):
    status, out, _ = run(capsys, "--id", "2.b")
    assert status == 0
    assert "“Electronic data”" in out
    assert "\\u201c" not in out


# --- csv and yaml ------------------------------------------------------------------------------


def test_csv_has_one_row_per_provision_with_lists_joined(capsys, records):
    status, out, err = run(capsys, "--format", "csv")
    assert (status, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert set(REQUIRED) <= set(rows[0])
    by_id = {r["id"]: r for r in rows}
    assert by_id["42.6"]["references"] == "40.21.b; 40.21.c; 40.22"
    assert by_id["63.4"]["flags"] == "reservation; notification"
    assert by_id["35"]["notes"] == "4; 5"
    assert by_id["40"]["article"] == "40"
    assert by_id["40"]["chapter"] == "V"


def test_csv_cells_never_start_a_formula(capsys):
    _, out, _ = run(capsys, "--format", "csv")
    for row in csv.DictReader(io.StringIO(out)):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_csv_neutralises_words_that_would_start_a_formula(capsys):
    # The fixture's title and paragraphs begin with "=", "-", "@": a spreadsheet opening the
    # catalogue must show them as words, not evaluate them.
    status, out, _ = run(capsys, "--source", str(FORMULAS), "--format", "csv")
    assert status == 0
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert by_id["1"]["title"] == """'=HYPERLINK("http://example.org/x","click")"""
    assert by_id["1.1"]["text"] == (
        "'=1+2 Each State Party shall adopt such measures as may be necessary."
    )
    assert by_id["1.2"]["text"] == "'-2+3 A State Party may require an intent."
    assert by_id["1.3"]["text"] == "'@SUM(A1:A2) and +cmd start these words."
    # JSON keeps the words as they are: only a spreadsheet cell needs the quote.
    _, out, _ = run(capsys, "--source", str(FORMULAS))
    assert {r["id"]: r for r in json.loads(out)}["1.1"]["text"].startswith("=1+2 Each")


def test_csv_writes_the_review_fields(capsys):
    _, out, _ = run(capsys, "--format", "csv")
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    row = by_id["40.20"]
    assert (row["reviewed"], row["question_level"], row["asked"]) == ("true", "true", "true")
    assert row["question_kind"] == "mandatory"
    assert row["elements"] == (
        "may require: optional (requesting State Party); "
        "shall promptly inform: mandatory (requested State Party)"
    )
    assert by_id["68.2"]["reviewed_reason"] == (
        "a final clause (depositary): not implemented by domestic measures"
    )
    assert by_id["68.2"]["question_kind"] == ""


def test_yaml_equals_json(capsys, records):
    status, out, _ = run(capsys, "--format", "yaml")
    assert status == 0
    assert yaml.safe_load(out) == records  # ids such as 7.1 stay strings


# --- one provision with its context -------------------------------------------------------------


def test_id_prints_one_provision_with_its_context(capsys):
    status, out, err = run(capsys, "--id", "40.21.b")
    assert (status, err) == (0, "")
    item = json.loads(out)
    assert item["id"] == "40.21.b"
    assert item["citation"] == "article 40, paragraph 21 (b)"
    context = item["context"]
    assert context["article_title"] == (
        "General principles and procedures relating to mutual legal assistance"
    )
    assert [a["id"] for a in context["ancestors"]] == ["40", "40.21"]
    assert context["children"] == []
    assert set(context["referred_to_by"]) == {"42.6", "43.2"}
    assert context["full_text"].startswith("If the requested State Party considers")


def test_id_of_a_paragraph_lists_its_children_and_full_text(capsys):
    status, out, _ = run(capsys, "--id", "11.1")
    item = json.loads(out)
    assert status == 0
    assert [c["id"] for c in item["context"]["children"]] == ["11.1.a", "11.1.b"]
    full = item["context"]["full_text"]
    assert "(a) The obtaining, production" in full
    assert "(i) A device, including a program" in full
    assert "with the intent that the device" in full


def test_id_is_case_and_space_insensitive(capsys):
    status, out, _ = run(capsys, "--id", " 11.1.A.II ")
    assert status == 0
    assert json.loads(out)["id"] == "11.1.a.ii"


def test_id_in_csv_gives_ancestors_the_provision_and_children(capsys):
    status, out, _ = run(capsys, "--id", "17.1.a", "--format", "csv")
    assert status == 0
    rows = csv.DictReader(io.StringIO(out))
    assert [r["id"] for r in rows] == ["17", "17.1", "17.1.a", "17.1.a.i", "17.1.a.ii"]


def test_id_in_yaml(capsys):
    status, out, _ = run(capsys, "--id", "13", "--format", "yaml")
    item = yaml.safe_load(out)
    assert status == 0
    assert item["id"] == "13"
    assert item["wrap_up"].startswith("with the fraudulent or dishonest intent")


@pytest.mark.parametrize("wanted", ["99.9", "7.3", "article 7", "11.1.a.iii"])
def test_unknown_id_exits_1_with_a_message_and_no_traceback(capsys, wanted):
    status, out, err = run(capsys, "--id", wanted)
    assert status == 1  # not found
    assert out == ""
    assert f"there is no provision {wanted!r}" in err
    assert "cosp provisions --format csv" in err
    assert "Traceback" not in err


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["provisions", "--format", "xml"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# --- --source: another instrument of the same layout --------------------------------------------


def test_source_parses_a_protocol_with_the_same_code(capsys):
    status, out, err = run(capsys, "--source", str(PROTOCOL))
    assert (status, err) == (0, "")
    records = json.loads(out)
    assert [r["id"] for r in records] == PROTOCOL_IDS.split()
    by_id = {r["id"]: r for r in records}
    assert [by_id[str(n)]["chapter"] for n in range(1, 13)] == ["I"] * 3 + ["II"] * 3 + ["III"] * 6
    assert by_id["3"]["title"] == "Statement of purpose"  # "Article 3." with a stray period
    assert by_id["5"]["title"] == "Laundering of proceeds"  # "*Article 5**...*"
    assert by_id["6"]["title"] == "Cooperation"  # "Article 6 *Cooperation*"
    assert by_id["2.b.i"]["kind"] == "clause"


def test_source_protocol_obligations_by_the_rules_alone(capsys):
    _, out, _ = run(capsys, "--source", str(PROTOCOL))
    by_id = {r["id"]: r for r in json.loads(out)}
    assert by_id["4.1"]["obligation"] == "mandatory"  # "Each State Party shall adopt"
    assert by_id["4.1.a"]["obligation"] == "mandatory"  # inherited
    assert by_id["4.1.a"]["obligation_source"] == "inherited"
    assert by_id["4.2"]["obligation"] == "optional"  # "may reserve the right"
    assert by_id["4.2"]["flags"] == ["reservation", "notification"]
    assert by_id["2.a"]["obligation"] == "none"  # "shall mean"
    assert by_id["5"]["obligation"] == "mandatory"  # "Each State Party shall include"
    assert by_id["6.2"]["obligation"] == "consider"  # "shall consider entering into"
    assert by_id["1.1"]["obligation"] == "none"  # "It shall be interpreted together"
    # The Convention's curated overrides do not apply to another instrument.
    assert all(r["obligation_source"] != "override" for r in by_id.values())


def test_source_protocol_final_clauses_are_not_reviewed_without_an_override(capsys):
    _, out, _ = run(capsys, "--source", str(PROTOCOL))
    by_id = {r["id"]: r for r in json.loads(out)}
    for number in range(7, 13):  # chapter III "Final provisions", articles 7 to 12
        for record in (r for r in by_id.values() if r["article"] == number):
            assert record["reviewed"] is False, record["id"]
            assert record["asked"] is False, record["id"]
    assert by_id["7.1"]["reviewed_reason"] == (
        "a final clause (settlement of disputes): not implemented by domestic measures"
    )
    assert by_id["12"]["reviewed_reason"] == (
        "a final clause (depositary): not implemented by domestic measures"
    )
    # Their obligations and flags stay as the words say them.
    assert (by_id["7.1"]["obligation"], by_id["7.1"]["flags"]) == ("consider", [])
    assert (by_id["7.2"]["obligation"], by_id["7.2"]["flags"]) == ("optional", ["reservation"])
    assert (by_id["8.2"]["obligation"], by_id["8.2"]["flags"]) == ("mandatory", ["notification"])
    assert (by_id["11.1"]["obligation"], by_id["11.1"]["flags"]) == ("optional", ["notification"])
    # The depositary keeps the original: no obligation of States, nothing to notify.
    assert (by_id["12.2"]["obligation"], by_id["12.2"]["flags"]) == ("none", [])
    assert by_id["12.2"]["elements"][0]["obligation"] == "none"
    assert by_id["9"]["obligation"] == "none"  # "shall enter into force"
    # The protocol's own substance is reviewed and asked.
    assert (by_id["4.1"]["reviewed"], by_id["4.1"]["asked"]) == (True, True)
    assert by_id["4.2"]["question_kind"] == "notification"


def test_source_protocol_definition_by_reference_binds_no_one(capsys):
    _, out, _ = run(capsys, "--source", str(PROTOCOL))
    assert {r["id"]: r for r in json.loads(out)}["2.c"]["obligation"] == "none"


def test_source_protocol_references_to_the_convention_stay_external(capsys):
    _, out, _ = run(capsys, "--source", str(PROTOCOL))
    by_id = {r["id"]: r for r in json.loads(out)}
    assert by_id["5"]["references"] == ["4"]  # not "17": that is the Convention's article
    assert by_id["2.c"]["references"] == []  # "article 2 of the Convention" is not 2 here
    assert by_id["6.1"]["references"] == ["4"]  # "articles 35 to 52 of the Convention" dropped
    assert by_id["4.1.a"]["references"] == ["2.b"]


def write_overrides(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "protocol-overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overrides_file_applies_to_another_instrument(capsys, tmp_path):
    overrides = write_overrides(
        tmp_path,
        "overrides:\n"
        "  - ids: [4.2]\n"
        "    obligation: mandatory\n"
        "    reviewed: false\n"
        "    reason: Read by the secretariat as a duty to notify.\n",
    )
    status, out, err = run(capsys, "--source", str(PROTOCOL), "--overrides", str(overrides))
    assert (status, err) == (0, "")
    record = {r["id"]: r for r in json.loads(out)}["4.2"]
    assert (record["obligation"], record["obligation_source"]) == ("mandatory", "override")
    assert record["override_reason"] == "Read by the secretariat as a duty to notify."
    assert (record["reviewed"], record["asked"]) == (False, False)
    assert record["reviewed_reason"] == "Read by the secretariat as a duty to notify."


def test_an_unknown_id_in_an_overrides_file_names_that_file_and_line(capsys, tmp_path):
    overrides = write_overrides(
        tmp_path,
        "overrides:\n  - ids: [4.2, 40.20]\n    obligation: none\n    reason: A test.\n",
    )
    status, out, err = run(capsys, "--source", str(PROTOCOL), "--overrides", str(overrides))
    assert (status, out) == (1, "")
    assert err.startswith(
        f"cosp: {overrides}, line 2, key 'ids': error: no provision '40.20' in Protocol "
    )
    assert "[overrides.unknown-id]" in err and "Traceback" not in err


def test_no_overrides_and_overrides_exclude_each_other(capsys, tmp_path):
    overrides = write_overrides(tmp_path, "overrides: []\n")
    status, _, err = run(capsys, "--overrides", str(overrides), "--no-overrides")
    assert status == 2
    assert "--overrides and --no-overrides exclude each other" in err


def test_source_protocol_with_id(capsys):
    status, out, _ = run(capsys, "--source", str(PROTOCOL), "--id", "4.1.b")
    item = json.loads(out)
    assert status == 0
    assert item["context"]["article_title"] == "Deployment of automated attack tools"
    assert item["context"]["referred_to_by"] == ["4.2"]


def test_source_protocol_has_no_notes_or_resolution():
    protocol = load(PROTOCOL)
    assert protocol.resolution is None
    assert protocol.notes == ()
    assert protocol.title.startswith("Protocol supplementary to the United Nations Convention")
    assert protocol.preamble[0] == "The States Parties to this Protocol,"
    assert protocol.preamble[-1] == "Have agreed as follows:"
    assert protocol.testimonium.endswith("have signed this Protocol.")


# --- as a program ------------------------------------------------------------------------------


def test_python_m_toolkit_provisions_runs_as_a_program():
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "provisions", "-q", "--id", "7.1", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    item = json.loads(done.stdout)
    assert (item["id"], item["obligation"]) == ("7.1", "mandatory")


def test_program_with_unknown_id_exits_1_without_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "provisions", "--id", "70"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1  # not found
    assert done.stdout == ""
    assert "there is no provision '70'" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_id_in_another_source_names_that_file(capsys):
    status, out, err = run(capsys, "--source", str(PROTOCOL), "--id", "99")
    assert (status, out) == (1, "")
    assert f"{PROTOCOL}: error: there is no provision '99'" in err
    assert "Traceback" not in err


def test_an_empty_id_is_an_unknown_id_not_the_whole_catalogue(capsys):
    status, out, err = run(capsys, "--id", "")
    assert (status, out) == (1, "")
    assert "there is no provision ''" in err


def test_a_path_the_system_refuses_is_named_without_a_traceback(capsys, monkeypatch):
    def refuse(args):
        raise PermissionError(13, "Permission denied", "/srv/out/catalogue.csv")

    monkeypatch.setattr("toolkit.instrument.cli.run", refuse)
    status = main(["provisions"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("cosp: /srv/out/catalogue.csv: error: this path cannot be read or ")
    assert "(Permission denied)" in err and "[os.path]" in err
    assert "Traceback" not in err


def test_the_program_ends_with_its_exit_status_and_all_its_output(tmp_path: Path) -> None:
    """``python -m toolkit`` (as the ``cosp`` script) leaves without freeing its objects one by
    one: its output is whole, its status kept, its exit handlers run."""
    whole = subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", "provisions", "--format", "csv"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert whole.returncode == 0, whole.stderr
    rows = list(csv.DictReader(io.StringIO(whole.stdout)))
    assert len(rows) == 547 and rows[-1]["id"] == "68.2"  # the last row written, not cut
    unknown = subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", "provisions", "--id", "99.99"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert unknown.returncode == 1 and "[provisions.unknown-id]" in unknown.stderr
    script = (
        "import atexit, pathlib, sys, tempfile\n"
        "folder = tempfile.TemporaryDirectory()\n"
        "pathlib.Path(sys.argv[1]).write_text(folder.name)\n"
        "sys.argv = ['cosp', '-q', 'provisions', '--id', '7']\n"
        "from toolkit.cli import run\n"
        "run()\n"
    )
    note = tmp_path / "folder.txt"
    ended = subprocess.run(
        [sys.executable, "-c", script, str(note)], capture_output=True, text=True, check=False
    )
    assert ended.returncode == 0 and '"id": "7"' in ended.stdout, ended.stderr
    assert not Path(note.read_text()).exists()  # the exit handlers ran: the folder is gone
