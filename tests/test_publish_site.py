"""The published site built from a small review answered by hand (slow: real Sphinx, LaTeX).

The answers are the table of tests/fixtures/publications/site.py; every number expected here
is read off that table by hand, never computed by the code under test.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixtures.publications.site import (
    FIELDS,
    NEED_LABEL,
    consulted,
    payloads,
    replies,
    secret,
)

pytestmark = pytest.mark.slow


def soup(site: Path, page: str) -> BeautifulSoup:
    """A page, parsed, without the "¶" links Sphinx adds to headings and captions."""
    parsed = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    for link in parsed.select("a.headerlink"):
        link.decompose()
    return parsed


def main_text(site: Path, page: str) -> str:
    """The words of a page's main column, spaces normalised (no-break spaces too)."""
    article = soup(site, page).find("article")
    assert article is not None, page
    words = " ".join(article.get_text(" ").replace("\u00a0", " ").split())
    return words.replace(" :", ":")  # a field's name and its colon


def rows(site: Path, page: str, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, cell by cell."""
    for table in soup(site, page).find_all("table"):
        found = table.find("caption")
        if found is not None and " ".join(found.get_text().split()) == caption:
            return [
                [
                    " ".join(c.get_text(" ").replace("\u00a0", " ").split())
                    for c in r.find_all(["th", "td"])
                ]
                for r in table.find("tbody").find_all("tr")
            ]
    raise AssertionError(f"no table {caption!r} in {page}")


def pdf_text(path: Path) -> str:
    run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return run.stdout


# -- counts --------------------------------------------------------------------------------------

HEADERS = [
    "In place",
    "In part",
    "Not in place",
    "Not used or reserved (allowed)",
    "Not applicable",
    "Unanswered",
    "States",
]
"""The count columns of every table (the workbook's Progress names the categories so)."""


def headers(site: Path, page: str, caption: str) -> list[str]:
    """The header cells of the table with this caption."""
    for table in soup(site, page).find_all("table"):
        found = table.find("caption")
        if found is not None and " ".join(found.get_text().split()) == caption:
            return [" ".join(c.get_text(" ").split()) for c in table.find("thead").find_all("th")]
    raise AssertionError(f"no table {caption!r} in {page}")


def test_counts_by_question(public_site: Path) -> None:
    page = "statistics/questions.html"
    assert headers(public_site, page, "Answers by question") == ["Question", *HEADERS]
    # 7.2 is optional: ARG and BOL used the possibility, CHL (its second file) and FRA in
    # part, SEN did not (a choice, not a gap), KEN left it blank.  24.3 is to consider: ARG
    # and BOL considered it without adopting it (a choice), KEN has not yet (a gap).
    assert rows(public_site, page, "Answers by question") == [
        ["article 7, paragraph 1", "3 (50 %)", "1 (17 %)", "2 (33 %)", "0 (0 %)", "0 (0 %)",
         "0 (0 %)", "6"],
        ["article 7, paragraph 2", "2 (33 %)", "2 (33 %)", "0 (0 %)", "1 (17 %)", "0 (0 %)",
         "1 (17 %)", "6"],
        ["article 24, paragraph 1", "3 (50 %)", "1 (17 %)", "1 (17 %)", "0 (0 %)", "0 (0 %)",
         "1 (17 %)", "6"],
        ["article 24, paragraph 2", "2 (33 %)", "1 (17 %)", "2 (33 %)", "0 (0 %)", "0 (0 %)",
         "1 (17 %)", "6"],
        ["article 24, paragraph 3", "1 (17 %)", "1 (17 %)", "1 (17 %)", "2 (33 %)", "1 (17 %)",
         "0 (0 %)", "6"],
    ]  # fmt: skip
    text = main_text(public_site, page)
    assert "Not used or reserved (allowed): a “no” the Convention allows, never a gap" in text


def test_counts_by_article_and_chapter(public_site: Path) -> None:
    page = "statistics/articles.html"
    # Article 7: 12 answers (6 States, 2 questions); article 24: 18 (6 States, 3 questions).
    article_7 = ["5 (42 %)", "3 (25 %)", "2 (17 %)", "1 (8 %)", "0 (0 %)", "1 (8 %)", "6"]
    article_24 = ["6 (33 %)", "3 (17 %)", "4 (22 %)", "2 (11 %)", "1 (6 %)", "2 (11 %)", "6"]
    assert rows(public_site, page, "Answers by article") == [
        ["Article 7. Illegal access", *article_7],
        ["Article 24. Conditions and safeguards", *article_24],
    ]
    chapters = rows(public_site, page, "Answers by chapter")
    assert [row[1:] for row in chapters] == [article_7, article_24]
    assert main_text(public_site, page).count("never a gap") == 1  # the legend, once a page


def test_groups_of_fewer_than_3_states_are_withheld_in_public_only(
    public_site: Path, internal_site: Path
) -> None:
    page = "statistics/regions.html"
    caption = "Latin American and Caribbean: answers by article"
    # CHL, ARG, BOL: article 7 (6 answers) yes 4 (CHL, ARG 7.1; ARG, BOL 7.2), partially 1
    # (CHL 7.2), no 1 (BOL 7.1); article 24 (9 answers) yes 1, partially 2, no 1, choice 2
    # (ARG, BOL 24.3), not applicable 1 (CHL 24.3), blank 2 (BOL 24.1, ARG 24.2).
    expected = [
        ["Article 7. Illegal access", "4 (67 %)", "1 (17 %)", "1 (17 %)", "0 (0 %)", "0 (0 %)",
         "0 (0 %)", "3"],
        ["Article 24. Conditions and safeguards", "1 (11 %)", "2 (22 %)", "1 (11 %)",
         "2 (22 %)", "1 (11 %)", "2 (22 %)", "3"],
    ]  # fmt: skip
    assert rows(public_site, page, caption) == expected
    assert rows(internal_site, page, caption) == expected
    african = rows(public_site, page, "African: answers by article")
    assert african == [[label] + ["fewer than 3"] * 7 for label, *_ in expected]
    # SEN and KEN, article 7: SEN no (7.1) and not_used (7.2), KEN partially and blank.
    assert rows(internal_site, page, "African: answers by article")[0] == [
        "Article 7. Illegal access", "0 (0 %)", "1 (25 %)", "1 (25 %)", "1 (25 %)", "0 (0 %)",
        "1 (25 %)", "2",
    ]  # fmt: skip
    weog = "Western European and other States: answers by article"
    assert rows(public_site, page, weog)[0][1:] == ["fewer than 3"] * 7


def test_the_edition_shows_beside_each_reviewed_provision_how_states_answered(
    public_site: Path,
) -> None:
    def counts(page: str, eid: str) -> str:
        block = soup(public_site, page).find(id=eid)
        found = block.find("p", class_="cosp-counts")
        return " ".join(found.get_text(" ").replace("\u00a0", " ").split())

    assert counts("edition/article-7.html", "art_7__para_1") == (
        "Answers of the 6 States that replied: In place 3 (50 %), In part 1 (17 %), "
        "Not in place 2 (33 %). All the figures of this question"
    )
    assert counts("edition/article-7.html", "art_7__para_2") == (
        "Answers of the 6 States that replied: In place 2 (33 %), In part 2 (33 %), "
        "Not used or reserved (allowed) 1 (17 %), Unanswered 1 (17 %). "
        "All the figures of this question"
    )
    link = soup(public_site, "edition/article-7.html").find("p", class_="cosp-counts").find("a")
    assert link["href"] == "../statistics/questions.html#q-7-1"
    assert soup(public_site, "edition/article-9.html").find("p", class_="cosp-counts") is None


def test_response_rate_and_consents(public_site: Path) -> None:
    page = "thematic/index.html"
    assert rows(public_site, page, "Response rate") == [
        ["States asked", "7", ""],
        ["Replied", "6", "86 %"],
        ["Replied by the deadline", "5", "71 %"],
        ["Replied after the deadline", "1", "14 %"],
        ["Not replied", "1", "14 %"],
    ]
    assert rows(public_site, page, "Consent to the publication of the answers") == [
        ["Yes, the answers may be published", "3", "50 %"],
        ["Only the summary", "1", "17 %"],
        ["No", "1", "17 %"],
        ["Not given (treated as No)", "1", "17 %"],
    ]
    summary = main_text(public_site, page)
    assert "asked 7 States" in summary and "6 States replied (86 % of those asked)" in summary
    assert "5 by the deadline and 1 after it" in summary


def test_the_executive_summary_never_counts_a_choice_as_a_gap(public_site: Path) -> None:
    # 30 answers: in place 11, in part 6, not in place 6, choice 3 (SEN 7.2, ARG and BOL
    # 24.3), not applicable 1, blank 3.
    paragraphs = [
        " ".join(p.get_text(" ").replace("\u00a0", " ").split())
        for p in soup(public_site, "thematic/index.html").select("p.cosp-summary")
    ]
    assert paragraphs[1:] == [
        "Over the 5 questions asked, the States that replied gave 30 answers. 11 (37 %) said "
        "the measures are in place, 6 (20 %) in place in part and 6 (20 %) not in place: a "
        "gap. 3 (10 %) were a choice the Convention allows, not a gap (a possibility not "
        "used, a reservation, measures considered and not adopted). 1 (3 %) said the "
        "provision does not apply and 3 (10 %) were left unanswered.",
        "The share of answers in place is highest under article 7 (Illegal access) (42 %) "
        "and lowest under article 24 (Conditions and safeguards) (33 %, with 22 % not in "
        "place).",
        "The counts of 2 regional groups with fewer than 3 responding States are not shown.",
        f"The technical-assistance need named by most States is “{NEED_LABEL}” (6), then "
        "“Equipment and forensic tools” (3) and “Legislative drafting and legal advice” (2). "
        "Most States report challenges under article 7 (Illegal access) and article 24 "
        "(Conditions and safeguards): 6 of the 6 that answered (100 %).",
    ]


def test_the_figures_show_the_choices_in_their_own_colour_words_and_numbers(
    public_site: Path,
) -> None:
    page = "thematic/index.html"
    caption = "The numbers of the figure: Answers by article"
    assert headers(public_site, page, caption) == ["Article", *HEADERS[:-1]]
    assert rows(public_site, page, caption) == [
        ["Article 7. Illegal access", "5", "3", "2", "1", "0", "1"],
        ["Article 24. Conditions and safeguards", "6", "3", "4", "2", "1", "2"],
    ]
    image = soup(public_site, page).find(id="figure-answers-by-article").find("img")
    assert "not used or reserved as the Convention allows (a choice, not a gap)" in image["alt"]
    assert (
        "Choices the Convention allows: Article 7. Illegal access 1 and Article 24. Conditions "
        "and safeguards 2." in image["alt"]
    )
    svg = (public_site / image["src"].removeprefix("../")).read_text(encoding="utf-8")
    for colour in ("#1b7837", "#a6dba0", "#762a83", "#e08214", "#f0f0f0", "#c2a5cf"):
        assert colour in svg, colour
    heatmap = "The numbers of the figure: Share of answers in place by article and regional group"
    assert rows(public_site, page, heatmap) == [
        ["Article 7. Illegal access", "fewer than 3", "67 %", "fewer than 3"],
        ["Article 24. Conditions and safeguards", "fewer than 3", "11 %", "fewer than 3"],
    ]
    csv_text = (public_site / "downloads" / "figures" / "answers-by-article.csv").read_text(
        encoding="utf-8-sig"
    )
    assert csv_text.splitlines()[0] == (
        "Article,In place,In part,Not in place,Not used or reserved (allowed),Not applicable,"
        "Unanswered"
    )


RANKED = [
    ["1", NEED_LABEL, "6", "28"],
    ["2", "Equipment and forensic tools", "3", "3"],
    ["3", "Legislative drafting and legal advice", "2", "2"],
    ["4", "Financial resources", "1", "1"],
]
"""The needs ranked, by hand from tests/fixtures/publications/site.py (NEEDS)."""


def test_needs_are_ranked_by_key_and_named_by_their_labels(
    public_site: Path, internal_site: Path
) -> None:
    caption = "Technical-assistance needs, ranked"
    assert rows(public_site, "thematic/index.html", caption) == RANKED
    assert rows(internal_site, "thematic/index.html", caption) == RANKED
    assert "outside the questionnaire's list" not in main_text(public_site, "thematic/index.html")
    by_article = "The needs named most under each article (States naming them)"
    assert rows(public_site, "thematic/index.html", by_article) == [
        ["Article 7. Illegal access", f"{NEED_LABEL} (6); Equipment and forensic tools (2)"],
        [
            "Article 24. Conditions and safeguards",
            f"{NEED_LABEL} (6); Legislative drafting and legal advice (2); Equipment and "
            "forensic tools (1)",
        ],
    ]


# -- country reports and consent -----------------------------------------------------------------


def test_a_state_that_agreed_has_its_whole_report(public_site: Path) -> None:
    page = "countries/chl.html"
    text = main_text(public_site, page)
    assert "Chile: country report" in text
    assert "Regional group: Latin American and Caribbean" in text
    assert "Consent to publication: Yes, the answers may be published" in text
    assert "Chile first replied on 10 May 2027, by the deadline." in text
    submissions = rows(public_site, page, "Submissions received")
    assert [row[1:] for row in submissions] == [
        ["10 May 2027", "Yes", "5 of 5"],
        ["15 July 2027", "No", "5 of 5"],
    ]
    assert submissions[1][0].endswith("(current)")
    assert headers(public_site, page, "Answers by article") == [
        "Article",
        "Questions",
        *HEADERS[:-1],
    ]
    # Chile's current file: 7.1 yes, 7.2 partly_used.
    assert rows(public_site, page, "Answers by article")[0] == [
        "Article 7. Illegal access", "2", "1 (50 %)", "1 (50 %)", "0 (0 %)", "0 (0 %)",
        "0 (0 %)", "0 (0 %)",
    ]  # fmt: skip
    for field in FIELDS:
        assert secret("CHL", field, "24.3") in text, field
    assert rows(public_site, page, "What changed")[0] == [
        "Article 7, paragraph 2",
        "Answer",
        "No, it has not",  # in English, the optional provision's words (Chile wrote Spanish)
        "Yes, in part",
    ]
    assert "None: every question asked was answered." in text
    link = soup(public_site, page).find("p", class_="cosp-provision").find("a")
    assert link["href"] == "../edition/article-7.html#art_7__para_1"
    assert "Focal" not in text and "SHA-256" not in text and "Consulted" not in text


def answers_of(site: Path, page: str) -> dict[str, dict[str, str]]:
    """Each question's fields on a country report (``Answer``, ``Steps and timeframe
    planned``...), by the question's anchor."""
    found = {}
    for block in soup(site, page).select("div.cosp-response"):
        names = [" ".join(dt.get_text(" ").split()).rstrip(" :") for dt in block.find_all("dt")]
        values = [" ".join(dd.get_text(" ").split()) for dd in block.find_all("dd")]
        found[block["id"]] = dict(zip(names, values, strict=True))
    return found


def test_answers_read_in_the_words_of_their_kind_with_every_need(public_site: Path) -> None:
    bolivia = answers_of(public_site, "countries/bol.html")
    assert bolivia["art_7__para_1"]["Answer"] == "No"
    assert bolivia["art_7__para_2"]["Answer"] == "Yes, the State has used this possibility"
    assert bolivia["art_24__para_1"]["Answer"] == "Not answered"
    assert bolivia["art_24__para_3"]["Answer"] == (
        "Considered, not adopted (a choice the Convention allows, not a gap)"
    )
    assert list(bolivia["art_24__para_3"]) == [
        "Answer",
        "Legislation cited",
        "Examples",
        "Challenges",
        "Steps and timeframe planned",
        "Technical-assistance needs",
        "Assistance already received",
        "Comments",
    ]
    assert bolivia["art_24__para_3"]["Technical-assistance needs"] == (
        "Equipment and forensic tools Legislative drafting and legal advice"
    )
    assert bolivia["art_24__para_3"]["Steps and timeframe planned"] == secret(
        "BOL", "steps", "24.3"
    )
    assert bolivia["art_24__para_3"]["Assistance already received"] == secret(
        "BOL", "assistance", "24.3"
    )
    text = main_text(public_site, "countries/bol.html")
    assert (
        "not_used" not in text and "partly_used" not in text and "legislative_drafting" not in text
    )
    # A sentence names the State as running text does; its title, by its short name.
    assert "Bolivia (Plurinational State of): country report" in text
    assert "The answers of the Plurinational State of Bolivia to the self-assessment" in text
    assert "The Plurinational State of Bolivia first replied on 15 June 2027" in text


def test_a_state_that_agreed_to_the_summary_shows_its_answers_without_its_texts(
    public_site: Path,
) -> None:
    text = main_text(public_site, "countries/arg.html")
    assert "agreed to the publication of the summary and the answers only" in text
    assert (
        "(legislation cited, examples, challenges, steps and timeframe planned, assistance" in text
    )
    argentina = answers_of(public_site, "countries/arg.html")
    assert {qid: fields["Answer"] for qid, fields in argentina.items()} == {
        "art_7__para_1": "Yes",
        "art_7__para_2": "Yes, the State has used this possibility",
        "art_24__para_1": "Partially",
        "art_24__para_2": "Not answered",
        "art_24__para_3": "Considered, not adopted (a choice the Convention allows, not a gap)",
    }
    assert argentina["art_24__para_1"] == {
        "Answer": "Partially",
        "Technical-assistance needs": (
            f"Legislative drafting and legal advice {NEED_LABEL} Financial resources"
        ),
    }  # the needs of the list are no text of the State's own
    assert "Secret" not in text
    assert "1 of the questions asked was left unanswered: Article 24, paragraph 2" in text


def test_a_state_without_consent_is_only_listed(public_site: Path) -> None:
    assert not (public_site / "countries" / "sen.html").exists()
    assert not (public_site / "countries" / "ken.html").exists()
    listed = {
        row[0]: row for row in rows(public_site, "countries/index.html", "The States that replied")
    }
    assert listed["Senegal"] == ["Senegal", "African", "20 June 2027", "Yes", "Not published"]
    assert listed["Kenya"] == ["Kenya", "African", "5 July 2027", "No", "Not published"]
    assert listed["Argentina"][-1] == "Summary and answers"
    assert listed["Chile"][-1] == "Whole report"
    assert "Germany" not in listed
    links = soup(public_site, "countries/index.html").select("table a")
    assert sorted(a["href"] for a in links) == [
        "arg.html#report",
        "bol.html#report",
        "chl.html#report",
        "fra.html#report",
    ]


def every_text(site: Path) -> dict[str, str]:
    """Every file of a site as text: PDFs through pdftotext, xlsx by their XML."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".pdf":
            found[name] = pdf_text(path)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                found[name] = " ".join(
                    archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                )
        else:
            found[name] = path.read_bytes().decode("utf-8", "replace")
    return found


def test_no_text_of_a_state_without_consent_is_in_any_public_file(public_site: Path) -> None:
    files = every_text(public_site)
    assert "searchindex.js" in files and "countries/chl.pdf" in files
    assert "downloads/answers.xlsx" not in files and "downloads/answers/arg.xlsx" in files
    hidden = [
        secret(reply.state, field, question)
        for reply in replies()
        if reply.state in {"ARG", "SEN", "KEN"}
        for field in FIELDS
        for question in reply.answers
    ]
    states = ("CHL", "ARG", "SEN", "KEN", "FRA", "BOL")
    hidden += [f"Focal{state}{n}Zq" for state in states for n in (1, 3, 4)]
    hidden += [consulted(state) for state in states]
    for name, text in files.items():
        folded = text.casefold()
        leaks = [word for word in hidden if word.casefold() in folded]
        assert not leaks, (name, leaks[:3])
    shown = secret("CHL", "legislation", "7.1").casefold()
    assert shown in files["searchindex.js"].casefold()  # the search does index what is public
    assert shown in files["countries/chl.pdf"].casefold()


def test_the_internal_site_shows_everything_and_says_so_on_every_page(internal_site: Path) -> None:
    pages = sorted(internal_site.rglob("*.html"))
    assert len(pages) > 90
    for page in pages:
        banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
            class_="announcement"
        )
        assert banner is not None and "Internal" in banner.get_text(), page
    for state in ("chl", "arg", "sen", "ken", "fra", "bol"):
        assert (internal_site / "countries" / f"{state}.html").is_file()
    text = main_text(internal_site, "countries/sen.html")
    for field in FIELDS:
        assert secret("SEN", field, "24.2") in text, field
    assert "Name: FocalSEN1Zq" in text
    assert f"People and institutions consulted {consulted('SEN')}" in text.replace(
        "Those the State names as consulted in preparing its answers: ", ""
    )
    senegal = answers_of(internal_site, "countries/sen.html")
    assert senegal["art_7__para_2"]["Answer"] == (
        "No, it has not (a choice the Convention allows, not a gap)"
    )
    assert senegal["art_7__para_1"]["Technical-assistance needs"] == (
        f"Equipment and forensic tools {NEED_LABEL}"
    )
    sha = re.search(r"\b[0-9a-f]{64}\b", text)
    assert sha is not None and "Files received and their receipts" in text
    pdf = pdf_text(internal_site / "countries" / "sen.pdf")
    pages_in_pdf = pdf.count("\f")
    assert pages_in_pdf >= 2
    assert pdf.count("INTERNAL: FOR THE SECRETARIAT ONLY. DO NOT PUBLISH.") == pages_in_pdf


def test_no_sphinx_cache_is_published(public_site: Path, internal_site: Path) -> None:
    for site in (public_site, internal_site):
        names = {p.name for p in site.rglob("*")}
        assert ".doctrees" not in names and "environment.pickle" not in names
        assert ".buildinfo" not in names and not list(site.rglob("*.doctree"))


def test_downloads_hold_the_answers_in_words_and_keys_and_the_texts_as_published(
    public_site: Path, internal_site: Path, review_workspace: Path
) -> None:
    def table(site: Path, name: str) -> list[dict[str, str]]:
        path = site / "downloads" / "answers" / name
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))

    argentina = table(public_site, "arg.csv")
    assert list(argentina[0]) == [
        "state", "name", "id", "answer", "answer_key", "counted_as", "legislation", "examples",
        "challenges", "steps", "needs", "need_keys", "assistance", "comments",
    ]  # fmt: skip
    assert argentina[2] == {
        "state": "ARG",
        "name": "Argentina",
        "id": "24.1",
        "answer": "Partially",
        "answer_key": "partially",
        "counted_as": "In part",
        "legislation": "",
        "examples": "",
        "challenges": "",
        "steps": "",
        "needs": f"Legislative drafting and legal advice; {NEED_LABEL}; Financial resources",
        "need_keys": "legislative_drafting,training,financial",
        "assistance": "",
        "comments": "",
    }
    assert argentina[4]["counted_as"] == "Not used or reserved (allowed)"
    assert argentina[4]["answer"] == "Considered, not adopted"
    france = table(public_site, "fra.csv")
    assert (france[0]["steps"], france[0]["assistance"]) == (
        secret("FRA", "steps", "7.1"),
        secret("FRA", "assistance", "7.1"),
    )
    senegal = table(internal_site, "sen.csv")
    assert senegal[1]["answer"] == "No, it has not" and senegal[1]["answer_key"] == "not_used"
    assert senegal[1]["steps"] == secret("SEN", "steps", "7.2")
    formula = payloads(review_workspace)[-1]  # Chile's steps for 7.2 begin with it
    assert formula.startswith("=HYPERLINK(")
    chile = table(public_site, "chl.csv")
    assert chile[1]["steps"] == f"'{formula}\n{secret('CHL', 'steps', '7.2')}"


def test_downloads_keep_formulas_text(public_site: Path) -> None:
    csv_text = (public_site / "downloads" / "answers" / "chl.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in csv_text
    assert not re.search(r'(^|,)"?[=+@]', csv_text, re.MULTILINE)
    with zipfile.ZipFile(public_site / "downloads" / "answers" / "chl.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "'=HYPERLINK(" in sheet.replace("&quot;", '"')
