"""The annotated edition: its generated source pages, and (slow) the real HTML and PDF builds."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DOCS, sphinx_build

from toolkit.publications.edition import MARKER, edition_pages, write_edition
from toolkit.publications.pdf import install_hint, log_problems, missing_tools
from toolkit.publications.pdf import main as pdf_main


def test_one_page_per_chapter_and_per_article(convention) -> None:
    pages = edition_pages(convention)
    chapters = [f"chapter-{c.number.lower()}" for c in convention.chapters]
    articles = [f"article-{n}" for c in convention.chapters for n in c.articles]
    assert len(chapters) == 9 and len(articles) == 68
    assert articles[:3] == ["article-1", "article-2", "article-3"] and articles[-1] == "article-68"
    assert set(pages) == {"resolution", "preamble", *chapters, *articles, "obligations"} | {
        "summary",
        "index",
    }
    toc = pages["index"].split(":maxdepth: 2", 1)[1].split()
    assert toc == ["resolution", "preamble", *chapters, "obligations", "summary"]


def test_chapter_pages_list_their_articles_and_hold_ids_not_the_text(convention) -> None:
    pages = edition_pages(convention)
    page = pages["chapter-v"]
    assert page.startswith(MARKER)
    assert ".. prov:chapter:: V" in page
    toc = page.split(":titlesonly:", 1)[1].split()
    assert toc == [f"article-{n}" for n in range(35, 53)]
    assert pages["article-42"] == f"{MARKER}\n\n.. prov:article:: 42\n"
    body = [line for line in page.splitlines()[1:] if line.strip()]
    assert all(
        re.fullmatch(r"\s*(\.\. (prov:chapter|toctree)::( \w+)?|:titlesonly:|article-\d+)", line)
        for line in body
    )
    assert "preservation" not in page.lower()


def test_pages_are_written_only_when_their_content_changes(convention, tmp_path: Path) -> None:
    first = write_edition(convention, tmp_path)
    assert len(first.written) == len(edition_pages(convention))
    stamps = {path: path.stat().st_mtime_ns for path in tmp_path.glob("*.rst")}
    (tmp_path / "summary.rst").write_text("changed by hand\n", encoding="utf-8")
    second = write_edition(convention, tmp_path)
    assert second.written == (tmp_path / "summary.rst",)
    for path, stamp in stamps.items():
        if path.name != "summary.rst":
            assert path.stat().st_mtime_ns == stamp, path


def test_stale_generated_pages_go_and_hand_written_pages_stay(convention, tmp_path: Path) -> None:
    (tmp_path / "chapter-x.rst").write_text(f"{MARKER}\n\n.. prov:chapter:: X\n", encoding="utf-8")
    (tmp_path / "notes.rst").write_text("Notes by hand\n=============\n", encoding="utf-8")
    result = write_edition(convention, tmp_path)
    assert result.removed == (tmp_path / "chapter-x.rst",)
    assert (tmp_path / "notes.rst").exists()


def test_latex_log_problems_are_found(tmp_path: Path) -> None:
    log = tmp_path / "book.log"
    log.write_text(
        "Missing character: There is no ẞ (U+1E9E) in font FreeSerif:mapping=tex-text;!\n"
        "LaTeX Warning: Hyper reference `edition/chapter-v:art_99' on page 3 undefined on "
        "input line 7.\n"
        "Output written on book.pdf (2 pages).\n",
        encoding="utf-8",
    )
    problems = log_problems(log)
    assert len(problems) == 2
    assert problems[0].startswith(f"{log}:1: Missing character")


def test_check_of_a_folder_without_logs_says_the_build_did_not_run(tmp_path: Path, capsys) -> None:
    (tmp_path / "odd.log").mkdir()  # a folder named like a log is no log
    assert pdf_main(["check", str(tmp_path / "missing")]) == 1
    assert pdf_main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("no LaTeX .log file: did the PDF build run?") == 2
    assert "the PDF is incomplete" not in err and "Traceback" not in err


def test_missing_tex_names_the_debian_packages() -> None:
    hint = install_hint(["xelatex"])
    assert "texlive-xetex" in hint and "latexmk" in hint and "fonts-freefont-otf" in hint


# -- the real edition (seconds each) ------------------------------------------------------------


def article(html: str, number: int) -> str:
    """The HTML of one article's section."""
    start = html.index(f'<section class="prov-article" id="art_{number}">')
    end = html.find('<section class="prov-article"', start + 1)
    return html[start : end if end != -1 else len(html)]


