"""Preparing a batch of letters: render each, typeset all at once, write, list, record.

A batch is one kind of letter for one cycle on one date, written in its own folder
(``<out>/<cycle>/<kind>-<date>/``): ``<cycle>_<kind>_<ISO3>.pdf`` and ``.docx`` for each
State, and ``manifest.csv`` listing them (State, kind, language, files, their SHA-256, the
mission's e-mail when the registry has one).  A letter that lacks a field is not written (an
error naming the State and the field) and the others are; a failure of the typesetting engine
writes none.  Every letter written is recorded in the store (:func:`.record.record_letters`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from toolkit.correspondence.document import LetterDocument, MarkupError
from toolkit.correspondence.docx import docx_bytes
from toolkit.correspondence.letters import Letter, Selection, context, select
from toolkit.correspondence.record import Kind, PreparedLetter, read_history, record_letters
from toolkit.correspondence.render import (
    SUFFIX,
    FieldMissing,
    available_languages,
    environment,
    render,
)
from toolkit.correspondence.typeset import typeset
from toolkit.cycle import Cycle
from toolkit.errors import ConfigError, Finding, Location
from toolkit.files import check_output_folder, write_atomically
from toolkit.lock import issued_lock
from toolkit.registry import Registry
from toolkit.untrusted import neutralise
from toolkit.workspace import Workspace

MANIFEST = "manifest.csv"
MANIFEST_FIELDS = (
    "state",
    "name",
    "kind",
    "language",
    "dated",
    "reference",
    "pdf",
    "docx",
    "pdf_sha256",
    "docx_sha256",
    "email",
)


@dataclass(frozen=True)
class WrittenLetter:
    """A letter written to its files."""

    letter: Letter
    pdf: Path
    docx: Path
    pdf_sha256: str
    docx_sha256: str


@dataclass(frozen=True)
class Batch:
    """What preparing a batch did."""

    folder: Path
    written: tuple[WrittenLetter, ...]
    manifest: Path | None
    """The batch's manifest (None when no letter was written)."""
    findings: tuple[Finding, ...]
    """Errors (letters not written, each naming the State and the field) and warnings
    (optional blocks left out)."""


def batch_folder(out: Path, cycle: str, kind: str, dated: date) -> Path:
    """The folder of a batch: ``<out>/<cycle>/<kind>-<YYYY-MM-DD>``."""
    return out / cycle / f"{kind}-{dated.isoformat()}"


def prepare(selection: Selection, folders: Sequence[Path], folder: Path, db: Path | None) -> Batch:
    """Write the selected letters into ``folder`` and record them in the store at ``db``."""
    findings: list[Finding] = []
    ready: list[tuple[Letter, LetterDocument]] = []
    envs = {}
    for letter in selection.letters:
        if letter.language not in envs:
            envs[letter.language] = environment(folders, letter.language)
        try:
            document = render(envs[letter.language], letter.kind, context(letter))
        except FieldMissing as missing:
            findings.append(_missing(letter, missing.field, selection.registry))
            continue
        except (TemplateError, MarkupError) as error:
            raise _template_problem(letter, folders, error) from None
        ready.append((letter, document))
    findings += _left_out(selection.letters, selection.registry)
    if not ready:
        return Batch(folder, (), None, tuple(findings))
    dated = ready[0][0].dated
    with ThreadPoolExecutor(1) as engine:  # the engine runs while the docx are written
        typesetting = engine.submit(
            typeset, [(f"{x.stem}.pdf", doc, _info(x)) for x, doc in ready], dated
        )
        words = {x.stem: docx_bytes(doc, _info(x)["Title"], x.dated) for x, doc in ready}
        pdfs = typesetting.result()
    written = []
    for letter, _ in ready:
        pdf, word = pdfs[f"{letter.stem}.pdf"], words[letter.stem]
        paths = folder / f"{letter.stem}.pdf", folder / f"{letter.stem}.docx"
        write_atomically(paths[0], pdf)
        write_atomically(paths[1], word)
        written.append(WrittenLetter(letter, *paths, _sha256(pdf), _sha256(word)))
    manifest = write_manifest(folder, written)
    if db is not None:
        record_letters(db, (_prepared(w) for w in written))
    return Batch(folder, tuple(written), manifest, tuple(findings))


@dataclass(frozen=True)
class Prepared:
    """What preparing one kind of letter for a cycle did (``cosp letters``, the main job)."""

    batch: Batch | None
    """The batch written (None when no State was due a letter of this kind)."""
    findings: tuple[Finding, ...]
    """Every warning and error, in the order met: the store's, the choice of States, the
    letters'."""

    @property
    def errors(self) -> int:
        """The number of errors (States named that cannot get one, letters not written)."""
        return sum(f.severity == "error" for f in self.findings)


