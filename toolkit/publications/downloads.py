"""The site's downloads: the statistics, the published answers and each figure's numbers.

Every table is written as CSV and (the statistics and answers) as xlsx.  A State's text is
data for a spreadsheet too: every cell goes through :func:`toolkit.intake.export.neutralise`
(a text a spreadsheet would run as a formula gets a leading apostrophe, control characters
become U+FFFD) and the xlsx cells are typed as text, never as formulas.  The xlsx files are
reproducible (fixed document dates and zip entry times).  The answers are taken from the
build's country records, so a public download holds exactly what the public pages show.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from toolkit.files import write_atomically
from toolkit.intake.export import neutralise
from toolkit.publications.labels import CATEGORIES, CATEGORY_WORDS, joined
from toolkit.publications.records import (
    DATA,
    FORMAT,
    CountryRecord,
    RegionRowRecord,
    RowRecord,
    StatisticsRecord,
    answers_path,
    read_json,
)

TALLY = (*CATEGORIES, "responding")
"""The count columns: the fields of :class:`toolkit.statistics.Tally` (``cosp statistics``)."""
FIXED_TIME = datetime(2024, 11, 27, tzinfo=UTC).replace(tzinfo=None)
"""The document date of every xlsx (the date of the Convention's source report)."""
Table = tuple[list[str], list[list[Any]]]


def counts_table(key: str, rows: Sequence[RowRecord]) -> Table:
    """Rows of counts: the key, the label, the questions, the six counts."""
    return (
        [key, "label", "questions", *TALLY],
        [[r["key"], r["label"], r["questions"], *_tally(r["tally"])] for r in rows],
    )


def region_table(rows: Sequence[RegionRowRecord], level: str) -> Table:
    """A group's counts per question, article or chapter (withheld: blank, "fewer than 3")."""
    return (
        ["group", level, *TALLY, "note"],
        [
            [r["group"] or "", r["key"], *_tally(r["tally"]), "" if r["tally"] else "fewer than 3"]
            for r in rows
        ],
    )


ANSWERS_COLUMNS = ["state", "name", "id", "answer", "answer_key", "counted_as"]
ANSWERS_COLUMNS += ["legislation", "examples", "challenges", "steps", "needs", "need_keys"]
ANSWERS_COLUMNS += ["assistance", "comments"]
"""The answers' columns: the answer in words, its key and what the statistics count it as;
the State's texts in the workbook's order; the needs by label (or in the State's own words)
and by key."""


ANSWERS_HEADER = ("\ufeff" + ",".join(ANSWERS_COLUMNS) + "\r\n").encode("utf-8")
"""The heading of the answers' CSV (with the byte-order mark of :func:`csv_bytes`)."""


def answers_table(countries: Sequence[CountryRecord]) -> Table:
    """One row per State and question, as the build publishes them."""
    rows = []
    for country in countries:
        for r in country["responses"]:
            needs = joined(n["label"] for n in r["needs"]) or r["own_need"] or ""
            category = r["category"]
            rows.append(
                [
                    country["iso3"],
                    country["short_name"],
                    r["id"],
                    r["answer_label"] or "",
                    r["answer"] or "",
                    CATEGORY_WORDS[category] if category else "",
                    r["legislation"] or "",
                    r["examples"] or "",
                    r["challenges"] or "",
                    r["steps"] or "",
                    needs,
                    ",".join(n["key"] for n in r["needs"]),
                    r["assistance"] or "",
                    r["comments"] or "",
                ]
            )
    return ANSWERS_COLUMNS, rows


def _tally(tally: Any) -> list[Any]:
    return [tally[name] for name in TALLY] if tally else [""] * len(TALLY)


def csv_bytes(table: Table) -> bytes:
    """A table as CSV (UTF-8 with a byte-order mark, which spreadsheets read as UTF-8)."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    header, rows = table
    writer.writerow(header)
    for row in rows:
        writer.writerow([v if isinstance(v, int) else neutralise(v) for v in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, Table]) -> bytes:
    """Tables as the sheets of a workbook, texts typed as text, the same bytes every time."""
    from openpyxl import Workbook  # when the downloads are written (in the figures' process)
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name[:31])
        for values in [header, *rows]:
            sheet.append([v if isinstance(v, int) else neutralise(v) for v in values])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "CoSP toolkit"
    buffer = io.BytesIO()
    ExcelWriter(book, _FixedTimeZip(buffer)).save()
    return buffer.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same time (openpyxl would write the clock's)."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # type: ignore[override]
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        super().writestr(info, data)

    def write(self, filename, arcname=None, *args, **kwargs):  # type: ignore[override]
        # openpyxl writes each worksheet to a file first, then adds that file.
        with open(filename, "rb") as stream:
            self.writestr(arcname or os.path.basename(filename), stream.read())


def statistics_tables(statistics: StatisticsRecord) -> dict[str, tuple[str, Table]]:
    """The statistics as tables: file name -> (what it holds, table)."""
    return {
        "by-question": ("Answers by question", counts_table("id", statistics["provisions"])),
        "by-article": ("Answers by article", counts_table("article", statistics["articles"])),
        "by-chapter": ("Answers by chapter", counts_table("chapter", statistics["chapters"])),
        "by-region": (
            "Answers by regional group and question",
            region_table(statistics["regions"]["provision"], "id"),
        ),
    }


def listing(statistics: StatisticsRecord, pdfs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The downloads page's record: every file but the States' own (on their reports)."""
    listed = [
        {"path": f"downloads/statistics-{name}.csv", "title": title, "format": "CSV"}
        for name, (title, _) in statistics_tables(statistics).items()
    ]
    listed.append(
        {"path": "downloads/statistics.xlsx", "title": "All the statistics", "format": "xlsx"}
    )
    listed.append(
        {
            "path": "downloads/answers.csv",
            "title": "The answers of every country report published here",
            "format": "CSV",
        }
    )
    listed += [
        {
            "path": f"downloads/figures/{figure['name']}.csv",
            "title": f"The numbers of the figure “{figure['title']}”",
            "format": "CSV",
        }
        for figure in statistics["figures"]
    ]
    listed += [{"path": path, "title": title, "format": "PDF"} for path, title in pdfs]
    return {"format": FORMAT, "files": listed}


def write_downloads(
    statistics: StatisticsRecord,
    countries: dict[str, CountryRecord | None],
    folder: Path,
    srcdir: Path,
) -> list[Path]:
    """Write the downloads under ``folder`` (the site).  A State's own answers are made from
    its record, when the build made one (``None``: its data file in ``srcdir`` is current and
    its files are made only if missing); every State's answers together are their files
    joined."""
    files: dict[str, bytes] = {}
    tables = statistics_tables(statistics)
    for name, (_, table) in tables.items():
        files[f"downloads/statistics-{name}.csv"] = csv_bytes(table)
    files["downloads/statistics.xlsx"] = xlsx_bytes({n: t for n, (_, t) in tables.items()})
    for figure in statistics["figures"]:
        files[f"downloads/figures/{figure['name']}.csv"] = csv_bytes(
            (figure["headers"], figure["rows"])
        )
    for iso3, record in countries.items():
        csv_file, xlsx_file = answers_path(iso3, ".csv"), answers_path(iso3, ".xlsx")
        missing = not ((folder / csv_file).is_file() and (folder / xlsx_file).is_file())
        if record is None and missing:
            record = read_json(srcdir / DATA / "states" / f"{iso3.lower()}.json")
        if record is not None:
            table = answers_table([record])
            files[csv_file] = csv_bytes(table)
            files[xlsx_file] = xlsx_bytes({"answers": table})
    written = _write(files, folder)
    rows = [ANSWERS_HEADER]
    for iso3 in countries:  # the States' files joined: their rows after one heading
        text = (folder / answers_path(iso3, ".csv")).read_bytes()
        rows.append(text.split(b"\r\n", 1)[1])
    written += _write({"downloads/answers.csv": b"".join(rows)}, folder)
    own = folder / "downloads" / "answers"
    for path in sorted(own.glob("*")) if own.is_dir() else []:
        if path.stem.upper() not in countries:
            path.unlink()  # a State no longer published: its answers go too
    return written


def _write(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write the files whose bytes change; the files written."""
    written = []
    for name, data in files.items():
        path = folder / name
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomically(path, data)
        written.append(path)
    return written
