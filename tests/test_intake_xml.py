"""The reader's XML: every part parsed as a stream, document types refused, the bounds kept while
parsing (a million rows cost what 2,000 do), and cells read as a person sees them."""

from __future__ import annotations

import json
import time
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from fixtures.intake import workbooks as wb

from toolkit.intake import Limits, Store
from toolkit.intake.reader import read_plain

MAIN = wb.SPREADSHEET
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
MIB = 1 << 20


def sheet_xml(rows: str, namespace: str = MAIN) -> bytes:
    return f'<worksheet xmlns="{namespace}"><sheetData>{rows}</sheetData></worksheet>'.encode()


def book(
    path: Path,
    sheet: bytes | Iterable[bytes],
    *,
    strings: bytes | Iterable[bytes] | None = None,
    styles: bytes | None = None,
    workbook: bytes | None = None,
) -> Path:
    """A one-sheet workbook; a part given as an iterable of pieces is written a piece at a time
    (so that this process never holds a large part whole)."""
    wb.minimal_xlsx(path, b"")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    if workbook is not None:
        parts["xl/workbook.xml"] = workbook
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != SHEET_PART:
                archive.writestr(name, data)
        for name, data in ((SHEET_PART, sheet), ("xl/sharedStrings.xml", strings)):
            if data is not None:
                with archive.open(name, "w") as stream:
                    for piece in [data] if isinstance(data, bytes) else data:
                        stream.write(piece)
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
    return path


def read(path: Path, limits: Limits | None = None) -> dict:
    return read_plain(path, limits or Limits())


def rows_of(result: dict) -> list:
    assert result["ok"], result
    return result["sheets"][0]["rows"]


def peak_and_seconds(path: Path, limits: Limits | None = None) -> tuple[dict, int, float]:
    """The result of reading ``path`` in this process, its peak traced memory and its time."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = read(path, limits)
        return result, tracemalloc.get_traced_memory()[1], time.perf_counter() - started
    finally:
        tracemalloc.stop()


# -- what is refused ----------------------------------------------------------------------------

XXE_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "{uri}">]>
<worksheet xmlns="{ns}"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>
</sheetData></worksheet>"""
PARAMETER_XXE_SHEET = """<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY % remote SYSTEM "{uri}"> %remote;]>
<worksheet xmlns="{ns}"><sheetData/></worksheet>"""
EXTERNAL_DTD_SHEET = """<?xml version="1.0"?>
<!DOCTYPE worksheet SYSTEM "{uri}">
<worksheet xmlns="{ns}"><sheetData/></worksheet>"""


@pytest.mark.parametrize("template", [XXE_SHEET, PARAMETER_XXE_SHEET, EXTERNAL_DTD_SHEET])
def test_an_external_entity_is_never_resolved(tmp_path: Path, template: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xml = template.format(uri=secret.as_uri(), ns=MAIN).encode()
    path = book(tmp_path / "xxe.xlsx", xml)
    result = read(path)
    assert result == {"ok": False, "kind": "parse", "detail": "ForbiddenXMLError"}
    with Store.open(tmp_path / "store" / "db.sqlite3") as store:
        receipt = wb.ingest(path, store)
    assert [f.code for f in receipt.errors] == ["intake.xml-entities"]
    assert "TOP-SECRET" not in json.dumps(result) + receipt.as_text()


def test_a_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    path = book(tmp_path / "laughs.xlsx", wb.LAUGHS)
    result, peak, seconds = peak_and_seconds(path)
    assert result == {"ok": False, "kind": "parse", "detail": "ForbiddenXMLError"}
    assert peak < 2 * MIB
    assert seconds < 1


@pytest.mark.parametrize(
    "part", ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "styles"]
)
def test_a_document_type_without_entities_is_refused_in_any_part(tmp_path: Path, part: str) -> None:
    """Spreadsheet programs never write one; only a document type can declare entities."""
    doctype = b'<?xml version="1.0"?>\n<!DOCTYPE root>\n'
    # A styled number makes the reader open the styles part.
    sheet = sheet_xml('<row r="1"><c r="A1" s="1"><v>1</v></c></row>')
    path = book(tmp_path / "doctype.xlsx", sheet, styles=doctype + STYLES, strings=SST)
    if part != "styles":
        with zipfile.ZipFile(path) as archive:
            xml = archive.read(part)
        path = wb.rewrite(path, tmp_path / "doctype2.xlsx", {part: doctype + xml})
    assert read(path) == {"ok": False, "kind": "parse", "detail": "ForbiddenXMLError"}


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(sheet_xml("").decode().encode("utf-16"), id="utf-16 with a mark"),
        pytest.param(sheet_xml("").decode().encode("utf-16-le"), id="utf-16 without a mark"),
        pytest.param(
            b'<?xml version="1.0" encoding="ISO-8859-1"?>' + sheet_xml(""), id="declared latin-1"
        ),
        pytest.param(
            b'<?xml version="1.0" encoding="UTF-16"?>' + sheet_xml(""), id="declared utf-16"
        ),
    ],
)
def test_a_part_not_in_utf8_is_refused(tmp_path: Path, encoded: bytes) -> None:
    path = book(tmp_path / "encoding.xlsx", encoded)
    assert read(path) == {"ok": False, "kind": "parse", "detail": "ForbiddenXMLError"}


