"""The letters' Word copies, read back with python-docx and as XML."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import docx
import pytest

from toolkit.correspondence.document import parse_letter
from toolkit.correspondence.docx import docx_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKUP = (
    '<letter lang="{lang}"><letterhead>United Nations Office on Drugs and Crime</letterhead>'
    "<reference>Reference: CU 2026/77/DTA/OCB/CSS</reference>"
    "<p>The Secretariat presents its compliments to the Permanent Mission of Chile"
    "<note>A footnote about &lt;b&gt;{{{{ x }}}}&lt;/b&gt;.</note> and asks for a reply "
    "<b>at the latest by 31 March 2027</b>.</p>"
    "<list><item>first point</item><item>second point</item></list>"
    "<dateline>Vienna, 1 December 2026</dateline>"
    "<address><line>Permanent Mission of Chile</line><line>Lugeck 1</line></address>"
    "</letter>"
)


def word(lang: str = "en") -> bytes:
    return docx_bytes(parse_letter(MARKUP.format(lang=lang)), "Note verbale X", date(2026, 12, 1))


def test_the_paragraphs_are_the_letters_blocks_with_the_deadline_bold() -> None:
    document = docx.Document(io.BytesIO(word()))
    texts = [p.text for p in document.paragraphs]
    assert texts == [
        "United Nations Office on Drugs and Crime",
        "Reference: CU 2026/77/DTA/OCB/CSS",
        "The Secretariat presents its compliments to the Permanent Mission of Chile and asks "
        "for a reply at the latest by 31 March 2027.",
        "1.\tfirst point",
        "2.\tsecond point",
        "Vienna, 1 December 2026",
        "Permanent Mission of Chile\nLugeck 1",
    ]
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert bold == ["at the latest by 31 March 2027"]
    body = document.paragraphs[2].paragraph_format
    assert (body.alignment, round(body.first_line_indent.mm, 1)) == (3, 12.7)  # justified


def test_footnotes_are_real_footnotes_with_their_text_as_text() -> None:
    package = zipfile.ZipFile(io.BytesIO(word()))
    body = package.read("word/document.xml").decode()
    notes = package.read("word/footnotes.xml").decode()
    assert '<w:footnoteReference w:id="1"/>' in body
    assert "A footnote about &lt;b&gt;{{ x }}&lt;/b&gt;." in notes
    assert 'w:type="separator" w:id="-1"' in notes
    assert "footnotes.xml" in package.read("word/_rels/document.xml.rels").decode()
    assert "footnotes+xml" in package.read("[Content_Types].xml").decode()


def test_the_same_letter_gives_the_same_bytes_dated_the_letters_day() -> None:
    assert word() == word()
    package = zipfile.ZipFile(io.BytesIO(word()))
    assert {i.date_time for i in package.infolist()} == {(2026, 12, 1, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(word())).core_properties
    assert (properties.title, properties.author, properties.revision) == (
        "Note verbale X",
        "UNODC",
        1,
    )
    assert properties.created.replace(tzinfo=None) == datetime(2026, 12, 1)
    assert properties.modified.replace(tzinfo=None) == datetime(2026, 12, 1)


def test_an_arabic_letter_has_right_to_left_paragraphs_and_runs() -> None:
    document = docx.Document(io.BytesIO(word("ar")))
    body = document.paragraphs[2]._p
    assert body.pPr.find(f"{W}bidi") is not None
    assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in body.iter(f"{W}r") if r.text)
    latin = docx.Document(io.BytesIO(word("en"))).paragraphs[2]._p
    assert latin.pPr.find(f"{W}bidi") is None


def test_only_the_styles_a_letter_uses_are_kept() -> None:
    document = docx.Document(io.BytesIO(word()))
    names = {s.get(f"{W}styleId") for s in document.styles.element.findall(f"{W}style")}
    assert "Normal" in names
    assert "LightShading" not in names
    package = zipfile.ZipFile(io.BytesIO(word()))
    assert "docProps/thumbnail.jpeg" not in package.namelist()


@pytest.mark.parametrize("page", ["header", "first"])
def test_page_numbers_start_on_the_second_page(page: str) -> None:
    section = docx.Document(io.BytesIO(word())).sections[0]
    assert section.different_first_page_header_footer is True
    if page == "header":
        assert "PAGE" in section.header._element.xml
    else:
        assert "PAGE" not in section.first_page_header._element.xml
