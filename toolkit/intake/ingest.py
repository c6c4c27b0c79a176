"""Ingesting received files: archive, check the container, read, validate, record, receipt.

The order is the point: the file is archived under its SHA-256 before anything parses it, and
every later step works on the archived copy (what is parsed is what is kept).  A file that is
rejected at any step leaves the database unchanged; a file recorded before is a duplicate.

In a batch, sandboxed workers read and validate the next files while this process archives and
records; receipts still come out in the order of the files.  Validation runs in the worker that
read the file (so the files of a batch are checked side by side, and untrusted cells never leave
the sandbox); what comes back is the outcome as plain data, turned into findings and answers here.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import json
import operator
import os
import sys
import traceback
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from toolkit.errors import Finding, Location
from toolkit.intake.archive import ArchivedFile, Archiver, log_reception
from toolkit.intake.config import Policy
from toolkit.intake.container import check_container
from toolkit.intake.expected import Reference
from toolkit.intake.findings import finding
from toolkit.intake.reader import SandboxPool, Workbook, checked, decode, read_plain
from toolkit.intake.receipt import Receipt, Status, finding_json
from toolkit.intake.store import Answer, Store, Submission, _answer_values
from toolkit.intake.validate import Outcome, validate

WORKERS = min(2, os.cpu_count() or 1)
"""Sandboxed processes reading and validating per batch (two keep a two-core machine busy)."""
AHEAD = 2 * WORKERS
"""Files the workers may read ahead of the one being recorded."""
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_finding_values = operator.attrgetter(*_FINDING_FIELDS)
_location_values = operator.attrgetter(*(f.name for f in fields(Location)))


@dataclass
class _Job:
    """A file on its way through the steps."""

    archived: ArchivedFile
    received_on: str
    """The day the file arrived (ISO date)."""
    receipt: Receipt | None = None
    """Set once the file's fate is known (early for duplicates and container rejections)."""


def ingest_files(
    paths: Iterable[Path],
    store: Store,
    *,
    reference: Reference,
    policy: Policy | None = None,
    sandbox: bool = True,
    received_on: dt.date | Mapping[Path, dt.date] | None = None,
) -> Iterator[Receipt]:
    """Ingest each file in turn and yield its receipt (a bad file never stops the others).

    ``reference`` knows the States and the cycles' issued questions (a workspace's
    :class:`~toolkit.intake.expected.ToolkitReference`).  ``received_on`` is the day the files
    arrived (the day of the e-mail), recorded with each submission: one day for all, or each
    file's own day by its path as given; default (and for a path the mapping lacks) today.
    """
    paths = list(paths)
    today = dt.date.today()
    days = [_arrival(path, received_on, today) for path in paths]
    steps = _Steps(store, reference, policy or Policy())
    with (
        Archiver(store.archive_dir, AHEAD) as archiver,
        SandboxPool(
            steps.policy.limits, WORKERS, steps.check, lambda: steps.before_fork(archiver)
        ) as pool,
    ):
        worker = pool if sandbox else None
        waiting: deque[_Job] = deque()
        for day, archived in zip(days, archiver.archive(paths), strict=True):
            waiting.append(steps.start(archived, day, worker))
            while waiting and (
                waiting[0].receipt is not None
                or sum(job.receipt is None for job in waiting) > AHEAD
            ):
                yield steps.finish(waiting.popleft(), worker)
        while waiting:
            yield steps.finish(waiting.popleft(), worker)


def ingest_file(
    path: Path,
    store: Store,
    *,
    reference: Reference,
    policy: Policy | None = None,
    sandbox: bool = True,
    received_on: dt.date | None = None,
) -> Receipt:
    """Ingest one file (arrived on ``received_on``, default today) and return its receipt."""
    (receipt,) = ingest_files(
        [path], store, reference=reference, policy=policy, sandbox=sandbox, received_on=received_on
    )
    return receipt


