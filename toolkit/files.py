"""Writing the toolkit's outputs safely: folders checked before work starts, files whole or not
at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from toolkit.errors import Location, UsageError


def check_output_folder(path: Path, option: str, hint: str = "") -> None:
    """Refuse, before anything is written, an output folder that cannot be made or written in.

    The path, or a folder above it, may be a file; or the nearest existing folder may not
    accept files (permissions, a read-only disk).  Nothing is created.  ``option`` names the
    option that gave the path; ``hint`` replaces the advice given when a file is in the way.
    """
    for place in (path, *path.parents):
        if not (place.exists() or place.is_symlink()):
            continue
        if not place.is_dir():
            what = "this" if place == path else f"{place}, above it,"
            raise UsageError.at(
                "usage.not-a-folder",
                Location(str(path)),
                f"{what} is a file, not a folder, so {option} cannot be used.",
                hint or f"Give {option} the path of a folder (missing folders are created).",
            )
        try:
            with tempfile.TemporaryFile(dir=place):
                pass
        except OSError as error:
            raise UsageError.at(
                "usage.not-writable",
                Location(str(place)),
                f"files cannot be written in this folder ({error.strerror}).",
                f"Give {option} a folder you may write in.",
            ) from None
        return


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