def test_a_declared_utf8_part_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    xml = b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>' + sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>'
    )
    assert rows_of(read(book(tmp_path / "bom.xlsx", xml))) == [["ok"]]


# -- the bounds hold while parsing --------------------------------------------------------------


def million_rows() -> Iterable[bytes]:
    """A sheet of 1,000,000 rows, written compactly (26 MB of XML, 40 KB compressed)."""
    yield f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    block = b"<row><c><v>7</v></c></row>" * 10_000
    for _ in range(100):
        yield block
    yield b"</sheetData></worksheet>"


def test_a_million_rows_stop_being_parsed_past_the_bound(tmp_path: Path) -> None:
    path = book(tmp_path / "million.xlsx", million_rows())
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(SHEET_PART).file_size == 26_000_112
    result, peak, seconds = peak_and_seconds(path)
    assert result["sheets"][0]["beyond"] is True
    assert rows_of(result) == [["7"]] * 2000
    assert peak < 4 * MIB  # the rows kept (2,000) and one chunk of the part
    assert seconds < 1  # parsing the whole part takes several seconds


def test_what_lies_past_the_bound_is_not_even_parsed(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 5))
    xml = sheet_xml(rows + "<row r='5'><c><v>broken").replace(b"</sheetData></worksheet>", b"")
    result = read(book(tmp_path / "cut.xlsx", xml), Limits(max_rows=4))
    assert (rows_of(result), result["sheets"][0]["beyond"]) == ([["1"], ["2"], ["3"], ["4"]], True)


def test_cells_past_the_columns_are_skipped_without_their_text(tmp_path: Path) -> None:
    huge = "x" * 30_000_000
    xml = sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>kept</t></is></c>'
        f'<c r="AA1" t="inlineStr"><is><t>{huge}</t></is></c></row>'
    )
    path = book(tmp_path / "wide.xlsx", xml)
    del huge, xml
    result, peak, _ = peak_and_seconds(path)
    assert (rows_of(result), result["sheets"][0]["beyond"]) == ([["kept"]], True)
    assert peak < 4 * MIB


def test_a_cell_over_the_limit_stops_the_reading_at_the_limit(tmp_path: Path) -> None:
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>'.encode(),
        *(b"y" * MIB for _ in range(40)),
        b"</t></is></c></row></sheetData></worksheet>",
    )
    path = book(tmp_path / "long.xlsx", xml)
    result, peak, _ = peak_and_seconds(path, Limits(max_cell_chars=1_000_000))
    assert result == {"ok": False, "kind": "parse", "detail": "CellTooLongError"}
    assert peak < 6 * MIB  # a million characters and a chunk: never the 40 MB
    assert rows_of(read(path, Limits(max_cell_chars=40 * MIB))) == [[None, "y" * 40 * MIB]]


def test_a_cell_at_the_limit_is_read(tmp_path: Path) -> None:
    xml = sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"z" * 1000}</t></is></c></row>')
    path = book(tmp_path / "limit.xlsx", xml)
    assert rows_of(read(path, Limits(max_cell_chars=1000))) == [["z" * 1000]]
    assert read(path, Limits(max_cell_chars=999))["detail"] == "CellTooLongError"


SST = f'<sst xmlns="{MAIN}"><si><t>zero</t></si><si><t>one</t></si></sst>'.encode()


def huge_strings(count: int) -> Iterable[bytes]:
    """A shared-strings part of ``count`` items, ``s0`` to ``s<count-1>``."""
    yield f'<sst xmlns="{MAIN}" count="{count}">'.encode()
    for start in range(0, count, 10_000):
        yield "".join(f"<si><t>s{n}</t></si>" for n in range(start, start + 10_000)).encode()
    yield b"</sst>"


def shared_cells(*indexes: int) -> bytes:
    cells = "".join(f'<c r="{chr(65 + n)}1" t="s"><v>{i}</v></c>' for n, i in enumerate(indexes))
    return sheet_xml(f'<row r="1">{cells}</row>')