def _arrival(
    path: Path, received_on: dt.date | Mapping[Path, dt.date] | None, today: dt.date
) -> str:
    """The day a file arrived, as recorded (ISO date)."""
    if isinstance(received_on, Mapping):
        received_on = received_on.get(path)
    return (received_on or today).isoformat()


class _Steps:
    """The steps, split where the sandboxed reading and validation happen."""

    def __init__(self, store: Store, reference: Reference, policy: Policy) -> None:
        self.store = store
        self.reference = reference
        self.policy = policy
        self.check = functools.partial(_check, reference=reference, policy=policy)
        """Validation as the workers run it (without the store, which they never touch)."""
        self.seen: dict[str, str] = {}
        """The cycles of the files validated so far, each with a State that named it."""
        self.loaded: set[str] = set()
        """The cycles whose reference data this process has loaded."""

    def start(self, archived: ArchivedFile, received_on: str, worker: SandboxPool | None) -> _Job:
        """Look for an earlier copy of the archived file, check the container, queue the read."""
        job = _Job(archived, received_on)
        try:
            before = self.store.by_hash(job.archived.sha256)
            if before is not None:
                job.receipt = _recorded(job.archived.name, "duplicate", before)
                return job
            errors = check_container(job.archived.path, job.archived.name, self.policy.limits)
            if errors:
                job.receipt = _rejected(job.archived, errors)
            elif worker is not None:
                worker.submit(job.archived.path, job.archived.name)
        except Exception as error:
            job.receipt = _internal_error(job.archived, error)
        return job

    def finish(self, job: _Job, worker: SandboxPool | None) -> Receipt:
        """Take the read cells, validate, record, log the reception; return the receipt."""
        if job.receipt is None:
            try:
                job.receipt = self._finish(job.archived, job.received_on, worker)
            except Exception as error:
                job.receipt = _internal_error(job.archived, error)
        receipt = job.receipt
        log_reception(
            self.store.archive_dir,
            {
                "file": job.archived.name,
                "sha256": job.archived.sha256,
                "size": job.archived.size,
                "at": _now(),
                "received_on": job.received_on,
                "by": _who(),
                "status": receipt.status,
                "state": receipt.state,
                "cycle": receipt.cycle,
                "errors": [finding_json(f) for f in receipt.errors],
            },
        )
        return receipt

    def _finish(
        self, archived: ArchivedFile, received_on: str, worker: SandboxPool | None
    ) -> Receipt:
        name = archived.name
        if worker is not None:
            result = worker.result()
        else:
            result = checked(read_plain(archived.path, self.policy.limits), name, self.check)
        if result.get("kind") == "internal":
            return _internal_error(archived, str(result.get("detail")), str(result.get("trace")))
        if not result.get("ok"):
            failure = decode(result, name)
            assert isinstance(failure, Finding)
            return _rejected(archived, (failure,))
        outcome = outcome_from_json(result["outcome"])
        if outcome.state and outcome.cycle:
            self.seen.setdefault(outcome.cycle, outcome.state)
        if outcome.errors or outcome.state is None or outcome.cycle is None:
            return _rejected(
                archived, outcome.errors, outcome.warnings, outcome.state, outcome.cycle
            )
        submission = Submission(
            id=0,
            state=outcome.state,
            cycle=outcome.cycle,
            received_at=_now(),
            file_sha256=archived.sha256,
            file_name=name,
            file_size=archived.size,
            template_version=outcome.template_version or "",
            question_set_hash=outcome.question_set_hash or "",
            status="accepted",
            ingested_by=_who(),
            question_count=outcome.question_count,
            answered=outcome.answered,
            warnings=json.dumps([finding_json(f) for f in outcome.warnings], ensure_ascii=False),
            focal_point=json.dumps(list(outcome.focal_point), ensure_ascii=False),
            consent=outcome.consent,
            received_on=received_on,
        )
        recorded, created = self.store.record(submission, outcome.answers)
        if not created:  # another ingest recorded the same file a moment ago
            return _recorded(name, "duplicate", recorded)
        return _recorded(
            name, "accepted", recorded, consent=recorded.consent, warnings=outcome.warnings
        )

    def before_fork(self, archiver: Archiver) -> None:
        """Before a worker is forked: end the archiving thread, load the reference data of the
        cycles met so far.

        A worker replaced after a hostile file then inherits them instead of loading them again;
        the first workers load what they need themselves, side by side.
        """
        archiver.pause()
        for cycle, state in self.seen.items():
            if cycle not in self.loaded:
                self.loaded.add(cycle)
                try:
                    self.reference.known_state(state)
                    self.reference.expected(cycle)
                except Exception:  # a worker reports what is wrong with the reference
                    pass


