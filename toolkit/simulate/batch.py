"""A simulated batch of replies: the cycle's real workbooks, filled as States return them.

:func:`simulate` starts from the workbooks the questionnaire stage wrote for the cycle in the
workspace (``questionnaires/<cycle>/``), issuing those that are missing through the toolkit's
normal path (``cosp questionnaire``: the first issue of the cycle, or ``--as-issued`` once it is
locked), plans who replies how and when (:mod:`.plan`), fills each file (:mod:`.content`,
:mod:`.workbook`) and writes them with their list (:mod:`.manifest`).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import random
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from toolkit.cycle import Cycle
from toolkit.errors import ConfigError, Location
from toolkit.files import check_output_folder, write_atomically
from toolkit.lock import Lock, LockedQuestion, issued_lock
from toolkit.questionnaire.generate import cycle_folder
from toolkit.registry import Registry, State
from toolkit.simulate.content import Asked, Entry, answers_of, cover_of, resubmitted
from toolkit.simulate.manifest import Reply, earlier_files, write_manifest
from toolkit.simulate.plan import FINDINGS, PlannedFile, StatePlan, plan_replies
from toolkit.simulate.workbook import filled, open_blank, read_form
from toolkit.workspace import Workspace


@dataclass(frozen=True)
class Batch:
    """What :func:`simulate` wrote."""

    folder: Path
    replies: tuple[Reply, ...]
    """Every file, in the order they arrived."""
    manifest: tuple[Path, Path]
    """``replies.csv`` and ``replies.json``."""
    issued: tuple[Path, ...]
    """Workbooks (and the lock) the questionnaire stage wrote because they were missing."""
    plans: tuple[StatePlan, ...]


def simulate(
    workspace: Workspace,
    cycle: Cycle,
    registry: Registry,
    states: Sequence[State],
    out: Path,
    *,
    seed: int = 1,
    reply_rate: float = 1.0,
    jobs: int | None = None,
) -> Batch:
    """Fill the workbooks of ``states`` as they would come back and write them into ``out``.

    ``jobs`` processes fill the States' files side by side (default: two, or one on a
    single core); the files do not depend on it.
    """
    check_output_folder(out, "--out")
    stale = _stale_files(out)
    issued = _issue_missing(workspace, cycle, states)
    # The questionnaire stage wrote it with the workbooks, unless the workspace lost it.
    lock = issued_lock(workspace.lock_file(cycle.id), cycle.id, "simulate")
    deadline = lock.current.particulars.deadline
    plans = plan_replies([s.iso3 for s in states], deadline, seed, reply_rate)
    folder = cycle_folder(workspace.questionnaires, cycle.id)
    known = {q.id: (q.article, q.kind) for q in _questions(lock).values()}
    tasks = [
        (folder / f"{cycle.id}_{state.iso3}.xlsx", state, plan, known, seed)
        for state, plan in zip(states, plans, strict=True)
        if plan.files
    ]
    jobs = jobs or min(2, os.cpu_count() or 1)
    replies: list[Reply] = []
    written: dict[str, bytes] = {}
    with contextlib.ExitStack() as stack:
        if jobs > 1 and len(tasks) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(jobs))
            results = pool.map(_state_files, *zip(*tasks, strict=True), chunksize=4)
        else:
            results = map(_state_files, *zip(*tasks, strict=True))
        for files in results:
            for reply, data in files:
                replies.append(reply)
                written[reply.file] = data
    replies.sort(key=lambda r: (r.arrived, r.state))
    out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        if name not in written:
            (out / name).unlink(missing_ok=True)
    for reply in replies:
        write_atomically(out / reply.file, written[reply.file])
    about = {
        "cycle": cycle.id,
        "seed": seed,
        "deadline": deadline.isoformat(),
        "reply_rate": reply_rate,
        "states": [s.iso3 for s in states],
    }
    manifest = write_manifest(out, replies, about)
    return Batch(out, tuple(replies), manifest, issued, plans)


def _state_files(
    blank: Path, state: State, plan: StatePlan, known: Mapping[str, tuple[int, str]], seed: int
) -> list[tuple[Reply, bytes]]:
    """The files one State sends, each with its line of the list (``known``: the article and
    kind of each question ID of the lock)."""
    book = open_blank(blank)
    form = read_form(book)
    asked = [Asked(r.id, *known.get(r.id, (0, ""))) for r in form.rows]
    first = answers_of(plan, state.group, state.language, asked, form.vocabulary, seed)
    second = resubmitted(first, asked, form.vocabulary, state.language, state.iso3, seed)
    cover = cover_of(plan, form.vocabulary, seed)
    rng = random.Random(f"cosp-simulate:{seed}:damage:{state.iso3}")
    damaged_id = rng.choice(form.rows).id if form.rows else None
    result = []
    for number, planned in enumerate(plan.files):
        entries = first if planned.version == 1 else second
        form_book = book if number == 0 else open_blank(blank)  # filling changes the book
        data = filled(form_book, entries, cover, planned.arrived, planned.damage, damaged_id)
        # The list records the consent's key, as the store keeps it (the cover shows its label).
        consent = plan.consent if cover.consent is not None else None
        result.append((_reply(planned, plan, entries, consent, len(form.rows), data), data))
    return result


def _reply(
    planned: PlannedFile,
    plan: StatePlan,
    entries: Mapping[str, Entry],
    consent: str | None,
    questions: int,
    data: bytes,
) -> Reply:
    answered = sum(1 for e in entries.values() if e.answer)
    return Reply(
        file=f"{planned.arrived.isoformat()}_{planned.iso3}.xlsx",
        state=planned.iso3,
        arrived=planned.arrived.isoformat(),
        kind=planned.kind,
        late=planned.late,
        expected="rejected" if planned.damage else "accepted",
        findings=";".join(FINDINGS[planned.damage]) if planned.damage else "",
        damage=planned.damage or "",
        profile=plan.profile,
        consent=consent or "",
        answered=answered,
        questions=questions,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _questions(lock: Lock) -> dict[str, LockedQuestion]:
    """Every question of every issue by ID (the current issue's wins)."""
    known: dict[str, LockedQuestion] = {}
    for issue in lock.issues:
        for question in issue.questions:
            known.setdefault(question.id, question)
    return known


def _issue_missing(workspace: Workspace, cycle: Cycle, states: Sequence[State]) -> tuple[Path, ...]:
    """Write, through ``cosp questionnaire``, the workbooks of ``states`` the workspace lacks
    (the cycle's first issue when it has none, else as issued); the paths it wrote."""
    from toolkit.questionnaire import cli as questionnaire

    folder = cycle_folder(workspace.questionnaires, cycle.id)
    locked = workspace.lock_file(cycle.id).is_file()
    missing = [s.iso3 for s in states if not (folder / f"{cycle.id}_{s.iso3}.xlsx").is_file()]
    if locked and not missing:
        return ()
    parser = argparse.ArgumentParser(prog="cosp")
    questionnaire.register(parser.add_subparsers())
    arguments = ["questionnaire", "--cycle", str(cycle.path), "--no-progress"]
    arguments += ["--state", *(missing or [s.iso3 for s in states])]
    args = parser.parse_args(arguments + (["--as-issued"] if locked else []))
    args._workspace = workspace
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        questionnaire.run(args)
    return tuple(Path(line) for line in printed.getvalue().splitlines() if line)


def _stale_files(out: Path) -> tuple[str, ...]:
    """The files of an earlier batch in ``out`` (replaced); any other file there is an error,
    since ``cosp ingest DIR`` would ingest it with the batch."""
    if not out.is_dir():
        return ()
    ours = set(earlier_files(out))
    others = sorted(p.name for p in out.iterdir() if p.name not in ours)
    if others:
        raise ConfigError.at(
            "simulate.out-not-empty",
            Location(str(out)),
            f"the folder holds files that are not those of a simulated batch ({others[0]}"
            f"{' and others' if len(others) > 1 else ''}).",
            "Give --out a new or empty folder, or the folder of an earlier simulated batch "
            "(whose files are replaced).",
        )
    return tuple(sorted(ours))
