"""Writing a cycle's workbooks: the blank master and one per recipient, under stable names."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from toolkit.questionnaire.cover import Recipient
from toolkit.questionnaire.layout import MASTER_SUFFIX
from toolkit.questionnaire.questions import Questionnaire
from toolkit.questionnaire.workbook import write_workbook
from toolkit.stamps import Manifest, code_digest, inputs_digest

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def cycle_folder(out: Path, cycle_id: str) -> Path:
    """The folder of a cycle's workbooks: ``<out>/<cycle>``."""
    return out / _UNSAFE.sub("-", cycle_id)


def workbook_name(cycle_id: str, recipient: Recipient | None) -> str:
    """The stable file name of a workbook: ``<cycle>_<ISO3>.xlsx`` or ``<cycle>_MASTER.xlsx``."""
    who = recipient.iso3.upper() if recipient else MASTER_SUFFIX
    return f"{_UNSAFE.sub('-', cycle_id)}_{who}.xlsx"


MANIFEST = ".manifest.json"
"""The record, in a cycle's folder, of what each workbook was written from."""


def generate(
    questionnaire: Questionnaire,
    recipients: Sequence[Recipient],
    out: Path,
    *,
    master: bool = True,
    progress: bool | None = None,
    written: Callable[[Path], None] | None = None,
    translations: Mapping[str, Questionnaire] | None = None,
    folder: Path | None = None,
    reuse: bool = False,
) -> tuple[Path, ...]:
    """Write the master (unless ``master`` is False) and each recipient's workbook; return paths.

    Each file is written whole or not at all, into ``folder`` (default: ``<out>/<cycle>``).
    ``progress`` shows a bar on stderr (default: when stderr is a terminal and there is more
    than one file); ``written`` is called after each file.  ``translations`` maps a language to
    the questionnaire worded in it: a recipient whose ``language`` is there gets that wording
    (the questions and their hash are the same).  With ``reuse``, a workbook whose inputs are
    those it was last written from, and whose bytes are unchanged, is left as it is (the
    folder's :data:`MANIFEST` records them).
    """
    translations = translations or {}
    folder = folder or cycle_folder(out, questionnaire.cycle_id)
    jobs: list[Recipient | None] = ([None] if master else []) + list(recipients)
    if progress is None:
        progress = sys.stderr.isatty() and len(jobs) > 1
    manifest = Manifest(folder / MANIFEST)
    code = code_digest("questionnaire")
    paths: list[Path] = []
    bar = Progress(
        TextColumn("[bold]questionnaires[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not progress,
        transient=True,
        # Paths printed to a terminal go above the bar; printed to a pipe, they stay in it.
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(questionnaire.cycle_id, total=len(jobs))
        for recipient in jobs:
            path = folder / workbook_name(questionnaire.cycle_id, recipient)
            worded = translations.get(recipient.language if recipient else "", questionnaire)
            who = (recipient.iso3, recipient.short_name, recipient.language) if recipient else ()
            inputs = inputs_digest(code, worded, who)
            if not (reuse and manifest.current(path, inputs)):
                manifest.note(write_workbook(worded, path, recipient), inputs)
            paths.append(path)
            if written:
                written(path)
            bar.advance(task)
    manifest.save()
    return tuple(paths)
