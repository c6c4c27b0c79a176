"""The status board: every transition of a recipient, from hand-made store records."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from fixtures.correspondence import workspace as fx

from toolkit.cli import main
from toolkit.correspondence import STATUSES, RecipientStatus, status_board
from toolkit.correspondence.record import read_history
from toolkit.cycle import load_cycle
from toolkit.registry import load_registry


@pytest.fixture
def ws(isolated_workspace: Path) -> Path:
    return fx.make_workspace(isolated_workspace)


def board(ws: Path, as_of: str) -> dict[str, RecipientStatus]:
    cycle = load_cycle(ws / "cycles" / "letters-test.yaml")
    registry = load_registry(ws / "data" / "states.yaml")
    found = status_board(cycle, registry, fx.store_path(ws), date.fromisoformat(as_of))
    return {r.state: r for r in found.records}


def test_statuses_are_the_five_steps_in_order() -> None:
    assert STATUSES == ("not-invited", "invited", "reminded", "rejected", "accepted")


def test_without_a_store_every_recipient_is_not_invited_and_no_store_is_made(ws: Path) -> None:
    records = board(ws, "2026-11-01")
    assert list(records) == ["CHL", "SEN", "SAU", "CHN", "RUS"]
    assert records["SEN"] == RecipientStatus(
        state="SEN",
        name="Senegal",
        status="not-invited",
        overdue=False,
        invited=None,
        reminded=None,
        reminders=0,
        last_received=None,
        submissions=0,
        consent=None,
        acknowledged=None,
    )
    assert not fx.store_path(ws).exists()


def test_an_invitation_makes_a_state_invited_from_its_date(ws: Path) -> None:
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 1))
    assert board(ws, "2026-11-30")["CHL"].status == "not-invited"
    on_the_day = board(ws, "2026-12-01")["CHL"]
    assert (on_the_day.status, on_the_day.invited) == ("invited", date(2026, 12, 1))
    assert board(ws, "2026-12-01")["SEN"].status == "not-invited"


def test_a_second_invitation_keeps_the_first_date(ws: Path) -> None:
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 1))
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 9))
    assert board(ws, "2027-01-01")["CHL"].invited == date(2026, 12, 1)


def test_reminders_count_and_the_latest_date_is_given(ws: Path) -> None:
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 1))
    fx.prepared(ws, "CHL", "reminder", date(2027, 2, 1))
    fx.prepared(ws, "CHL", "reminder", date(2027, 4, 15))
    before = board(ws, "2027-03-01")["CHL"]
    assert (before.status, before.reminded, before.reminders) == (
        "reminded",
        date(2027, 2, 1),
        1,
    )
    after = board(ws, "2027-05-01")["CHL"]
    assert (after.status, after.reminded, after.reminders) == ("reminded", date(2027, 4, 15), 2)


def test_overdue_only_after_the_deadline_day_and_without_an_accepted_submission(
    ws: Path,
) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00")
    on_deadline = board(ws, "2027-03-31")
    assert (on_deadline["SEN"].overdue, on_deadline["CHN"].overdue) == (False, False)
    next_day = board(ws, "2027-04-01")
    assert (next_day["SEN"].overdue, next_day["CHN"].overdue) == (True, False)
    assert next_day["RUS"].overdue is True  # never invited, no answer: overdue too


def test_a_rejected_file_makes_the_state_rejected_with_its_date(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    fx.prepared(ws, "SEN", "reminder", date(2027, 2, 1))
    fx.reject(ws, "SEN", "2027-03-01T16:30:00+00:00")
    record = board(ws, "2027-03-15")["SEN"]
    assert (record.status, record.last_received, record.submissions) == (
        "rejected",
        date(2027, 3, 1),
        0,
    )
    assert board(ws, "2027-02-28")["SEN"].status == "reminded"


def test_a_rejected_file_that_names_no_state_is_nobodys(ws: Path) -> None:
    fx.reject(ws, None, "2027-03-01T16:30:00+00:00")
    assert {r.status for r in board(ws, "2027-03-15").values()} == {"not-invited"}


def test_an_accepted_submission_after_a_rejection_makes_the_state_accepted(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    fx.reject(ws, "SEN", "2027-03-01T16:30:00+00:00")
    fx.submit(ws, "SEN", "2027-03-05T08:00:00+00:00", consent="Only the summary")
    record = board(ws, "2027-04-10")["SEN"]
    assert (record.status, record.submissions, record.consent, record.overdue) == (
        "accepted",
        1,
        "Only the summary",
        False,
    )
    assert record.last_received == date(2027, 3, 5)
    assert board(ws, "2027-03-04")["SEN"].status == "rejected"


def test_a_rejection_after_an_accepted_submission_leaves_the_state_accepted(ws: Path) -> None:
    fx.submit(ws, "CHN", "2027-03-05T08:00:00+00:00")
    fx.reject(ws, "CHN", "2027-03-20T10:00:00+00:00")
    record = board(ws, "2027-04-01")["CHN"]
    assert (record.status, record.last_received) == ("accepted", date(2027, 3, 20))


def test_several_submissions_are_counted_and_the_consent_is_the_current_ones(ws: Path) -> None:
    fx.submit(ws, "RUS", "2027-01-10T08:00:00+00:00", consent="No")
    fx.submit(ws, "RUS", "2027-02-20T08:00:00+00:00", consent="Yes")
    between = board(ws, "2027-02-01")["RUS"]
    assert (between.submissions, between.consent, between.last_received) == (
        1,
        "No",
        date(2027, 1, 10),
    )
    later = board(ws, "2027-03-01")["RUS"]
    assert (later.submissions, later.consent, later.last_received) == (
        2,
        "Yes",
        date(2027, 2, 20),
    )


def test_the_acknowledgement_is_that_of_the_current_submission(ws: Path) -> None:
    first = fx.submit(ws, "RUS", "2027-01-10T08:00:00+00:00")
    fx.prepared(ws, "RUS", "acknowledgement", date(2027, 1, 12), first.id)
    assert board(ws, "2027-01-20")["RUS"].acknowledged == date(2027, 1, 12)
    fx.submit(ws, "RUS", "2027-02-20T08:00:00+00:00")
    assert board(ws, "2027-03-01")["RUS"].acknowledged is None


def test_totals_count_every_status_and_overdue(ws: Path) -> None:
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 1))
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    fx.prepared(ws, "SEN", "reminder", date(2027, 2, 1))
    fx.reject(ws, "SAU", "2027-03-01T16:30:00+00:00")
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00")
    cycle = load_cycle(ws / "cycles" / "letters-test.yaml")
    found = status_board(
        cycle, load_registry(ws / "data" / "states.yaml"), fx.store_path(ws), date(2027, 4, 1)
    )
    assert found.totals() == {
        "not-invited": 1,
        "invited": 1,
        "reminded": 1,
        "rejected": 1,
        "accepted": 1,
        "overdue": 4,
    }


def test_a_damaged_line_of_the_reception_log_is_a_warning_and_the_rest_is_read(ws: Path) -> None:
    fx.reject(ws, "SEN", "2027-03-01T16:30:00+00:00")
    log = ws / "store" / "archive" / "received.jsonl"
    with log.open("a", encoding="utf-8") as stream:
        stream.write('{"file": "x.xlsx", "status": \n')
    history = read_history(fx.store_path(ws), "letters-test", ["SEN"])
    assert [r.state for r in history.receptions] == ["SEN"]
    (problem,) = history.problems
    assert (problem.code, problem.severity, problem.location.line) == (
        "letters.reception-log",
        "warning",
        2,
    )


def run_status(capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert main(["-q", "status", "--cycle", "letters-test", *options]) == 0
    return capsys.readouterr().out


def test_status_json_gives_the_records_and_the_totals(ws: Path, capsys) -> None:
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 1))
    document = json.loads(run_status(capsys, "--format", "json", "--as-of", "2027-04-01"))
    assert (document["cycle"], document["as_of"], document["deadline"]) == (
        "letters-test",
        "2027-04-01",
        "2027-03-31",
    )
    assert document["totals"]["invited"] == 1
    assert document["records"][0] == {
        "state": "CHL",
        "name": "Chile",
        "status": "invited",
        "overdue": True,
        "invited": "2026-12-01",
        "reminded": None,
        "reminders": 0,
        "last_received": None,
        "submissions": 0,
        "consent": None,
        "acknowledged": None,
    }


def test_status_csv_neutralises_what_a_state_typed(ws: Path, capsys) -> None:
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00", consent='=HYPERLINK("http://x","y")')
    rows = list(
        csv.DictReader(io.StringIO(run_status(capsys, "--format", "csv", "--as-of", "2027-04-01")))
    )
    assert [r["state"] for r in rows] == ["CHL", "SEN", "SAU", "CHN", "RUS"]
    assert rows[3]["consent"] == '\'=HYPERLINK("http://x","y")'
    assert (rows[3]["status"], rows[3]["submissions"], rows[3]["overdue"]) == (
        "accepted",
        "1",
        "no",
    )
    assert (rows[0]["status"], rows[0]["overdue"]) == ("not-invited", "yes")


def test_status_table_shows_the_totals_and_text_as_typed(ws: Path, capsys) -> None:
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00", consent="[bold]Yes[/bold]")
    out = run_status(capsys, "--as-of", "2027-04-01")
    assert "[bold]Yes[/bold]" in out
    assert (
        "Totals: not-invited 4, invited 0, reminded 0, rejected 0, accepted 1, overdue 4 "
        "(of 5 recipients)" in " ".join(out.split())
    )


def test_status_refuses_a_date_that_is_not_one(ws: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["-q", "status", "--cycle", "letters-test", "--as-of", "2027-02-30"])
    assert stop.value.code == 2
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err


def test_a_db_that_is_a_folder_or_not_a_store_is_refused(ws: Path, tmp_path: Path, capsys) -> None:
    assert main(["-q", "status", "--cycle", "letters-test", "--db", str(tmp_path)]) == 2
    assert "--db names a folder" in capsys.readouterr().err
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database, " * 100)
    assert main(["-q", "status", "--cycle", "letters-test", "--db", str(junk)]) == 1
    assert "cannot be used as the store's database" in capsys.readouterr().err
    assert junk.read_bytes() == b"this is not a database, " * 100


def test_the_day_a_file_arrived_counts_not_the_day_it_was_taken_in(ws: Path) -> None:
    fx.submit(ws, "CHN", "2027-04-03T09:00:00+00:00", arrived="2027-03-30")
    fx.reject(ws, "SEN", "2027-04-03T09:05:00+00:00", arrived="2027-03-29")
    records = board(ws, "2027-03-31")
    assert (records["CHN"].status, records["CHN"].last_received) == ("accepted", date(2027, 3, 30))
    assert (records["SEN"].status, records["SEN"].last_received) == ("rejected", date(2027, 3, 29))
