"""The published site built from a small review answered by hand (slow: real Sphinx, LaTeX).

The answers are the table of tests/fixtures/publications/site.py; every number expected here
is read off that table by hand, never computed by the code under test.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixtures.publications.site import NEED, replies, secret

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


def test_counts_by_question(public_site: Path) -> None:
    assert rows(public_site, "statistics/questions.html", "Answers by question") == [
        ["article 7, paragraph 1", "3 (50 %)", "1 (17 %)", "2 (33 %)", "0 (0 %)", "0 (0 %)", "6"],
        ["article 7, paragraph 2", "2 (33 %)", "1 (17 %)", "1 (17 %)", "1 (17 %)", "1 (17 %)", "6"],
        ["article 24, paragraph 1", "3 (50 %)", "1 (17 %)", "1 (17 %)", "0 (0 %)", "1 (17 %)", "6"],
        ["article 24, paragraph 2", "2 (33 %)", "1 (17 %)", "2 (33 %)", "0 (0 %)", "1 (17 %)", "6"],
        ["article 24, paragraph 3", "3 (50 %)", "1 (17 %)", "1 (17 %)", "1 (17 %)", "0 (0 %)", "6"],
    ]


def test_counts_by_article_and_chapter(public_site: Path) -> None:
    page = "statistics/articles.html"
    assert rows(public_site, page, "Answers by article") == [
        [
            "Article 7. Illegal access",
            "5 (42 %)",
            "2 (17 %)",
            "3 (25 %)",
            "1 (8 %)",
            "1 (8 %)",
            "6",
        ],
        [
            "Article 24. Conditions and safeguards",
            "8 (44 %)",
            "3 (17 %)",
            "4 (22 %)",
            "1 (6 %)",
            "2 (11 %)",
            "6",
        ],
    ]
    chapters = rows(public_site, page, "Answers by chapter")
    assert [row[1:] for row in chapters] == [
        ["5 (42 %)", "2 (17 %)", "3 (25 %)", "1 (8 %)", "1 (8 %)", "6"],
        ["8 (44 %)", "3 (17 %)", "4 (22 %)", "1 (6 %)", "2 (11 %)", "6"],
    ]


def test_groups_of_fewer_than_3_states_are_withheld_in_public_only(
    public_site: Path, internal_site: Path
) -> None:
    page = "statistics/regions.html"
    caption = "Latin American and Caribbean: answers by article"
    expected = [
        [
            "Article 7. Illegal access",
            "4 (67 %)",
            "1 (17 %)",
            "1 (17 %)",
            "0 (0 %)",
            "0 (0 %)",
            "3",
        ],
        [
            "Article 24. Conditions and safeguards",
            "2 (22 %)",
            "2 (22 %)",
            "2 (22 %)",
            "1 (11 %)",
            "2 (22 %)",
            "3",
        ],
    ]
    assert rows(public_site, page, caption) == expected
    assert rows(internal_site, page, caption) == expected
    african = rows(public_site, page, "African: answers by article")
    assert african == [[label] + ["fewer than 3"] * 6 for label, *_ in expected]
    assert rows(internal_site, page, "African: answers by article")[0] == [
        "Article 7. Illegal access",
        "0 (0 %)",
        "1 (25 %)",
        "2 (50 %)",
        "0 (0 %)",
        "1 (25 %)",
        "2",
    ]
    weog = "Western European and other States: answers by article"
    assert rows(public_site, page, weog)[0][1:] == ["fewer than 3"] * 6


def test_the_edition_shows_beside_each_reviewed_provision_how_states_answered(
    public_site: Path,
) -> None:
    article = soup(public_site, "edition/article-7.html")
    block = article.find(id="art_7__para_1")
    counts = block.find("p", class_="cosp-counts")
    assert " ".join(counts.get_text(" ").replace("\u00a0", " ").split()) == (
        "Answers of the 6 States that replied: Yes 3 (50 %), Partially 1 (17 %), No 2 (33 %), "
        "Not applicable 0 (0 %), Unanswered 0 (0 %). All the figures of this question"
    )
    link = counts.find("a")
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
        ["Yes", "3", "50 %"],
        ["Only the summary", "1", "17 %"],
        ["No", "1", "17 %"],
        ["Not given (treated as No)", "1", "17 %"],
    ]
    summary = main_text(public_site, page)
    assert "asked 7 States" in summary and "6 States replied (86 % of those asked)" in summary
    assert "5 by the deadline and 1 after it" in summary


def test_needs_in_the_states_own_words_are_not_named_in_public(
    public_site: Path, internal_site: Path
) -> None:
    caption = "Technical-assistance needs, ranked"
    assert rows(public_site, "thematic/index.html", caption) == [["1", NEED, "6", "28"]]
    assert "named 2 times" in main_text(public_site, "thematic/index.html")
    internal = rows(internal_site, "thematic/index.html", caption)
    assert internal[0] == ["1", NEED, "6", "28"]
    assert {row[1] for row in internal[1:]} == {
        secret("ARG", "needs", "24.1"),
        secret("SEN", "needs", "7.1"),
    }


# -- country reports and consent -----------------------------------------------------------------


def test_a_state_that_agreed_has_its_whole_report(public_site: Path) -> None:
    page = "countries/chl.html"
    text = main_text(public_site, page)
    assert "Chile: country report" in text
    assert "Regional group: Latin American and Caribbean" in text
    assert "Chile first replied on 10 May 2027, by the deadline." in text
    submissions = rows(public_site, page, "Submissions received")
    assert [row[1:] for row in submissions] == [
        ["10 May 2027", "Yes", "5 of 5"],
        ["15 July 2027", "No", "5 of 5"],
    ]
    assert submissions[1][0].endswith("(current)")
    assert rows(public_site, page, "Answers by article")[0] == [
        "Article 7. Illegal access",
        "2",
        "1 (50 %)",
        "1 (50 %)",
        "0 (0 %)",
        "0 (0 %)",
        "0 (0 %)",
    ]
    assert secret("CHL", "legislation", "7.1") in text
    assert secret("CHL", "comments", "24.3") in text
    assert rows(public_site, page, "What changed")[0] == [
        "Article 7, paragraph 2",
        "Answer",
        "No",
        "Partially",
    ]
    assert "None: every question asked was answered." in text
    link = soup(public_site, page).find("p", class_="cosp-provision").find("a")
    assert link["href"] == "../edition/article-7.html#art_7__para_1"
    assert "Focal" not in text and "SHA-256" not in text


def test_a_state_that_agreed_to_the_summary_shows_its_answers_without_its_texts(
    public_site: Path,
) -> None:
    text = main_text(public_site, "countries/arg.html")
    assert "agreed to the publication of the summary and the answers only" in text
    assert "Answer: Yes" in text and "Answer: Partially" in text
    assert "Secret" not in text
    assert NEED in text  # a need of the list is no text of the State's own
    assert "1 of the questions asked were left unanswered: Article 24, paragraph 2" in text


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
        for field in ("legislation", "examples", "challenges", "comments", "needs")
        for question in reply.answers
    ]
    hidden += [
        f"Focal{state}{n}Zq"
        for state in ("CHL", "ARG", "SEN", "KEN", "FRA", "BOL")
        for n in (1, 3, 4)
    ]
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
    assert secret("SEN", "examples", "24.2") in text
    assert "Name: FocalSEN1Zq" in text
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


def test_downloads_keep_formulas_text(public_site: Path) -> None:
    csv_text = (public_site / "downloads" / "answers" / "chl.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in csv_text
    assert not re.search(r'(^|,)"?[=+@]', csv_text, re.MULTILINE)
    with zipfile.ZipFile(public_site / "downloads" / "answers" / "chl.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "'=HYPERLINK(" in sheet.replace("&quot;", '"')