def _check(
    cells: dict[str, Any], name: str, reference: Reference, policy: Policy
) -> dict[str, Any]:
    """Validate a read workbook (in the worker that read it); the outcome as plain data."""
    workbook = decode(cells, name)
    assert isinstance(workbook, Workbook)
    return {"ok": True, "outcome": outcome_json(validate(workbook, name, reference, policy))}


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """An outcome as plain data (JSON): answers and findings as lists of their fields."""
    data = {f.name: getattr(outcome, f.name) for f in fields(Outcome)}
    data["answers"] = [_answer_values(answer) for answer in outcome.answers]
    data["findings"] = [
        [_location_values(value) if isinstance(value, Location) else value for value in row]
        for row in map(_finding_values, outcome.findings)
    ]
    return data


def outcome_from_json(data: dict[str, Any]) -> Outcome:
    """The outcome that :func:`outcome_json` gave as plain data."""
    values: dict[str, Any] = {
        key: tuple(value) if isinstance(value, list) else value for key, value in data.items()
    }
    values["answers"] = tuple(Answer(*row) for row in data["answers"])
    findings = []
    for row in data["findings"]:
        fields_: list[Any] = [
            Location(*value) if name == "location" else value
            for name, value in zip(_FINDING_FIELDS, row, strict=True)
        ]
        findings.append(Finding(*fields_))
    values["findings"] = tuple(findings)
    return Outcome(**values)


def _internal_error(archived: ArchivedFile, error: Exception | str, trace: str = "") -> Receipt:
    # A bug of ours must not lose the file (it is archived) nor stop the other files.
    if isinstance(error, Exception):
        traceback.print_exception(error)
        error = type(error).__name__
    else:  # it happened in a worker, which sent its traceback
        print(trace, end="", file=sys.stderr)
    message = f"The toolkit failed on this file ({error}); it is archived."
    hint = "Tell the toolkit's maintainers; the State need not do anything yet."
    failure = finding("internal-error", "error", archived.name, message, hint)
    return Receipt(archived.name, "rejected", archived.sha256, errors=(failure,))


def _rejected(
    archived: ArchivedFile,
    errors: tuple[Finding, ...],
    warnings: tuple[Finding, ...] = (),
    state: str | None = None,
    cycle: str | None = None,
) -> Receipt:
    return Receipt(
        file=archived.name,
        status="rejected",
        sha256=archived.sha256,
        state=state,
        cycle=cycle,
        errors=errors,
        warnings=warnings,
    )


def _recorded(
    name: str,
    status: Status,
    submission: Submission,
    *,
    consent: str | None = None,
    warnings: tuple[Finding, ...] = (),
) -> Receipt:
    """The receipt of a file recorded now (accepted) or before (a duplicate: no consent)."""
    return Receipt(
        file=name,
        status=status,
        sha256=submission.file_sha256,
        state=submission.state,
        cycle=submission.cycle,
        answered=submission.answered,
        question_count=submission.question_count,
        submission=submission.id,
        received_at=submission.received_at,
        received_on=submission.received_on,
        consent=consent,
        warnings=warnings,
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@functools.cache
def _who() -> str:
    try:
        return os.environ.get("COSP_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
