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

Both speak the framed protocol of :mod:`toolkit.intake.worker`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol

from toolkit.errors import Finding, Location, ToolkitError
from toolkit.intake.config import Limits
from toolkit.intake.worker import Check, frame, limit, receive_frame, request, serve

StartMethod = Literal["fork", "spawn"]
START_METHODS: tuple[StartMethod, ...] = ("fork", "spawn")
ENVIRONMENT = "COSP_SANDBOX"
"""The environment variable choosing the start method (``fork`` or ``spawn``)."""
PIPE_BYTES = 1 << 20
"""Room in a forked worker's answer pipe (Linux allows up to 1 MiB to an unprivileged process)."""
EXIT_SECONDS = 5.0
"""How long a worker whose input was closed may take to end before it is killed."""
STARTUP_SECONDS = 60.0
"""How long a spawned worker may take to start (an interpreter importing the toolkit: about a
second) before the file's own time counts; one that is not ready by then is killed."""
BOOTSTRAP = "import sys; sys.path[:] = sys.argv[1:]; from toolkit.intake.worker import main; main()"
"""The spawned worker's program: this process's import path (its arguments), then the worker."""
_PARENT_ENDS: set[int] = set()
"""This process's ends of every forked worker's pipes, which a newly forked worker must close."""


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


class _Worker(Protocol):
    """One worker process and the pipes to it, however it was started."""

    def send(self, message: bytes) -> None:
        """Send one framed message (a worker that died is noticed by :meth:`answer`)."""

    def answer(self, seconds: float) -> bytes:
        """The next answer's payload, within ``seconds`` of the worker being ready.

        Raises TimeoutError when it does not come in time, EOFError when the worker ended.
        """

    def stop(self, kill: bool) -> None:
        """End the worker: at once when ``kill``, else by closing its input."""


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
        self._worker: _Worker | None = None
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

    def _start(self) -> _Worker:
        if self.start_method == "spawn":
            return _Spawned(self.limits, self.check)
        if self.before_fork is not None:
            self.before_fork()
        return _Forked(self.limits, self.check)


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


# -- forked workers (POSIX) -------------------------------------------------------------------


class _Forked:
    """A worker forked from this process, talking over two pipes."""

    def __init__(self, limits: Limits, check: Check | None) -> None:
        request_r, request_w = os.pipe()
        answer_r, answer_w = os.pipe()
        _widen(answer_w)
        pid = os.fork()
        if pid == 0:  # the worker: limit itself, serve requests, leave without cleanup
            status = 0
            try:
                # Other workers' pipes too: a copy held here would keep them from ending.
                for fd in (request_w, answer_r, *_PARENT_ENDS):
                    os.close(fd)
                limit(limits)
                serve(lambda size: _read_exactly(request_r, size), _writer(answer_w), limits, check)
            except BaseException:
                status = 3
            finally:
                os._exit(status)
        os.close(request_r)
        os.close(answer_w)
        _PARENT_ENDS.update((request_w, answer_r))
        self._pid, self._to_worker, self._from_worker = pid, request_w, answer_r

    def send(self, message: bytes) -> None:
        with contextlib.suppress(OSError):  # a dead worker: answer() notices
            _writer(self._to_worker)(message)

    def answer(self, seconds: float) -> bytes:
        deadline = time.monotonic() + seconds
        payload = receive_frame(lambda size: _read_exactly(self._from_worker, size, deadline))
        if payload is not None:
            return payload
        raise TimeoutError if time.monotonic() >= deadline else EOFError

    def stop(self, kill: bool) -> None:
        import signal

        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        for fd in (self._to_worker, self._from_worker):
            _PARENT_ENDS.discard(fd)
            os.close(fd)
        # Closing its input ends a healthy worker's loop; one that does not end is killed.
        deadline = time.monotonic() + EXIT_SECONDS
        while not os.waitpid(self._pid, os.WNOHANG)[0]:
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
                break
            time.sleep(0.001)


def _writer(fd: int) -> Callable[[bytes], None]:
    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    return write


def _read_exactly(fd: int, size: int, deadline: float = math.inf) -> bytes | None:
    """``size`` bytes from ``fd`` before the deadline (None on timeout or end of file)."""
    import select

    data = bytearray()
    while len(data) < size:
        remaining = None if deadline == math.inf else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            return None
        if not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, min(size - len(data), 1 << 20))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _widen(fd: int) -> None:
    """Let a pipe hold several results, so that a worker is not stalled until its answer is read.

    A questionnaire's cells take about 80 KB, more than a pipe's default 64 KiB: without this a
    worker sending cells (or a long list of findings) waits for the caller after every file
    instead of reading the next one.
    """
    with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux only; else default
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


# -- spawned workers (every platform) ---------------------------------------------------------


class _Spawned:
    """A fresh interpreter running :func:`toolkit.intake.worker.main`, over stdin and stdout."""

    def __init__(self, limits: Limits, check: Check | None) -> None:
        try:  # before starting anything: the worker receives the check pickled
            settings = pickle.dumps((limits, check))
        except (pickle.PicklingError, AttributeError, TypeError) as error:
            raise TypeError(
                f"a spawned worker needs a picklable check (a module-level function), not "
                f"{check!r}: {error}"
            ) from error
        self._process = subprocess.Popen(
            [sys.executable, "-c", BOOTSTRAP, *sys.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        self._answers: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        """Every frame the worker sent, then None once it ended (filled by a thread)."""
        self._ready = False
        """Whether the worker's first frame, sent once it is ready, was taken."""
        self._ready_at = math.inf
        """When that frame came (the time a file may take counts from then at the earliest)."""
        self._reader = threading.Thread(
            target=self._pump, name=f"sandbox-{self._process.pid}", daemon=True
        )
        self._reader.start()
        self.send(frame(settings))

    def _pump(self) -> None:
        """In the reading thread: every answer into the queue, then None at the end."""
        stream = self._process.stdout
        assert stream is not None

        def receive(size: int) -> bytes | None:
            data = stream.read(size)
            return data if len(data) == size else None

        try:
            while (payload := receive_frame(receive)) is not None:
                if self._ready_at == math.inf:
                    self._ready_at = time.monotonic()
                self._answers.put(payload)
        except (OSError, ValueError):  # the pipe was closed under us
            pass
        self._answers.put(None)

    def send(self, message: bytes) -> None:
        stream = self._process.stdin
        assert stream is not None
        with contextlib.suppress(OSError, ValueError):  # a dead worker: answer() notices
            stream.write(message)
            stream.flush()

    def answer(self, seconds: float) -> bytes:
        asked = time.monotonic()
        if not self._ready:
            self._ready = self._next(STARTUP_SECONDS) == b""
            if not self._ready:
                raise EOFError("the worker did not start")
        deadline = max(asked, self._ready_at) + seconds
        return self._next(max(0.0, deadline - time.monotonic()))

    def _next(self, seconds: float) -> bytes:
        try:
            payload = self._answers.get(timeout=seconds)
        except queue.Empty:
            raise TimeoutError from None
        if payload is None:
            raise EOFError
        return payload

    def stop(self, kill: bool) -> None:
        if kill:
            self._process.kill()
        with contextlib.suppress(OSError, ValueError):
            assert self._process.stdin is not None
            self._process.stdin.close()  # a healthy worker ends at the end of its input
        try:
            self._process.wait(EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        # The worker has ended, so its stdout has too: the reading thread ends at once.
        self._reader.join(EXIT_SECONDS)
        assert self._process.stdout is not None
        self._process.stdout.close()
