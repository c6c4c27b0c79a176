"""Untrusted text leaving the toolkit: spreadsheet cells made inert, JSON with visible escapes.

What States write (and what the registry or any other data file holds) is stored verbatim,
formulas included (``=HYPERLINK(...)`` stays text).  Any spreadsheet export must keep it text:
a value starting with ``=``, ``+``, ``-``, ``@`` (or their full-width forms), after any leading
spaces, or with a tab or a carriage return, gets a leading apostrophe, so a spreadsheet program
never runs it; control characters other than tab and line breaks (NUL, escape sequences for a
terminal) become U+FFFD.  JSON keeps every value exactly, but writes invisible and control
characters (bidi overrides, C1 controls) as ``\\u`` escapes, so that neither a terminal nor an
editor shows the text other than as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a formula-like value starts with once leading spaces are left out (with ＝＋－＠)."""
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters no cell needs (tab, line feed and carriage return are kept)."""
HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories written as escapes in JSON: controls, format (bidi), separators."""


def neutralise(value: str | None) -> str:
    """A cell value safe for a spreadsheet: formula-like text gets a leading apostrophe,
    control characters no cell needs become U+FFFD."""
    if value is None:
        return ""
    value = CONTROLS.sub("\ufffd", value)
    formula = value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    return f"'{value}" if formula else value


def json_text(document: Any, **options: Any) -> str:
    """``document`` as JSON with the same values, its invisible characters as escapes."""
    text = json.dumps(document, ensure_ascii=False, **options)
    return re.sub(r"[^\x00-\x7e]", _escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in HIDDEN:
        return char
    return json.dumps(char)[1:-1]  # \u escapes (a surrogate pair above U+FFFF)
