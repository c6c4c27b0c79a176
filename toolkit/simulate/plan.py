"""Who replies how and when: the plan of a simulated batch of replies, drawn from a seed.

Each aspect (who replies, how complete the answers are, the consent, who is late, who resends
or damages a file) is dealt to the States by quotas over a shuffle seeded by the aspect's name,
so every batch of a few States already shows each kind of reply, and the same seed and States
always give the same plan.  Nothing here reads a clock.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Kind = Literal["first", "late", "resubmission", "damaged", "corrected"]
"""A simulated file: a State's first reply (on time, or ``late``), a later changed file
(``resubmission``), a file the State damaged (rejected by intake), the corrected file it sent
after a damaged one."""
KINDS: tuple[Kind, ...] = ("first", "late", "resubmission", "damaged", "corrected")
Damage = Literal["id-edited", "row-deleted"]
"""How a State damaged its file: typed over a question's ID, or deleted a question's row."""
FINDINGS: dict[Damage, tuple[str, ...]] = {
    "id-edited": ("intake.id-edited", "intake.row-deleted"),
    "row-deleted": ("intake.row-deleted",),
}
"""The finding codes intake must reject each damage with."""
Profile = Literal["complete", "partial", "blank"]
"""How much a State answers: (nearly) every question, part of them, none."""
Consent = Literal["yes", "summary", "no", "blank"]
"""The consent a State gives on the cover (``blank``: it leaves the cell empty)."""

SHARES: dict[str, float] = {
    "partial": 0.25,
    "blank": 0.05,
    "late": 0.15,
    "resubmission": 0.12,
    "damaged": 0.04,
    "consent summary": 0.20,
    "consent no": 0.15,
    "consent blank": 0.15,
}
"""The share of the States dealt each role (consent ``yes`` takes the rest)."""
EARLIEST = 100
"""Days before the deadline the first replies arrive."""
LATEST = 60
"""Days after the deadline the last late replies arrive."""


@dataclass(frozen=True)
class PlannedFile:
    """One file a State sends."""

    iso3: str
    arrived: date
    """The day the e-mail with the file came."""
    kind: Kind
    version: int
    """Which content: 1 the State's first answers, 2 the changed answers of a resubmission."""
    damage: Damage | None
    """How the file is damaged (``None``: intact)."""
    late: bool
    """Whether it arrived after the deadline."""


@dataclass(frozen=True)
class StatePlan:
    """How one State replies."""

    iso3: str
    profile: Profile
    blank_share: float
    """The share of questions the State leaves blank (1.0 for ``blank``)."""
    consent: Consent
    files: tuple[PlannedFile, ...]
    """The files it sends, in the order they arrive (none for a State that does not reply)."""


def plan_replies(
    states: Sequence[str], deadline: date, seed: int, reply_rate: float = 1.0
) -> tuple[StatePlan, ...]:
    """The plan of every State's reply, in the order of ``states``."""
    n = len(states)
    silent = set(_dealt(states, seed, "silent", round((1 - reply_rate) * n)))
    replying = [s for s in states if s not in silent]
    m = len(replying)
    blank = _dealt(replying, seed, "blank", _quota(m, "blank", 5))
    answering = [s for s in replying if s not in blank]
    partial = _dealt(answering, seed, "partial", _quota(m, "partial", 4))
    late = set(_dealt(replying, seed, "late", _quota(m, "late", 2)))
    damaged = _dealt(replying, seed, "damaged", max(_quota(m, "damaged", 3), 2 if m >= 6 else 0))
    others = [s for s in replying if s not in damaged]
    resubmitted = set(_dealt(others, seed, "resubmission", _quota(m, "resubmission", 2)))
    consents = _consents(replying, seed)
    plans = []
    for iso3 in states:
        rng = random.Random(f"cosp-simulate:{seed}:plan:{iso3}")
        if iso3 in silent:
            plans.append(StatePlan(iso3, "complete", 0.0, "blank", ()))
            continue
        profile: Profile = "complete"
        share = rng.uniform(0, 0.04)  # a complete reply may still miss a question or two
        if iso3 in blank:
            profile, share = "blank", 1.0
        elif iso3 in partial:
            profile, share = "partial", rng.uniform(0.15, 0.6)
        first = _arrival(rng, deadline, iso3 in late)
        files: list[PlannedFile] = []
        if iso3 in damaged:
            index = damaged.index(iso3)
            damage: Damage = ("id-edited", "row-deleted")[index % 2]
            files.append(PlannedFile(iso3, first, "damaged", 1, damage, first > deadline))
            if index % 3 != 1:  # most States send the corrected file when told
                again = first + timedelta(days=rng.randint(2, 12))
                files.append(PlannedFile(iso3, again, "corrected", 1, None, again > deadline))
        else:
            kind: Kind = "late" if first > deadline else "first"
            files.append(PlannedFile(iso3, first, kind, 1, None, first > deadline))
        if iso3 in resubmitted:
            again = first + timedelta(days=rng.randint(3, 40))
            files.append(PlannedFile(iso3, again, "resubmission", 2, None, again > deadline))
        plans.append(StatePlan(iso3, profile, share, consents[iso3], tuple(files)))
    return tuple(plans)


def _quota(n: int, role: str, smallest: int) -> int:
    """The States dealt a role: its share of ``n``, at least one once there are ``smallest``."""
    count = round(SHARES[role] * n)
    return max(count, 1) if n >= smallest else count


def _dealt(states: Sequence[str], seed: int, aspect: str, count: int) -> list[str]:
    """``count`` of the States, chosen by a shuffle seeded by the aspect (in shuffled order)."""
    order = sorted(states)
    random.Random(f"cosp-simulate:{seed}:{aspect}").shuffle(order)
    return order[: max(0, min(count, len(order)))]


def _consents(states: Sequence[str], seed: int) -> dict[str, Consent]:
    """Each State's consent: the quotas of ``Only the summary``, ``No`` and blank, else Yes."""
    order = sorted(states)
    random.Random(f"cosp-simulate:{seed}:consent").shuffle(order)
    n = len(order)
    result: dict[str, Consent] = {}
    start = 0
    dealt: tuple[Consent, ...] = ("summary", "no", "blank")
    for consent in dealt:
        count = _quota(n, f"consent {consent}", 4)
        for iso3 in order[start : start + count]:
            result[iso3] = consent
        start += count
    return {iso3: result.get(iso3, "yes") for iso3 in order}


def _arrival(rng: random.Random, deadline: date, late: bool) -> date:
    """The day a first reply arrives: most in the weeks before the deadline, late ones after."""
    if late:
        return deadline + timedelta(days=1 + int(rng.betavariate(1.2, 3.0) * LATEST))
    return deadline - timedelta(days=int(rng.betavariate(1.0, 2.5) * EARLIEST))
