"""Reading what the site publishes from the workspace, once per build.

The counts are :mod:`toolkit.statistics`' (its :class:`~toolkit.statistics.Dataset`, read from
the store with the cycle's lock and the registry); besides them a country report needs, per
State, its current answers as stored (every text of template version 2 among them: the steps
planned and the assistance received, which statistics do not read), the answers of its
previous submission (what changed) and the archive's log of the files it sent (the receipts,
for the internal site).  The status of the correspondence comes from
:mod:`toolkit.correspondence.status` when that stage is installed.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from toolkit import statistics
from toolkit.cycle import Cycle, load_cycle
from toolkit.intake.archive import LOG_NAME
from toolkit.intake.store import Answer, Store
from toolkit.lock import issued_lock
from toolkit.registry import Registry, load_registry
from toolkit.workspace import Workspace


@dataclass(frozen=True)
class SiteData:
    """Everything a build publishes, as read from the workspace."""

    dataset: statistics.Dataset
    answers: Mapping[str, Mapping[str, Answer]]
    """Each responding State's current submission as stored, by question ID (the store's
    published records: keys and the State's texts)."""
    changed: Mapping[str, tuple[tuple[Answer, ...], tuple[Answer, ...]]]
    """For each State that resubmitted: the answers of its previous submission and of its
    current one (what changed)."""
    receptions: Mapping[str, tuple[dict[str, Any], ...]]
    """Each State's lines of the archive's reception log for the cycle, in order."""
    status: dict[str, Any] | None
    """The correspondence stage's status board as JSON (None when it is not installed)."""
    names_in_text: Mapping[str, str]
    """Each responding State's name as a sentence writes it (``the Philippines``)."""


def read_site_data(workspace: Workspace, cycle_id: str | None, db: Path) -> SiteData:
    """Read the cycle's answers, counts and history from the workspace's store."""
    cycle = load_cycle(workspace.cycle_file(cycle_id))
    lock = issued_lock(workspace.lock_file(cycle.id), cycle.id, "publish")
    registry = load_registry(workspace.registry_file)
    with Store.open(db, create=False) as store:
        dataset = statistics.collect(store, lock, registry, cycle)
        current = {reply.iso3: store.answers(reply.current.id) for reply in dataset.replies}
        changed = {
            reply.iso3: (store.answers(reply.submissions[-2].id), current[reply.iso3])
            for reply in dataset.replies
            if reply.resubmitted
        }
        receptions = read_receptions(store.archive_dir / LOG_NAME, cycle.id)
    return SiteData(
        dataset=dataset,
        answers={iso3: {a.id: a for a in answers} for iso3, answers in current.items()},
        changed=changed,
        receptions=receptions,
        status=status_board(cycle, registry, db),
        names_in_text={
            r.iso3: registry.get(r.iso3).name_in_text if r.iso3 in registry else r.short_name
            for r in dataset.replies
        },
    )


def read_receptions(log: Path, cycle_id: str) -> dict[str, tuple[dict[str, Any], ...]]:
    """The reception log's lines of the cycle, by State (a damaged line is skipped)."""
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("cycle") == cycle_id and entry.get("state"):
            found.setdefault(str(entry["state"]), []).append(entry)
    return {state: tuple(entries) for state, entries in found.items()}


def build_day() -> date:
    """The day the site is built as of: ``SOURCE_DATE_EPOCH`` when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def status_board(cycle: Cycle, registry: Registry, db: Path) -> dict[str, Any] | None:
    """The correspondence stage's status board of the cycle, when that stage is installed."""
    try:
        module = importlib.import_module("toolkit.correspondence.status")
    except ImportError:
        return None
    board = module.status_board(cycle, registry, db, build_day())
    document: dict[str, Any] = board.as_json()
    document["fields"] = list(getattr(module, "FIELDS", ()))  # the records' fields, in order
    return document
