"""The obligation catalogue as files: ``provisions.json``, ``.csv`` and ``.yaml`` in one folder.

What ``cosp provisions --out DIR`` (and the main job) writes: every provision's record
(:mod:`toolkit.instrument.export`) in the three formats.  The files are written whole or not at
all, and not at all when the instrument and the code that made them have not changed (the
folder's manifest records what they were written from).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.files import write_atomically
from toolkit.instrument.export import record, to_csv, to_json, to_yaml
from toolkit.instrument.model import Instrument
from toolkit.stamps import Manifest, code_digest, inputs_digest

FORMATS = {"json": to_json, "csv": to_csv, "yaml": to_yaml}
MANIFEST = ".manifest.json"


def write_catalogue(instrument: Instrument, folder: Path) -> tuple[tuple[Path, ...], bool]:
    """Write the catalogue into ``folder``; return the paths and whether anything was written."""
    manifest = Manifest(folder / MANIFEST)
    inputs = inputs_digest(code_digest("instrument"), instrument)
    paths = tuple(folder / f"provisions.{fmt}" for fmt in FORMATS)
    if all(manifest.current(path, inputs) for path in paths):
        return paths, False
    records = [record(instrument, p) for p in instrument.provisions]
    for path, render in zip(paths, FORMATS.values(), strict=True):
        data = render(records).encode("utf-8")
        write_atomically(path, data)
        manifest.note(path, inputs, data)
    manifest.save()
    return paths, True
