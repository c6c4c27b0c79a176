"""The day a file arrived: ``cosp ingest --received``, lists of received files (``--replies``),
and where the day is recorded (store, receipts, reception log)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fixtures.intake import workbooks as wb

from toolkit.cli import main
from toolkit.errors import ConfigError
from toolkit.intake import Store
from toolkit.intake.arrivals import read_arrivals


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "cosp.sqlite3"


@pytest.fixture(autouse=True)
def fake_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands use the test reference (three States, one cycle of six questions)."""
    monkeypatch.setattr("toolkit.intake.expected.ToolkitReference", wb.Reference)


def filled(tmp_path: Path, name: str, state: str = "KEN", answer: str = "No") -> Path:
    return wb.fill(wb.blank(tmp_path / name, state), {"7": {"Answer": answer}})


def log_lines(db: Path) -> list[dict[str, object]]:
    text = (db.parent / "archive" / "received.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_received_is_recorded_in_the_store_the_receipts_and_the_log(tmp_path, db, capsys) -> None:
    path = filled(tmp_path, "ken.xlsx")
    status = main(["ingest", "-q", str(path), "--db", str(db), "--received", "2027-01-15",
                   "--json"])  # fmt: skip
    assert status == 0
    receipt = json.loads(capsys.readouterr().out)
    assert receipt["received_on"] == "2027-01-15"
    assert receipt["received_at"][:4] == str(date.today().year)  # recorded today, in UTC
    with Store.open(db, create=False) as store:
        (submission,) = store.submissions("KEN")
    assert submission.received_on == "2027-01-15"
    assert log_lines(db)[-1]["received_on"] == "2027-01-15"
    # The same file again: the receipt names the day it first arrived.
    assert main(["ingest", "-q", str(path), "--db", str(db), "--received", "2027-02-01"]) == 0
    text = capsys.readouterr().out
    # The day as the United Nations writes it, in the workbook's language (here English).
    assert "ALREADY RECEIVED" in text and "First received on: 15 January 2027." in text
    assert log_lines(db)[-1]["received_on"] == "2027-02-01"


def test_without_received_the_day_is_today(tmp_path, db, capsys) -> None:
    assert main(["ingest", "-q", str(filled(tmp_path, "ken.xlsx")), "--db", str(db)]) == 0
    today = f"{date.today().day} {date.today():%B %Y}"
    assert f"Received on: {today}." in capsys.readouterr().out
    with Store.open(db, create=False) as store:
        assert store.submissions("KEN")[0].received_on == date.today().isoformat()


def test_a_day_after_today_is_recorded_with_a_warning(tmp_path, db, capsys) -> None:
    path = filled(tmp_path, "ken.xlsx")
    assert main(["ingest", "-q", str(path), "--db", str(db), "--received", "2999-01-01"]) == 0
    assert "2999-01-01 is after today" in capsys.readouterr().err


@pytest.mark.parametrize("day", ["15/01/2027", "2027-13-01", "tomorrow", ""])
def test_a_day_not_written_yyyy_mm_dd_is_a_usage_error(tmp_path, db, capsys, day) -> None:
    path = filled(tmp_path, "ken.xlsx")
    with pytest.raises(SystemExit) as stopped:
        main(["ingest", "-q", str(path), "--db", str(db), "--received", day])
    assert stopped.value.code == 2
    assert "is not a day written YYYY-MM-DD" in capsys.readouterr().err
    assert not db.exists()


def test_a_list_of_received_files_is_ingested_in_the_order_they_arrived(
    tmp_path, db, capsys
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    filled(folder, "b.xlsx", answer="Yes")  # the later file of Kenya: the current one
    filled(folder, "a.xlsx", answer="No")
    filled(folder, "fra.xlsx", "FRA")
    (folder / "list.csv").write_text(
        "file,arrived,note\n"
        "b.xlsx,2027-02-03,second\n"
        "fra.xlsx,2027-01-20,\n"
        "\n"
        "a.xlsx,2027-01-10,first\n",
        encoding="utf-8",
    )
    assert main(["ingest", "-q", "--replies", str(folder / "list.csv"), "--db", str(db),
                 "--json"]) == 0  # fmt: skip
    receipts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["file"], r["received_on"]) for r in receipts] == [
        ("a.xlsx", "2027-01-10"),
        ("fra.xlsx", "2027-01-20"),
        ("b.xlsx", "2027-02-03"),
    ]
    with Store.open(db, create=False) as store:
        current = store.current("KEN", wb.CYCLE)
        assert current is not None and current.file_name == "b.xlsx"
        assert store.answers(current.id)[0].answer == "yes"  # stored as its key


def test_replies_and_named_files_exclude_each_other(tmp_path, db, capsys) -> None:
    path = filled(tmp_path, "ken.xlsx")
    listing = tmp_path / "list.csv"
    listing.write_text("file,arrived\nken.xlsx,2027-01-10\n", encoding="utf-8")
    assert main(["ingest", "-q", str(path), "--replies", str(listing), "--db", str(db)]) == 2
    assert "[intake.replies-and-files]" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ingest", "-q", "--replies", str(listing), "--received", "2027-01-01"])
    assert not db.exists()


def test_problems_of_a_list_are_reported_with_their_lines(tmp_path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(
        "file,arrived\nok.xlsx,2027-01-10\nbad.xlsx,10.01.2027\n,2027-01-11\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as error:
        read_arrivals(listing)
    found = [(f.code, f.location.line) for f in error.value.findings]
    assert found == [("intake.arrivals-date", 3), ("intake.arrivals-file", 4)]
    listing.write_text("name,day\nok.xlsx,2027-01-10\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="lacks the column"):
        read_arrivals(listing)


def test_a_list_names_files_relative_to_its_folder(tmp_path) -> None:
    listing = tmp_path / "batch" / "list.csv"
    listing.parent.mkdir()
    absolute = tmp_path / "elsewhere.xlsx"
    listing.write_text(
        f"arrived,file\n2027-01-12,sub/x.xlsx\n2027-01-11,{absolute}\n", encoding="utf-8"
    )
    arrivals = read_arrivals(listing)
    assert [(a.path, a.arrived, a.line) for a in arrivals] == [
        (absolute, date(2027, 1, 11), 3),
        (listing.parent / "sub" / "x.xlsx", date(2027, 1, 12), 2),
    ]
