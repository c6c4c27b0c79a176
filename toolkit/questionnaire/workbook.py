"""One questionnaire workbook, assembled from its sheets and saved as reproducible bytes.

Sheets, in order: ``Cover``, one ``Chapter <roman>`` per chapter in scope, ``Progress``, the
hidden ``Lists`` (dropdown values) and the very hidden ``Metadata`` (docs/CONTRACTS.md).
The same questionnaire and recipient always give the same bytes: the document's dates come
from the cycle and the zip entries carry a fixed time.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime, time
from pathlib import Path

from openpyxl.packaging.core import DocumentProperties
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from toolkit import __version__
from toolkit.files import write_atomically
from toolkit.i18n import language
from toolkit.i18n.names import StateNames, load_names
from toolkit.questionnaire.cells import look
from toolkit.questionnaire.chapters import write_chapter
from toolkit.questionnaire.cover import Recipient, cycle_title, write_cover
from toolkit.questionnaire.layout import (
    COVER_SHEET,
    LISTS_SHEET,
    MASTER_SUFFIX,
    METADATA_SHEET,
    PROGRESS_SHEET,
    TEMPLATE_VERSION,
    chapter_sheet,
)
from toolkit.questionnaire.metadata import metadata_pairs, write_metadata
from toolkit.questionnaire.progress import write_progress
from toolkit.questionnaire.questions import Questionnaire
from toolkit.vocabulary import LIST_CONTEXTS

CREATOR = "United Nations Office on Drugs and Crime (UNODC), secretariat of the Conference"
MASTER = "master"
"""``generated_for`` of the blank master."""


def build_workbook(
    questionnaire: Questionnaire,
    recipient: Recipient | None = None,
    names: StateNames | None = None,
) -> Workbook:
    """The workbook for one State, or the blank master when ``recipient`` is None, in the
    language of the questionnaire's wording."""
    with language(questionnaire.template.language):
        return _build(questionnaire, recipient, names or load_names())


def _build(
    questionnaire: Questionnaire, recipient: Recipient | None, names: StateNames
) -> Workbook:
    template = questionnaire.template
    style = look(template.language)
    book = Workbook()
    cover = book.active
    cover.title = COVER_SHEET
    ranges, cells = _lists(book, questionnaire)

    counts = []
    for number, title in questionnaire.chapters:
        questions = questionnaire.chapter_questions(number)
        write_chapter(
            book.create_sheet(chapter_sheet(number)),
            number,
            title,
            questions,
            template,
            ranges,
            style,
        )
        counts.append((number, title, len(questions)))
    write_progress(book.create_sheet(PROGRESS_SHEET), tuple(counts), template, cells, style)
    write_cover(book, cover, questionnaire, recipient, ranges["consent"], style, names)

    # Lists and Metadata go last, after the sheets a State sees.
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames) - 1)
    write_metadata(book.create_sheet(METADATA_SHEET), _metadata(questionnaire, recipient))
    book.active = 0
    # Sheets cannot be added, renamed, moved or deleted by accident (no password: not a secret).
    book.security = WorkbookProtection(lockStructure=True)
    book.properties = _properties(questionnaire, recipient, names)
    return book


def _lists(book: Workbook, questionnaire: Questionnaire) -> tuple[dict[str, str], dict[str, str]]:
    """The hidden sheet of dropdown values, one column per list (``answer.<kind>``, ``need``,
    ``consent``); returns each list's range and each label's cell (by ``<context>.<key>``)."""
    sheet: Worksheet = book.create_sheet(LISTS_SHEET)
    template = questionnaire.template
    ranges: dict[str, str] = {}
    cells: dict[str, str] = {}
    shown = [name for name in LIST_CONTEXTS if name.startswith("answer.")] + ["need", "consent"]
    for column, context in enumerate(shown, start=1):
        letter = get_column_letter(column)
        sheet.cell(row=1, column=column, value=context)
        terms = LIST_CONTEXTS[context]
        for row, term in enumerate(terms, start=2):
            sheet.cell(row=row, column=column, value=template.label(context, term.key))
            cells[f"{context}.{term.key}"] = f"{quote_sheetname(LISTS_SHEET)}!${letter}${row}"
        ranges[context] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(terms) + 1}"
        sheet.column_dimensions[letter].width = 40
    sheet.protection.sheet = True
    sheet.sheet_state = "hidden"
    return ranges, cells