def prepare_letters(
    workspace: Workspace,
    cycle: Cycle,
    registry: Registry,
    kind: Kind,
    dated: date,
    *,
    out: Path | None = None,
    db: Path | None = None,
    named: Sequence[str] = (),
) -> Prepared:
    """Prepare the letters of one kind for the cycle's recipients (or the States ``named``),
    dated ``dated``, into ``<out>/<cycle>/<kind>-<date>/`` (default: the workspace's letters
    folder) and record them in the store at ``db`` (default: the workspace's).

    The questionnaires must have been issued (the cycle's lock): a ConfigError otherwise.
    """
    lock = issued_lock(workspace.lock_file(cycle.id), cycle.id, "letters")
    issue = lock.current
    findings: list[Finding] = []
    if issue.particulars.deadline != cycle.deadline:
        findings.append(
            Finding(
                "letters.deadline-changed",
                "warning",
                f"the letters give the cycle's deadline, {cycle.deadline.isoformat()}; the "
                f"questionnaires issued give {issue.particulars.deadline.isoformat()}.",
                Location(str(cycle.path), key="deadline"),
                "Say so in a covering message if the deadline was extended.",
            )
        )
    db = db or workspace.store_db
    codes = list(named) or [s.iso3 for s in cycle.recipients_in(registry)]
    history = read_history(db, cycle.id, codes)
    folders = workspace.template_folders()
    languages = available_languages(folders)
    selection = select(kind, cycle, registry, issue, history, dated, named, languages)
    findings += [*history.problems, *selection.findings]
    if not selection.letters:
        return Prepared(None, tuple(findings))
    folder = batch_folder(out or workspace.letters, cycle.id, kind, dated)
    check_output_folder(folder, "--out")
    batch = prepare(selection, folders, folder, db)
    return Prepared(batch, (*findings, *batch.findings))


def _info(letter: Letter) -> dict[str, str]:
    """The PDF's document information (fixed: no dates, no names of people)."""
    return {
        "Title": f"Note verbale {letter.cycle.reference}",
        "Subject": f"{letter.kind.capitalize()}: {letter.state.short_name}",
        "Creator": "CoSP toolkit",
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _prepared(written: WrittenLetter) -> PreparedLetter:
    letter = written.letter
    return PreparedLetter(
        state=letter.state.iso3,
        cycle=letter.cycle.id,
        kind=letter.kind,
        dated=letter.dated,
        reference=letter.cycle.reference,
        language=letter.language,
        submission_id=letter.submission.id if letter.submission is not None else None,
        pdf_file=written.pdf.name,
        pdf_sha256=written.pdf_sha256,
        docx_file=written.docx.name,
        docx_sha256=written.docx_sha256,
    )


def write_manifest(folder: Path, written: Sequence[WrittenLetter]) -> Path:
    """Write (or update) the batch's manifest: one row per State, by State code.

    Rows of States written by an earlier run into the same folder (``--state``) are kept
    while their files are there; formula-like text is neutralised for spreadsheets.
    """
    path = folder / MANIFEST
    rows = {row["state"]: row for row in _earlier_rows(path) if (folder / row["pdf"]).is_file()}
    for item in written:
        letter = item.letter
        rows[letter.state.iso3] = {
            "state": letter.state.iso3,
            "name": letter.state.short_name,
            "kind": letter.kind,
            "language": letter.language,
            "dated": letter.dated.isoformat(),
            "reference": letter.cycle.reference,
            "pdf": item.pdf.name,
            "docx": item.docx.name,
            "pdf_sha256": item.pdf_sha256,
            "docx_sha256": item.docx_sha256,
            "email": letter.state.email or "",
        }
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(MANIFEST_FIELDS)
    for code in sorted(rows):
        writer.writerow([neutralise(rows[code].get(name, "")) for name in MANIFEST_FIELDS])
    write_atomically(path, stream.getvalue().encode("utf-8"))
    return path


def _earlier_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [r for r in rows if r.get("state") and r.get("pdf") and "/" not in r["pdf"]]


def _missing(letter: Letter, field: str, registry: Path) -> Finding:
    """The error of a letter stopped for want of a field, naming the State and the field."""
    group = field.split(".")[0]
    where = {
        "state": Location(str(registry), key=field.partition(".")[2]),
        "cycle": Location(str(letter.cycle.path), key=field.partition(".")[2]),
    }.get(group, Location(letter.stem, key=field))
    hint = {
        "state": "Fill it in in the registry (data/states.yaml), then prepare this letter again "
        f"(--state {letter.state.iso3}).",
        "cycle": "Fill it in in the cycle file, then prepare this letter again.",
        "invitation": "No invitation was recorded for this State: prepare its invitation "
        f"first (cosp letters --kind invitation --state {letter.state.iso3}).",
    }.get(group, "Check the data the letter is written from.")
    return Finding(
        "letters.missing-field",
        "error",
        f"the {letter.kind} to {letter.state.iso3} ({letter.state.short_name}) was not "
        f"prepared: it needs {field}, which has no value.",
        where,
        hint,
    )


def _left_out(letters: Sequence[Letter], registry: Path) -> list[Finding]:
    """One warning for the letters whose address block is left out (no confirmed address)."""
    codes = [x.state.iso3 for x in letters if not x.address]
    if not codes:
        return []
    shown = ", ".join(codes[:20]) + (f" and {len(codes) - 20} more" if len(codes) > 20 else "")
    return [
        Finding(
            "letters.no-address",
            "warning",
            f"the address block is left out of {len(codes)} letter(s): the registry has no "
            f"confirmed street address for {shown}.",
            Location(str(registry), key="address_lines"),
            "Record each mission's confirmed address in the registry's address_lines.",
        )
    ]


def _template_problem(
    letter: Letter, folders: Sequence[Path], error: TemplateError | MarkupError
) -> ConfigError:
    """A template's mistake stops the batch: name the template (and line) and the letter."""
    name = getattr(error, "name", None) or f"{letter.kind}{SUFFIX}"
    line = error.lineno if isinstance(error, TemplateSyntaxError) else None
    filename = getattr(error, "filename", None) or str(folders[0] / "letters" / name)
    if isinstance(error, TemplateNotFound):
        message = f"the letter template {error.name} is not found."
    else:
        message = f"the letter template cannot be used for the {letter.kind}: {error}"
    return ConfigError.at(
        "letters.template",
        Location(filename, line=line),
        message,
        "Correct the template (the workspace's templates/letters/, else the bundled one); no "
        "letter of the batch was written.",
    )
