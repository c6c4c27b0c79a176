"""Statistics of a cycle against hand-made fixtures: a tiny cycle issued in a workspace of its
own, the workbooks of seven States filled from the table below and ingested with the days they
arrived; every expected count is written out by hand from that table, never computed.

The cycle asks eight questions (articles 7, 8 and 23; chapters II and IV) of eight States:
France, Germany and Norway (Western European and other States), Kenya and Senegal (African),
Chile (Latin American and Caribbean), the Holy See (in no group) and Bolivia, which does not
reply.  Kenya sends a first file answering Yes everywhere, then the file of the table, which
is the one counted.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from fixtures.intake import workbooks as wb

from toolkit import cli, statistics
from toolkit.cycle import load_cycle
from toolkit.intake import Store, ingest_files
from toolkit.intake.expected import ToolkitReference
from toolkit.lock import read_lock
from toolkit.registry import load_registry

CYCLE = """\
id: stats-test
title: Review of articles 7, 8 and 23
instrument: default
scope: [7, 8, 23]
recipients: [FRA, DEU, NOR, KEN, SEN, CHL, VAT, BOL]
deadline: 2027-01-31
reference: CU 2026/45/DTA/OCB/CSS
contact_email: review.secretariat@un.org
languages: [en]
"""
ANSWERS = """
| id     | FRA | DEU | NOR | KEN | SEN | CHL | VAT |
| 7.1    | Y   | Y   | P   | N   | Y   | Y   | NA  |
| 7.2    | Y   | P   | -   | N   | N   | Y   | NA  |
| 8.1    | Y   | Y   | Y   | P   | -   | N   | NA  |
| 8.2    | P   | N   | Y   | -   | -   | Y   | -   |
| 23.1   | Y   | Y   | Y   | Y   | P   | P   | NA  |
| 23.2   | N   | -   | Y   | Y   | P   | -   | NA  |
| 23.3.a | NA  | NA  | N   | -   | Y   | N   | -   |
| 23.3.b | NA  | Y   | NA  | P   | -   | -   | -   |
"""
LABELS = {"Y": "Yes", "P": "Partially", "N": "No", "NA": "Not applicable", "-": None}
NEEDS = {
    ("KEN", "7.1"): "Legislative drafting and legal advice",
    ("KEN", "7.2"): "Legislative drafting and legal advice",
    ("KEN", "8.1"): "Training of practitioners (police, prosecutors, judges)",
    ("SEN", "7.2"): "Training of practitioners (police, prosecutors, judges)",
    ("SEN", "23.1"): "Equipment and forensic tools",
    ("CHL", "8.1"): "Legislative drafting and legal advice",
    ("FRA", "7.1"): "None",
    ("NOR", "7.1"): "Training of practitioners (police, prosecutors, judges)",
    ("VAT", "8.2"): '=HYPERLINK("http://evil.example/","Financial resources")',
}
CHALLENGES = {
    ("KEN", "7.1"): "Few prosecutors are trained.",
    ("SEN", "7.2"): "No specialised unit yet.",
    ("SEN", "23.1"): "Old equipment.",
    ("CHL", "8.2"): "Drafting under way.",
    ("DEU", "23.2"): "N/A",
    ("NOR", "7.1"): "-",
    ("FRA", "23.3.a"): "Limited forensic capacity.",
}
CONSENT = {"FRA": "Yes", "DEU": "Only the summary", "NOR": "No", "SEN": "Yes"}
CONSENT |= {"CHL": "Only the summary"}  # KEN and VAT leave it empty
ARRIVED = {
    "FRA": "2027-01-05",
    "DEU": "2027-01-20",
    "NOR": "2027-01-31",  # the deadline itself: on time
    "KEN": "2027-02-05",  # its second file; the first came on 2027-01-10
    "SEN": "2027-01-12",
    "CHL": "2027-02-10",  # late
    "VAT": "2027-01-28",
}

BY_PROVISION = """
| id     | yes | partially | no | not_applicable | unanswered | responding |
| 7.1    | 4   | 1         | 1  | 1              | 0          | 7          |
| 7.2    | 2   | 1         | 2  | 1              | 1          | 7          |
| 8.1    | 3   | 1         | 1  | 1              | 1          | 7          |
| 8.2    | 2   | 1         | 1  | 0              | 3          | 7          |
| 23.1   | 4   | 2         | 0  | 1              | 0          | 7          |
| 23.2   | 2   | 1         | 1  | 1              | 2          | 7          |
| 23.3.a | 1   | 0         | 2  | 2              | 2          | 7          |
| 23.3.b | 1   | 1         | 0  | 2              | 3          | 7          |
"""
BY_ARTICLE = """
| article | questions | yes | partially | no | not_applicable | unanswered | responding | answers |
| 7       | 2         | 6   | 2         | 3  | 2              | 1          | 7          | 14      |
| 8       | 2         | 5   | 2         | 2  | 1              | 4          | 7          | 14      |
| 23      | 4         | 8   | 4         | 3  | 6              | 7          | 7          | 28      |
"""
BY_CHAPTER = """
| chapter | questions | yes | partially | no | not_applicable | unanswered | responding | answers |
| II      | 4         | 11  | 4         | 5  | 3              | 5          | 7          | 28      |
| IV      | 4         | 8   | 4         | 3  | 6              | 7          | 7          | 28      |
"""
REGION_7_1 = """
| region                            | yes | partially | no | not_applicable | unanswered | responding |
| African                           | 1   | 0         | 1  | 0              | 0          | 2          |
| Latin American and Caribbean      | 1   | 0         | 0  | 0              | 0          | 1          |
| Western European and other States | 2   | 1         | 0  | 0              | 0          | 3          |
| (none)                            | 0   | 0         | 0  | 1              | 0          | 1          |
"""  # noqa: E501


def table(text: str) -> list[dict[str, str]]:
    """The rows of a markdown table (first row: the headings)."""
    lines = [line.strip().strip("|") for line in text.strip().splitlines()]
    heading, *rows = ([cell.strip() for cell in line.split("|")] for line in lines)
    return [dict(zip(heading, row, strict=True)) for row in rows]


def numbers(row: dict[str, str]) -> dict[str, int | str]:
    return {k: int(v) if v.isdigit() else v for k, v in row.items()}


def fill_cover(path: Path, consent: str | None, focal_point: tuple[str, ...] = ()) -> Path:
    """Type the cover's cells, found by their defined names as intake finds them."""
    book = openpyxl.load_workbook(path)
    values = dict(zip(("FocalPoint1", "FocalPoint4"), focal_point, strict=False))
    if consent is not None:
        values["PublicationConsent"] = consent
    for name, value in values.items():
        (sheet, cell), *_ = book.defined_names[name].destinations
        book[sheet][cell.replace("$", "")] = value
    book.save(path)
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace: the cycle issued, the seven States' files ingested with their days."""
    root = tmp_path_factory.mktemp("stats")
    (root / "cosp.toml").write_text('[workspace]\nname = "stats"\n', encoding="utf-8")
    (root / "cycles").mkdir()
    (root / "cycles" / "stats-test.yaml").write_text(CYCLE, encoding="utf-8")
    status = cli.main(["questionnaire", "-q", "--workspace", str(root), "--cycle", "stats-test",
                       "--no-progress"])  # fmt: skip
    assert status == 0
    blanks = root / "questionnaires" / "stats-test"
    files = root / "returned"
    files.mkdir()
    rows = table(ANSWERS)
    paths: list[Path] = []
    days: dict[Path, date] = {}
    kenya_first = wb.fill(
        blanks / "stats-test_KEN.xlsx",
        {row["id"]: {"Answer": "Yes", "Legislation": "Law 1"} for row in rows},
        files / "KEN-first.xlsx",
    )
    paths.append(kenya_first)
    days[kenya_first] = date(2027, 1, 10)
    for state in ("FRA", "DEU", "NOR", "KEN", "SEN", "CHL", "VAT"):
        answers: dict[str, dict[str, object]] = {}
        for row in rows:
            cells: dict[str, object] = {"Answer": LABELS[row[state]]}
            if row[state] in ("Y", "P"):
                cells["Legislation"] = f"Law of {state}, article {row['id']}"
            if (state, row["id"]) in NEEDS:
                cells["Needs"] = NEEDS[state, row["id"]]
            if (state, row["id"]) in CHALLENGES:
                cells["Challenges"] = CHALLENGES[state, row["id"]]
            answers[row["id"]] = cells
        path = wb.fill(blanks / f"stats-test_{state}.xlsx", answers, files / f"{state}.xlsx")
        fill_cover(path, CONSENT.get(state), (f"Focal point of {state}", "fp@example.org"))
        paths.append(path)
        days[path] = date.fromisoformat(ARRIVED[state])
    with Store.open(root / "store" / "cosp.sqlite3") as store:
        reference = ToolkitReference(root / "cycles")
        receipts = list(ingest_files(paths, store, reference=reference, received_on=days))
    assert [r.status for r in receipts] == ["accepted"] * 8, [r.errors for r in receipts]
    return root


