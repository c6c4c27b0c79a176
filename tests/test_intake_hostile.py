"""Hostile and foreign files: each rejected with a clear message, archived, changing nothing."""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from fixtures.intake import hostile
from fixtures.intake import workbooks as wb
from fixtures.intake.workbooks import ingest

from toolkit.intake import Limits, Policy, Store
from toolkit.intake.archive import archive_path
from toolkit.intake.reader import Sandbox, read_workbook

FORK = pytest.mark.skipif(not hasattr(os, "fork"), reason="the platform does not fork")


@pytest.fixture(params=[pytest.param("fork", marks=FORK), "spawn"])
def method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How the sandbox starts its workers, for the tests run both ways."""
    monkeypatch.setenv("COSP_SANDBOX", request.param)
    return request.param


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the tests of what only a forked worker does (inherit this process's state)."""
    if not hasattr(os, "fork"):
        pytest.skip("the platform does not fork")
    monkeypatch.setenv("COSP_SANDBOX", "fork")


def hungry(path: Path, rows: int = 4) -> Path:
    """A small file whose cells take ``rows`` times 26 MB once read (a million characters in
    each of A-Z), written a cell at a time: this process never holds them, so a forked worker
    cannot find their memory already in the heap it inherits."""
    wb.minimal_xlsx(path, b"")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{wb.SPREADSHEET}"><sheetData>'.encode())
            for row in range(1, rows + 1):
                sheet.write(f'<row r="{row}">'.encode())
                for column in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
                    sheet.write(f'<c r="{column}{row}" t="inlineStr"><is><t>'.encode())
                    sheet.write(b"x" * 1_000_000)
                    sheet.write(b"</t></is></c>")
                sheet.write(b"</row>")
            sheet.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "store" / "cosp.sqlite3") as opened:
        yield opened


@pytest.fixture
def genuine(tmp_path: Path) -> Path:
    return wb.fill(wb.blank(tmp_path / "genuine.xlsx"), wb.full_answers())


def assert_rejected(path: Path, store: Store, code: str, *words: str):
    """Rejected with this code and words, the file archived intact, the database unchanged."""
    before = store.counts()
    receipt = ingest(path, store)
    assert receipt.status == "rejected"
    assert [f.code for f in receipt.errors] == [f"intake.{code}"], receipt.errors
    message = (receipt.errors[0].message + " " + receipt.errors[0].hint).lower()
    for word in words:
        assert word.lower() in message
    assert store.counts() == before
    archived = archive_path(store.archive_dir, receipt.sha256)
    assert archived.read_bytes() == path.read_bytes()
    assert receipt.as_text().startswith("Receipt for the file")
    return receipt


def test_genuine_workbook_is_accepted(genuine: Path, store: Store) -> None:
    receipt = ingest(genuine, store)
    assert receipt.status == "accepted", receipt.errors
    assert (receipt.state, receipt.cycle, receipt.answered) == ("KEN", wb.CYCLE, 6)