def test_a_huge_shared_strings_part_is_read_only_as_far_as_the_cells_need(tmp_path: Path) -> None:
    path = book(tmp_path / "strings.xlsx", shared_cells(5, 0, 1), strings=huge_strings(1_000_000))
    result, peak, seconds = peak_and_seconds(path)
    assert rows_of(result) == [["s5", "s0", "s1"]]
    assert peak < 2 * MIB
    assert seconds < 0.5  # the parse ends after item 5 of a million


def test_of_a_huge_shared_strings_part_only_the_strings_used_are_kept(tmp_path: Path) -> None:
    path = book(tmp_path / "strings.xlsx", shared_cells(199_999, 3), strings=huge_strings(200_000))
    result, peak, _ = peak_and_seconds(path)
    assert rows_of(result) == [["s199999", "s3"]]
    assert peak < 4 * MIB  # a list of the 200,000 strings alone would take 12 MB


def test_a_shared_string_that_does_not_exist_is_unreadable(tmp_path: Path) -> None:
    path = book(tmp_path / "missing.xlsx", shared_cells(0, 2), strings=SST)
    assert read(path) == {"ok": False, "kind": "parse", "detail": "MalformedError"}


def test_a_shared_string_over_the_cell_limit_is_too_long(tmp_path: Path) -> None:
    strings = f'<sst xmlns="{MAIN}"><si><t>short</t></si><si><t>{"w" * 50}</t></si></sst>'
    path = book(tmp_path / "long.xlsx", shared_cells(1), strings=strings.encode())
    assert read(path, Limits(max_cell_chars=49))["detail"] == "CellTooLongError"
    # Unused, it does not matter.
    assert rows_of(
        read(
            book(tmp_path / "b.xlsx", shared_cells(0), strings=strings.encode()),
            Limits(max_cell_chars=49),
        )
    ) == [["short"]]


def test_a_workbook_listing_too_many_sheets_is_refused(tmp_path: Path) -> None:
    sheets = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>' for n in range(1, 12))
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{wb.DOCUMENT_RELS}"><sheets>{sheets}</sheets>'
        "</workbook>"
    ).encode()
    path = book(tmp_path / "sheets.xlsx", sheet_xml(""), workbook=workbook)
    assert read(path, Limits(max_sheets=10))["detail"] == "TooManyError"
    assert len(read(path, Limits(max_sheets=11))["sheets"]) == 11


def test_a_workbook_with_too_many_names_is_refused(tmp_path: Path) -> None:
    names = "".join(f'<definedName name="N{n}">S!$A${n}</definedName>' for n in range(1, 6))
    workbook = wb.WORKBOOK.replace(
        b"</workbook>", f"<definedNames>{names}</definedNames></workbook>".encode()
    )
    path = book(tmp_path / "names.xlsx", sheet_xml(""), workbook=workbook)
    assert read(path, Limits(max_names=4))["detail"] == "TooManyError"
    assert read(path, Limits(max_names=5))["names"]["N5"] == ("S", "A5")


# -- what a cell shows --------------------------------------------------------------------------

STYLES = f"""<styleSheet xmlns="{MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="0" formatCode="yyyy"/></dxf></dxfs>
</styleSheet>""".encode()

CELLS = [
    ('<c r="A1" t="inlineStr"><is><t>plain</t></is></c>', "plain"),
    (
        '<c r="A1" t="inlineStr"><is><r><t>Bold</t></r><r><rPr><b/></rPr><t xml:space="preserve"> '
        'text</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>',
        "Bold text",
    ),
    ('<c r="A1" t="inlineStr"><is>\n  <t>pretty</t>\n</is></c>', "pretty"),
    ('<c r="A1" t="inlineStr"><is><t>a &amp; b &#x41;&#66;</t></is></c>', "a & b AB"),
    ('<c r="A1" t="inlineStr"><is><t><![CDATA[<kept> & raw]]></t></is></c>', "<kept> & raw"),
    (
        '<c r="A1" t="inlineStr"><is><t>line_x000A_break _x005F_x0041_</t></is></c>',
        "line\nbreak _x0041_",
    ),
    ('<c r="A1" t="inlineStr"><is><t>_xD83D__xDE00_ _xD800_</t></is></c>', "\U0001f600 \ufffd"),
    ('<c r="A1" t="inlineStr"><is><t/></is></c>', ""),
    ('<c r="A1" t="s"><v>1</v></c>', "one"),
    ('<c r="A1" t="str"><v>a_x0009_b</v></c>', "a\tb"),
    ('<c r="A1"><f>SUM(B1:B2)</f><v>3</v></c>', "=SUM(B1:B2)"),
    ('<c r="A1" t="s"><f>B1</f><v>0</v></c>', "=B1"),
    ('<c r="A1"><f t="shared" si="0"/><v>4</v></c>', "4"),
    ('<c r="A1" t="b"><v>1</v></c>', "TRUE"),
    ('<c r="A1" t="b"><v>0</v></c>', "FALSE"),
    ('<c r="A1" t="e"><v>#N/A</v></c>', "#N/A"),
    ('<c r="A1"><v>2</v></c>', "2"),
    ('<c r="A1"><v>1.25</v></c>', "1.25"),
    ('<c r="A1"><v>1E+20</v></c>', "1e+20"),
    ('<c r="A1" s="1"><v>45717</v></c>', "2025-03-01T00:00:00"),
    ('<c r="A1" s="2"><v>45717.5</v></c>', "2025-03-01T12:00:00"),
    ('<c r="A1" s="0"><v>45717</v></c>', "45717"),
]