@pytest.fixture(scope="module")
def dataset(workspace: Path) -> statistics.Dataset:
    cycle = load_cycle(workspace / "cycles" / "stats-test.yaml")
    lock = read_lock(workspace / "cycles" / "stats-test.questions.json", cycle.id)
    assert lock is not None
    with Store.open(workspace / "store" / "cosp.sqlite3", create=False) as store:
        return statistics.collect(store, lock, load_registry(), cycle)


def run(capsys, workspace: Path, *args: str) -> tuple[int, str]:
    status = cli.main(["statistics", "-q", "--workspace", str(workspace), "--cycle",
                       "stats-test", *args])  # fmt: skip
    captured = capsys.readouterr()
    assert not captured.err, captured.err
    return status, captured.out


# -- the counts -------------------------------------------------------------------------------


def test_counts_by_provision(dataset: statistics.Dataset) -> None:
    expected = [numbers(row) for row in table(BY_PROVISION)]
    got = [{"id": c.id} | c.tally.as_dict() for c in statistics.by_provision(dataset)]
    assert got == expected


def test_counts_by_article_count_answers_and_responding_states(dataset) -> None:
    expected = [numbers(row) for row in table(BY_ARTICLE)]
    got = [
        {"article": c.article, "questions": c.questions}
        | c.tally.as_dict()
        | {"answers": c.tally.answers}
        for c in statistics.by_article(dataset)
    ]
    assert got == expected
    assert [c.title for c in statistics.by_article(dataset)] == [
        "Illegal access",
        "Illegal interception",
        "Scope of procedural measures",
    ]


