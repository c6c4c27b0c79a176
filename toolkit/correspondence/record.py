"""What the store knows about a cycle's correspondence: letters prepared, files received.

Three sources, read together into a :class:`History`:

* the ``letters`` table of the store's database (schema version 4,
  :mod:`toolkit.intake.store`), where ``cosp letters`` records every note verbale it prepares;
* the accepted submissions (:meth:`toolkit.intake.Store.submissions`);
* the archive's reception log (``store/archive/received.jsonl``), the one place that knows
  about the files that were received but rejected, and what their receipts asked to correct.

The store is the intake stage's; this module adds nothing to it but rows of ``letters``.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from toolkit.errors import Finding, Location
from toolkit.intake.archive import LOG_NAME
from toolkit.intake.store import BUSY_SECONDS, Store, Submission

Kind = Literal["invitation", "reminder", "acknowledgement"]
"""The kinds of note verbale the toolkit prepares."""
KINDS: tuple[Kind, ...] = ("invitation", "reminder", "acknowledgement")


@dataclass(frozen=True)
class PreparedLetter:
    """A note verbale prepared for a State, as the store records it."""

    state: str
    """ISO 3166-1 alpha-3 code of the addressee."""
    cycle: str
    kind: Kind
    dated: date
    """The date the letter bears."""
    reference: str
    """The reference line of the letter (the cycle's reference)."""
    language: str
    """The language the letter is written in (ISO 639-1)."""
    submission_id: int | None
    """For an acknowledgement: the submission it acknowledges; else None."""
    pdf_file: str
    """The PDF's file name (``first-review-cycle_invitation_CHL.pdf``)."""
    pdf_sha256: str
    docx_file: str
    docx_sha256: str
    prepared_at: str = ""
    """UTC time it was recorded (ISO 8601); filled in by :func:`record_letters`."""
    prepared_by: str = ""
    """Who ran the command (``COSP_USER``, else the login name)."""


@dataclass(frozen=True)
class Correction:
    """One point a rejected file's receipt asked the State to correct."""

    sheet: str | None
    cell: str | None
    message: str
    hint: str


@dataclass(frozen=True)
class Reception:
    """One file received, as the archive's reception log records it."""

    file: str
    """The file name as received (untrusted text)."""
    sha256: str
    at: str
    """UTC time the file was taken in (ISO 8601)."""
    arrived: date
    """The day the file arrived (``cosp ingest --received``; logs written before it was
    recorded: the day it was taken in)."""
    status: str
    """``accepted``, ``rejected`` or ``duplicate``."""
    state: str | None
    """The State the file named (None when it could not be read that far)."""
    cycle: str | None
    corrections: tuple[Correction, ...] = ()
    """The errors of a rejected file's receipt, in the receipt's order."""

    @property
    def on(self) -> date:
        """The day the file arrived."""
        return self.arrived


@dataclass(frozen=True)
class History:
    """Everything the store holds about one cycle's recipients, read once."""

    cycle: str
    letters: tuple[PreparedLetter, ...]
    """Every letter prepared for the cycle, in the order recorded."""
    submissions: Mapping[str, tuple[Submission, ...]]
    """Each State's accepted submissions for the cycle, oldest first."""
    receptions: tuple[Reception, ...]
    """Every file of the cycle received, in the order received."""
    problems: tuple[Finding, ...] = ()
    """Lines of the reception log that could not be read (warnings)."""

    def letters_of(self, state: str, kind: Kind) -> tuple[PreparedLetter, ...]:
        """The letters of one kind prepared for a State, oldest first."""
        return tuple(x for x in self.letters if x.state == state and x.kind == kind)

    def submissions_of(self, state: str) -> tuple[Submission, ...]:
        """A State's accepted submissions, oldest first."""
        return self.submissions.get(state, ())

    def receptions_of(self, state: str) -> tuple[Reception, ...]:
        """The files received from a State, in the order received."""
        return tuple(r for r in self.receptions if r.state == state)


def day_of(timestamp: str) -> date:
    """The UTC day of a time the store or the log recorded (``2026-12-01T10:00:00+00:00``)."""
    return datetime.fromisoformat(timestamp).astimezone(UTC).date()


def arrived(submission: Submission) -> date:
    """The day a submission's file arrived (the store's ``received_on``, schema version 3;
    else the day it was recorded)."""
    if submission.received_on:
        return date.fromisoformat(submission.received_on)
    return day_of(submission.received_at)


def signature(history: History, kinds: Iterable[Kind] = KINDS) -> str:
    """A text that changes whenever the history does, in its submissions, its receptions or
    its letters of the given kinds: what a batch made from it is up to date with."""
    chosen = set(kinds)
    parts = [
        *(f"s:{s.id}:{s.state}:{s.file_sha256}" for v in history.submissions.values() for s in v),
        *(f"r:{r.sha256}:{r.status}:{r.arrived}:{r.state}" for r in history.receptions
          if r.status != "duplicate"),  # a file received again changes nothing
        *(f"l:{x.kind}:{x.state}:{x.dated}:{x.pdf_sha256}" for x in history.letters
          if x.kind in chosen),
    ]  # fmt: skip
    return hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()


def read_history(db: Path, cycle: str, states: Iterable[str]) -> History:
    """The cycle's letters, the States' submissions and the receptions; an absent store is an
    empty history (nothing was received or prepared yet)."""
    if not db.is_file():
        return History(cycle, (), MappingProxyType({}), ())
    wanted = set(states)
    submissions: dict[str, tuple[Submission, ...]] = {}
    with Store.open(db, create=False) as store:
        for submission in store.cycle_submissions(cycle):  # oldest first
            if submission.state in wanted:
                submissions[submission.state] = (*submissions.get(submission.state, ()), submission)
        letters = _letters(db, cycle)
        receptions, problems = read_receptions(store.archive_dir / LOG_NAME, cycle)
    found = MappingProxyType(submissions)
    return History(cycle, letters, found, receptions, problems)


def read_receptions(log: Path, cycle: str) -> tuple[tuple[Reception, ...], tuple[Finding, ...]]:
    """The receptions of a cycle in the log, and a warning for each line that is not one."""
    if not log.is_file():
        return (), ()
    found: list[Reception] = []
    problems: list[Finding] = []
    with log.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                reception = _reception(json.loads(line))
            except (ValueError, TypeError, KeyError, AttributeError):
                problems.append(
                    Finding(
                        "letters.reception-log",
                        "warning",
                        "this line of the reception log is not a reception record; it is "
                        "left out of the letters and the status.",
                        Location(str(log), line=number),
                        "The log is written by cosp ingest only; restore it from a backup "
                        "if it was edited.",
                    )
                )
                continue
            if reception.cycle == cycle:
                found.append(reception)
    return tuple(found), tuple(problems)


def _reception(raw: dict[str, object]) -> Reception:
    errors = raw.get("errors")
    corrections = tuple(
        Correction(
            sheet=_optional_text(error.get("sheet")),
            cell=_optional_text(error.get("cell")),
            message=str(error["message"]),
            hint=str(error.get("hint") or ""),
        )
        for error in (errors if isinstance(errors, list) else ())
        if isinstance(error, dict)
    )
    at = str(raw["at"])
    day = raw.get("received_on")
    return Reception(
        file=str(raw["file"]),
        sha256=str(raw["sha256"]),
        at=at,
        arrived=date.fromisoformat(str(day)) if day else day_of(at),
        status=str(raw["status"]),
        state=_optional_text(raw.get("state")),
        cycle=_optional_text(raw.get("cycle")),
        corrections=corrections,
    )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


_COLUMNS = tuple(f.name for f in fields(PreparedLetter))


def _letters(db: Path, cycle: str) -> tuple[PreparedLetter, ...]:
    with _connection(db) as connection:
        rows = connection.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM letters WHERE cycle = ? ORDER BY id", (cycle,)
        ).fetchall()
    return tuple(
        PreparedLetter(**{**dict(row), "dated": date.fromisoformat(row["dated"])}) for row in rows
    )


def record_letters(db: Path, letters: Iterable[PreparedLetter]) -> int:
    """Record the letters prepared (one transaction); the number newly recorded.

    A letter recorded before (same State, cycle, kind and PDF bytes) is not recorded again, so
    preparing the same batch twice leaves one record of each letter.
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    who = _who()
    Store.open(db).close()  # creates or migrates the store
    with _connection(db) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            before = connection.total_changes
            connection.executemany(
                f"INSERT OR IGNORE INTO letters ({', '.join(_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in _COLUMNS)})",
                [_row(letter, now, who) for letter in letters],
            )
            added = connection.total_changes - before
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return added


def _row(letter: PreparedLetter, now: str, who: str) -> tuple[object, ...]:
    values = {f: getattr(letter, f) for f in _COLUMNS}
    values["dated"] = letter.dated.isoformat()
    values["prepared_at"] = letter.prepared_at or now
    values["prepared_by"] = letter.prepared_by or who
    return tuple(values[f] for f in _COLUMNS)


@contextmanager
def _connection(db: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(db, timeout=BUSY_SECONDS, isolation_level=None)) as connection:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        yield connection


def _who() -> str:
    try:
        return os.environ.get("COSP_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
