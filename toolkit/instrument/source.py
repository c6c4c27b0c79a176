"""Reading an instrument's text file: bytes to numbered lines, or a clear error."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import Location, SourceError

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""A treaty text is a few hundred kilobytes; anything this large is not one."""


@dataclass(frozen=True)
class SourceText:
    """The decoded lines of a source file, with its name and digest."""

    name: str
    lines: tuple[str, ...]
    sha256: str


def read_source(path: Path) -> SourceText:
    """Read and decode an instrument text (UTF-8), refusing empty, binary or mis-encoded files."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError.at(
            "source.not-found",
            Location(name),
            "the file does not exist.",
            "Check the path given to --source.",
        ) from None
    except IsADirectoryError:
        raise SourceError.at(
            "source.not-a-file",
            Location(name),
            "this is a folder, not a text file.",
            "Give the path of the instrument's .txt file.",
        ) from None
    except OSError as error:
        raise SourceError.at(
            "source.unreadable",
            Location(name),
            f"the file cannot be read ({error.strerror}).",
        ) from None
    return decode_source(name, data)


def decode_source(name: str, data: bytes) -> SourceText:
    """Decode bytes of an instrument text into lines; errors name the line and the problem."""
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError.at(
            "source.too-large",
            Location(name),
            f"the file has {len(data):,} bytes; an instrument text has far fewer.",
            "Check that this is the plain-text conversion of the instrument.",
        )
    if not data.strip():
        raise SourceError.at(
            "source.empty",
            Location(name),
            "the file is empty.",
            "Give the plain-text conversion of the instrument (UTF-8).",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode" is UTF-16: every other byte is NUL, so it would pass for binary.
        raise SourceError.at(
            "source.encoding",
            Location(name, line=1),
            'the text is saved as UTF-16 ("Unicode" in Notepad), not UTF-8.',
            "Save the text as UTF-8 (in most editors: Save as, Encoding: UTF-8).",
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError.at(
            "source.binary",
            Location(name, line=line),
            "the file holds binary data (a NUL byte), not text.",
            "Convert the document to plain text (UTF-8) first; a .docx or .pdf cannot be read.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError.at(
            "source.encoding",
            Location(name, line=line),
            f"byte 0x{data[error.start]:02x} is not valid UTF-8.",
            "Save the text as UTF-8 (in most editors: Save as, Encoding: UTF-8).",
        ) from None
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return SourceText(name=name, lines=lines, sha256=hashlib.sha256(data).hexdigest())
