"""Reading a received workbook's cells in a sandboxed worker process that cannot hurt the caller.

The cells are read by :mod:`toolkit.intake.xlsx` within bounds taken from the expected layout
(:class:`~toolkit.intake.config.Limits`), never from the dimension a sheet declares.  The reading
happens in worker processes forked once per batch, each with an address-space limit; the caller
gives each file a wall-clock deadline.  A file that exhausts memory, hangs or crashes the worker is
reported as a finding, the worker is replaced and the batch goes on.  After any failure the worker
is replaced too, so one hostile file cannot leave state behind for the next.

What comes back is plain data: every cell as text, formulas as their own text (never evaluated).
A caller may give the workers a ``check`` to run on those cells where they were read (intake
validates there, so that the files of a batch are read and checked side by side); its answer,
plain data too, comes back instead of the cells, and an exception in it is reported, not raised.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import math
import os
import resource
import select
import signal
import struct
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers.expat import errors as expat_errors

from toolkit.errors import Finding
from toolkit.intake.config import Limits
from toolkit.intake.findings import finding
from toolkit.intake.layout import CHAPTER_PREFIX, COVER_SHEET, METADATA_SHEET, chapter_sheet

Row = tuple[str | None, ...]
Check = Callable[[dict[str, Any], str], dict[str, Any]]
"""Work done in the worker on a file's cells (its received name given): plain data back."""
RESAVE = "Open the file in Excel or LibreOffice, save it again as .xlsx and send the new file."
HEADER = struct.Struct("!Q")
PIPE_BYTES = 1 << 20
"""Room in each worker's answer pipe (Linux allows up to 1 MiB to an unprivileged process)."""
EXIT_SECONDS = 5.0
"""How long a worker whose input was closed may take to end before it is killed."""
_PARENT_ENDS: set[int] = set()
"""This process's ends of every worker's pipes, which a newly forked worker must close."""
READ_SHEETS = frozenset({METADATA_SHEET, COVER_SHEET, chapter_sheet("")})


def wanted(name: str) -> bool:
    """Whether intake reads a sheet's cells: the metadata and chapter sheets (others: names)."""
    return name in READ_SHEETS or name.startswith(CHAPTER_PREFIX)


@dataclass(frozen=True)
class Sheet:
    """The cells of one worksheet within the bounds, as text."""

    name: str
    state: str
    """``visible``, ``hidden`` or ``veryHidden``."""
    rows: tuple[Row, ...]
    """Row 1 first; trailing empty cells dropped; ``None`` for an empty cell."""
    formulas: frozenset[str]
    """Coordinates (``D7``) of cells that hold a formula; their text is the formula."""
    beyond_bounds: bool = False
    """The sheet has cells outside the bounds read (they were not read)."""
    read: bool = True
    """Whether the cells were read (only the metadata and chapter sheets are)."""

    def cell(self, row: int, column: int) -> str | None:
        """The text of a cell (1-based row and column), ``None`` when empty or not read."""
        if 0 < row <= len(self.rows) and 0 < column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


@dataclass(frozen=True)
class Workbook:
    """What the reader found in a file: its sheets in order."""

    sheets: tuple[Sheet, ...]
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Defined names of single cells: ``FocalPoint1`` -> ``("Cover", "B20")``."""

    def sheet(self, name: str) -> Sheet | None:
        """The sheet with this exact name, if any."""
        return next((s for s in self.sheets if s.name == name), None)


def read_workbook(
    path: Path, name: str, limits: Limits, *, sandbox: Sandbox | bool = True
) -> Workbook | Finding:
    """The cells of ``path`` (or the finding saying why it cannot be read)."""
    if sandbox is False or not hasattr(os, "fork"):
        return decode(read_plain(path, limits), name)
    if isinstance(sandbox, Sandbox):
        return decode(sandbox.read(path), name)
    with Sandbox(limits) as own:
        return decode(own.read(path), name)


def read_plain(path: Path, limits: Limits) -> dict[str, Any]:
    """Read the workbook in this process; any failure becomes a result, never an exception."""
    from toolkit.intake.xlsx import read_cells

    try:
        sheets, names = read_cells(
            path,
            max_rows=limits.max_rows,
            max_columns=limits.max_columns,
            max_cell_chars=limits.max_cell_chars,
            wanted=wanted,
        )
        return {"ok": True, "sheets": sheets, "names": names}
    except MemoryError:
        return {"ok": False, "kind": "memory"}
    except Exception as error:
        if getattr(error, "code", None) == _EXPAT_NO_MEMORY:  # expat ran out, not Python
            return {"ok": False, "kind": "memory"}
        return {"ok": False, "kind": "parse", "detail": type(error).__name__}


_EXPAT_NO_MEMORY = expat_errors.codes[expat_errors.XML_ERROR_NO_MEMORY]
"""The code of the XML parser's error when an allocation fails (a ParseError, not a
MemoryError: which of the two a hungry file meets depends on the worker's free memory)."""


