"""Checks on the file itself before any spreadsheet parser touches it.

A received file must be a plain xlsx zip within :class:`~toolkit.intake.config.Limits`.  Old
Excel (.xls) and OpenDocument (.ods) files are recognised and the State is told to save as
.xlsx; password-protected workbooks (an OLE2 container holding an ``EncryptedPackage``),
macros, external links and zip bombs are refused with a message saying what to do, in the
active language (the caller's guess of the State's: the file could not be read).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from toolkit.errors import Finding
from toolkit.i18n import INTAKE
from toolkit.intake.config import Limits
from toolkit.intake.findings import finding, quoted, shown, size_text

_ = INTAKE.gettext

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument"
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
OTHER_FORMATS = {b"%PDF": "pdf", b"{\\rtf": "rtf", b"<html": "html", b"<!DOC": "html"}


def _save_as_xlsx() -> str:
    return _(
        "Open it in Excel or LibreOffice, choose File > Save As, select the type {type} and "
        "send the new file."
    ).format(type=_excel_type())


def _excel_type() -> str:
    # TRANSLATORS: the file type as the Save As dialog of Excel in the language names it.
    return quoted(_("Excel Workbook (.xlsx)"))


def _send_workbook() -> str:
    return _("Send the questionnaire workbook you received, filled in, as an .xlsx file.")


def _send_without_pasted() -> str:
    return _(
        "Send the questionnaire workbook itself, without pictures or other files pasted into it."
    )


def _not_a_workbook(kind: str | None) -> str:
    if kind == "pdf":
        return _("This file is not an Excel workbook (.xlsx): it is a PDF document.")
    if kind == "rtf":
        return _("This file is not an Excel workbook (.xlsx): it is a Word (RTF) document.")
    if kind == "html":
        return _("This file is not an Excel workbook (.xlsx): it is a web page.")
    return _("This file is not an Excel workbook (.xlsx): its content is not a spreadsheet.")


def check_container(path: Path, name: str, limits: Limits) -> tuple[Finding, ...]:
    """The reasons this file cannot be read as a questionnaire (empty when it may be parsed)."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return (
            finding(
                "file-too-large",
                "error",
                name,
                _(
                    "The file is {size}; at most {limit} is accepted and a filled "
                    "questionnaire is usually well under 1 MB."
                ).format(size=size_text(size), limit=size_text(limits.max_file_bytes)),
                _send_without_pasted(),
            ),
        )
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(OLE2_MAGIC):
        return (_ole2_finding(path, name),)
    if not head.startswith(ZIP_MAGIC):
        kind = next((k for magic, k in OTHER_FORMATS.items() if head.startswith(magic)), None)
        message = _not_a_workbook(kind) if head else _("This file is empty.")
        return (finding("not-a-workbook", "error", name, message, _send_workbook()),)
    try:
        with zipfile.ZipFile(path) as archive:
            return _zip_findings(archive, name, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return (
            finding(
                "truncated",
                "error",
                name,
                _("The file is damaged or incomplete (it may have been cut off when it was sent)."),
                _(
                    "Send the file again; if it does not open on your computer either, save it "
                    "again from Excel or LibreOffice as .xlsx."
                ),
            ),
        )


def _ole2_finding(path: Path, name: str) -> Finding:
    # An OLE2 file is small here (the size limit applies): scanning it whole is cheap.
    if ENCRYPTED_STREAM in path.read_bytes():
        return finding(
            "encrypted",
            "error",
            name,
            _("The workbook is protected with a password to open, so it cannot be read."),
            _(
                "Open it, remove the password (in Excel: File > Info > Protect Workbook > "
                "Encrypt with Password, then clear the password), save it as .xlsx and send it "
                "again."
            ),
        )
    return finding(
        "xls",
        "error",
        name,
        _("This is an old Excel 97-2003 workbook (.xls), which cannot be read reliably."),
        _save_as_xlsx(),
    )


def _zip_findings(archive: zipfile.ZipFile, name: str, limits: Limits) -> tuple[Finding, ...]:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(infos) > limits.max_members:
        return (
            finding(
                "too-many-parts",
                "error",
                name,
                _(
                    "The file holds {count} parts; a questionnaire has a few dozen (at most "
                    "{limit} are accepted)."
                ).format(count=len(infos), limit=limits.max_members),
                _send_workbook(),
            ),
        )
    small_mimetype = "mimetype" in names and archive.getinfo("mimetype").file_size < 200
    if small_mimetype and archive.read("mimetype").startswith(ODS_MIMETYPE):
        message = _("This is an OpenDocument spreadsheet (.ods), not an Excel workbook (.xlsx).")
        return (finding("ods", "error", name, message, _save_as_xlsx()),)
    if any(info.flag_bits & 0x1 for info in infos):
        return (
            finding(
                "encrypted",
                "error",
                name,
                _("Parts of the file are encrypted, so it cannot be read."),
                _("Remove the password, save the workbook as .xlsx and send it again."),
            ),
        )
    findings = [*_size_findings(infos, name, limits)]
    if findings:
        return tuple(findings)
    if len(set(names)) != len(names):
        findings.append(
            finding(
                "not-a-workbook",
                "error",
                name,
                _("The file holds two parts with the same name, which Excel never writes."),
                _send_workbook(),
            )
        )
    missing = [part for part in REQUIRED_PARTS if part not in names]
    if missing:
        findings.append(
            finding(
                "not-a-workbook",
                "error",
                name,
                _(
                    "This file is not an Excel workbook: it lacks the part {part} that every "
                    ".xlsx file has."
                ).format(part=missing[0]),
                _send_workbook(),
            )
        )
    lowered = [n.lower() for n in names]
    content_types = b""
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as stream:
            content_types = stream.read(1 << 20)  # a few KB in any real workbook
    if any(n.endswith("vbaproject.bin") for n in lowered) or b"macroEnabled" in content_types:
        findings.append(
            finding(
                "macros",
                "error",
                name,
                _(
                    "The workbook contains macros (an .xlsm file); files with macros are not "
                    "opened."
                ),
                _(
                    "Choose File > Save As, select {type} (without macros) and send the new file."
                ).format(type=_excel_type()),
            )
        )
    if any(n.startswith("xl/externallinks/") for n in lowered):
        findings.append(
            finding(
                "external-links",
                "error",
                name,
                _("The workbook contains links to other files (external links)."),
                _(
                    "In Excel choose Data > Edit Links > Break Link (in LibreOffice: Edit > "
                    "Links > Break Link), save the workbook and send it again."
                ),
            )
        )
    return tuple(findings)


def _size_findings(infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> list[Finding]:
    total = sum(info.file_size for info in infos)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        bomb = info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio
        if bomb or info.file_size > limits.max_member_bytes:
            message = _(
                "The file would expand to {size} when opened (part {part}); this is not a "
                "questionnaire and it is not opened."
            ).format(size=size_text(info.file_size), part=shown(info.filename))
            return [finding("zip-bomb", "error", name, message, _send_without_pasted())]
    if total > limits.max_total_bytes:
        message = _(
            "The file would expand to {size} when opened, far more than a questionnaire; it is "
            "not opened."
        ).format(size=size_text(total))
        return [finding("zip-bomb", "error", name, message, _send_without_pasted())]
    return []
