"""The sandboxed worker's side: read the files asked for, answer each with plain data.

A worker is started by :class:`toolkit.intake.sandbox.Sandbox`, forked (POSIX) or spawned as
``python -c "...; toolkit.intake.worker.main()"`` (every platform).  Both speak one framed
protocol over a pair of pipes: every message is an 8-byte big-endian length, then that many
bytes.  The caller sends one request per file, the path (``os.fsencode``), a NUL byte and the
name the file was received under; the worker answers each, in order, with the JSON of
:func:`toolkit.intake.reader.read_plain` passed through :func:`toolkit.intake.reader.checked`.
Answers are JSON, never pickles: what comes back from a hostile file is only ever data.  A
spawned worker first receives one frame with the pickled limits and check, which a forked one
inherits, and sends an empty frame once it is ready (its start-up is no file's time); the
caller's ``sys.path`` comes on its command line, so that it imports what the caller imports.

Limits: where the platform has them (``resource``: Linux, macOS), the worker caps its address
space (where ``/proc`` measures what it holds already: Linux) and core dumps before the first
file.  Windows has neither: there, a spawned worker runs without a memory limit, bounded by
what :class:`~toolkit.intake.config.Limits` lets the reader keep; the time limit, kept by the
caller, applies everywhere.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import signal
import struct
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from toolkit.intake.config import Limits

Check = Callable[[dict[str, Any], str], dict[str, Any]]
"""Work done in the worker on a file's cells (its received name given): plain data back."""
HEADER = struct.Struct("!Q")
"""The length that starts every frame."""
Receive = Callable[[int], bytes | None]
"""Exactly that many bytes from the caller, or None once the caller has closed its end."""
Send = Callable[[bytes], None]


def frame(payload: bytes) -> bytes:
    """A message as it goes down a pipe."""
    return HEADER.pack(len(payload)) + payload


def request(path: Path, name: str) -> bytes:
    """The request to read one file (a path holds no NUL byte: it ends the path)."""
    return frame(os.fsencode(os.path.abspath(path)) + b"\0" + os.fsencode(name))


def receive_frame(receive: Receive) -> bytes | None:
    """The payload of the next frame (None at the end of the stream)."""
    header = receive(HEADER.size)
    if header is None:
        return None
    return receive(HEADER.unpack(header)[0])


def internal_result(error: BaseException) -> dict[str, Any]:
    """The result for a bug of ours (or of a check): the caller reports it with its traceback."""
    trace = "".join(traceback.format_exception(error))
    return {"ok": False, "kind": "internal", "detail": type(error).__name__, "trace": trace}


def limit(limits: Limits) -> None:
    """Apply to this worker process the limits its platform offers, before the first file."""
    # What a forked worker inherited (the instrument, the store's caches) is never garbage here:
    # without this, every collection walks it all and copies the parent's pages.
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller decides; it kills if need be
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the caller's deadline still applies
        return
    try:
        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # no /proc (macOS): the address space cannot be measured to limit it
        inherited = None
    if inherited is not None:
        memory = inherited + limits.reader_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def serve(receive: Receive, send: Send, limits: Limits, check: Check | None) -> None:
    """Answer requests until the caller closes its end."""
    # Imported here: the reader imports the sandbox, which imports this module.
    from toolkit.intake import reader

    while (message := receive_frame(receive)) is not None:
        path, _, name = message.partition(b"\0")
        result = reader.checked(
            reader.read_plain(Path(os.fsdecode(path)), limits), os.fsdecode(name), check
        )
        try:
            payload = json.dumps(result, ensure_ascii=True).encode("ascii")
        except (TypeError, ValueError) as error:  # a check answered what JSON cannot hold
            payload = json.dumps(internal_result(error), ensure_ascii=True).encode("ascii")
        send(frame(payload))


def main() -> None:
    """The spawned worker: settings from the first frame on stdin, then requests until EOF."""
    requests = sys.stdin.buffer
    # Stdout carries the answers: anything else printed (by a check, a warning) goes to stderr.
    answers: BinaryIO = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    with contextlib.suppress(OSError, ValueError):
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    def receive(size: int) -> bytes | None:
        data = requests.read(size)
        return data if len(data) == size else None

    def send(data: bytes) -> None:
        answers.write(data)
        answers.flush()

    settings = receive_frame(receive)
    if settings is None:
        return
    limits, check = pickle.loads(settings)
    # The reader and what it imports (openpyxl, PIL) before the limit, which is measured from
    # what the process holds then: an import is not a file's memory.
    from toolkit.intake import reader  # noqa: F401

    limit(limits)
    send(frame(b""))
    serve(receive, send, limits, check)