def test_counts_by_chapter(dataset) -> None:
    expected = [numbers(row) for row in table(BY_CHAPTER)]
    got = [
        {"chapter": c.chapter, "questions": c.questions}
        | c.tally.as_dict()
        | {"answers": c.tally.answers}
        for c in statistics.by_chapter(dataset)
    ]
    assert got == expected


def test_the_command_prints_the_same_counts_as_json_and_csv(capsys, workspace: Path) -> None:
    status, out = run(capsys, workspace, "--format", "json")
    assert status == 0
    records = json.loads(out)
    assert [{k: r[k] for k in ("id", *statistics.TALLY_FIELDS)} for r in records] == [
        numbers(row) for row in table(BY_PROVISION)
    ]
    assert records[6] == {"id": "23.3.a", "article": 23, "chapter": "IV", "kind": "reservation",
                          "yes": 1, "partially": 0, "no": 2, "not_applicable": 2,
                          "unanswered": 2, "responding": 7}  # fmt: skip
    status, out = run(capsys, workspace, "--by", "article", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[2] == {"article": "23", "chapter": "IV", "title": "Scope of procedural measures",
                       "questions": "4", "yes": "8", "partially": "4", "no": "3",
                       "not_applicable": "6", "unanswered": "7", "responding": "7",
                       "answers": "28"}  # fmt: skip
    status, out = run(capsys, workspace, "--by", "chapter", "--format", "json")
    assert [(r["chapter"], r["yes"], r["answers"]) for r in json.loads(out)] == [
        ("II", 11, 28),
        ("IV", 8, 28),
    ]


def test_a_resubmission_is_counted_once_the_current_one(dataset) -> None:
    kenya = dataset.reply("ken")
    assert kenya is not None and kenya.resubmitted and len(kenya.submissions) == 2
    # The first file said Yes everywhere; the counted one says No to 7.1 and 7.2.
    assert kenya.answers["7.1"].answer == "no" and kenya.answers["8.2"].answer is None
    assert kenya.received_on == date(2027, 2, 5)
    assert kenya.first_received_on == date(2027, 1, 10)
    assert kenya.on_time  # its first file came before the deadline


def test_unanswered_is_a_blank_of_a_responding_state_not_a_state_that_did_not_reply(
    dataset,
) -> None:
    assert [r.iso3 for r in dataset.replies] == ["FRA", "DEU", "NOR", "KEN", "SEN", "CHL", "VAT"]
    assert [(r.iso3, r.replied) for r in dataset.recipients][-1] == ("BOL", False)
    assert dataset.reply("BOL") is None
    # 8.2: Kenya, Senegal and the Holy See left it blank; Bolivia is in no count.
    (row,) = [c for c in statistics.by_provision(dataset) if c.id == "8.2"]
    assert (row.tally.unanswered, row.tally.responding) == (3, 7)


def test_response_rate_and_timeline(dataset) -> None:
    rate = statistics.response_rate(dataset)
    assert (rate.recipients, rate.replied, rate.on_time, rate.late, rate.not_replied) == (
        8, 7, 6, 1, 1
    )  # fmt: skip
    assert rate.deadline == date(2027, 1, 31)
    days = [(d.day.isoformat(), d.first, d.resubmissions, d.replied, d.late)
            for d in statistics.timeline(dataset)]  # fmt: skip
    assert days == [
        ("2027-01-05", 1, 0, 1, False),
        ("2027-01-10", 1, 0, 2, False),
        ("2027-01-12", 1, 0, 3, False),
        ("2027-01-20", 1, 0, 4, False),
        ("2027-01-28", 1, 0, 5, False),
        ("2027-01-31", 1, 0, 6, False),
        ("2027-02-05", 0, 1, 6, True),
        ("2027-02-10", 1, 0, 7, True),
    ]


def test_consent_cases(dataset) -> None:
    publication = {r.iso3: (r.consent, r.publication) for r in dataset.replies}
    assert publication == {
        "FRA": ("yes", "full"),
        "DEU": ("summary", "summary"),
        "NOR": ("no", "none"),
        "KEN": (None, "none"),
        "SEN": ("yes", "full"),
        "CHL": ("summary", "summary"),
        "VAT": (None, "none"),
    }
    assert statistics.consents(dataset) == statistics.ConsentCount(2, 2, 1, 2)
    # Aggregate counts include every responding State whatever its consent.
    assert statistics.overall(dataset).responding == 7
    assert dataset.reply("FRA").focal_point[:4] == (  # type: ignore[union-attr]
        "Focal point of FRA",
        None,
        None,
        "fp@example.org",
    )


def test_region_grouping_withholds_a_group_of_fewer_than_three(dataset) -> None:
    assert statistics.groups(dataset) == (
        "African",
        "Latin American and Caribbean",
        "Western European and other States",
        None,
    )
    exact = {r.group: r.tally for r in statistics.by_region(dataset) if r.key == "7.1"}
    expected = {
        (None if row["region"] == "(none)" else row["region"]): statistics.Tally(
            **{k: int(v) for k, v in row.items() if k != "region"}
        )
        for row in table(REGION_7_1)
    }
    assert exact == expected
    public = {r.group: r for r in statistics.region_counts(dataset, "article", minimum=3)}
    assert public["African"].withheld and public["African"].tally is None
    assert public["Latin American and Caribbean"].withheld
    shown = [r for r in statistics.region_counts(dataset, "article") if not r.withheld]
    # Only the Western group (France, Germany, Norway) has three responding States.
    assert [(r.group, r.key) for r in shown] == [
        ("Western European and other States", "7"),
        ("Western European and other States", "8"),
        ("Western European and other States", "23"),
    ]
    assert shown[2].tally == statistics.Tally(5, 0, 2, 4, 1, 3)


def test_region_records_of_the_command(capsys, workspace: Path) -> None:
    _, out = run(capsys, workspace, "--by", "region", "--format", "json")
    records = [r for r in json.loads(out) if r["id"] == "7.1"]
    assert [(r["region"], r["yes"], r["no"], r["responding"]) for r in records] == [
        ("African", 1, 1, 2),
        ("Latin American and Caribbean", 1, 0, 1),
        ("Western European and other States", 2, 0, 3),
        (None, 0, 0, 1),
    ]


def test_needs_ranked_overall_and_by_article(dataset) -> None:
    training = "Training of practitioners (police, prosecutors, judges)"
    drafting = "Legislative drafting and legal advice"
    formula = '=HYPERLINK("http://evil.example/","Financial resources")'
    ranked = [(n.need, n.states, n.mentions) for n in statistics.needs_ranking(dataset)]
    assert ranked == [
        (training, 3, 3),
        (drafting, 2, 3),
        (formula, 1, 1),
        ("Equipment and forensic tools", 1, 1),
    ]
    by_article = {
        a.article: [(n.need, n.states, n.mentions) for n in a.needs]
        for a in statistics.needs_by_article(dataset)
    }
    assert by_article == {
        7: [(training, 2, 2), (drafting, 1, 2)],
        8: [(formula, 1, 1), (drafting, 1, 1), (training, 1, 1)],  # ties: by text ("=" < "L")
        23: [("Equipment and forensic tools", 1, 1)],
    }


def test_articles_where_most_states_report_challenges(dataset) -> None:
    ranked = [
        (c.article, c.states, c.responding) for c in statistics.challenges_by_article(dataset)
    ]
    # "N/A" and "-" report nothing.
    assert ranked == [(7, 2, 7), (23, 2, 7), (8, 1, 7)]


def test_a_states_formula_is_neutralised_in_csv_and_exact_in_json(capsys, workspace) -> None:
    status, out = run(capsys, workspace, "--by", "need", "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["article", "need", "states", "mentions"]
    assert ["", '\'=HYPERLINK("http://evil.example/","Financial resources")', "1", "1"] in rows
    assert not any(cell.startswith("=") for row in rows for cell in row)
    status, out = run(capsys, workspace, "--by", "need", "--format", "json")
    assert {"article": 8, "need": NEEDS["VAT", "8.2"], "states": 1, "mentions": 1} in json.loads(
        out
    )


def test_challenge_records_of_the_command(capsys, workspace) -> None:
    _, out = run(capsys, workspace, "--by", "challenge", "--format", "json")
    assert [(r["article"], r["states"], r["responding"]) for r in json.loads(out)] == [
        (7, 2, 7),
        (23, 2, 7),
        (8, 1, 7),
    ]


def test_the_table_shows_the_response_rate(capsys, workspace) -> None:
    status, out = run(capsys, workspace, "--format", "table")
    assert status == 0
    assert "7 of 8 States replied (6 on time, 1 late; deadline 2027-01-31)" in " ".join(out.split())
    assert "23.3.b" in out


def test_a_cycle_never_issued_and_a_missing_store_are_errors(capsys, workspace, tmp_path) -> None:
    status = cli.main(["statistics", "-q", "--workspace", str(workspace), "--cycle",
                       "first-review-cycle"])  # fmt: skip
    assert status == 1
    assert "statistics.not-issued" in capsys.readouterr().err
    status = cli.main(["statistics", "-q", "--workspace", str(workspace), "--cycle",
                       "stats-test", "--db", str(tmp_path / "none.sqlite3")])  # fmt: skip
    assert status == 1
    assert "statistics.no-store" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()


# -- the vocabulary ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "key"),
    [("Yes", "yes"), ("Partially", "partially"), ("No", "no"),
     ("Not applicable", "not_applicable"), ("  not  APPLICABLE ", "not_applicable"),
     (None, None), ("", None)],
)  # fmt: skip
def test_answer_keys(stored: str | None, key: str | None) -> None:
    assert statistics.answer_key(stored) == key


def test_an_answer_off_the_vocabulary_is_an_error_of_the_store() -> None:
    with pytest.raises(ValueError, match="'Maybe'"):
        statistics.answer_key("Maybe")


@pytest.mark.parametrize(
    ("stored", "key"),
    [("Yes", "yes"), ("Only the summary", "summary"), ("No", "no"), (None, None),
     ("Perhaps", None)],
)  # fmt: skip
def test_consent_keys(stored: str | None, key: str | None) -> None:
    assert statistics.consent_key(stored) == key


def test_tally_shares() -> None:
    tally = statistics.Tally(yes=3, partially=1, no=0, not_applicable=0, unanswered=1,
                             responding=5)  # fmt: skip
    assert (tally.answers, tally.answered, tally.share("yes"), tally.share("unanswered")) == (
        5, 4, 0.6, 0.2
    )  # fmt: skip
    assert statistics.Tally().share("no") == 0.0


# -- a State that answered an earlier issue ---------------------------------------------------


def test_an_earlier_issue_is_counted_on_the_questions_it_shares_by_id(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "cycles").mkdir(parents=True)
    (root / "cosp.toml").write_text("[workspace]\n", encoding="utf-8")
    cycle_file = root / "cycles" / "stats-test.yaml"
    first_scope = CYCLE.replace("scope: [7, 8, 23]", "scope: [7]")
    cycle_file.write_text(first_scope.replace("[FRA, DEU, NOR, KEN, SEN, CHL, VAT, BOL]",
                                              "[CHL, SEN]"), encoding="utf-8")  # fmt: skip
    issue = ["questionnaire", "-q", "--workspace", str(root), "--cycle", "stats-test",
             "--no-progress"]  # fmt: skip
    assert cli.main([*issue, "--state", "CHL"]) == 0
    blanks = root / "questionnaires" / "stats-test"
    chile = wb.fill(
        blanks / "stats-test_CHL.xlsx",
        {"7.1": {"Answer": "Yes", "Legislation": "Law 1"}, "7.2": {"Answer": "No"}},
        tmp_path / "chl.xlsx",
    )
    # The scope grows to article 8: a re-issue; Senegal answers the new workbook.
    cycle_file.write_text(cycle_file.read_text().replace("scope: [7]", "scope: [7, 8]"))
    assert cli.main([*issue, "--relock", "--state", "SEN"]) == 0
    senegal = wb.fill(
        blanks / "stats-test_SEN.xlsx",
        {"7.1": {"Answer": "No"}, "8.1": {"Answer": "Yes", "Legislation": "Law 2"}},
        tmp_path / "sen.xlsx",
    )
    with Store.open(root / "store" / "cosp.sqlite3") as store:
        reference = ToolkitReference(root / "cycles")
        receipts = list(ingest_files([chile, senegal], store, reference=reference))
        assert [r.status for r in receipts] == ["accepted", "accepted"]
        cycle = load_cycle(cycle_file)
        lock = read_lock(root / "cycles" / "stats-test.questions.json", cycle.id)
        assert lock is not None and len(lock.issues) == 2
        data = statistics.collect(store, lock, load_registry(), cycle)
    assert [q.id for q in data.questions] == ["7.1", "7.2", "8.1", "8.2"]
    assert (data.reply("CHL").current_issue, data.reply("SEN").current_issue) == (False, True)  # type: ignore[union-attr]
    got = {c.id: c.tally for c in statistics.by_provision(data)}
    assert got == {
        "7.1": statistics.Tally(yes=1, no=1, responding=2),
        "7.2": statistics.Tally(no=1, unanswered=1, responding=2),
        # Chile's workbook did not ask article 8: neither an answer nor a blank of Chile.
        "8.1": statistics.Tally(yes=1, responding=1),
        "8.2": statistics.Tally(unanswered=1, responding=1),
    }
    articles = {
        c.article: (c.tally.responding, c.tally.answers) for c in statistics.by_article(data)
    }
    assert articles == {7: (2, 4), 8: (1, 2)}


def test_a_dataset_pickles_for_parallel_builds(dataset) -> None:
    import pickle

    assert pickle.loads(pickle.dumps(dataset)) == dataset
