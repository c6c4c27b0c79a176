"""How a letter is set in each official language: direction, hyphenation, fonts and dates.

The wording of a letter comes from its templates and, for a language other than English, from
a gettext catalogue (:mod:`toolkit.correspondence.render`); what is not words is here: the
direction of the text, the language the typesetting engine hyphenates and shapes for, the
fonts a word processor is told to use, and the date as the United Nations writes it in that
language ("1 December 2026", "1er décembre 2026", "1 de diciembre de 2026",
"1 декабря 2026 года", "2026年12月1日", "1 كانون الأول/ديسمبر 2026"), by the one function
workbooks, receipts and letters share (:func:`toolkit.i18n.dates.un_date`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Literal

from toolkit.i18n.dates import un_date

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True)
class LanguageStyle:
    """What setting a letter in one official language takes, besides its words."""

    code: str
    """ISO 639-1 code, as the registry and the cycle write it (``fr``)."""
    tag: str
    """BCP 47 tag for the word processor's proofing language (``fr-FR``)."""
    polyglossia: str
    """The name XeLaTeX's polyglossia knows the language by (Chinese is set by xeCJK inside
    an English frame: polyglossia has no Chinese)."""
    direction: Direction
    """``rtl`` for Arabic: paragraphs run right to left, the layout is mirrored."""
    date: Callable[[date], str]
    """The date as the United Nations writes it in the language."""


STYLES: dict[str, LanguageStyle] = {
    style.code: style
    for style in (
        LanguageStyle("en", "en-GB", "english", "ltr", partial(un_date, language="en")),
        LanguageStyle("fr", "fr-FR", "french", "ltr", partial(un_date, language="fr")),
        LanguageStyle("es", "es-ES", "spanish", "ltr", partial(un_date, language="es")),
        LanguageStyle("ru", "ru-RU", "russian", "ltr", partial(un_date, language="ru")),
        LanguageStyle("ar", "ar-SA", "arabic", "rtl", partial(un_date, language="ar")),
        LanguageStyle("zh", "zh-CN", "english", "ltr", partial(un_date, language="zh")),
    )
}
"""The six official languages of the United Nations."""


def style_of(code: str) -> LanguageStyle:
    """The style of an official language (KeyError names the code otherwise)."""
    try:
        return STYLES[code]
    except KeyError:
        raise KeyError(f"{code!r} is not an official language ({', '.join(STYLES)})") from None
