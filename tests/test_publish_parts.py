"""The parts of the site, one at a time (fast): consent, the executive summary, untrusted
text as nodes, figures saved reproducibly, data files, downloads, the generated pages."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes

from toolkit.cli import main as cosp
from toolkit.intake.export import Change
from toolkit.intake.store import Answer, Store
from toolkit.publications import figures
from toolkit.publications.consent import disclosed
from toolkit.publications.content import change_record
from toolkit.publications.downloads import csv_bytes, xlsx_bytes
from toolkit.publications.labels import CATEGORIES, CATEGORY_WORDS, answer_label, consent_label
from toolkit.publications.records import write_json
from toolkit.publications.sources import MARKER, site_pages
from toolkit.publications.sphinx import search
from toolkit.publications.sphinx.tables import expanded, words_table
from toolkit.publications.sphinx.text import free_text, inline_text, shown
from toolkit.publications.summary import Figures, Row, executive_summary
from toolkit.publications.words import long_date, number, percent


def answer(key: str | None, needs: str | None) -> Answer:
    """A stored response to question 7.2 (optional), every text filled."""
    return Answer(
        id="7.2",
        sheet="Chapter II",
        row=5,
        answer=key,
        typed_answer=None,
        legislation="Law 1",
        examples="An example",
        challenges="A challenge",
        needs=needs,
        comments="A comment",
        steps="A step by 2028",
        assistance="A course in 2025",
    )


# -- consent and the vocabulary's words ----------------------------------------------------------


def test_the_whole_report_keeps_every_text_and_words_the_answer_for_its_kind() -> None:
    record = disclosed(answer("not_used", "training,none,financial"), "optional", "choice", "full")
    assert record == {
        "id": "7.2",
        "answer": "not_used",
        "answer_label": "No, it has not",
        "category": "choice",
        "legislation": "Law 1",
        "examples": "An example",
        "challenges": "A challenge",
        "steps": "A step by 2028",
        "needs": [
            {"key": "training", "label": "Training of practitioners (police, prosecutors, judges)"},
            {"key": "none", "label": "None"},
            {"key": "financial", "label": "Financial resources"},
        ],
        "own_need": None,
        "assistance": "A course in 2025",
        "comments": "A comment",
    }


@pytest.mark.parametrize(
    ("needs", "listed", "own"),
    [
        ("equipment,training", ["equipment", "training"], None),
        ("Money for servers", [], "Money for servers"),  # a need of version 1 in own words
        ("training,Money", [], "training,Money"),
        (None, [], None),
    ],
)
def test_the_summary_keeps_the_answer_and_the_listed_needs_only(
    needs: str | None, listed: list[str], own: str | None
) -> None:
    record = disclosed(answer("used", needs), "optional", "yes", "summary")
    assert record["answer_label"] == "Yes, the State has used this possibility"
    assert [n["key"] for n in record["needs"]] == listed
    assert record["own_need"] is None
    for name in ("legislation", "examples", "challenges", "steps", "assistance", "comments"):
        assert record[name] is None, name  # type: ignore[literal-required]
    assert disclosed(answer("used", needs), "optional", "yes", "full")["own_need"] == own


@pytest.mark.parametrize(
    ("kind", "key", "words"),
    [
        ("mandatory", "no", "No"),
        ("consider", "no", "Not yet considered"),
        ("consider", "considered", "Considered, not adopted"),
        ("optional", "partly_used", "Yes, in part"),
        ("reservation", "made", "A reservation or declaration has been made"),
        ("notification", "not_notified", "No, not yet made"),
        ("optional", "yes", "Yes"),  # template version 1's word: every kind was offered it
        ("reservation", "partially", "Partially"),
        ("mandatory", "considered", "Considered, not adopted"),  # asked as another kind before
        ("mandatory", None, None),
    ],
)
def test_an_answer_reads_as_its_kind_offered_it(kind: str, key: str | None, words) -> None:
    assert answer_label(kind, key) == words


def test_the_categories_and_consents_read_as_the_workbook_names_them() -> None:
    assert [CATEGORY_WORDS[c] for c in CATEGORIES] == [
        "In place",
        "In part",
        "Not in place",
        "Not used or reserved (allowed)",
        "Not applicable",
        "Unanswered",
    ]
    assert [consent_label(k) for k in ("yes", "summary", "no", None)] == [
        "Yes, the answers may be published",
        "Only the summary",
        "No",
        "Not given (treated as No)",
    ]


def test_a_change_of_answer_or_listed_needs_is_shown_in_words_a_text_only_as_changed() -> None:
    answer_change = Change("7.2", "answer", "not_used", "partly_used")
    assert change_record(answer_change, "optional", "summary") == {
        "id": "7.2",
        "field": "answer",
        "before": "No, it has not",
        "after": "Yes, in part",
    }
    needs_change = Change("7.2", "needs", "training", "training,financial")
    assert change_record(needs_change, "optional", "summary") == {
        "id": "7.2",
        "field": "needs",
        "before": "Training of practitioners (police, prosecutors, judges)",
        "after": "Training of practitioners (police, prosecutors, judges); Financial resources",
    }
    steps = Change("7.2", "steps", "Secret before", "Secret after")
    assert change_record(steps, "optional", "summary") is None
    assert change_record(steps, "optional", "full") == {
        "id": "7.2",
        "field": "steps",
        "before": None,
        "after": None,
    }
    own = Change("7.2", "needs", "Money", "training")  # a need in own words went
    assert change_record(own, "optional", "summary") is None


# -- the executive summary ------------------------------------------------------------------------


def counts(
    yes: int, partially: int, no: int, choice: int, na: int, blank: int, states: int
) -> dict[str, int]:
    return {"yes": yes, "partially": partially, "no": no, "choice": choice} | {
        "not_applicable": na,
        "unanswered": blank,
        "responding": states,
    }


def test_the_executive_summary_is_filled_from_the_figures_and_never_counts_a_choice_as_a_gap() -> (
    None
):
    text = executive_summary(
        Figures(
            cycle_title="First cycle",
            deadline="2027-06-30",
            recipients=10,
            replied=4,
            on_time=3,
            late=1,
            questions=3,
            overall=Row("all", counts(2, 1, 2, 3, 1, 1, 4)),
            articles=[
                # Three choices: counted as gaps, article 7 would read 67 % not in place.
                Row("article 7 (Illegal access)", counts(1, 0, 1, 3, 1, 0, 4)),
                Row("article 8 (Interception)", counts(1, 1, 1, 0, 0, 1, 4)),
            ],
            groups=[
                Row("African", counts(3, 0, 0, 0, 0, 0, 3)),
                Row("Asia-Pacific", counts(1, 1, 2, 0, 0, 1, 3)),
                None,
            ],
            needs=[("Training", 3), ("Equipment", 2)],
            challenges=[("article 8 (Interception)", 3, 4), ("article 7 (Illegal access)", 1, 4)],
        )
    )
    assert text == [
        "The review cycle “First cycle” asked 10 States to assess their implementation of the "
        "Convention by 30 June 2027. 4 States replied (40\u00a0% of those asked): 3 by the "
        "deadline and 1 after it.",
        "Over the 3 questions asked, the States that replied gave 10 answers. 2 (20\u00a0%) "
        "said the measures are in place, 1 (10\u00a0%) in place in part and 2 (20\u00a0%) not "
        "in place: a gap. 3 (30\u00a0%) were a choice the Convention allows, not a gap (a "
        "possibility not used, a reservation, measures considered and not adopted). "
        "1 (10\u00a0%) said the provision does not apply and 1 (10\u00a0%) was left "
        "unanswered.",
        "The share of answers in place is highest under article 8 (Interception) (25\u00a0%) "
        "and lowest under article 7 (Illegal access) (17\u00a0%, with 17\u00a0% not in "
        "place).",
        "By regional group, the share of answers in place ranges from 20\u00a0% "
        "(Asia-Pacific) to 100\u00a0% (African). The counts of 1 regional group with fewer "
        "than 3 responding States are not shown.",
        "The technical-assistance need named by most States is “Training” (3), then "
        "“Equipment” (2). Most States report challenges under article 8 (Interception): 3 of "
        "the 4 that answered (75\u00a0%).",
    ]


def test_large_counts_in_the_summary_have_their_thousands_separated() -> None:
    overall = Row("all", counts(6002, 3124, 1907, 1612, 628, 2360, 193))
    text = executive_summary(
        Figures("C", "2027-06-30", 196, 193, 165, 28, 81, overall, [], [], [], [])
    )
    assert text[1].startswith(
        "Over the 81 questions asked, the States that replied gave 15,633 answers. "
        "6,002 (38\u00a0%) said the measures are in place, 3,124 (20\u00a0%) in place in part "
        "and 1,907 (12\u00a0%) not in place: a gap. 1,612 (10\u00a0%) were a choice"
    )


def test_before_any_reply_the_summary_says_so_and_nothing_else() -> None:
    zero = Row("all", counts(0, 0, 0, 0, 0, 0, 0))
    text = executive_summary(Figures("C", "2027-06-30", 5, 0, 0, 0, 3, zero, [], [], [], []))
    assert text == [
        "The review cycle “C” asked 5 States to assess their implementation of the Convention "
        "by 30 June 2027. No State has replied yet."
    ]


def test_numbers_and_dates_read_the_same_everywhere() -> None:
    assert percent(1, 3) == "33\u00a0%" and percent(0, 0) == "0\u00a0%"
    assert percent(1, 8) == "13\u00a0%" and percent(2, 3) == "67\u00a0%"
    assert long_date("2027-06-01") == "1 June 2027"
    assert number(15633) == "15,633" and number(999) == "999" and number(1000000) == "1,000,000"


# -- untrusted text -------------------------------------------------------------------------------


def test_a_states_text_becomes_text_nodes_only() -> None:
    box = free_text(".. include:: x\n<b>y</b>\n\nnext \u202e paragraph")
    assert box["classes"] == ["cosp-free-text"] and box["support_smartquotes"] is False
    line_block, paragraph = box.children
    assert isinstance(line_block, nodes.line_block) and isinstance(paragraph, nodes.paragraph)
    assert [line.astext() for line in line_block.children] == [".. include:: x", "<b>y</b>"]
    assert paragraph.astext() == "next [U+202E] paragraph"
    kinds = {type(node) for node in box.findall()}
    assert kinds == {nodes.container, nodes.line_block, nodes.line, nodes.paragraph, nodes.Text}


def test_controls_and_bidi_marks_are_shown_as_code_points() -> None:
    assert shown("a\u2066b\u2069\u200f\x07c\td\r\ne") == "a[U+2066]b[U+2069][U+200F][U+0007]c\td\ne"
    assert inline_text("  many\n spaces ").astext() == "many spaces"


# -- figures --------------------------------------------------------------------------------------


def test_a_figure_is_the_same_bytes_when_drawn_again(tmp_path: Path) -> None:
    first = figures.heatmap(["Article 7"], ["African", "LAC"], [[0.5, None]], tmp_path / "a")
    assert [p.name for p in first] == ["a.svg", "a.pdf"]
    data = {p.name: p.read_bytes() for p in first}
    (tmp_path / "b").mkdir()
    again = figures.heatmap(["Article 7"], ["African", "LAC"], [[0.5, None]], tmp_path / "b" / "a")
    assert {p.name: p.read_bytes() for p in again} == data
    assert b"<dc:date>" not in data["a.svg"] and b"CreationDate" not in data["a.pdf"]
    assert figures.heatmap(["Article 7"], ["African", "LAC"], [[0.5, None]], tmp_path / "a") == []


def test_data_files_are_written_only_when_their_content_changes(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    assert write_json(path, {"b": 1, "a": [1, 2]})
    assert path.read_text() == '{"a":[1,2],"b":1}\n'
    stamp = path.stat().st_mtime_ns
    assert not write_json(path, {"a": [1, 2], "b": 1})
    assert path.stat().st_mtime_ns == stamp
    assert write_json(path, {"a": [1, 2], "b": 2})


# -- downloads ------------------------------------------------------------------------------------


def test_downloads_make_formulas_inert() -> None:
    table = (["id", "legislation"], [["7.1", '=HYPERLINK("x")'], ["7.2", "  +1"], ["7.3", 4]])
    text = csv_bytes(table).decode("utf-8")
    assert text == '\ufeffid,legislation\r\n7.1,"\'=HYPERLINK(""x"")"\r\n7.2,\'  +1\r\n7.3,4\r\n'
    data = xlsx_bytes({"answers": table})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # no clock in the file
        assert {info.date_time for info in archive.infolist()} == {(2024, 11, 27, 0, 0, 0)}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "'=HYPERLINK" in sheet.replace("&quot;", '"')


# -- the generated pages --------------------------------------------------------------------------


def test_the_pages_hold_directives_and_fixed_words_never_data() -> None:
    sources = SimpleNamespace(status=None, countries={"CHL": {}, "ARG": {}})
    pages = site_pages(sources)  # type: ignore[arg-type]
    assert pages["countries/chl"] == f"{MARKER}\n\n:orphan:\n\n.. cosp:country-report:: CHL\n"
    assert "status" not in pages
    for name, text in pages.items():
        assert text.startswith(MARKER), name
        assert "Chile" not in text and "Argentina" not in text


def test_the_search_index_keeps_no_word_of_no_page_and_the_entries_of_every_page(
    tmp_path: Path,
) -> None:
    index = tmp_path / "searchindex.js"
    index.write_text(  # the index the build finds: entries of the pages a, b and c
        'Search.setIndex({"docnames":["a","b","c"],"indexentries":{"term":[[2,"t-c",false],'
        '[0,"t-a",true]],"gone":[[1,"g",false]]}})'
    )
    app = SimpleNamespace(outdir=tmp_path, builder=SimpleNamespace(format="html"))
    search.note_index(app)  # type: ignore[arg-type]
    search.note_written(app, None, "b")  # type: ignore[arg-type]
    index.write_text(  # as Sphinx writes it: the entries of the written page b only
        'Search.setIndex({"docnames":["a","b","c"],"indexentries":{"new":[[1,"n",false]]},'
        '"terms":{"gone":[],"kept":[1],"one":2},"titleterms":{"x":[]}})'
    )
    search.rewrite_index(app, None)  # type: ignore[arg-type]
    assert index.read_text() == (
        'Search.setIndex({"docnames":["a","b","c"],"indexentries":{"new":[[1,"n",false]],'
        '"term":[[0,"t-a",true],[2,"t-c",false]]},"terms":{"kept":[1],"one":2},"titleterms":{}})'
    )


# -- the command ----------------------------------------------------------------------------------


def test_publish_without_a_store_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert cosp(["-q", "publish", "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "[publish.no-store]" in err and "there is no store here" in err and "cosp ingest" in err
    assert not (tmp_path / "site").exists()


def test_publish_from_a_file_that_is_not_a_store_names_it_and_leaves_it(
    tmp_path: Path, capsys
) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("my notes, not a database\n", encoding="utf-8")
    assert cosp(["-q", "publish", "--db", str(notes), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert f"cosp: {notes}: error: this file cannot be used as the store's database" in err
    assert "[publish.store-unusable]" in err and "Traceback" not in err
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n"
    assert not (tmp_path / "site").exists()


def test_publish_of_a_cycle_never_issued_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "cosp.sqlite3"
    Store.open(db).close()  # a store, but the workspace's cycle was never issued
    assert cosp(["-q", "publish", "--db", str(db), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "[publish.not-issued]" in err and "cosp questionnaire --cycle first-review-cycle" in err
    assert not (tmp_path / "site").exists()


def test_publish_takes_a_number_of_jobs_or_auto(capsys) -> None:
    with pytest.raises(SystemExit):
        cosp(["publish", "--out", "x", "-j", "many"])
    assert re.search(r"'many' is not a number of processes", capsys.readouterr().err)


def test_a_table_of_words_is_one_node_until_written_then_the_table_it_stands_for() -> None:
    words = words_table("African: answers", ["Question", "In place"], [["article 7", "3 (60 %)"]])
    words["ids"] = ["group-african-table"]
    assert list(words.findall()) == [words]  # one node in the page's doctree
    written = expanded(words)
    assert isinstance(written, nodes.table) and written["ids"] == ["group-african-table"]
    assert [n.astext() for n in written.findall(nodes.entry)] == [
        "Question",
        "In place",
        "article 7",
        "3 (60 %)",
    ]
    assert written.next_node(nodes.title).astext() == "African: answers"
