"""Filling a workbook in LibreOffice itself: a Basic macro types the cells, LibreOffice saves.

A test gives the cells to type (sheet, cell, text); a macro installed in a private profile's
"My Macros" (trusted, so no security prompt) opens the workbook hidden, sets each cell's text as
typing would (LibreOffice then fits the rows that are not of a fixed height), and saves it as
.xlsx with LibreOffice's own filter: the file a focal point working in LibreOffice would send.
The macro takes the path of its instructions from ``COSP_FILL_SPEC`` (LibreOffice does not pass
arguments to a macro started from the command line reliably) and writes its progress to
``<spec>.log``, so that a failure names its step.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from conftest import SOFFICE

MACRO = """\
Sub Note(message As String)
    Dim n As Integer
    n = FreeFile
    Open Environ("COSP_FILL_SPEC") & ".log" For Append As #n
    Print #n, message
    Close #n
End Sub

Sub Fill
    On Error GoTo Failed
    Dim spec As String
    spec = Environ("COSP_FILL_SPEC")
    Dim files As Object, reader As Object
    files = createUnoService("com.sun.star.ucb.SimpleFileAccess")
    reader = createUnoService("com.sun.star.io.TextInputStream")
    reader.setInputStream(files.openFileRead(ConvertToURL(spec)))
    reader.setEncoding("UTF-8")
    Dim source As String, target As String
    source = reader.readLine()
    target = reader.readLine()
    Dim hidden(0) As New com.sun.star.beans.PropertyValue
    hidden(0).Name = "Hidden"
    hidden(0).Value = True
    Dim doc As Object
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, hidden())
    Note("loaded")
    Dim parts As Variant, cell As Object
    Do While Not reader.isEOF()
        parts = Split(reader.readLine(), Chr(9))
        If UBound(parts) = 2 Then
            cell = doc.Sheets.getByName(parts(0)).getCellRangeByName(parts(1))
            cell.setString(Join(Split(parts(2), "\\n"), Chr(10)))
        End If
    Loop
    reader.closeInput()
    Note("typed")
    Dim options(1) As New com.sun.star.beans.PropertyValue
    options(0).Name = "FilterName"
    options(0).Value = "Calc MS Excel 2007 XML"
    options(1).Name = "Overwrite"
    options(1).Value = True
    doc.storeToURL(ConvertToURL(target), options())
    doc.close(True)
    Note("saved")
    Exit Sub
Failed:
    Note("error " & Err & " at line " & Erl & ": " & Error$)
End Sub
"""
"""The macro (LibreOffice Basic: ``Access`` and ``Load`` are keywords there, not names)."""


def prepare_profile(profile: Path) -> None:
    """A private LibreOffice profile with the macro in its Standard library."""
    assert SOFFICE is not None, "LibreOffice is not installed"
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.parent.is_dir():
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--terminate_after_init"],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
        '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
        'script:name="Module1" script:language="StarBasic">' + escape(MACRO) + "</script:module>\n",
        encoding="utf-8",
    )


def fill_in_libreoffice(
    source: Path, target: Path, cells: Iterable[tuple[str, str, str]], profile: Path
) -> Path:
    """Type ``cells`` (sheet, cell reference, text) into ``source`` in LibreOffice and save the
    workbook as ``target``; the macro's log says how far it went when it fails."""
    assert SOFFICE is not None, "LibreOffice is not installed"
    prepare_profile(profile)
    spec = target.with_suffix(".fill.tsv")
    lines = [str(source.resolve()), str(target.resolve())]
    for sheet, reference, text in cells:
        assert "\t" not in text and "\\n" not in text, text
        lines.append(f"{sheet}\t{reference}\t{text.replace(chr(10), chr(92) + 'n')}")
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = Path(f"{spec}.log")
    log.unlink(missing_ok=True)
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "macro:///Standard.Module1.Fill"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "COSP_FILL_SPEC": str(spec.resolve())},
    )  # fmt: skip
    steps = log.read_text(encoding="utf-8").split() if log.is_file() else []
    assert done.returncode == 0 and "saved" in steps, (done.stderr, steps)
    return target
