"""Cleaning the residue of a PDF-to-text conversion out of a line, and counting words."""

from __future__ import annotations

import re

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_FOOTNOTE_LINE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s+(.*\S)\s*$")
_MARKER = re.compile(rf"(?<=[^\s{SUPERSCRIPTS}])[{SUPERSCRIPTS}]+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W_]+(?:[’'\-/][^\W_]+)*")


def footnote(line: str) -> tuple[str, str] | None:
    """``(marker, text)`` when the line is a footnote (``¹ It is noted ...``), else None."""
    match = _FOOTNOTE_LINE.match(line)
    return (match.group(1), clean(match.group(2))) if match else None


def clean(line: str) -> str:
    """Body text without markdown links, emphasis, footnote markers or runs of spaces."""
    line = _LINK.sub(r"\1", line)
    line = line.replace("*", "")
    line = _MARKER.sub("", line)
    return _SPACE.sub(" ", line).strip()


def clean_heading(line: str) -> str:
    """A heading line with emphasis turned into spaces (``*Article 19**Title*``)."""
    return clean(line.replace("*", " "))


def words(text: str) -> list[str]:
    """The words of a text, in order (letters and digits; inner apostrophes and hyphens kept)."""
    return WORD.findall(text)


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(numeral: str) -> int:
    """The value of a roman numeral (``iv`` is 4), upper or lower case."""
    total, previous = 0, 0
    for char in reversed(numeral.lower()):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def to_roman(value: int) -> str:
    """The lower-case roman numeral of a positive integer."""
    out = ""
    for number, numeral in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while value >= number:
            out += numeral
            value -= number
    return out
