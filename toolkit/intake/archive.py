"""The archive: every received file, kept byte for byte under its SHA-256 before it is parsed.

Files are content-addressed (``archive/ab/ab12...``), written to a temporary name and renamed
into place, so a crash or a concurrent ingest of the same file never leaves a partial copy.
Archived files are made read-only.  A line per reception is appended to ``received.jsonl`` so
that what came in is known even when it was rejected and the database did not change.

In a batch, :class:`Archiver` copies the next few files in a thread: each copy waits for the disk
(``fsync``) while the files before it are checked and recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024
LOG_NAME = "received.jsonl"


@dataclass(frozen=True)
class ArchivedFile:
    """A received file after it was archived."""

    name: str
    """The file name as received (untrusted text, for people)."""
    sha256: str
    size: int
    path: Path
    """The archived copy."""


def archive_path(archive_dir: Path, sha256: str) -> Path:
    """Where the file with this hash is kept."""
    return archive_dir / sha256[:2] / sha256


def archive_file(source: Path, archive_dir: Path) -> ArchivedFile:
    """Copy ``source`` into the archive under its SHA-256 and return where it is."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temp_name = tempfile.mkstemp(dir=archive_dir, prefix=".incoming-")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha256 = digest.hexdigest()
        target = archive_path(archive_dir, sha256)
        target.parent.mkdir(exist_ok=True)
        if target.exists() and target.stat().st_size == size:
            temp.unlink()
        else:
            temp.chmod(0o444)
            os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return ArchivedFile(name=readable_name(source), sha256=sha256, size=size, path=target)


def readable_name(path: Path) -> str:
    """The file's name as text: bytes that are not UTF-8 (a name written on another system)
    become U+FFFD, so the name can be stored, printed and put in a receipt."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class Archiver:
    """Archives a batch's files in order, up to ``ahead`` files before they are asked for.

    The copying thread must not exist while the process forks (a sandboxed worker must not start
    as a copy of a process in the middle of a write): :meth:`pause` ends it, and the next file
    to archive starts a new one.
    """

    def __init__(self, archive_dir: Path, ahead: int) -> None:
        self.archive_dir = archive_dir
        self.ahead = max(0, ahead)
        self._thread: ThreadPoolExecutor | None = None

    def __enter__(self) -> Archiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pause(cancel=True)

    def archive(self, paths: Iterable[Path]) -> Iterator[ArchivedFile]:
        """Each file archived, in order (an error copying a file is raised at its turn)."""
        pending: deque[Future[ArchivedFile]] = deque()
        for path in paths:
            if self._thread is None:
                self._thread = ThreadPoolExecutor(1, thread_name_prefix="cosp-archive")
            pending.append(self._thread.submit(archive_file, path, self.archive_dir))
            if len(pending) > self.ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def pause(self, cancel: bool = False) -> None:
        """End the copying thread once the files given to it are archived (or not started)."""
        if self._thread is not None:
            self._thread.shutdown(wait=True, cancel_futures=cancel)
            self._thread = None


def log_reception(archive_dir: Path, record: dict[str, object]) -> None:
    """Append one reception record (a JSON line) to the archive's log."""
    line = json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n"
    fd = os.open(archive_dir / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("ascii"))
    finally:
        os.close(fd)
