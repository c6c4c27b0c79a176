"""Parsing one XML part of a received workbook: as a stream, refusing what no spreadsheet writes.

Every part is parsed by expat, the C parser behind the standard library's XML modules, fed in
chunks straight from the zip member: no part is ever held whole in memory and no element tree is
built, and a handler may end the parse as soon as it has what it needs (:class:`StopParsing`, as
a sheet's rows do past the row bound).

The guards are those of defusedxml (``forbid_dtd``, ``forbid_entities``, ``forbid_external``),
set on the parser itself: a document type declaration, the only place where entities can be
declared, stops the parse with :class:`ForbiddenXMLError` when it starts, before anything in it
is processed, so entity expansion ("billion laughs") and external entities (XXE) cannot happen;
entity declarations and external references are refused too, should expat ever reach one.  Parts
must be UTF-8, as every spreadsheet program writes them.

Why not defusedxml's own parsers: they reach expat's handlers through the pure-Python
ElementTree and build every element; its ``iterparse`` takes a third longer to go through a
questionnaire's sheets, doing nothing with them, than this reader takes to read the whole
workbook, and intake must stay within 3 times of python-calamine.  Here no element is built and
the handlers act on the few elements they look for.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import NoReturn
from xml.parsers import expat

CHUNK_BYTES = 1 << 16
"""Bytes of a part decompressed and parsed at a time (the most a parse holds of the part)."""
TEXT_BUFFER = 1 << 16
"""Characters expat gathers before handing text over (fewer, larger pieces of a long cell)."""
NOT_UTF8 = (b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x3c\x00")
"""How a UTF-16 or UTF-32 part starts (a byte-order mark, or a NUL byte around the ``<``)."""
UTF8 = frozenset({"utf-8", "utf8"})
SEPARATOR = " "
"""Between an element's namespace and its local name in the names handlers receive."""

Start = Callable[[str, dict[str, str]], None]
"""Called with an element's name (``namespace local``) and its attributes when it starts."""
End = Callable[[str], None]
"""Called with an element's name when it ends."""
Text = Callable[[str], None]
"""Called with character data, in pieces (a text may come in several)."""


class ForbiddenXMLError(ValueError):
    """A part declares a document type (and so could declare entities) or is not UTF-8."""


class StopParsing(Exception):
    """Raised by a handler that has what it needs: the rest of the part is not parsed."""


def name(namespace: str, local: str) -> str:
    """An element's name as the handlers receive it."""
    return f"{namespace}{SEPARATOR}{local}"


def parse_part(
    archive: zipfile.ZipFile,
    part: str,
    start: Start,
    end: End | None = None,
    text: Text | None = None,
) -> None:
    """Parse one part of ``archive``, calling the handlers given, until its end or until a
    handler raises :class:`StopParsing`.

    Raises :class:`ForbiddenXMLError` for a document type, an entity or a part not in UTF-8,
    ``xml.parsers.expat.ExpatError`` for a part that is not well-formed XML (up to where it was
    parsed), ``KeyError`` for a missing part; a handler's own exceptions pass through.
    """
    parser = _parser(part)
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        with archive.open(part) as stream:
            chunk = stream.read(CHUNK_BYTES)
            if chunk.startswith(NOT_UTF8):
                raise ForbiddenXMLError(f"{part} is not UTF-8")
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(CHUNK_BYTES)
            parser.Parse(b"", True)
    except StopParsing:
        pass


def _parser(part: str) -> expat.XMLParserType:
    """An expat parser with the guards set: UTF-8 only, no document type, no entities."""
    # The encoding given overrides the one declared: bytes that are not UTF-8 are an error.
    parser = expat.ParserCreate("utf-8", SEPARATOR)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = TEXT_BUFFER

    def declaration(version: str, encoding: str | None, standalone: int) -> None:
        if encoding is not None and encoding.lower() not in UTF8:
            raise ForbiddenXMLError(f"{part} is not UTF-8")

    def document_type(*_: object) -> NoReturn:
        raise ForbiddenXMLError(f"{part} declares a document type")

    def entity(*_: object) -> NoReturn:
        raise ForbiddenXMLError(f"{part} declares an entity")

    def external(*_: object) -> NoReturn:
        raise ForbiddenXMLError(f"{part} refers to an external entity")

    parser.XmlDeclHandler = declaration
    parser.StartDoctypeDeclHandler = document_type
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    return parser
