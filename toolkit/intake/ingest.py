"""Ingesting received files: archive, check the container, read, validate, record, receipt.

The order is the point: the file is archived under its SHA-256 before anything parses it, and
every later step works on the archived copy (what is parsed is what is kept).  A file that is
rejected at any step leaves the database unchanged; a file recorded before is a duplicate.

In a batch, sandboxed workers read the next files while this process validates and records the
previous one; receipts still come out in the order of the files.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import json
import os
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import Finding
from toolkit.intake.archive import ArchivedFile, archive_file, log_reception
from toolkit.intake.config import Policy
from toolkit.intake.container import check_container
from toolkit.intake.expected import Reference, ToolkitReference
from toolkit.intake.findings import finding
from toolkit.intake.reader import SandboxPool, decode, read_plain
from toolkit.intake.receipt import Receipt, finding_json
from toolkit.intake.store import Store, Submission, warnings_json
from toolkit.intake.validate import validate

WORKERS = min(2, os.cpu_count() or 1)
"""Sandboxed reader processes per batch (two keep a two-core machine busy with this one)."""
AHEAD = 2 * WORKERS
"""Files the workers may read ahead of the one being validated and recorded."""


@dataclass
class _Job:
    """A file on its way through the steps."""

    archived: ArchivedFile
    receipt: Receipt | None = None
    """Set once the file's fate is known (early for duplicates and container rejections)."""


def ingest_files(
    paths: Iterable[Path],
    store: Store,
    *,
    reference: Reference | None = None,
    policy: Policy | None = None,
    sandbox: bool = True,
) -> Iterator[Receipt]:
    """Ingest each file in turn and yield its receipt (a bad file never stops the others)."""
    steps = _Steps(store, reference or ToolkitReference(), policy or Policy())
    with SandboxPool(steps.policy.limits, WORKERS) as worker:
        waiting: deque[_Job] = deque()
        for path in paths:
            waiting.append(steps.start(path, worker if sandbox else None))
            while waiting and (
                waiting[0].receipt is not None
                or sum(job.receipt is None for job in waiting) > AHEAD
            ):
                yield steps.finish(waiting.popleft(), worker if sandbox else None)
        while waiting:
            yield steps.finish(waiting.popleft(), worker if sandbox else None)


def ingest_file(
    path: Path,
    store: Store,
    *,
    reference: Reference | None = None,
    policy: Policy | None = None,
    sandbox: bool = True,
) -> Receipt:
    """Ingest one file and return its receipt."""
    (receipt,) = ingest_files([path], store, reference=reference, policy=policy, sandbox=sandbox)
    return receipt


class _Steps:
    """The steps, split where the sandboxed reading happens."""

    def __init__(self, store: Store, reference: Reference, policy: Policy) -> None:
        self.store = store
        self.reference = reference
        self.policy = policy

    def start(self, path: Path, worker: SandboxPool | None) -> _Job:
        """Archive the file, look for an earlier copy, check the container, queue the read."""
        job = _Job(archive_file(path, self.store.archive_dir))
        try:
            before = self.store.by_hash(job.archived.sha256)
            if before is not None:
                job.receipt = _duplicate(job.archived.name, before)
                return job
            errors = check_container(job.archived.path, job.archived.name, self.policy.limits)
            if errors:
                job.receipt = _rejected(job.archived, errors)
            elif worker is not None:
                worker.submit(job.archived.path)
        except Exception as error:
            job.receipt = _internal_error(job.archived, error)
        return job

    def finish(self, job: _Job, worker: SandboxPool | None) -> Receipt:
        """Take the read cells, validate, record, log the reception; return the receipt."""
        if job.receipt is None:
            try:
                job.receipt = self._finish(job.archived, worker)
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
                "by": _who(),
                "status": receipt.status,
                "state": receipt.state,
                "cycle": receipt.cycle,
                "errors": [finding_json(f) for f in receipt.errors],
            },
        )
        return receipt

    def _finish(self, archived: ArchivedFile, worker: SandboxPool | None) -> Receipt:
        name = archived.name
        if worker is not None:
            result = worker.result()
        else:
            result = read_plain(archived.path, self.policy.limits)
        workbook = decode(result, name)
        if isinstance(workbook, Finding):
            return _rejected(archived, (workbook,))
        outcome = validate(workbook, name, self.reference, self.policy)
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
            warnings=warnings_json([finding_json(f) for f in outcome.warnings]),
            focal_point=json.dumps(list(outcome.focal_point), ensure_ascii=False),
            consent=outcome.consent,
        )
        recorded, created = self.store.record(submission, outcome.answers)
        if not created:  # another ingest recorded the same file a moment ago
            return _duplicate(name, recorded)
        return Receipt(
            file=name,
            status="accepted",
            sha256=archived.sha256,
            state=recorded.state,
            cycle=recorded.cycle,
            answered=recorded.answered,
            question_count=recorded.question_count,
            submission=recorded.id,
            received_at=recorded.received_at,
            consent=recorded.consent,
            warnings=outcome.warnings,
        )


def _internal_error(archived: ArchivedFile, error: Exception) -> Receipt:
    # A bug of ours must not lose the file (it is archived) nor stop the other files.
    traceback.print_exception(error)
    message = f"The toolkit failed on this file ({type(error).__name__}); it is archived."
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


def _duplicate(name: str, before: Submission) -> Receipt:
    return Receipt(
        file=name,
        status="duplicate",
        sha256=before.file_sha256,
        state=before.state,
        cycle=before.cycle,
        answered=before.answered,
        question_count=before.question_count,
        submission=before.id,
        received_at=before.received_at,
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@functools.cache
def _who() -> str:
    try:
        return os.environ.get("COSP_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
