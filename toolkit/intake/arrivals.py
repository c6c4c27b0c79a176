"""A list of received files with the day each arrived: what ``cosp ingest --replies`` reads.

A CSV file with a heading row naming at least the columns ``file`` (the file's path, relative
to the list's folder unless absolute) and ``arrived`` (the day the e-mail came, ``YYYY-MM-DD``);
other columns are ignored.  ``cosp simulate`` writes one (``replies.csv``) beside the replies it
fills; the secretariat can keep one as it saves attachments.  The files are ingested in the
order they arrived (rows of the same day in the list's order).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from toolkit.errors import ConfigError, Finding, Location

COLUMNS = ("file", "arrived")
"""The columns an arrivals list must have."""


@dataclass(frozen=True)
class Arrival:
    """One received file and the day it arrived."""

    path: Path
    arrived: date
    line: int
    """The line of the list that names it."""


def read_arrivals(path: Path) -> tuple[Arrival, ...]:
    """The files of an arrivals list, in order of arrival; every problem is reported at once,
    each with its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise ConfigError.at(
            "intake.arrivals-unreadable",
            Location(str(path)),
            f"the list of received files cannot be read ({reason}).",
            "Give --replies a CSV file (UTF-8) with the columns file and arrived.",
        ) from None
    rows = list(csv.reader(text.splitlines()))
    heading = [cell.strip() for cell in rows[0]] if rows else []
    missing = [name for name in COLUMNS if name not in heading]
    if missing:
        raise ConfigError.at(
            "intake.arrivals-columns",
            Location(str(path), line=1),
            f"the heading row lacks the column(s) {', '.join(missing)}.",
            "Write a heading row naming the columns file and arrived (YYYY-MM-DD).",
        )
    file_column, day_column = (heading.index(name) for name in COLUMNS)
    found: list[Arrival] = []
    problems: list[Finding] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[file_column].strip() if len(row) > file_column else ""
        day = row[day_column].strip() if len(row) > day_column else ""
        where = Location(str(path), line=line)
        try:
            arrived = date.fromisoformat(day)
        except ValueError:
            problems.append(
                Finding(
                    "intake.arrivals-date",
                    "error",
                    f"{day!r} is not a day written YYYY-MM-DD.",
                    where,
                    "Write the day the file arrived as YYYY-MM-DD (2027-05-14).",
                )
            )
            continue
        if not name:
            problems.append(
                Finding(
                    "intake.arrivals-file",
                    "error",
                    "the row names no file.",
                    where,
                    "Write the file's name (relative to the list's folder) in the file column.",
                )
            )
            continue
        file = Path(name)
        found.append(Arrival(file if file.is_absolute() else path.parent / file, arrived, line))
    if problems:
        raise ConfigError(*problems)
    return tuple(sorted(found, key=lambda a: (a.arrived, a.line)))
