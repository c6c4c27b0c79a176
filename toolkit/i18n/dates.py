"""Dates and numbers as the United Nations writes them in each official language.

One function per kind, used by the workbooks (cover), the receipts and the letters::

    un_date(date(2026, 12, 1), "en") == "1 December 2026"
    un_date(date(2026, 12, 1), "fr") == "1er décembre 2026"
    un_date(date(2026, 12, 1), "es") == "1 de diciembre de 2026"
    un_date(date(2026, 12, 1), "ru") == "1 декабря 2026 года"
    un_date(date(2026, 12, 1), "zh") == "2026年12月1日"
    un_date(date(2026, 12, 1), "ar") == "1 كانون الأول/ديسمبر 2026"

United Nations Arabic names each month twice, by its Levantine and its Egyptian name
(``كانون الأول/ديسمبر``), with Western digits; Russian writes the month in the genitive and the
year followed by ``года``.  These are the forms of the Organization's editorial manuals, not of
CLDR (Babel's ``format_date`` gives ``1 déc. 2026``, ``1 дек. 2026 г.``, ``١ ديسمبر ٢٠٢٦``).
"""

from __future__ import annotations

from datetime import date

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
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
    ),
    "fr": (
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
    ),
    "es": (
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
    ),
    "ru": (
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
    ),
    "ar": (
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
    ),
}
"""Month names by language (Russian in the genitive, as a date writes them)."""

GROUP_SEPARATOR = {"en": ",", "zh": ",", "ar": ",", "fr": "\u202f", "ru": "\u00a0", "es": "\u00a0"}
"""What separates groups of three digits: a comma in English, Chinese and Arabic; a (narrow)
no-break space in French, Russian and Spanish."""
GROUPED_FROM = {"en": 1000, "zh": 1000, "ar": 1000, "fr": 10_000, "ru": 10_000, "es": 10_000}
"""French, Russian and Spanish leave four-digit numbers whole (``2026``, ``1234``)."""


def un_date(day: date, language: str) -> str:
    """The date as the United Nations writes it in ``language`` (English for an unknown one)."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    months = MONTHS.get(language, MONTHS["en"])
    month = months[day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    if language == "ru":
        return f"{day.day} {month} {day.year} года"
    return f"{day.day} {month} {day.year}"


def un_number(number: int, language: str) -> str:
    """A whole number with its digits grouped as the language writes them (``12 345``)."""
    if abs(number) < GROUPED_FROM.get(language, 1000):
        return str(number)
    grouped = f"{abs(number):,}".replace(",", GROUP_SEPARATOR.get(language, ","))
    return f"-{grouped}" if number < 0 else grouped
