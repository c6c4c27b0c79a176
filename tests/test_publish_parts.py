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
from toolkit.publications import figures
from toolkit.publications.consent import disclosed
from toolkit.publications.downloads import csv_bytes, xlsx_bytes
from toolkit.publications.records import write_json
from toolkit.publications.sources import MARKER, site_pages
from toolkit.publications.sphinx.search import drop_orphan_words
from toolkit.publications.sphinx.text import free_text, inline_text, shown
from toolkit.publications.summary import Figures, Row, executive_summary
from toolkit.publications.words import long_date, percent
from toolkit.statistics import Response

NEEDS = ("None", "Training of practitioners (police, prosecutors, judges)")


def response(needs: str) -> Response:
    return Response("7.1", "yes", "Yes", "Law 1", "An example", "A challenge", needs, "A comment")


# -- consent --------------------------------------------------------------------------------------


def test_the_whole_report_keeps_every_text() -> None:
    record = disclosed(response("my own need"), "full", NEEDS)
    assert record == {
        "id": "7.1",
        "answer": "yes",
        "legislation": "Law 1",
        "examples": "An example",
        "challenges": "A challenge",
        "needs": "my own need",
        "comments": "A comment",
    }


@pytest.mark.parametrize(
    ("needs", "shown_need"),
    [
        ("Training of practitioners (police, prosecutors, judges)", NEEDS[1]),
        ("  Training of practitioners  (police, prosecutors, judges) ", NEEDS[1]),
        ("my own need", None),
        ("None", None),
    ],
)
def test_the_summary_keeps_the_answer_and_a_listed_need_only(needs: str, shown_need) -> None:
    record = disclosed(response(needs), "summary", NEEDS)
    assert record == {
        "id": "7.1",
        "answer": "yes",
        "legislation": None,
        "examples": None,
        "challenges": None,
        "needs": shown_need,
        "comments": None,
    }


# -- the executive summary ------------------------------------------------------------------------


def counts(yes: int, partially: int, no: int, na: int, blank: int, states: int) -> dict[str, int]:
    return {"yes": yes, "partially": partially, "no": no, "not_applicable": na} | {
        "unanswered": blank,
        "responding": states,
    }


def test_the_executive_summary_is_filled_from_the_figures() -> None:
    text = executive_summary(
        Figures(
            cycle_title="First cycle",
            deadline="2027-06-30",
            recipients=10,
            replied=4,
            on_time=3,
            late=1,
            questions=2,
            overall=Row("all", counts(4, 1, 2, 0, 1, 4)),
            articles=[
                Row("article 7 (Illegal access)", counts(3, 0, 1, 0, 0, 4)),
                Row("article 8 (Interception)", counts(1, 1, 1, 0, 1, 4)),
            ],
            groups=[
                Row("African", counts(3, 0, 0, 0, 0, 3)),
                Row("Asia-Pacific", counts(1, 1, 2, 0, 1, 3)),
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
        "Over the 2 questions asked, the States that replied gave 8 answers: 4 Yes (50\u00a0%), "
        "1 Partially (13\u00a0%), 2 No (25\u00a0%) and 0 Not applicable (0\u00a0%); 1 were left "
        "unanswered (13\u00a0%).",
        "The share of Yes answers is highest under article 7 (Illegal access) (75\u00a0%) and "
        "lowest under article 8 (Interception) (25\u00a0%, with 25\u00a0% No).",
        "By regional group, the share of Yes answers ranges from 20\u00a0% (Asia-Pacific) to "
        "100\u00a0% (African). The counts of 1 regional group with fewer than 3 responding "
        "States are not shown.",
        "The technical-assistance need named by most States is “Training” (3), then "
        "“Equipment” (2). Most States report challenges under article 8 (Interception): 3 of "
        "the 4 that answered (75\u00a0%).",
    ]


def test_before_any_reply_the_summary_says_so_and_nothing_else() -> None:
    zero = Row("all", counts(0, 0, 0, 0, 0, 0))
    text = executive_summary(Figures("C", "2027-06-30", 5, 0, 0, 0, 3, zero, [], [], [], []))
    assert text == [
        "The review cycle “C” asked 5 States to assess their implementation of the Convention "
        "by 30 June 2027. No State has replied yet."
    ]


def test_numbers_and_dates_read_the_same_everywhere() -> None:
    assert percent(1, 3) == "33\u00a0%" and percent(0, 0) == "0\u00a0%"
    assert percent(1, 8) == "13\u00a0%" and percent(2, 3) == "67\u00a0%"
    assert long_date("2027-06-01") == "1 June 2027"


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


def test_the_search_index_keeps_no_word_of_no_page(tmp_path: Path) -> None:
    index = tmp_path / "searchindex.js"
    index.write_text(
        'Search.setIndex({"terms":{"gone":[],"kept":[1],"one":2},"titleterms":{"x":[]}})'
    )
    app = SimpleNamespace(outdir=tmp_path, builder=SimpleNamespace(format="html"))
    drop_orphan_words(app, None)  # type: ignore[arg-type]
    assert index.read_text() == 'Search.setIndex({"terms":{"kept":[1],"one":2},"titleterms":{}})'


# -- the command ----------------------------------------------------------------------------------


def test_publish_without_a_store_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert cosp(["-q", "publish", "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert "there is no store here" in err and "cosp ingest" in err
    assert not (tmp_path / "site").exists()


def test_publish_takes_a_number_of_jobs_or_auto(capsys) -> None:
    with pytest.raises(SystemExit):
        cosp(["publish", "--out", "x", "-j", "many"])
    assert re.search(r"'many' is not a number of processes", capsys.readouterr().err)
