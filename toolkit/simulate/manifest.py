"""The list of a simulated batch: which file arrived when, from whom, and what intake must do.

Written beside the files as ``replies.csv`` (the columns ``cosp ingest --replies`` reads:
``file`` and ``arrived``, and the others below) and ``replies.json`` (the same records with the
batch's cycle, seed and deadline), rows in the order the files arrived.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from toolkit.files import write_atomically
from toolkit.untrusted import neutralise

CSV_NAME = "replies.csv"
JSON_NAME = "replies.json"


@dataclass(frozen=True)
class Reply:
    """One simulated file, as the batch's list records it."""

    file: str
    """The file's name in the batch's folder: ``<arrived>_<ISO3>.xlsx``."""
    state: str
    """ISO 3166-1 alpha-3 code of the State that sent it."""
    arrived: str
    """The day the e-mail came, ``YYYY-MM-DD`` (to give ``cosp ingest --received``)."""
    kind: str
    """``first``, ``late`` (a first reply after the deadline), ``resubmission``, ``damaged``
    or ``corrected`` (:data:`toolkit.simulate.plan.KINDS`)."""
    late: bool
    """Whether it arrived after the deadline."""
    expected: str
    """What intake must do with it: ``accepted`` or ``rejected``."""
    findings: str
    """For a damaged file, the finding codes intake must reject it with (``;``-separated)."""
    damage: str
    """How the file was damaged (``id-edited``, ``row-deleted``), else empty."""
    profile: str
    """How much the State answered: ``complete``, ``partial``, ``blank``."""
    consent: str
    """The consent on the cover as written (empty when left blank)."""
    answered: int
    """Questions answered in the file."""
    questions: int
    """Questions of the workbook."""
    sha256: str
    """The file's SHA-256 (the fingerprint on its receipt)."""


COLUMNS = tuple(f.name for f in fields(Reply))


def write_manifest(
    folder: Path, replies: Sequence[Reply], about: dict[str, object]
) -> tuple[Path, Path]:
    """Write ``replies.csv`` and ``replies.json`` into ``folder``; return their paths."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for reply in replies:
        record = asdict(reply)
        writer.writerow(
            [
                "yes" if value is True else "no" if value is False else neutralise(str(value))
                for value in (record[name] for name in COLUMNS)
            ]
        )
    document = {**about, "replies": [asdict(r) for r in replies]}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    csv_path, json_path = folder / CSV_NAME, folder / JSON_NAME
    write_atomically(csv_path, buffer.getvalue().encode("utf-8"))
    write_atomically(json_path, text.encode("utf-8"))
    return csv_path, json_path


def earlier_files(folder: Path) -> tuple[str, ...]:
    """The files an earlier batch in ``folder`` wrote (its list and the files it names)."""
    listed = folder / JSON_NAME
    if not listed.is_file():
        return ()
    try:
        document = json.loads(listed.read_text(encoding="utf-8"))
        names = [str(r["file"]) for r in document["replies"]]
    except (ValueError, KeyError, TypeError):
        return ()
    return (CSV_NAME, JSON_NAME, *(n for n in names if Path(n).name == n))