def test_not_a_zip(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("ID,Answer\n7,Yes\n")
    assert_rejected(path, store, "not-a-workbook", "not an Excel workbook", ".xlsx")


def test_pdf_is_named(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "answers.pdf"
    path.write_bytes(b"%PDF-1.7\n...")
    assert_rejected(path, store, "not-a-workbook", "PDF document")


def test_empty_file(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert_rejected(path, store, "not-a-workbook", "empty")


def test_truncated_file(tmp_path: Path, genuine: Path, store: Store) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(genuine.read_bytes()[: genuine.stat().st_size // 2])
    assert_rejected(path, store, "truncated", "incomplete", "send the file again")


def test_zip_bomb(tmp_path: Path, genuine: Path, store: Store) -> None:
    path = wb.zip_bomb(tmp_path / "bomb.xlsx", genuine, megabytes=40)
    assert path.stat().st_size < 1_000_000
    assert_rejected(path, store, "zip-bomb", "expand")


def test_too_many_parts(tmp_path: Path, genuine: Path, store: Store) -> None:
    extra = [(f"xl/media/p{n}.bin", b"x") for n in range(600)]
    path = wb.rewrite(genuine, tmp_path / "parts.xlsx", {}, add=extra)
    assert_rejected(path, store, "too-many-parts", "parts")


def test_billion_laughs_in_a_sheet(tmp_path: Path, store: Store) -> None:
    path = wb.minimal_xlsx(tmp_path / "laughs.xlsx", wb.LAUGHS)
    assert_rejected(path, store, "xml-entities", "entity")


@pytest.mark.parametrize(
    "part", ["Chapter II", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"]
)
def test_billion_laughs_in_a_genuine_workbook(
    tmp_path: Path, genuine: Path, store: Store, part: str
) -> None:
    if not part.startswith("xl/"):
        part = wb.sheet_part(genuine, part)
    with zipfile.ZipFile(genuine) as archive:
        present = part in archive.namelist()
    replace, add = ({part: wb.LAUGHS}, ()) if present else ({}, [(part, wb.LAUGHS)])
    path = wb.rewrite(genuine, tmp_path / "laughs.xlsx", replace, add=add)
    assert_rejected(path, store, "xml-entities", "entity")


def test_utf16_parts_are_refused(tmp_path: Path, genuine: Path, store: Store) -> None:
    part = wb.sheet_part(genuine, "Chapter II")
    with zipfile.ZipFile(genuine) as archive:
        xml = archive.read(part).decode()
    path = wb.rewrite(genuine, tmp_path / "utf16.xlsx", {part: xml.encode("utf-16")})
    assert_rejected(path, store, "xml-entities", "UTF-8")


def test_password_protected_workbook(tmp_path: Path, store: Store) -> None:
    path = wb.ole2(tmp_path / "secret.xlsx", encrypted=True)
    assert_rejected(path, store, "encrypted", "password", "remove the password")


def test_a_genuinely_encrypted_workbook(tmp_path: Path, genuine: Path, store: Store) -> None:
    """Excel's "Encrypt with Password" (agile encryption), as msoffcrypto-tool writes it."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool not installed")
    path = tmp_path / "secret.xlsx"
    with genuine.open("rb") as plain, path.open("wb") as encrypted:
        ooxml.OOXMLFile(plain).encrypt("secret", encrypted)
    assert_rejected(path, store, "encrypted", "password")


def test_xls_is_told_to_save_as_xlsx(tmp_path: Path, store: Store) -> None:
    path = wb.ole2(tmp_path / "old.xls", encrypted=False)
    assert_rejected(path, store, "xls", "Excel 97-2003", "Save As", ".xlsx")


def test_ods_is_told_to_save_as_xlsx(tmp_path: Path, store: Store) -> None:
    path = wb.ods(tmp_path / "answers.ods")
    assert_rejected(path, store, "ods", "OpenDocument", "Save As", ".xlsx")


def test_xlsm_with_macros(tmp_path: Path, genuine: Path, store: Store) -> None:
    path = wb.rewrite(genuine, tmp_path / "macro.xlsm", {}, add=[("xl/vbaProject.bin", b"\0" * 64)])
    assert_rejected(path, store, "macros", "macros", "Save As")


def test_external_links(tmp_path: Path, genuine: Path, store: Store) -> None:
    link = ("xl/externalLinks/externalLink1.xml", b"<externalLink/>")
    path = wb.rewrite(genuine, tmp_path / "links.xlsx", {}, add=[link])
    assert_rejected(path, store, "external-links", "links to other files", "Break Link")


def test_encrypted_zip_members(tmp_path: Path, genuine: Path, store: Store) -> None:
    data = bytearray(genuine.read_bytes())
    # Set the "encrypted" flag bit of every local and central directory header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    path = tmp_path / "zipcrypto.xlsx"
    path.write_bytes(bytes(data))
    assert_rejected(path, store, "encrypted", "encrypted")


def test_far_cell_sheet_is_read_in_bounds_and_quickly(tmp_path: Path, store: Store) -> None:
    path = wb.minimal_xlsx(tmp_path / "far.xlsx", wb.FAR_SHEET)
    assert path.stat().st_size < 5_000
    started = time.monotonic()
    assert_rejected(path, store, "metadata-missing", "not a questionnaire")
    assert time.monotonic() - started < 10


def test_far_cell_in_a_genuine_workbook_is_ignored_with_a_warning(
    tmp_path: Path, genuine: Path, store: Store
) -> None:
    part = wb.sheet_part(genuine, "Chapter IV")
    with zipfile.ZipFile(genuine) as archive:
        xml = archive.read(part).decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    xml = xml.replace("</sheetData>", far + "</sheetData>")
    xml = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:XFD1048576"/>', xml)
    path = wb.rewrite(genuine, tmp_path / "far.xlsx", {part: xml.encode()})
    receipt = ingest(path, store)
    assert receipt.status == "accepted", receipt.errors
    assert receipt.answered == 6
    assert "intake.beyond-bounds" in [f.code for f in receipt.warnings]


@pytest.mark.slow
def test_fifty_megabyte_file(tmp_path: Path, genuine: Path, store: Store) -> None:
    path = wb.large_file(tmp_path / "big.xlsx", genuine, megabytes=50)
    assert path.stat().st_size > 50_000_000
    assert_rejected(path, store, "file-too-large", "MB")


@pytest.mark.usefixtures("forked")  # spawned: test_intake_sandbox (a worker that hangs)
def test_reader_time_limit(genuine: Path) -> None:
    result = read_workbook(genuine, "slow.xlsx", Limits(reader_seconds=0.0001))
    assert getattr(result, "code", None) == "intake.too-slow"


@pytest.mark.skipif(
    not Path("/proc/self/statm").exists(), reason="the memory limit needs rlimits and /proc"
)
def test_reader_memory_limit(tmp_path: Path, method: str) -> None:
    path = hungry(tmp_path / "hungry.xlsx")
    with Sandbox(Limits(reader_memory_bytes=8 << 20)) as sandbox:
        result = read_workbook(path, "hungry.xlsx", sandbox.limits, sandbox=sandbox)
    assert getattr(result, "code", None) == "intake.too-large"
    with Sandbox(Limits(), hostile.sizes) as sandbox:  # the sizes only: this process stays small
        assert sandbox.read(path, "big.xlsx")["sizes"] == [[1_000_000] * 26] * 4


def test_oversized_cell(tmp_path: Path, store: Store) -> None:
    path = wb.blank(tmp_path / "long.xlsx")
    wb.fill(path, {"7": {"Answer": "No", "Comments": "x" * 2000}})
    policy = Policy(limits=Limits(max_cell_chars=1000))
    receipt = ingest(path, store, policy)
    assert [f.code for f in receipt.errors] == ["intake.cell-too-long"]


def test_escaped_surrogates_in_a_cell_are_read_as_text(tmp_path: Path, store: Store) -> None:
    """OOXML escapes are UTF-16 units: a pair is one character, a lone one no text can hold
    (it failed the store with a traceback) becomes U+FFFD."""
    answers = {"7": {"Answer": "No", "Comments": "a_xD800_b", "Needs": "_xD83D__xDE00_"}}
    path = wb.fill(wb.blank(tmp_path / "surrogate.xlsx"), answers)
    receipt = ingest(path, store)
    assert receipt.status == "accepted", receipt.errors
    answer = store.answers(receipt.submission)[0]
    assert (answer.comments, answer.needs) == ("a\ufffdb", "\U0001f600")


def test_a_defined_name_on_row_zero_is_not_an_internal_error(
    tmp_path: Path, genuine: Path, store: Store
) -> None:
    """A hand-edited name (``'Cover'!$B$0``) names no cell: it is ignored, as Excel would."""
    with zipfile.ZipFile(genuine) as archive:
        xml = archive.read("xl/workbook.xml").decode()
    names = (
        "<definedNames><definedName name=\"PublicationConsent\">'Cover'!$B$0</definedName>"
        "</definedNames>"
    )
    xml = xml.replace("</sheets>", "</sheets>" + names)
    path = wb.rewrite(genuine, tmp_path / "row0.xlsx", {"xl/workbook.xml": xml.encode()})
    receipt = ingest(path, store)
    assert receipt.status == "accepted", receipt.errors
    assert receipt.consent is None


def test_the_process_survives_a_batch_of_hostile_files(
    tmp_path: Path, genuine: Path, method: str
) -> None:
    """A batch mixing hostile files with a genuine one: every receipt comes back, in order."""
    files = [
        wb.minimal_xlsx(tmp_path / "laughs.xlsx", wb.LAUGHS),
        wb.ole2(tmp_path / "old.xls", encrypted=False),
        wb.minimal_xlsx(tmp_path / "far.xlsx", wb.FAR_SHEET),
        genuine,
    ]
    from toolkit.intake import ingest_files

    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(ingest_files(files, store, reference=wb.Reference()))
        assert [r.status for r in receipts] == ["rejected", "rejected", "rejected", "accepted"]
        assert store.counts()[0] == 1


@pytest.mark.skipif(
    not Path("/proc/self/statm").exists(), reason="the memory limit needs rlimits and /proc"
)
def test_a_failed_read_does_not_spoil_the_files_queued_behind_it(
    tmp_path: Path, genuine: Path, method: str
) -> None:
    """The worker reads ahead; when a file exhausts its memory it is replaced, and the files
    already queued behind are read again by the new worker."""
    path = hungry(tmp_path / "hungry.xlsx")
    second = wb.fill(wb.blank(tmp_path / "fra.xlsx", "FRA"), wb.full_answers())
    limits = Limits(
        reader_memory_bytes=8 << 20,
        max_ratio=1e9,
        max_member_bytes=200_000_000,
        max_total_bytes=200_000_000,
    )
    from toolkit.intake import ingest_files

    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(
            ingest_files(
                [genuine, path, second, genuine],
                store,
                reference=wb.Reference(),
                policy=Policy(limits=limits),
            )
        )
    assert [r.status for r in receipts] == ["accepted", "rejected", "accepted", "duplicate"]
    assert receipts[1].errors[0].code == "intake.too-large"


@pytest.mark.usefixtures("forked")
def test_a_hanging_read_is_stopped(tmp_path: Path, genuine: Path, monkeypatch) -> None:
    """A reader that never answers is killed at its deadline; the next file is read normally
    (both start methods: ``test_intake_sandbox``; here the reader itself hangs)."""
    import toolkit.intake.reader as reader

    real = reader.read_plain

    def hang_on_slow(path: Path, limits: Limits) -> dict:
        if path.read_bytes() == slow.read_bytes():
            time.sleep(60)
        return real(path, limits)

    slow = wb.fill(wb.blank(tmp_path / "slow.xlsx", "BOL"), {"7": {"Answer": "No"}})
    monkeypatch.setattr(reader, "read_plain", hang_on_slow)  # the forked worker inherits it
    from toolkit.intake import ingest_files

    started = time.monotonic()
    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(
            ingest_files(
                [slow, genuine],
                store,
                reference=wb.Reference(),
                policy=Policy(limits=Limits(reader_seconds=1.0)),
            )
        )
    assert [r.status for r in receipts] == ["rejected", "accepted"]
    assert receipts[0].errors[0].code == "intake.too-slow"
    assert time.monotonic() - started < 20


@pytest.mark.usefixtures("forked")
@pytest.mark.parametrize("sandbox", [True, False])
def test_a_bug_in_validation_rejects_that_file_only_with_its_traceback(
    tmp_path: Path, genuine: Path, monkeypatch, capsys, sandbox: bool
) -> None:
    """Validation runs in the sandboxed worker that read the file: a bug there is reported for
    that file (archived, nothing recorded) and the files behind it are read by a fresh worker."""
    import toolkit.intake.ingest as ingest_module

    real = ingest_module.validate

    def failing(workbook, file, reference, policy):
        if file == "bug.xlsx":
            raise KeyError("a bug of validation")
        return real(workbook, file, reference, policy)

    monkeypatch.setattr(ingest_module, "validate", failing)  # the forked workers inherit it
    bug = wb.fill(wb.blank(tmp_path / "bug.xlsx", "BOL"), wb.full_answers())
    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(
            ingest_module.ingest_files(
                [bug, genuine], store, reference=wb.Reference(), sandbox=sandbox
            )
        )
        assert [r.status for r in receipts] == ["rejected", "accepted"]
        assert [f.code for f in receipts[0].errors] == ["intake.internal-error"]
        assert "KeyError" in receipts[0].errors[0].message
        assert store.counts()[0] == 1
        assert archive_path(store.archive_dir, receipts[0].sha256).read_bytes() == bug.read_bytes()
    err = capsys.readouterr().err
    assert "Traceback" in err and "a bug of validation" in err


class _LoadCountingReference(wb.Reference):
    """The test reference, noting each process that loads it (as the toolkit's loads its files)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.loaded = False

    def expected(self, cycle: str):
        if not self.loaded:
            self.loaded = True
            with self.log.open("a") as stream:
                stream.write(f"{os.getpid()}\n")
        return super().expected(cycle)


@pytest.mark.usefixtures("forked")
def test_workers_replaced_after_hostile_files_inherit_the_loaded_reference(
    tmp_path: Path, monkeypatch
) -> None:
    """A worker loads the reference when it first validates; before a worker is replaced, this
    process loads what was needed so far, so the workers replaced after hostile files inherit it
    instead of each loading it again."""
    from toolkit.intake import ingest_files

    monkeypatch.setattr("toolkit.intake.ingest.WORKERS", 1)  # each replacement reads the next
    log = tmp_path / "loads.txt"
    files = []
    for n, state in enumerate(sorted(wb.STATES) * 2):
        answers = wb.full_answers()
        answers["7"]["Comments"] = f"version {n}"
        files.append(wb.fill(wb.blank(tmp_path / f"{state}-{n}.xlsx", state), answers))
        files.append(wb.minimal_xlsx(tmp_path / f"laughs-{n}.xlsx", wb.LAUGHS))
    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(ingest_files(files, store, reference=_LoadCountingReference(log)))
    assert [r.status for r in receipts] == ["accepted", "rejected"] * 6
    loads = log.read_text().split()
    assert len(loads) == 2  # the first worker, then this process (not the five replacements)
    assert str(os.getpid()) in loads


@pytest.mark.usefixtures("forked")
def test_workers_are_forked_while_no_other_thread_runs(
    tmp_path: Path, genuine: Path, monkeypatch
) -> None:
    """The archive copies files ahead in a thread; it is ended before any worker is forked
    (the first ones and those replacing a worker that failed on a hostile file)."""
    import threading

    from toolkit.intake import ingest_files

    threads_at_fork = []
    real_fork = os.fork

    def fork() -> int:
        threads_at_fork.append(threading.active_count())
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    laughs = [wb.minimal_xlsx(tmp_path / f"laughs-{n}.xlsx", wb.LAUGHS) for n in range(3)]
    with Store.open(tmp_path / "batch.sqlite3") as store:
        receipts = list(ingest_files([*laughs, genuine], store, reference=wb.Reference()))
    assert [r.status for r in receipts] == ["rejected"] * 3 + ["accepted"]
    assert len(threads_at_fork) >= 3 and set(threads_at_fork) == {threading.active_count()}