@pytest.mark.parametrize(("cell", "shown"), CELLS)
def test_a_cell_reads_as_a_person_sees_it(tmp_path: Path, cell: str, shown: str) -> None:
    path = book(
        tmp_path / "cell.xlsx", sheet_xml(f'<row r="1">{cell}</row>'), strings=SST, styles=STYLES
    )
    result = read(path)
    assert rows_of(result) == [[shown]]
    assert result["sheets"][0]["formulas"] == (["A1"] if "<f" in cell else [])


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ('<c r="A1"><v></v></c>', "an empty value"),
        ('<c r="A1" t="s"/>', "a shared string without its index"),
        ('<c r="A1" t="inlineStr"/>', "an inline string without its text"),
        ('<c r="A1" s="1"/>', "a styled cell without a value"),
    ],
)
def test_an_empty_cell_is_none(tmp_path: Path, cell: str, why: str) -> None:
    path = book(tmp_path / "e.xlsx", sheet_xml(f'<row r="1">{cell}<c r="B1"><v>9</v></c></row>'))
    assert rows_of(read(path)) == [[None, "9"]], why


def test_dates_count_from_1904_when_the_workbook_says_so(tmp_path: Path) -> None:
    workbook = wb.WORKBOOK.replace(b"<sheets>", b'<workbookPr date1904="1"/><sheets>')
    xml = sheet_xml('<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>366</v></c></row>')
    path = book(tmp_path / "1904.xlsx", xml, styles=STYLES, workbook=workbook)
    assert rows_of(read(path)) == [["1904-01-02T00:00:00", "1905-01-01T00:00:00"]]


def test_cells_are_placed_by_their_references(tmp_path: Path) -> None:
    xml = sheet_xml(
        '<row r="2"><c r="C2"><v>1</v></c><c><v>2</v></c></row>'
        '<row><c r="B3"><v>3</v></c></row>'
        '<row r="5"><c r="A5"><v>5</v></c></row>'
    )
    assert rows_of(read(book(tmp_path / "placed.xlsx", xml))) == [
        [],
        [None, None, "1", "2"],
        [None, "3"],
        [],
        ["5"],
    ]


@pytest.mark.parametrize(
    "xml",
    [
        pytest.param(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', STRICT), id="strict"),
        pytest.param(
            f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v>'
            "</x:c></x:row></x:sheetData></x:worksheet>".encode(),
            id="prefixed",
        ),
    ],
)
def test_either_spreadsheet_namespace_and_any_prefix_are_read(tmp_path: Path, xml: bytes) -> None:
    assert rows_of(read(book(tmp_path / "ns.xlsx", xml))) == [["1"]]


def test_elements_of_another_namespace_are_not_cells(tmp_path: Path) -> None:
    xml = sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c><o:c xmlns:o="urn:other" r="B1"><o:v>2</o:v></o:c></row>'
    )
    assert rows_of(read(book(tmp_path / "other.xlsx", xml))) == [["1"]]


def test_names_of_single_cells_are_kept(tmp_path: Path) -> None:
    names = (
        "<definedNames>"
        "<definedName name=\"FocalPoint1\">'Cover'!$B$20</definedName>"
        "<definedName name=\"Quoted\">'It''s here'!C3</definedName>"
        '<definedName name="Plain">Lists!$A$2</definedName>'
        '<definedName name="Range">Lists!$A$2:$A$5</definedName>'
        '<definedName name="Local" localSheetId="0">\'Cover\'!$B$1</definedName>'
        f'<definedName name="Long">{"x" * 5000}!A1</definedName>'
        "</definedNames>"
    )
    workbook = wb.WORKBOOK.replace(b"</workbook>", names.encode() + b"</workbook>")
    result = read(book(tmp_path / "names.xlsx", sheet_xml(""), workbook=workbook))
    assert result["names"] == {
        "FocalPoint1": ("Cover", "B20"),
        "Quoted": ("It's here", "C3"),
        "Plain": ("Lists", "A2"),
    }
