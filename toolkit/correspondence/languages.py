"""How a letter is set in each official language: direction, hyphenation, fonts and dates.

The wording of a letter comes from its templates and, for a language other than English, from
a gettext catalogue (:mod:`toolkit.correspondence.render`); what is not words is here: the
direction of the text, the language the typesetting engine hyphenates and shapes for, the
fonts a word processor is told to use, and the date as the United Nations writes it in that
language ("1 December 2026", "1er décembre 2026", "1 de diciembre de 2026",
"1 декабря 2026 года", "2026年12月1日", "1 كانون الأول/ديسمبر 2026").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

Direction = Literal["ltr", "rtl"]


def _english(day: date) -> str:
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _french(day: date) -> str:
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {months[day.month - 1]} {day.year}"


def _spanish(day: date) -> str:
    months = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
    return f"{day.day} de {months[day.month - 1]} de {day.year}"


def _russian(day: date) -> str:
    months = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ]
    return f"{day.day} {months[day.month - 1]} {day.year} года"


def _chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _arabic(day: date) -> str:
    # United Nations Arabic gives both month names (Levantine/Egyptian), Western digits.
    months = (
        "كانون الثاني/يناير",
        "شباط/فبراير",
        "آذار/مارس",
        "نيسان/أبريل",
        "أيار/مايو",
        "حزيران/يونيه",
        "تموز/يوليه",
        "آب/أغسطس",
        "أيلول/سبتمبر",
        "تشرين الأول/أكتوبر",
        "تشرين الثاني/نوفمبر",
        "كانون الأول/ديسمبر",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"


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
        LanguageStyle("en", "en-GB", "english", "ltr", _english),
        LanguageStyle("fr", "fr-FR", "french", "ltr", _french),
        LanguageStyle("es", "es-ES", "spanish", "ltr", _spanish),
        LanguageStyle("ru", "ru-RU", "russian", "ltr", _russian),
        LanguageStyle("ar", "ar-SA", "arabic", "rtl", _arabic),
        LanguageStyle("zh", "zh-CN", "english", "ltr", _chinese),
    )
}
"""The six official languages of the United Nations."""


def style_of(code: str) -> LanguageStyle:
    """The style of an official language (KeyError names the code otherwise)."""
    try:
        return STYLES[code]
    except KeyError:
        raise KeyError(f"{code!r} is not an official language ({', '.join(STYLES)})") from None