def checked(result: dict[str, Any], name: str, check: Check | None) -> dict[str, Any]:
    """The answer of ``check`` on a read file's cells (failures of reading pass through)."""
    if check is None or not result.get("ok"):
        return result
    try:
        return check(result, name)
    except MemoryError:
        return {"ok": False, "kind": "memory"}
    except Exception as error:  # a bug of the check: the caller reports it, the batch goes on
        return _internal(error)


def _internal(error: Exception) -> dict[str, Any]:
    trace = "".join(traceback.format_exception(error))
    return {"ok": False, "kind": "internal", "detail": type(error).__name__, "trace": trace}


class Sandbox:
    """A worker process that reads workbooks one at a time under memory and time limits."""

    def __init__(
        self,
        limits: Limits,
        check: Check | None = None,
        before_fork: Callable[[], None] | None = None,
    ) -> None:
        self.limits = limits
        self.check = check
        self.before_fork = before_fork
        """Called before a worker is forked: what it loads, every later worker inherits."""
        self._pid = 0
        self._to_worker = self._from_worker = -1
        self._pending: deque[tuple[Path, str]] = deque()
        """Files (and names) sent to the worker whose answer was not taken yet, oldest first."""

    def __enter__(self) -> Sandbox:
        return self

    @property
    def pending(self) -> int:
        """Files sent to the worker whose answer was not taken yet."""
        return len(self._pending)

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, path: Path, name: str = "") -> dict[str, Any]:
        """The worker's result for one file (nothing else may be pending)."""
        self.submit(path, name)
        return self.result()

    def submit(self, path: Path, name: str = "") -> None:
        """Queue a file: the worker reads it while the caller does other work."""
        if not self._pid:
            self._start()
        self._pending.append((path, name))
        self._send(path, name)

    def result(self) -> dict[str, Any]:
        """The result for the oldest queued file; after a failure the worker is replaced."""
        try:
            result = self._answer()
        except (OSError, ValueError):
            result = {"ok": False, "kind": "crash"}
        self._pending.popleft()
        if not result.get("ok"):
            queued = list(self._pending)
            self.close(kill=True)
            for path, name in queued:  # the files queued behind go to a fresh worker
                self.submit(path, name)
        return result

    def _send(self, path: Path, name: str) -> None:
        # A path holds no NUL byte: it ends the path and the file's name follows.
        request = os.fsencode(os.path.abspath(path)) + b"\0" + os.fsencode(name)
        with contextlib.suppress(OSError):  # a dead worker: result() notices and replaces it
            os.write(self._to_worker, HEADER.pack(len(request)) + request)

    def close(self, kill: bool = False) -> None:
        """Stop the worker (at once when ``kill``)."""
        if not self._pid:
            return
        # A worker still reading may be stuck on a hostile file: never wait for it.
        kill = kill or bool(self._pending)
        self._pending.clear()
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
        self._pid = 0

    def _start(self) -> None:
        if self.before_fork is not None:
            self.before_fork()
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
                _limit_worker(self.limits)
                _serve(request_r, answer_w, self.limits, self.check)
            except BaseException:
                status = 3
            finally:
                os._exit(status)
        os.close(request_r)
        os.close(answer_w)
        _PARENT_ENDS.update((request_w, answer_r))
        self._pid, self._to_worker, self._from_worker = pid, request_w, answer_r

    def _answer(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.limits.reader_seconds
        header = _read_exactly(self._from_worker, HEADER.size, deadline)
        if header is None:
            return self._no_answer(deadline)
        payload = _read_exactly(self._from_worker, HEADER.unpack(header)[0], deadline)
        if payload is None:
            return self._no_answer(deadline)
        return json.loads(payload)

    def _no_answer(self, deadline: float) -> dict[str, Any]:
        return {"ok": False, "kind": "time" if time.monotonic() >= deadline else "crash"}


class SandboxPool:
    """Several sandboxed workers reading files side by side; results come in submission order."""

    def __init__(
        self,
        limits: Limits,
        workers: int = 1,
        check: Check | None = None,
        before_fork: Callable[[], None] | None = None,
    ) -> None:
        self._workers = [Sandbox(limits, check, before_fork) for _ in range(max(1, workers))]
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


def _read_exactly(fd: int, size: int, deadline: float) -> bytes | None:
    """``size`` bytes from ``fd`` before the deadline (None on timeout or end of file)."""
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
    with contextlib.suppress(AttributeError, OSError):  # Linux only; at worst the default
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _limit_worker(limits: Limits) -> None:
    # What the worker inherited (the instrument, the store's caches) is never garbage here:
    # without this, every collection walks it all and copies the parent's pages.
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills if need be
    try:
        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # no /proc (not Linux): the address space cannot be measured to limit it
        inherited = None
    if inherited is not None:
        memory = inherited + limits.reader_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _serve(requests: int, answers: int, limits: Limits, check: Check | None) -> None:
    while True:
        header = _read_exactly(requests, HEADER.size, math.inf)
        if header is None:
            return
        request = _read_exactly(requests, HEADER.unpack(header)[0], math.inf)
        if request is None:
            return
        path, _, name = request.partition(b"\0")
        result = checked(read_plain(Path(os.fsdecode(path)), limits), os.fsdecode(name), check)
        try:
            payload = json.dumps(result, ensure_ascii=True).encode("ascii")
        except (TypeError, ValueError) as error:  # a check answered what JSON cannot hold
            payload = json.dumps(_internal(error), ensure_ascii=True).encode("ascii")
        view = memoryview(HEADER.pack(len(payload)) + payload)
        while view:
            view = view[os.write(answers, view) :]


# -- the caller's side ----------------------------------------------------------------------


def decode(result: dict[str, Any], name: str) -> Workbook | Finding:
    if not result.get("ok"):
        return _failure(result.get("kind", "crash"), str(result.get("detail", "")), name)
    sheets = tuple(
        Sheet(
            name=str(sheet["name"]),
            state=str(sheet["state"]),
            rows=tuple(tuple(row) for row in sheet["rows"]),
            formulas=frozenset(sheet["formulas"]),
            beyond_bounds=bool(sheet["beyond"]),
            read=bool(sheet["read"]),
        )
        for sheet in result["sheets"]
    )
    names = {str(k): (str(v[0]), str(v[1])) for k, v in result.get("names", {}).items()}
    return Workbook(sheets, names)


def _failure(kind: str, detail: str, name: str) -> Finding:
    if kind == "memory":
        message = "Reading the workbook needed far more memory than a questionnaire does."
        return finding("too-large", "error", name, message, RESAVE)
    if kind == "time":
        message = "Reading the workbook took far longer than a questionnaire takes."
        return finding("too-slow", "error", name, message, RESAVE)
    if detail == "ForbiddenXMLError":
        message = (
            "The workbook contains XML constructs that spreadsheet programs do not write "
            "(a document type with entity declarations, or a text encoding other than UTF-8); "
            "it was not opened."
        )
        return finding("xml-entities", "error", name, message, RESAVE)
    if detail == "CellTooLongError":
        message = "A cell holds far more text than a spreadsheet cell can (over a million)."
        return finding("cell-too-long", "error", name, message, "Shorten the text and resend.")
    message = "The workbook could not be read: its content is damaged or not as Excel writes it."
    return finding("unreadable", "error", name, message, RESAVE)