def _metadata(
    questionnaire: Questionnaire, recipient: Recipient | None
) -> tuple[tuple[str, str], ...]:
    return metadata_pairs(
        template_version=TEMPLATE_VERSION,
        toolkit_version=__version__,
        cycle=questionnaire.cycle_id,
        state=recipient.iso3 if recipient else "",
        question_set_hash=questionnaire.question_set_hash,
        question_count=len(questionnaire.questions),
        generated_for=recipient.short_name if recipient else MASTER,
        language=questionnaire.template.language,
    )


def document_date(questionnaire: Questionnaire) -> datetime:
    """The date written as the document's created/modified time: fixed by the cycle.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) wins when set; otherwise the
    cycle's deadline, so that regenerating a cycle's workbooks never changes their bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        # Naive UTC, as openpyxl writes it.
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime.combine(questionnaire.deadline, time(0, 0))


def _properties(
    questionnaire: Questionnaire, recipient: Recipient | None, names: StateNames
) -> DocumentProperties:
    when = document_date(questionnaire)
    language = questionnaire.template.language
    who = names.short(recipient, language) if recipient else questionnaire.template.master_state
    return DocumentProperties(
        title=f"{questionnaire.template.cover_title} — {who}",
        subject=cycle_title(questionnaire.cycle_title),
        creator=CREATOR,
        lastModifiedBy=CREATOR,
        keywords=f"Article 57; self-assessment; {questionnaire.cycle_id}"
        + (f"; {recipient.iso3}" if recipient else ""),
        description=f"Reference {questionnaire.reference}. Reply by "
        f"{questionnaire.deadline.isoformat()} to {questionnaire.contact_email}.",
        category="Self-assessment questionnaire",
        identifier=f"{questionnaire.cycle_id}/{recipient.iso3 if recipient else MASTER_SUFFIX}",
        language=questionnaire.template.language,
        version=TEMPLATE_VERSION,
        created=when,
        modified=when,
    )


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose every entry carries the same time and mode, whatever the clock says."""

    def __init__(
        self, file: io.BytesIO, when: datetime, endings: dict[str, bytes] | None = None
    ) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        # A zip entry's time lies between 1980 and 2107 (the MS-DOS date format).
        when = min(max(when, datetime(1980, 1, 1)), datetime(2107, 12, 31, 23, 59, 58))
        self._when = when.timetuple()[:6]
        self._endings = endings or {}

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._when)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        name = (
            zinfo_or_arcname.filename
            if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            else zinfo_or_arcname
        )
        if name in self._endings:
            data = _append_to_worksheet(data, self._endings[name])
        super().writestr(self._info(name), data)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        with open(filename, "rb") as stream:
            data = stream.read()
        self.writestr(arcname or os.path.basename(filename), data)


_AFTER_IGNORED_ERRORS = (b"<drawing", b"<legacyDrawing", b"<picture", b"<tableParts", b"<extLst")
"""Worksheet elements that must follow ``ignoredErrors``: with one of them, nothing is added."""


def _append_to_worksheet(data: bytes | str, element: bytes) -> bytes:
    xml = data.encode("utf-8") if isinstance(data, str) else data
    end = xml.rfind(b"</worksheet>")
    if end < 0 or any(tag in xml for tag in _AFTER_IGNORED_ERRORS):
        return xml
    return xml[:end] + element + xml[end:]


def _ignored_errors(book: Workbook) -> dict[str, bytes]:
    """Tell Excel that numbers written as text are text on purpose (IDs such as ``7.1``).

    Otherwise Excel marks every ID with a green triangle offering "Convert to Number".
    openpyxl models ``ignoredErrors`` but does not write it, so it is added to each sheet's XML.
    """
    return {
        f"xl/worksheets/sheet{index}.xml": (
            f'<ignoredErrors><ignoredError sqref="{ws.dimensions}" numberStoredAsText="1"/>'
            "</ignoredErrors>"
        ).encode()
        for index, ws in enumerate(book.worksheets, start=1)
    }


def workbook_bytes(book: Workbook, when: datetime) -> bytes:
    """The xlsx bytes of a workbook, reproducible: fixed document dates and zip entry times."""
    book.properties.created = when
    book.properties.modified = when
    buffer = io.BytesIO()
    ExcelWriter(book, _FixedTimeZip(buffer, when, _ignored_errors(book))).save()
    return buffer.getvalue()


def write_workbook(
    questionnaire: Questionnaire,
    path: Path,
    recipient: Recipient | None = None,
    names: StateNames | None = None,
) -> Path:
    """Build the workbook for a State (or the master) and write it to ``path`` atomically."""
    book = build_workbook(questionnaire, recipient, names)
    write_atomically(path, workbook_bytes(book, document_date(questionnaire)))
    return path
