"""The status board of a cycle: where each recipient stands, as of a day.

One :class:`RecipientStatus` per recipient of the cycle, in the cycle's order, computed from
the letters prepared, the accepted submissions and the reception log (:mod:`.record`).  The
``cosp status`` command prints them; the internal site builds its status page from the same
records (:func:`status_board`), so both always agree.

``status`` is the furthest step reached: ``not-invited`` (no invitation prepared),
``invited``, ``reminded`` (a reminder prepared), ``rejected`` (files were received, none
accepted), ``accepted`` (at least one accepted submission).  ``overdue`` is true when there is
no accepted submission and the day is past the deadline (the deadline itself is not overdue).
Everything dated after the ``as_of`` day is left out, so the board of an earlier day is the
board as it stood then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from toolkit.correspondence.record import History, arrived, read_history
from toolkit.cycle import Cycle
from toolkit.registry import Registry, State

Status = Literal["not-invited", "invited", "reminded", "rejected", "accepted"]
STATUSES: tuple[Status, ...] = ("not-invited", "invited", "reminded", "rejected", "accepted")
"""The steps in order: a recipient's status is the furthest it reached."""
FIELDS = (
    "state",
    "name",
    "status",
    "overdue",
    "invited",
    "reminded",
    "reminders",
    "last_received",
    "submissions",
    "consent",
    "acknowledged",
)
"""The fields of a record, in the order the JSON and CSV outputs give them."""


@dataclass(frozen=True)
class RecipientStatus:
    """Where one recipient of the cycle stands."""

    state: str
    """ISO 3166-1 alpha-3 code."""
    name: str
    """The State's short name (registry)."""
    status: Status
    """The furthest step reached (see the module)."""
    overdue: bool
    """No accepted submission, and the day is past the deadline."""
    invited: date | None
    """The date of the first invitation prepared, or None."""
    reminded: date | None
    """The date of the latest reminder prepared, or None."""
    reminders: int
    """How many reminders were prepared."""
    last_received: date | None
    """The day the latest file from the State was received (accepted or not), or None."""
    submissions: int
    """The number of accepted submissions."""
    consent: str | None
    """The consent to publication on the cover of the current submission, as the State
    typed it (untrusted text), or None."""
    acknowledged: date | None
    """The date of the latest acknowledgement of the current submission, or None."""

    def as_json(self) -> dict[str, Any]:
        """The record as JSON values (dates as ``YYYY-MM-DD``, absent ones null)."""
        values = {name: getattr(self, name) for name in FIELDS}
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@dataclass(frozen=True)
class StatusBoard:
    """The status of every recipient of a cycle on one day."""

    cycle: str
    title: str
    deadline: date
    as_of: date
    records: tuple[RecipientStatus, ...]
    """One per recipient, in the cycle's order of recipients."""

    def totals(self) -> dict[str, int]:
        """The number of recipients at each status (every status, in order), and overdue."""
        counted = Counter(r.status for r in self.records)
        return {s: counted[s] for s in STATUSES} | {"overdue": sum(r.overdue for r in self.records)}

    def as_json(self) -> dict[str, Any]:
        """The board as a JSON document: the cycle, the day, the totals and the records."""
        return {
            "cycle": self.cycle,
            "title": self.title,
            "deadline": self.deadline.isoformat(),
            "as_of": self.as_of.isoformat(),
            "totals": self.totals(),
            "records": [r.as_json() for r in self.records],
        }


def status_board(
    cycle: Cycle, registry: Registry, db: Path, as_of: date | None = None
) -> StatusBoard:
    """The board of the cycle's recipients from the store at ``db`` (today by default).

    A store that does not exist yet means nothing was prepared or received.
    """
    recipients = cycle.recipients_in(registry)
    history = read_history(db, cycle.id, (s.iso3 for s in recipients))
    return compute_board(cycle, recipients, history, as_of or date.today())


def compute_board(
    cycle: Cycle, recipients: Sequence[State], history: History, as_of: date
) -> StatusBoard:
    """The board from a history already read (the records in the recipients' order)."""
    records = tuple(recipient_status(s, history, cycle.deadline, as_of) for s in recipients)
    return StatusBoard(cycle.id, cycle.title, cycle.deadline, as_of, records)


def recipient_status(
    state: State, history: History, deadline: date, as_of: date
) -> RecipientStatus:
    """Where one State stands on ``as_of`` (events dated later are left out)."""
    code = state.iso3
    invitations = [x.dated for x in history.letters_of(code, "invitation") if x.dated <= as_of]
    reminders = [x.dated for x in history.letters_of(code, "reminder") if x.dated <= as_of]
    accepted = [s for s in history.submissions_of(code) if arrived(s) <= as_of]
    received = [r.on for r in history.receptions_of(code) if r.on <= as_of]
    received += [arrived(s) for s in accepted]
    current = accepted[-1] if accepted else None
    acknowledgements = [
        x.dated
        for x in history.letters_of(code, "acknowledgement")
        if current is not None and x.submission_id == current.id and x.dated <= as_of
    ]
    if accepted:
        status: Status = "accepted"
    elif received:
        status = "rejected"
    elif reminders:
        status = "reminded"
    elif invitations:
        status = "invited"
    else:
        status = "not-invited"
    return RecipientStatus(
        state=code,
        name=state.short_name,
        status=status,
        overdue=not accepted and as_of > deadline,
        invited=min(invitations, default=None),
        reminded=max(reminders, default=None),
        reminders=len(reminders),
        last_received=max(received, default=None),
        submissions=len(accepted),
        consent=current.consent if current is not None else None,
        acknowledged=max(acknowledgements, default=None),
    )