@pytest.mark.slow
def test_article_42_6_links_to_article_40_21_b_and_c(edition_html: Path) -> None:
    html = (edition_html / "edition" / "article-42.html").read_text(encoding="utf-8")
    start = html.index('id="art_42__para_6"')
    paragraph = html[start : html.index("</div>", start)]
    hrefs = re.findall(r'href="([^"]*)"[^>]*><span class="xref prov prov-ref">([^<]*)<', paragraph)
    target = "article-40.html#art_40__para_21__point_"
    assert (f"{target}b", "article 40, paragraph 21 (b)") in hrefs
    assert (f"{target}c", "(c)") in hrefs  # then ", article 40, ..." for readers
    assert ("article-40.html#art_40__para_22", "paragraph 22") in hrefs
    article_40 = (edition_html / "edition" / "article-40.html").read_text(encoding="utf-8")
    assert 'id="art_40__para_21__point_b"' in article_40
    assert 'id="art_40__para_21__point_c"' in article_40


@pytest.mark.slow
@pytest.mark.parametrize(("number", "notes"), [(2, (1, 2)), (17, (3,)), (23, (4,)), (35, (4, 5))])
def test_interpretative_notes_stand_under_their_articles(
    edition_html: Path, number: int, notes: tuple[int, ...]
) -> None:
    page = edition_html / "edition" / f"article-{number}.html"
    section = article(page.read_text(encoding="utf-8"), number)
    found = tuple(int(n) for n in re.findall(r"Interpretative note (\d+)", section))
    assert found == notes


@pytest.mark.slow
def test_every_page_has_one_h1_and_headings_in_order(edition_html: Path) -> None:
    for page in sorted((edition_html / "edition").glob("*.html")):
        main = (
            page.read_text(encoding="utf-8")
            .split('<article role="main"', 1)[1]
            .split("</article>", 1)[0]
        )
        levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
        assert levels.count(1) == 1, page.name
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), page.name


@pytest.mark.slow
def test_obligations_table_has_a_row_per_obligation_row_and_the_filter(edition_html: Path) -> None:
    html = (edition_html / "edition" / "obligations.html").read_text(encoding="utf-8")
    assert '<script defer="defer" src="../_static/prov-filter.js' in html
    rows = re.findall(r'<tr class="(prov-kind-[^"]*)"', html)
    assert len(rows) == 236  # tests/test_instrument_review.py counts them chapter by chapter
    assert sum("prov-flag-reservation" in row for row in rows) == 6
    assert sum("prov-flag-notification" in row for row in rows) == 13
    assert sum("prov-reviewed-no" in row for row in rows) == 11


@pytest.mark.slow
def test_summary_agrees_with_the_obligations_table(edition_html: Path) -> None:
    html = (edition_html / "edition" / "summary.html").read_text(encoding="utf-8")
    total = html[html.index('class="prov-total') :].split("</tr>", 1)[0]
    assert re.findall(r"<strong>(\d+)</strong>", total) == ["140", "35", "61", "6", "13", "225"]


@pytest.mark.slow
def test_the_resolution_page_opens_with_the_general_assembly(edition_html: Path) -> None:
    html = (edition_html / "edition" / "resolution.html").read_text(encoding="utf-8")
    opening = html.index('<p class="prov-resolution-opening">The General Assembly,</p>')
    assert opening < html.index("Recalling its resolution")


@pytest.mark.slow
def test_pdf_text_has_the_articles_and_links(tmp_path: Path) -> None:
    if missing_tools() or shutil.which("pdftotext") is None:
        pytest.skip(install_hint(missing_tools() or ["pdftotext (poppler-utils)"]))
    result = sphinx_build("-M", "latexpdf", str(DOCS), str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    latex = tmp_path / "latex"
    assert log_problems(latex / "cosp-convention.log") == []
    text = subprocess.run(
        ["pdftotext", "-layout", str(latex / "cosp-convention.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Article 42. International cooperation for the purpose of expedited" in flat
    assert (
        "on the basis of the grounds contained in article 40, paragraph 21 (b) and (c) and "
        "paragraph 22" in flat
    )
    assert "Interpretative note 4: Articles 23 and 35" in flat
    assert "[mandatory]" in flat and "[reservation]" in flat
    assert "Referred to by:" in flat


@pytest.mark.slow
def test_the_html_edition_is_the_same_bytes_when_built_again(
    edition_html: Path, tmp_path: Path
) -> None:
    again = tmp_path / "html"
    result = sphinx_build("-b", "html", "-j", "2", str(DOCS), str(again))
    assert result.returncode == 0, result.stderr
    built = {p.relative_to(edition_html) for p in edition_html.rglob("*") if p.is_file()}
    rebuilt = {p.relative_to(again) for p in again.rglob("*") if p.is_file()}
    assert built == rebuilt
    differing = [
        str(name)
        for name in sorted(built)
        if not str(name).startswith(".doctrees")  # pickles of Sphinx's own cache
        and (edition_html / name).read_bytes() != (again / name).read_bytes()
    ]
    assert differing == []
