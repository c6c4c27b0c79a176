"""Sandboxed worker processes that read received workbooks one at a time, under limits.

A :class:`Sandbox` is one worker process; a :class:`SandboxPool` several, answering in the order
the files were submitted.  The caller gives each file a wall-clock deadline: a file that
exhausts the worker's memory, hangs or crashes it is reported as a result (``kind`` ``memory``,
``time`` or ``crash``), the worker is replaced and the files queued behind it go to the new one.
After any failure the worker is replaced too, so one hostile file cannot leave state behind for
the next.

How a worker starts (:func:`start_method`, or ``COSP_SANDBOX=fork|spawn``):

* ``fork`` (the default where ``os.fork`` exists: Linux, macOS): the worker is a copy of this
  process and inherits what it loaded (the reference data, the check); it caps its address
  space where the platform measures it (Linux), and the deadline is kept with ``select``.
* ``spawn`` (the default elsewhere: Windows): the worker is a fresh interpreter
  (:mod:`toolkit.intake.worker`) that receives the limits and the check pickled, so a check must
  be picklable (a module-level function, or a ``functools.partial`` of one).  A thread reads its
  answers into a queue, whose timed ``get`` keeps the deadline (``select`` cannot wait on a pipe
  on Windows).  Where the platform has no rlimits (Windows) the spawned worker has no memory
  limit: what the reader keeps is bounded by :class:`~toolkit.intake.config.Limits` alone.

Both speak the framed protocol of :mod:`toolkit.intake.worker`; the processes and their pipes
are in :mod:`toolkit.intake.processes`.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from toolkit.errors import Finding, Location, ToolkitError
from toolkit.intake.config import Limits
from toolkit.intake.processes import Forked, Spawned, WorkerProcess, WorkerStartError
from toolkit.intake.worker import Check, internal_result, request

StartMethod = Literal["fork", "spawn"]
ENVIRONMENT = "COSP_SANDBOX"
"""The environment variable choosing the start method (``fork`` or ``spawn``)."""


def start_method(requested: str | None = None) -> StartMethod:
    """The start method asked for (else ``COSP_SANDBOX``), else ``fork`` where there is one."""
    method = requested or os.environ.get(ENVIRONMENT) or ("fork" if _can_fork() else "spawn")
    if method == "spawn":
        return "spawn"
    if method == "fork" and _can_fork():
        return "fork"
    problem = "this platform cannot fork" if method == "fork" else f"not {method!r}"
    raise ToolkitError(
        Finding(
            "intake.sandbox-start",
            "error",
            f"The sandboxed reader starts its workers by fork or by spawn ({problem}).",
            Location("environment", key=ENVIRONMENT),
            f"Set {ENVIRONMENT} to spawn, or to fork where the platform has it, or unset it.",
        )
    )


def _can_fork() -> bool:
    return hasattr(os, "fork")


class Sandbox:
    """A worker process that reads workbooks one at a time under memory and time limits."""

    def __init__(
        self,
        limits: Limits,
        check: Check | None = None,
        before_fork: Callable[[], None] | None = None,
        start: str | None = None,
    ) -> None:
        self.limits = limits
        self.check = check
        self.before_fork = before_fork
        """Called before a worker is forked: what it loads, every later worker inherits."""
        self.start_method = start_method(start)
        self._worker: WorkerProcess | None = None
        self._pending: deque[tuple[Path, str]] = deque()
        """Files (and names) sent to the worker whose answer was not taken yet, oldest first."""

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pending(self) -> int:
        """Files sent to the worker whose answer was not taken yet."""
        return len(self._pending)

    def read(self, path: Path, name: str = "") -> dict[str, Any]:
        """The worker's result for one file (nothing else may be pending)."""
        self.submit(path, name)
        return self.result()

    def submit(self, path: Path, name: str = "") -> None:
        """Queue a file: the worker reads it while the caller does other work."""
        if self._worker is None:
            self._worker = self._start()
        self._pending.append((path, name))
        self._worker.send(request(path, name))

    def result(self) -> dict[str, Any]:
        """The result for the oldest queued file; after a failure the worker is replaced."""
        assert self._worker is not None and self._pending, "result() without a file submitted"
        try:
            result = _loads(self._worker.answer(self.limits.reader_seconds))
        except WorkerStartError as error:  # reported as our fault, not the file's
            result = internal_result(error)
        except TimeoutError:
            result = {"ok": False, "kind": "time"}
        except (EOFError, OSError, ValueError):  # the worker died, or answered nonsense
            result = {"ok": False, "kind": "crash"}
        self._pending.popleft()
        if not result.get("ok"):
            queued = list(self._pending)
            self.close(kill=True)
            for path, name in queued:  # the files queued behind go to a fresh worker
                self.submit(path, name)
        return result

    def close(self, kill: bool = False) -> None:
        """Stop the worker (at once when ``kill``)."""
        if self._worker is None:
            return
        # A worker still reading may be stuck on a hostile file: never wait for it.
        self._worker.stop(kill or bool(self._pending))
        self._pending.clear()
        self._worker = None

    def _start(self) -> WorkerProcess:
        if self.start_method == "spawn":
            return Spawned(self.limits, self.check)
        if self.before_fork is not None:
            self.before_fork()
        return Forked(self.limits, self.check)


def _loads(payload: bytes) -> dict[str, Any]:
    result = json.loads(payload)
    if not isinstance(result, dict):
        raise ValueError("an answer that is not a result")
    return result


class SandboxPool:
    """Several sandboxed workers reading files side by side; results come in submission order."""

    def __init__(
        self,
        limits: Limits,
        workers: int = 1,
        check: Check | None = None,
        before_fork: Callable[[], None] | None = None,
        start: str | None = None,
    ) -> None:
        method = start_method(start)
        self._workers = [
            Sandbox(limits, check, before_fork, method) for _ in range(max(1, workers))
        ]
        self._order: deque[Sandbox] = deque()
        """The worker of each file submitted and not yet answered, oldest first."""

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, path: Path, name: str = "") -> None:
        """Queue a file with the least busy worker."""
        worker = min(self._workers, key=lambda w: w.pending)
        worker.submit(path, name)
        self._order.append(worker)

    def result(self) -> dict[str, Any]:
        """The result for the oldest file submitted."""
        return self._order.popleft().result()

    def close(self) -> None:
        """Stop every worker."""
        self._order.clear()
        for worker in self._workers:
            worker.close()
