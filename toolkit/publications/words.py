"""How numbers, shares and dates read in the publications (one rule for every page)."""

from __future__ import annotations

from datetime import date


def percent(part: int, whole: int) -> str:
    """``54 %``: rounded to a whole number, halves up (1 of 8 is 13 %), a no-break space
    before the sign; ``0 %`` of nothing."""
    rounded = (200 * part + whole) // (2 * whole) if whole else 0
    return f"{rounded}\u00a0%"


def number(count: int) -> str:
    """``15,633``: thousands separated by a comma, as the UN writes them in English."""
    return f"{count:,}"


def long_date(day: date | str) -> str:
    """``30 June 2027`` (the UN's style) from a date or ``2027-06-30``."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.day} {day:%B} {day.year}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 State``, ``2 States``."""
    return f"{number(count)} {singular if count == 1 else many or singular + 's'}"


def capitalised(words: str) -> str:
    """The words as a sentence starts with them (``the Philippines``: ``The Philippines``)."""
    return words[:1].upper() + words[1:]


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
