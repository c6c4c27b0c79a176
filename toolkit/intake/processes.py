"""Worker processes and the pipes to them, started by fork (POSIX) or spawn (every platform).

:class:`Forked` copies this process (``os.fork``), which then limits itself and serves over two
pipes; the deadline of an answer is kept with ``select``.  :class:`Spawned` starts a fresh
interpreter running :func:`toolkit.intake.worker.main` over its stdin and stdout; a thread reads
its answers into a queue, whose timed ``get`` keeps the deadline, since ``select`` cannot wait on
a pipe on Windows.  Both speak the framed protocol of :mod:`toolkit.intake.worker` and offer what
:class:`WorkerProcess` says; :class:`toolkit.intake.sandbox.Sandbox` decides when to start,
replace and stop them.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Protocol

from toolkit.intake.config import Limits
from toolkit.intake.worker import Check, frame, limit, receive_frame, serve

PIPE_BYTES = 1 << 20
"""Room in a forked worker's answer pipe (Linux allows up to 1 MiB to an unprivileged process)."""
EXIT_SECONDS = 5.0
"""How long a worker whose input was closed may take to end before it is killed."""
STARTUP_SECONDS = 60.0
"""How long a spawned worker may take to start (an interpreter importing the toolkit: about a
second) before the file's own time counts."""
BOOTSTRAP = "import sys; sys.path[:] = sys.argv[1:]; from toolkit.intake.worker import main; main()"
"""The spawned worker's program: this process's import path (its arguments), then the worker."""
_PARENT_ENDS: set[int] = set()
"""This process's ends of every forked worker's pipes, which a newly forked worker must close."""


class WorkerStartError(RuntimeError):
    """A spawned worker ended, or stayed silent, before it was ready: a fault of this machine
    or installation (the worker's error is on stderr), not of the file it was to read."""


class WorkerProcess(Protocol):
    """One worker process and the pipes to it, however it was started."""

    def send(self, message: bytes) -> None:
        """Send one framed message (a worker that died is noticed by :meth:`answer`)."""

    def answer(self, seconds: float) -> bytes:
        """The next answer's payload, within ``seconds`` of the worker being ready.

        Raises TimeoutError when it does not come in time, EOFError when the worker ended,
        :class:`WorkerStartError` when it never became ready.
        """

    def stop(self, kill: bool) -> None:
        """End the worker: at once when ``kill``, else by closing its input."""


# -- forked (POSIX) --------------------------------------------------------------------------


class Forked:
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


# -- spawned (every platform) ----------------------------------------------------------------


class Spawned:
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
            try:
                self._ready = self._next(STARTUP_SECONDS) == b""
            except (TimeoutError, EOFError) as error:
                raise WorkerStartError(f"{sys.executable} did not start a worker") from error
            if not self._ready:
                raise WorkerStartError("the worker's first answer was not that it was ready")
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
