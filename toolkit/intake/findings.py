"""Building intake findings, and showing untrusted text safely inside them."""

from __future__ import annotations

import unicodedata

from toolkit.errors import Finding, Location, Severity
from toolkit.i18n import INTAKE, active_language

_ = INTAKE.gettext


def finding(
    code: str,
    severity: Severity,
    file: str,
    message: str,
    hint: str = "",
    *,
    sheet: str | None = None,
    cell: str | None = None,
) -> Finding:
    """A finding about a received file; ``code`` is given without the ``intake.`` prefix."""
    return Finding(
        f"intake.{code}", severity, message, Location(file, sheet=sheet, cell=cell), hint
    )


def original() -> str:
    """The hint of every finding that only a fresh copy of the workbook mends (in the active
    language)."""
    return _(
        "Copy your answers into the original workbook the secretariat sent you (or ask the "
        "secretariat for a new one) and send that file."
    )


QUOTES = {
    "en": ("\u201c", "\u201d"),
    "zh": ("\u201c", "\u201d"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb"),
    "es": ("\u00ab", "\u00bb"),
    "ru": ("\u00ab", "\u00bb"),
    "ar": ("\u00ab", "\u00bb"),
}
"""The quotation marks of each language (French sets them apart with no-break spaces)."""


def quoted(text: str) -> str:
    """A text between the quotation marks of the active language: “Yes”, « Oui », «Sí»."""
    opening, closing = QUOTES.get(active_language(), QUOTES["en"])
    return f"{opening}{text}{closing}"


def shown(text: object, limit: int = 60) -> str:
    """Untrusted text quoted for a message: shortened, control characters made visible."""
    value = str(text)
    cut = len(value) > limit
    value = value[:limit]
    visible = "".join(
        f"\\x{ord(c):02x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in value
    )
    return quoted(f"{visible}{'...' if cut else ''}")


def size_text(size: int) -> str:
    """A size in words, in the active language: ``1.5 MB``, ``812 KB`` (``1,5 Mo``)."""
    if size >= 1_000_000:
        number = f"{size / 1_000_000:.1f}"
        if active_language() in DECIMAL_COMMA:
            number = number.replace(".", ",")
        # TRANSLATORS: a file size in megabytes ("Mo" in French, "МБ" in Russian).
        return _("{size} MB").format(size=number)
    # TRANSLATORS: a file size in kilobytes ("Ko" in French, "КБ" in Russian).
    return _("{size} KB").format(size=max(1, round(size / 1000)))


DECIMAL_COMMA = frozenset({"fr", "ru", "es"})
"""The languages that write a decimal comma (``1,5``)."""
