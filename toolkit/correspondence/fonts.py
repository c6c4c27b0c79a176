"""The fonts the letters are set in, what they cover, and text cut into runs of script.

The PDF engine has no font fallback: a character its font lacks is dropped with a "Missing
character" line in its log.  The letters therefore know which characters each font has
(read once from the fonts themselves with fontTools, the files found by fontconfig), give a
run of Arabic script to the Arabic font and a run of Latin (or Cyrillic) script to the Latin
one, and write any character that no font has as its code (``[U+1F600]``).
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from toolkit.errors import Location, ToolkitError

RunKind = Literal["plain", "arabic", "latin", "arabic-font", "latin-font"]
"""How a run is set: in the letter's own font and direction (``plain``), as Arabic inside a
left-to-right letter, as Latin inside an Arabic letter, or a neutral sign the letter's own
font lacks set in the other one without changing direction (``arabic-font``, ``latin-font``)."""

_CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x3100, 0x312F),
    (0x31A0, 0x31FF),
    (0x3200, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)
"""Where xeCJK takes characters to the CJK font (ideographs, kana, CJK punctuation, full-width
forms)."""
_RTL = frozenset({"R", "AL"})
_CLOSING = {")": "(", "]": "[", "}": "{", "»": "«"}


@dataclass(frozen=True)
class Fonts:
    """The three font families of the letters, by the names fontconfig knows."""

    latin: str = "Noto Serif"
    """Latin, Cyrillic and Greek; the letters' main font."""
    arabic: str = "Amiri"
    """Arabic (a Naskh face with the Latin punctuation Arabic text uses)."""
    cjk: str = "Noto Serif CJK SC"
    """Chinese (simplified), through xeCJK."""

    def check(self) -> None:
        """A ToolkitError naming the Debian packages when a family is not installed."""
        for family in (self.latin, self.arabic, self.cjk):
            _font_file(family)


FONTS = Fonts()


@functools.cache
def _font_file(family: str) -> tuple[str, int]:
    """The file (and face index) of a family's regular face, asked of fontconfig."""
    try:
        result = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}\n%{index}", f"{family}:style=Regular"],
            capture_output=True,
            text=True,
            check=True,
        )
        names, file, index = result.stdout.split("\n")
    except (OSError, subprocess.CalledProcessError, ValueError):
        names, file, index = "", "", "0"
    if family not in names.split(","):
        raise ToolkitError.at(
            "letters.no-font",
            Location(family),
            f"the font {family!r} is not installed: the letters' PDFs are set in it.",
            "Install the fonts (Debian: apt-get install fonts-noto-core fonts-noto-cjk "
            "fonts-hosny-amiri).",
        )
    return file, int(index or 0)


@functools.cache
def _characters(family: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    file, index = _font_file(family)
    return frozenset(TTFont(file, fontNumber=index, lazy=True).getBestCmap())


def is_cjk(char: str) -> bool:
    """Whether xeCJK sets this character in the CJK font."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


@dataclass(frozen=True)
class Coverage:
    """The characters of the letters' fonts, and text cut into runs for them."""

    latin: frozenset[int]
    arabic: frozenset[int]
    cjk: frozenset[int]

    def shown(self, char: str) -> str:
        """The character, or its code when no font of the letters has it."""
        code = ord(char)
        if char.isspace() or code in self.latin or code in self.arabic:
            return char
        if is_cjk(char) and code in self.cjk:
            return char
        return f"[U+{code:04X}]"

    def runs(self, text: str, rtl: bool) -> Iterator[tuple[str, RunKind]]:
        """``text`` (characters no font has written as codes) in runs, each with how it is
        set: in a left-to-right letter, runs of Arabic script (and the neutral signs between
        their words) are ``arabic``; in an Arabic letter, runs of left-to-right script are
        ``latin``; a neutral sign the letter's own font lacks is set in the other font."""
        chars = "".join(self.shown(c) for c in text)
        foreign = _RTL if not rtl else frozenset({"L"})
        own_font = self.latin if not rtl else self.arabic
        start = 0
        index = 0
        while index < len(chars):
            if unicodedata.bidirectional(chars[index]) not in foreign:
                index += 1
                continue
            end = self._run_end(chars, index, foreign, rtl)
            if self._joins(chars[start:index], rtl):  # "1190 Wien": the number goes with it
                index = start
            if start < index:
                yield from self._plain(chars[start:index], own_font, rtl)
            yield chars[index:end], "arabic" if not rtl else "latin"
            start = index = end
        if start < len(chars):
            yield from self._plain(chars[start:], own_font, rtl)

    def _joins(self, before: str, rtl: bool) -> bool:
        """Whether what stands before a run (since the text's start or the last run) has a
        number and nothing strong: it is then set with the run."""
        font = self.arabic if not rtl else self.latin
        kinds = [unicodedata.bidirectional(c) for c in before]
        return (
            any(k in ("EN", "AN") for k in kinds)
            and not any(k in ("L", "R", "AL") for k in kinds)
            and all(ord(c) in font for c in before)
        )

    def _run_end(self, chars: str, index: int, foreign: frozenset[str], rtl: bool) -> int:
        """Where a run of the other direction starting at ``index`` ends: after its last
        strong character or number, taking the neutral signs between its words that its font
        has."""
        font = self.arabic if not rtl else self.latin
        end = index + 1
        probe = end
        while probe < len(chars):
            kind = unicodedata.bidirectional(chars[probe])
            # Numbers take the direction of the strong text before them (Unicode's rules W2
            # and W7): "Formanekgasse 38" is one left-to-right run in an Arabic letter.
            if kind in foreign or (kind in ("EN", "AN") and ord(chars[probe]) in font):
                end = probe = probe + 1
            elif kind in ("L", "R", "AL") or ord(chars[probe]) not in font:
                break
            else:
                probe += 1
        # A bracket opened in the run is closed in it (Unicode's bracket pairs, rule N0).
        while end < len(chars) and chars[end] in _CLOSING:
            opening = _CLOSING[chars[end]]
            if chars[index:end].count(opening) <= chars[index:end].count(chars[end]):
                break
            end += 1
        return end

    def _plain(self, text: str, font: frozenset[int], rtl: bool) -> Iterator[tuple[str, RunKind]]:
        other: RunKind = "latin-font" if rtl else "arabic-font"
        run = ""
        for char in text:
            if ord(char) not in font and not char.isspace() and not is_cjk(char):
                if run:
                    yield run, "plain"
                    run = ""
                yield char, other
            else:
                run += char
        if run:
            yield run, "plain"


@functools.cache
def coverage() -> Coverage:
    """The characters of the installed fonts (read once per process)."""
    return Coverage(_characters(FONTS.latin), _characters(FONTS.arabic), _characters(FONTS.cjk))
