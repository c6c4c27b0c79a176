"""The letters' editable copies: Word documents (python-docx) an officer may adjust by hand.

The same blocks as the PDF (:mod:`.document`), set as Word paragraphs: the reference, the
justified body with its first-line indents, the bold deadline, real footnotes (a footnotes
part, which python-docx does not write itself), the place and date, the address at the end,
the page number from the second page on.  Arabic letters have right-to-left paragraphs and
runs.  The fonts are those every office has (Times New Roman, with SimSun for Chinese).

**Same inputs, same bytes**: the core properties are fixed (the letter's date, no author),
and the package is written again with every entry dated the letter's date.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, time

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]

from toolkit.correspondence.document import Block, Break, LetterDocument, Note, Span
from toolkit.correspondence.languages import style_of

FONT = "Times New Roman"
"""Latin, Cyrillic and Arabic (complex script) text."""
EAST_ASIAN_FONT = "SimSun"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SEPARATORS = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def docx_bytes(document: LetterDocument, title: str, dated: date) -> bytes:
    """The letter as a Word document (the same bytes for the same letter)."""
    style = style_of(document.language)
    rtl = style.direction == "rtl"
    word = Document()
    _slimmed(word)
    _page(word)
    _normal_style(word, style.tag)
    notes = _Footnotes(word)
    in_list = False
    for block in document.blocks:
        paragraph = word.add_paragraph()
        _lay_out(paragraph, block, rtl, first_item=block.kind == "item" and not in_list)
        in_list = block.kind == "item"
        for inline in block.inlines:
            if isinstance(inline, Note):
                notes.call(paragraph, inline, rtl)
            elif isinstance(inline, Break):
                paragraph.add_run().add_break()
            else:
                _run(paragraph, inline, rtl)
    _page_numbers(word)
    notes.attach(word)
    properties = word.core_properties
    moment = datetime.combine(dated, time(), UTC).replace(tzinfo=None)
    properties.title = title
    properties.subject = "Note verbale"
    properties.author = "UNODC"
    properties.last_modified_by = "UNODC"
    properties.comments = ""
    properties.created = properties.modified = moment
    properties.revision = 1
    stream = io.BytesIO()
    word.save(stream)
    return _fixed_times(stream.getvalue(), dated)


_KEPT_STYLES = frozenset(
    {"Normal", "Header", "HeaderChar", "Footer", "FooterChar", "DefaultParagraphFont"}
    | {"TableNormal", "NoList"}
)
_DROPPED_PARTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RELATIONSHIP_TYPE.THUMBNAIL,
)


def _slimmed(word: WordDocument) -> None:
    """python-docx's default document without what a letter does not use: its 160 styles
    (those of tables, lists, headings), Word 2010's copy of them and its thumbnail, so that
    an officer's Word shows the letter's own styles and 200 letters are written quickly."""
    styles = word.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for owner in (word.part, word.part.package):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype in _DROPPED_PARTS:
                del owner.rels[rid]


def _page(word: WordDocument) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(25)
    section.left_margin, section.right_margin = Mm(25), Mm(22)


def _normal_style(word: WordDocument, tag: str) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for key, name in (("w:ascii", FONT), ("w:hAnsi", FONT), ("w:cs", FONT)):
        fonts.set(qn(key), name)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), "zh-CN")
    language.set(qn("w:bidi"), "ar-SA")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.space_after = Pt(6)


def _lay_out(paragraph: Paragraph, block: Block, rtl: bool, first_item: bool) -> None:
    fmt = paragraph.paragraph_format
    start, end = (
        (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
        if rtl
        else (
            WD_ALIGN_PARAGRAPH.LEFT,
            WD_ALIGN_PARAGRAPH.RIGHT,
        )
    )
    if rtl:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    if block.kind == "letterhead":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(24)
    elif block.kind == "reference":
        fmt.alignment = start
        fmt.space_after = Pt(30)
    elif block.kind == "paragraph":
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(12.7)
    elif block.kind == "item":
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.left_indent = Mm(10)
        fmt.first_line_indent = Mm(-6)
        fmt.space_before = Pt(4) if first_item else Pt(0)
        fmt.space_after = Pt(2)
        paragraph.add_run(f"{block.number}.\t")
    elif block.kind == "dateline":
        fmt.alignment = end
        fmt.space_before = Pt(18)
    elif block.kind == "enclosure":
        fmt.alignment = start
        fmt.space_before = Pt(24)
    elif block.kind == "address":
        fmt.alignment = start
        fmt.space_before = Pt(48)
        fmt.keep_together = True


def _run(paragraph: Paragraph, span: Span, rtl: bool, size: Pt | None = None) -> None:
    run = paragraph.add_run(span.text)
    run.bold = span.bold or None
    run.italic = span.italic or None
    if size is not None:
        run.font.size = size
    if rtl:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


class _Footnotes:
    """The letter's footnotes: called in the text, written in a footnotes part."""

    def __init__(self, word: WordDocument) -> None:
        self.part_xml = parse_xml(_SEPARATORS)
        self.count = 0
        self.word = word

    def call(self, paragraph: Paragraph, note: Note, rtl: bool) -> None:
        self.count += 1
        reference = paragraph.add_run()
        reference.font.superscript = True
        mark = OxmlElement("w:footnoteReference")
        mark.set(qn("w:id"), str(self.count))
        reference._r.append(mark)
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(self.count))
        text = Paragraph(OxmlElement("w:p"), self.word.part)
        text.paragraph_format.space_after = Pt(0)
        text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if rtl:
            text._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        number = text.add_run()
        number.font.superscript = True
        number.font.size = Pt(10)
        number._r.append(OxmlElement("w:footnoteRef"))
        _run(text, Span(" "), rtl, Pt(10))
        for span in note.spans:
            _run(text, span, rtl, Pt(10))
        footnote.append(text._p)
        self.part_xml.append(footnote)

    def attach(self, word: WordDocument) -> None:
        """Add the footnotes part to the package (when the letter has footnotes)."""
        if not self.count:
            return
        document_part = word.part
        blob = etree.tostring(
            self.part_xml, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, document_part.package)
        document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        settings = document_part.settings.element
        properties = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
            "</w:footnotePr>"
        )
        settings.append(properties)


def _page_numbers(word: WordDocument) -> None:
    """ "– 2 –" centred at the top of every page but the first."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("– ")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = header.add_run()
        if kind is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {text} "
            run._r.append(instruction)
    header.add_run(" –")


def _fixed_times(package: bytes, dated: date) -> bytes:
    """The package with every entry dated ``dated`` (zip keeps local times, no time zone)."""
    stamp = (dated.year, dated.month, dated.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
