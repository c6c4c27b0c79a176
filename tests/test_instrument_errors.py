"""Malformed instrument texts stop with a SourceError that names the line and what was expected.

Most cases break one line of the small protocol fixture (its line numbers are easy to check
by eye); a few break the bundled Convention itself.  The command line must then exit 1 with
the message on standard error and nothing on standard output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.errors import Finding, SourceError
from toolkit.instrument.parser import parse
from toolkit.instrument.source import decode_source, read_source
from toolkit.resources import CONVENTION as DEFAULT_SOURCE

PROTOCOL = Path(__file__).parent / "fixtures" / "instrument" / "protocol.txt"
PROTOCOL_LINES = PROTOCOL.read_text(encoding="utf-8").split("\n")
CONVENTION_LINES = DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")


def line_of(lines: list[str], start: str) -> int:
    """1-based number of the only line that starts with ``start``."""
    found = [i for i, line in enumerate(lines, 1) if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def edited(lines: list[str], start: str, new: str | None) -> bytes:
    """The text with the line starting with ``start`` replaced (or removed, when None)."""
    out = list(lines)
    index = line_of(lines, start) - 1
    if new is None:
        del out[index]
    else:
        out[index] = new
    return "\n".join(out).encode("utf-8")


def parse_error(data: bytes, name: str = "bad.txt") -> Finding:
    with pytest.raises(SourceError) as caught:
        parse(decode_source(name, data))
    (finding,) = caught.value.findings
    assert finding.location.file == name
    assert finding.severity == "error"
    assert finding.hint, "every error says how to fix it"
    return finding


# --- files that are not text ----------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\n \t\n", b"\r\n\r\n"])
def test_empty_file_is_refused(data):
    finding = parse_error(data)
    assert finding.code == "source.empty"
    assert "empty" in finding.message
    assert "UTF-8" in finding.hint


def test_binary_file_is_refused_at_the_line_of_the_nul_byte():
    finding = parse_error(b"Article 1\n\nTitle\n\x00\x01\x02 binary")
    assert finding.code == "source.binary"
    assert finding.location.line == 4
    assert "NUL" in finding.message
    assert "plain text" in finding.hint


def test_latin1_file_is_refused_at_the_line_of_the_first_bad_byte():
    data = "Article 1\n\nDéfinitions\n\nTexte.".encode("latin-1")
    finding = parse_error(data)
    assert finding.code == "source.encoding"
    assert finding.location.line == 3
    assert "0xe9" in finding.message
    assert "not valid UTF-8" in finding.message
    assert "UTF-8" in finding.hint


def test_a_utf8_byte_order_mark_is_accepted():
    data = b"\xef\xbb\xbf" + PROTOCOL.read_bytes()
    instrument = parse(decode_source("bom.txt", data))
    assert instrument.title.startswith("Protocol supplementary")


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(SourceError) as caught:
        read_source(tmp_path / "nothing.txt")
    assert caught.value.findings[0].code == "source.not-found"
    with pytest.raises(SourceError) as caught:
        read_source(tmp_path)
    assert caught.value.findings[0].code == "source.not-a-file"


def test_text_that_is_not_a_treaty_is_refused():
    data = b"Dear colleagues,\n\nPlease find the report attached.\n\n1. First point.\n"
    finding = parse_error(data)
    assert finding.code == "source.no-articles"
    assert "Article 1" in finding.message  # what was expected


# --- broken numbering ---------------------------------------------------------------------------


def test_missing_article_is_reported_at_the_next_heading():
    # Article 3 taken out: its heading, title and text.
    lines = list(PROTOCOL_LINES)
    first, last = line_of(lines, "Article 3."), line_of(lines, "The purpose of this Protocol")
    del lines[first - 1 : last]
    finding = parse_error("\n".join(lines).encode())
    assert finding.code == "source.article-missing"
    assert finding.location.line == line_of(lines, "Article 4")
    assert "article 3 was expected" in finding.message
    assert "article 4" in finding.message


def test_missing_article_in_the_convention_is_reported():
    lines = list(CONVENTION_LINES)
    first, last = line_of(lines, "Article 7"), line_of(lines, "Article 8")
    del lines[first - 1 : last - 1]
    finding = parse_error("\n".join(lines).encode())
    assert finding.code == "source.article-missing"
    assert finding.location.line == first  # where "Article 8" now stands
    assert "article 7 is missing" in finding.message


def test_article_heading_without_number_is_reported_at_the_heading():
    data = edited(PROTOCOL_LINES, "Article 2", "Article")
    finding = parse_error(data)
    assert finding.code == "source.article-number"
    assert finding.location.line == line_of(PROTOCOL_LINES, "Article 2")
    assert "no number" in finding.message


def test_duplicated_article_names_both_lines():
    lines = list(PROTOCOL_LINES)
    first, last = line_of(lines, "Article 3."), line_of(lines, "The purpose of this Protocol")
    copy = lines[first - 1 : last]
    lines[last:last] = ["", *copy]
    finding = parse_error("\n".join(lines).encode())
    assert finding.code == "source.article-duplicated"
    assert finding.location.line == last + 2
    assert f"article 3 appears twice (first on line {first})" in finding.message


def test_duplicated_article_in_the_convention_names_both_lines():
    lines = list(CONVENTION_LINES)
    first, last = line_of(lines, "Article 7"), line_of(lines, "Article 8")
    lines[last - 1 : last - 1] = lines[first - 1 : last - 1]
    finding = parse_error("\n".join(lines).encode())
    assert finding.code == "source.article-duplicated"
    assert finding.location.line == last
    assert f"first on line {first}" in finding.message


def test_paragraph_out_of_sequence():
    data = edited(PROTOCOL_LINES, "3. The offences established", "4. The offences established.")
    finding = parse_error(data)
    assert finding.code == "source.out-of-sequence"
    assert finding.location.line == line_of(PROTOCOL_LINES, "3. The offences established")
    assert "paragraph 4 " in finding.message
    assert "article 1" in finding.message
    assert "expected paragraph 3." in finding.message


def test_first_paragraph_numbered_2_in_the_convention():
    start = (
        "1. Each State Party shall adopt such legislative and other measures as may be "
        "necessary to establish as a criminal offence under its domestic law, when "
        "committed intentionally, the access"
    )
    line = CONVENTION_LINES[line_of(CONVENTION_LINES, start) - 1]
    finding = parse_error(edited(CONVENTION_LINES, start, "2." + line[2:]))
    assert finding.code == "source.out-of-sequence"
    assert finding.location.line == line_of(CONVENTION_LINES, start)
    assert "in article 7: expected paragraph 1." in finding.message


def test_letter_out_of_sequence():
    line = PROTOCOL_LINES[line_of(PROTOCOL_LINES, "(b) The offering") - 1]
    finding = parse_error(edited(PROTOCOL_LINES, "(b) The offering", line.replace("(b)", "(c)")))
    assert finding.code == "source.out-of-sequence"
    assert finding.location.line == line_of(PROTOCOL_LINES, "(b) The offering")
    assert "subparagraph (c)" in finding.message
    assert "expected subparagraph (b)" in finding.message


def test_letter_out_of_sequence_in_the_convention():
    start = "- (b) Promote, facilitate"
    line = CONVENTION_LINES[line_of(CONVENTION_LINES, start) - 1]
    finding = parse_error(edited(CONVENTION_LINES, start, line.replace("(b)", "(d)")))
    assert finding.location.line == line_of(CONVENTION_LINES, start)
    expected = "subparagraph (d) is out of sequence in article 1: expected subparagraph (b)"
    assert expected in finding.message


def test_clause_out_of_sequence():
    start = "- (ii) Disrupt"
    line = PROTOCOL_LINES[line_of(PROTOCOL_LINES, start) - 1]
    finding = parse_error(edited(PROTOCOL_LINES, start, line.replace("(ii)", "(iii)")))
    assert finding.location.line == line_of(PROTOCOL_LINES, start)
    assert "clause (iii)" in finding.message
    assert "expected clause (ii)" in finding.message


def test_chapter_out_of_sequence():
    finding = parse_error(edited(PROTOCOL_LINES, "Chapter II *", "Chapter III **Cooperation**"))
    assert finding.code == "source.chapter-sequence"
    assert finding.location.line == line_of(PROTOCOL_LINES, "Chapter II *")
    assert "expected chapter II" in finding.message


@pytest.mark.parametrize(
    "heading",
    ["General provisions", "Chapter II *"],  # the first chapter's title line; a later chapter
    ids=["first-chapter", "later-chapter"],
)
def test_text_between_a_chapter_heading_and_its_first_article(heading):
    lines = list(PROTOCOL_LINES)
    at = line_of(lines, heading)
    lines[at:at] = ["", "This chapter applies to everything."]
    finding = parse_error("\n".join(lines).encode())
    assert finding.code == "source.text-before-article"
    assert finding.location.line == at + 2


def test_out_of_sequence_message_ends_with_one_full_stop():
    data = edited(PROTOCOL_LINES, "3. The offences established", "4. The offences established.")
    assert not parse_error(data).message.endswith("..")


# --- on the command line ------------------------------------------------------------------------

BAD_FILES = {
    "empty": b"",
    "binary": b"Article 1\n\x00\x00",
    "latin-1": "Article 1\n\nCaf\xe9".encode("latin-1"),
    "not-a-treaty": b"Minutes of the meeting.\n\nNothing was decided.\n",
    "duplicated-article": edited(PROTOCOL_LINES, "Article 3.", "Article 2"),
    "paragraph-out-of-sequence": edited(PROTOCOL_LINES, "2. Each State Party may", "3. Each."),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("output", ["json", "csv", "yaml"])
def test_cli_on_bad_source_exits_1_and_writes_nothing(tmp_path, capsys, kind, output):
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(BAD_FILES[kind])
    status = main(["provisions", "-q", "--source", str(path), "--format", output])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err.startswith(f"cosp: {path}")
    assert "error:" in captured.err
    assert "Traceback" not in captured.err


def test_cli_error_names_the_line(tmp_path, capsys):
    path = tmp_path / "dup.txt"
    path.write_bytes(BAD_FILES["duplicated-article"])
    assert main(["provisions", "--source", str(path)]) == 1
    err = capsys.readouterr().err
    line = line_of(PROTOCOL_LINES, "Article 3.")
    assert f"{path}, line {line}: error: article 2 appears twice" in err
    assert "[source.article-duplicated]" in err


def test_cli_on_missing_source_exits_1(tmp_path, capsys):
    assert main(["provisions", "--source", str(tmp_path / "missing.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "does not exist" in captured.err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_told_to_be_saved_as_utf8_not_called_binary(encoding):
    data = ("\ufeff" if encoding.endswith("be") else "") + "Article 1\n\nScope\n"
    finding = parse_error(data.encode(encoding))
    assert finding.code == "source.encoding"
    assert "UTF-16" in finding.message and "Notepad" in finding.message
    assert "UTF-8" in finding.hint
