"""What a State writes stays text: markup, code and commands in every free-text field (slow).

Chile (consent Yes) wrote the payloads of tests/fixtures/publications/site.py in each of its
texts: reST directives, roles and substitutions, raw HTML and ``<script>``, ``javascript:``
links in reST and Markdown, include/literalinclude/download of a local file, TeX commands with
``\\input`` and ``\\write18``, Jinja, bidirectional controls, spreadsheet formulas.  They must
read literally on the HTML page and in the PDF, with no element, link or file they describe.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fixtures.publications.site import LANGUAGES, SENTINEL, payloads, shown_payload

pytestmark = pytest.mark.slow


def flat(text: str) -> str:
    """Text without white space and hyphens (lines wrapped and words broken in a PDF)."""
    return "".join(text.split()).replace("-", "").replace("\u00ad", "")


@pytest.fixture(scope="module")
def page(public_site: Path) -> BeautifulSoup:
    html = (public_site / "countries" / "chl.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_every_payload_reads_literally_on_the_page(
    page: BeautifulSoup, review_workspace: Path
) -> None:
    article = page.find("article")
    text = article.get_text("\n")
    for payload in payloads(review_workspace):
        for line in shown_payload(payload).splitlines():
            assert line.strip() in text, line


def test_no_payload_became_markup(page: BeautifulSoup, public_site: Path) -> None:
    article = page.find("article")
    assert article.find("script") is None and article.find("img") is None
    assert article.find("b") is None and article.find(attrs={"onerror": True}) is None
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert not [h for h in hrefs if "sentinel" in h]
    inline = [s.get_text() for s in page.find_all("script") if not s.get("src")]
    assert inline and not [code for code in inline if "alert" in code or "Zq" in code]
    assert "[U+202E]" in article.get_text(" ") and "\u202e" not in str(page)


def test_no_file_was_read_and_no_command_run(public_site: Path, review_workspace: Path) -> None:
    for path in public_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".csv", ".txt"}:
            assert SENTINEL not in path.read_text(encoding="utf-8", errors="replace"), path
    assert not list(public_site.rglob("sentinel*"))  # no :download: copied it
    assert not (review_workspace / "pwned").exists()
    latex = review_workspace / "build" / "site" / "public" / "latex"
    assert not list(latex.glob("pwned*"))


def test_every_payload_reads_literally_in_the_pdf(
    public_site: Path, review_workspace: Path
) -> None:
    text = subprocess.run(
        ["pdftotext", str(public_site / "countries" / "chl.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert SENTINEL not in text
    whole = flat(text)
    for payload in payloads(review_workspace):
        for line in shown_payload(payload).splitlines():
            assert flat(line) in whole, line


def test_texts_in_other_scripts_are_printed(public_site: Path) -> None:
    html = BeautifulSoup(
        (public_site / "countries" / "bol.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert LANGUAGES in " ".join(html.find("article").get_text(" ").split())
    arabic = html.find("span", class_="cosp-rtl")
    assert arabic is not None and arabic.get_text() == "القانون رقم ١٧٥ لسنة ٢٠١٨"
    text = subprocess.run(
        ["pdftotext", str(public_site / "countries" / "bol.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    russian, chinese, _ = LANGUAGES.split("; ")
    assert flat(russian) in flat(text) and flat(chinese) in flat(text)
