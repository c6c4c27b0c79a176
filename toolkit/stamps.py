"""Knowing when an output is already up to date: digests of what made it, kept beside it.

A step whose inputs have not changed since it last wrote its outputs is skipped: the
questionnaires, the catalogue and the published site each keep a small manifest (JSON) of the
digest of their inputs and the SHA-256 of each file written.  An output is reused only when its
inputs' digest is the same and the file on disk still has the bytes recorded; anything else
(a file edited, deleted or half-written, a new toolkit, a changed template) writes it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.files import write_atomically
from toolkit.resources import PACKAGE

_CODE: dict[tuple[str, ...], str] = {}


def code_digest(*packages: str) -> str:
    """SHA-256 of the toolkit's version and of the code of the named packages (``questionnaire``),
    so that an output made by other code is never taken for current.  Computed once per run."""
    if packages not in _CODE:
        hasher = hashlib.sha256(__version__.encode())
        for package in packages:
            folder = PACKAGE / package
            paths = sorted(folder.rglob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]
            for path in paths:
                hasher.update(path.relative_to(PACKAGE).as_posix().encode())
                hasher.update(path.read_bytes())
        _CODE[packages] = hasher.hexdigest()
    return _CODE[packages]


def inputs_digest(*parts: object) -> str:
    """SHA-256 of the ``repr`` of the inputs (frozen records and plain values have a stable one)
    and of the build date setting (``SOURCE_DATE_EPOCH``), which outputs may carry."""
    text = repr((parts, os.environ.get("SOURCE_DATE_EPOCH", "")))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (None when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Manifest:
    """The record, in one folder, of each output file's inputs and bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("files"), dict):
                self.entries = {str(k): v for k, v in data["files"].items() if isinstance(v, dict)}
        except (OSError, ValueError):
            pass  # no manifest, or a damaged one: everything is written again

    def current(self, file: Path, inputs: str) -> bool:
        """Whether ``file`` holds what these inputs made (and can be left as it is)."""
        entry = self.entries.get(file.name)
        return (
            entry is not None
            and entry.get("inputs") == inputs
            and entry.get("sha256") == file_sha256(file)
        )

    def note(self, file: Path, inputs: str, data: bytes | None = None) -> None:
        """Record that ``file`` was written from these inputs (``data``: its bytes, if known)."""
        sha = hashlib.sha256(data).hexdigest() if data is not None else file_sha256(file)
        self.entries[file.name] = {"inputs": inputs, "sha256": sha or ""}

    def keep_only(self, names: Iterable[str]) -> None:
        """Forget the files not among ``names``."""
        wanted = set(names)
        self.entries = {k: v for k, v in self.entries.items() if k in wanted}

    def save(self) -> None:
        """Write the manifest (whole or not at all)."""
        text = json.dumps({"files": self.entries}, indent=1, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"))
