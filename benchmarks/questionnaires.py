"""Benchmark: the default cycle's workbooks, written by the toolkit and by XlsxWriter.

Run ``python benchmarks/questionnaires.py [--limit N] [--out DIR]``. The toolkit writes the
blank master and every recipient's workbook as ``cosp questionnaire`` does (build, reproducible
bytes, atomic write). The reference then writes the same cells (values, formats, dropdowns,
protection, widths, heights) of every workbook with XlsxWriter, the fastest xlsx writer for
Python. The cells are read from the toolkit's in-memory workbooks before the clock starts, so
only writing is timed. Prints both times and their ratio; the target is within 2x.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from figures import figure
from openpyxl.workbook.workbook import Workbook

from toolkit import instrument
from toolkit.cycle import load_cycle
from toolkit.questionnaire.generate import generate
from toolkit.questionnaire.questions import prepare
from toolkit.questionnaire.workbook import build_workbook
from toolkit.registry import load_registry


@dataclass
class SheetCells:
    """What the reference writes of one sheet."""

    name: str
    state: str
    cells: list[tuple[int, int, Any, tuple[Any, ...]]] = field(default_factory=list)
    widths: list[tuple[int, float]] = field(default_factory=list)
    heights: list[tuple[int, float]] = field(default_factory=list)
    validations: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    freeze: tuple[int, int] | None = None


def snapshot(book: Workbook) -> list[SheetCells]:
    """The cells, formats and dropdowns of a workbook, as plain data."""
    sheets = []
    for ws in book.worksheets:
        sheet = SheetCells(ws.title, ws.sheet_state)
        for row in ws.iter_rows():
            for cell in row:
                fmt = (
                    cell.font.b,
                    cell.font.i,
                    cell.fill.fgColor.rgb if cell.fill.fill_type else None,
                    cell.alignment.wrap_text,
                    cell.protection.locked,
                    cell.border.left.style,
                    cell.number_format,
                )
                sheet.cells.append((cell.row - 1, cell.column - 1, cell.value, fmt))
        for dim in ws.column_dimensions.values():
            if dim.width:
                sheet.widths.append((dim.min - 1 if dim.min else 0, dim.width))
        for index, dim in ws.row_dimensions.items():
            if dim.height:
                sheet.heights.append((index - 1, dim.height))
        for dv in ws.data_validations.dataValidation:
            options = {
                "validate": "list",
                "source": dv.formula1.strip('"').split(",")
                if dv.formula1.startswith('"')
                else "=" + dv.formula1,
                "input_title": dv.promptTitle,
                "input_message": dv.prompt,
                "error_title": dv.errorTitle,
                "error_message": dv.error,
            }
            for ref in str(dv.sqref).split():
                sheet.validations.append((ref, options))
        if ws.freeze_panes:
            top = ws[ws.freeze_panes]
            sheet.freeze = (top.row - 1, top.column - 1)
        sheets.append(sheet)
    return sheets


def write_reference(path: Path, sheets: list[SheetCells]) -> None:
    """Write the snapshot with XlsxWriter."""
    book = xlsxwriter.Workbook(str(path))
    formats: dict[tuple[Any, ...], Any] = {}
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name)
        for column, width in sheet.widths:
            ws.set_column(column, column, width)
        for row, height in sheet.heights:
            ws.set_row(row, height)
        for row, column, value, key in sheet.cells:
            fmt = formats.get(key)
            if fmt is None:
                bold, italic, fill, wrap, locked, border, number = key
                props: dict[str, Any] = {"bold": bool(bold), "italic": bool(italic)}
                props.update(text_wrap=bool(wrap), locked=bool(locked), valign="top")
                if fill:
                    props["bg_color"] = "#" + str(fill)[-6:]
                if border:
                    props["border"] = 1
                if number != "General":
                    props["num_format"] = number
                fmt = formats[key] = book.add_format(props)
            if value is None:
                ws.write_blank(row, column, None, fmt)
            else:
                ws.write(row, column, value, fmt)
        for ref, options in sheet.validations:
            ws.data_validation(ref, options)
        if sheet.freeze:
            ws.freeze_panes(*sheet.freeze)
        ws.protect("", {"format_columns": True, "format_rows": True})
        if sheet.state == "hidden":
            ws.hide()
        elif sheet.state == "veryHidden":
            ws.very_hidden()
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    book.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N recipients")
    parser.add_argument(
        "--out", type=Path, help="keep the files here (default: a temporary folder)"
    )
    args = parser.parse_args()

    cycle = load_cycle()
    questionnaire = prepare(instrument.load(cycle.source), cycle)
    recipients = cycle.recipients_in(load_registry())[: args.limit]
    out = args.out or Path(tempfile.mkdtemp(prefix="cosp-bench-"))
    try:
        start = time.perf_counter()
        paths = generate(questionnaire, recipients, out / "toolkit", progress=False)
        toolkit_time = time.perf_counter() - start

        snapshots = [snapshot(build_workbook(questionnaire, None))] + [
            snapshot(build_workbook(questionnaire, r)) for r in recipients
        ]
        reference = out / "xlsxwriter"
        reference.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        for index, sheets in enumerate(snapshots):
            write_reference(reference / f"{index:03}.xlsx", sheets)
        reference_time = time.perf_counter() - start
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)

    count = len(paths)
    print(
        f"cycle {questionnaire.cycle_id}: {count} workbooks "
        f"({len(questionnaire.questions)} questions each)"
    )
    for label, seconds in (("toolkit (openpyxl)", toolkit_time), ("XlsxWriter", reference_time)):
        print(f"{label + ':':20}{seconds:7.2f} s  ({seconds / count * 1000:6.1f} ms each)")
    ratio = toolkit_time / reference_time
    print(f"ratio:              {ratio:7.2f}x  (target: within 2x)")
    figure(
        "questionnaires", f"write {count} workbooks", toolkit_time, reference=reference_time,
        target="ratio <= 2 (XlsxWriter)", met=ratio <= 2,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
