"""The store of accepted submissions: one SQLite database beside the archive of received files.

The database runs in WAL mode with foreign keys on and a ``schema_version`` table; migrations
are applied in order inside one ``BEGIN IMMEDIATE`` transaction, so two processes opening a new
store at once create it once.  Every write is a ``BEGIN IMMEDIATE`` transaction and the file hash
is ``UNIQUE``: two ingests of the same file at the same moment record it once, and neither loses
its work.  A resubmission (same State and cycle) becomes the current one; earlier ones stay.
Rejected files never reach the database (they stay in the archive).
"""

from __future__ import annotations

import operator
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

from toolkit.errors import ConfigError, Location
from toolkit.intake.layout import RESPONSE_FIELDS

DEFAULT_DB = Path("store") / "cosp.sqlite3"
"""The store's database in a workspace (``toolkit.workspace.Workspace.store_db``)."""
BUSY_SECONDS = 60.0

MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE submissions (
                id INTEGER PRIMARY KEY,
                state TEXT NOT NULL,
                cycle TEXT NOT NULL,
                received_at TEXT NOT NULL,
                file_sha256 TEXT NOT NULL UNIQUE,
                file_name TEXT NOT NULL,
                file_size INTEGER NOT NULL,
                template_version TEXT NOT NULL,
                question_set_hash TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'accepted'
                    CHECK (status IN ('accepted', 'withdrawn')),
                ingested_by TEXT NOT NULL,
                question_count INTEGER NOT NULL,
                answered INTEGER NOT NULL,
                warnings TEXT NOT NULL DEFAULT '[]'
            )""",
            "CREATE INDEX submissions_by_state ON submissions (state, cycle, id)",
            """CREATE TABLE answers (
                submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                question_id TEXT NOT NULL,
                sheet TEXT NOT NULL,
                row INTEGER NOT NULL,
                answer TEXT,
                typed_answer TEXT,
                legislation TEXT,
                examples TEXT,
                challenges TEXT,
                needs TEXT,
                comments TEXT,
                PRIMARY KEY (submission_id, question_id)
            ) WITHOUT ROWID""",
        ),
    ),
)
"""Schema changes in order; a new version appends an entry, never edits an applied one."""
MIGRATIONS += (
    (
        2,
        (
            # The cover: who answered, and whether the answers may be published.
            "ALTER TABLE submissions ADD COLUMN focal_point TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE submissions ADD COLUMN consent TEXT",
        ),
    ),
)
MIGRATIONS += (
    (
        3,
        (
            # The day the file arrived (the day of the e-mail, `cosp ingest --received`), which
            # may be earlier than the day it was recorded; earlier submissions get the day
            # they were recorded.
            "ALTER TABLE submissions ADD COLUMN received_on TEXT",
            "UPDATE submissions SET received_on = substr(received_at, 1, 10)",
            "CREATE INDEX submissions_by_cycle ON submissions (cycle, id)",
        ),
    ),
)
MIGRATIONS += (
    (
        4,
        (
            # The correspondence: every note verbale prepared, with the hashes of its files
            # (toolkit.correspondence.record reads and writes this table).  An acknowledgement
            # names the submission it acknowledges.  The same letter prepared again (same
            # State, cycle, kind and PDF) is recorded once.
            """CREATE TABLE letters (
                id INTEGER PRIMARY KEY,
                state TEXT NOT NULL,
                cycle TEXT NOT NULL,
                kind TEXT NOT NULL
                    CHECK (kind IN ('invitation', 'reminder', 'acknowledgement')),
                dated TEXT NOT NULL,
                reference TEXT NOT NULL,
                language TEXT NOT NULL,
                submission_id INTEGER REFERENCES submissions (id),
                pdf_file TEXT NOT NULL,
                pdf_sha256 TEXT NOT NULL,
                docx_file TEXT NOT NULL,
                docx_sha256 TEXT NOT NULL,
                prepared_at TEXT NOT NULL,
                prepared_by TEXT NOT NULL,
                UNIQUE (state, cycle, kind, pdf_sha256)
            )""",
            "CREATE INDEX letters_by_cycle ON letters (cycle, state, kind, id)",
        ),
    ),
)
MIGRATIONS += (
    (
        5,
        (
            # Template version 2 (the workbook in the State's language): the workbook's
            # language and the people and institutions consulted (the cover), the steps and
            # timeframe planned and the assistance already received (per question).
            "ALTER TABLE submissions ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
            "ALTER TABLE submissions ADD COLUMN consulted TEXT",
            "ALTER TABLE answers ADD COLUMN steps TEXT",
            "ALTER TABLE answers ADD COLUMN assistance TEXT",
            # Answers, needs and consents are stored as canonical keys (toolkit.vocabulary),
            # no longer as the English words of template version 1; words that are not of the
            # vocabulary (never stored by intake for answers) are left as they are.
            """UPDATE answers SET answer = CASE answer
                WHEN 'Yes' THEN 'yes' WHEN 'Partially' THEN 'partially' WHEN 'No' THEN 'no'
                WHEN 'Not applicable' THEN 'not_applicable' ELSE answer END
            WHERE answer IS NOT NULL""",
            """UPDATE answers SET needs = CASE needs
                WHEN 'None' THEN 'none'
                WHEN 'Legislative drafting and legal advice' THEN 'legislative_drafting'
                WHEN 'Institution-building (specialized units, coordination)'
                    THEN 'institution_building'
                WHEN 'Training of practitioners (police, prosecutors, judges)' THEN 'training'
                WHEN 'Equipment and forensic tools' THEN 'equipment'
                WHEN 'Policy and strategy development' THEN 'policy'
                WHEN 'International cooperation arrangements (mutual legal assistance, '
                    || 'extradition)' THEN 'international_cooperation'
                WHEN 'Collection of statistics and data' THEN 'statistics'
                WHEN 'Awareness-raising and prevention' THEN 'awareness'
                WHEN 'Public-private cooperation (service providers)' THEN 'public_private'
                WHEN 'Financial resources' THEN 'financial'
                WHEN 'Other (specify in Comments)' THEN 'other'
                ELSE needs END
            WHERE needs IS NOT NULL""",
            """UPDATE submissions SET consent = CASE consent
                WHEN 'Yes' THEN 'yes' WHEN 'No' THEN 'no' WHEN 'Only the summary' THEN 'summary'
                ELSE consent END
            WHERE consent IS NOT NULL""",
        ),
    ),
)
SCHEMA_VERSION = max(version for version, _ in MIGRATIONS)


@dataclass(frozen=True)
class Answer:
    """One question's response as stored: the answer and the texts, verbatim."""

    id: str
    sheet: str
    row: int
    answer: str | None
    """The answer's canonical key (``yes``, ``not_used``: :mod:`toolkit.vocabulary`), or
    ``None`` when the question was left unanswered."""
    typed_answer: str | None
    """What the State typed when it was not a label of the list as offered (a variant read as
    ``answer``), else ``None``."""
    legislation: str | None
    examples: str | None
    challenges: str | None
    needs: str | None
    """The keys of the technical-assistance needs, in the State's order, joined by commas
    (``training,equipment``; :func:`toolkit.vocabulary.need_keys`), or ``None``."""
    comments: str | None
    steps: str | None = None
    """The steps and timeframe planned (template version 2)."""
    assistance: str | None = None
    """The technical assistance already received (template version 2)."""

    def record(self) -> dict[str, str | None]:
        """The response as the record ``cosp responses`` prints."""
        return {"id": self.id} | {name: getattr(self, name) for name in RESPONSE_FIELDS}


@dataclass(frozen=True)
class Submission:
    """An accepted workbook, as recorded."""

    id: int
    state: str
    cycle: str
    received_at: str
    """UTC, ISO 8601."""
    file_sha256: str
    file_name: str
    file_size: int
    template_version: str
    question_set_hash: str
    status: str
    ingested_by: str
    question_count: int
    answered: int
    warnings: str
    """The receipt's warnings, as JSON."""
    focal_point: str = "[]"
    """The cover's focal-point cells (name, title, institution, e-mail, telephone), as JSON."""
    consent: str | None = None
    """The cover's consent to publication as its key (``yes``, ``summary``, ``no``), ``None``
    when not given or not one of the options."""
    received_on: str | None = None
    """The day the file arrived, ``YYYY-MM-DD`` (``cosp ingest --received``; default the day
    it was ingested).  Always set in a store of version 3 or later."""
    language: str = "en"
    """The language the workbook was issued in (its receipt's language)."""
    consulted: str | None = None
    """The cover's people and institutions consulted in preparing the answers (version 2)."""


_answer_values = operator.attrgetter(*(f.name for f in fields(Answer)))
"""An answer's fields in order: the columns of ``answers`` after ``submission_id, position``."""
_SUBMISSION_COLUMNS = tuple(f.name for f in fields(Submission) if f.name != "id")
"""The columns of ``submissions`` that :meth:`Store.record` fills (the id is SQLite's)."""


class Store:
    """An open store: the database connection and the archive folder beside it."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self.archive_dir = path.parent / "archive"
        self._answers: dict[int, tuple[Answer, ...]] = {}
        """The answers read, by submission (a submission's answers are recorded with it, in
        one transaction, and never change)."""

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = True) -> Store:
        """Open (creating and migrating as needed) the store whose database is ``path``.

        With ``create=False`` (the commands that only read) a database that holds no store
        is an error rather than a new, empty store.
        """
        path = Path(path or DEFAULT_DB)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        db.row_factory = sqlite3.Row
        store = cls(db, path)
        try:
            store._refuse_foreign(create)  # before anything is written to the file
            db.execute("PRAGMA foreign_keys = ON")
            _use_wal(db)
            # In WAL mode NORMAL never corrupts the database; a power cut may undo the last
            # commits, which re-ingesting the archive (fsynced before parsing) restores.
            db.execute("PRAGMA synchronous = NORMAL")
            store._migrate()
        except BaseException:
            db.close()
            raise
        return store

    @classmethod
    def existing(cls, path: Path, stage: str) -> Store:
        """The store that a stage reading it needs (statistics, the site, intake's listings):
        a missing file or one that is not a store is a ConfigError ``<stage>.no-store`` or
        ``<stage>.store-unusable`` naming it, never a new empty store or a traceback."""
        if not path.is_file():
            raise ConfigError.at(
                f"{stage}.no-store",
                Location(str(path)),
                "there is no store here yet: nothing has been ingested.",
                "Ingest the returned questionnaires first (cosp ingest FILE...), or name the "
                "store with --db PATH.",
            )
        try:
            return cls.open(path, create=False)
        except sqlite3.DatabaseError as error:
            raise ConfigError.at(
                f"{stage}.store-unusable",
                Location(str(path)),
                f"this file cannot be used as the store's database ({error}).",
                "Check that --db names the toolkit's store (store/cosp.sqlite3), not another file.",
            ) from None

    def _refuse_foreign(self, create: bool) -> None:
        """A database of another program (tables, but none of the store's) is left alone."""
        tables = {
            row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "schema_version" in tables:
            return
        if tables:
            raise ConfigError.at(
                "store.foreign-database",
                Location(str(self.path)),
                "this SQLite database belongs to another program: it holds tables, but not "
                "the toolkit's store. Nothing was written to it.",
                "Give --db the toolkit's store (store/cosp.sqlite3) or a new file name.",
            )
        if not create:
            raise ConfigError.at(
                "store.empty",
                Location(str(self.path)),
                "this database holds no store yet: nothing was ever ingested into it.",
                "Ingest files first (cosp ingest FILE... --db PATH), or check the --db path.",
            )

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            applied = {row[0] for row in db.execute("SELECT version FROM schema_version")}
            current = max(applied, default=0)
            if current > SCHEMA_VERSION:
                raise ConfigError.at(
                    "store.schema-newer",
                    Location(str(self.path)),
                    f"The store has schema version {current}; this toolkit knows up to "
                    f"{SCHEMA_VERSION}.",
                    "Update the toolkit before using this store.",
                )
            # Every version not yet applied, in order: versions written in parallel branches
            # (a later number merged before an earlier one) are all applied.
            for version, statements in sorted(MIGRATIONS):
                if version not in applied:
                    for statement in statements:
                        db.execute(statement)
                    db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0])

    def record(self, submission: Submission, answers: Sequence[Answer]) -> tuple[Submission, bool]:
        """Record a submission; ``(earlier, False)`` when the file was recorded before."""
        with self._transaction() as db:
            existing = self.by_hash(submission.file_sha256)
            if existing is not None:
                return existing, False
            cursor = db.execute(
                f"INSERT INTO submissions ({', '.join(_SUBMISSION_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in _SUBMISSION_COLUMNS)})",
                [getattr(submission, name) for name in _SUBMISSION_COLUMNS],
            )
            submission_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO answers (submission_id, position, question_id, sheet, row, answer, "
                "typed_answer, legislation, examples, challenges, needs, comments, steps, "
                "assistance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (submission_id, position, *_answer_values(a))
                    for position, a in enumerate(answers)
                ],
            )
        # What was inserted is what a query would read back (every column is given).
        return replace(submission, id=submission_id), True

    def by_hash(self, sha256: str) -> Submission | None:
        """The submission recorded from the file with this hash, if any."""
        row = self._db.execute("SELECT * FROM submissions WHERE file_sha256 = ?", (sha256,))
        found = row.fetchone()
        return Submission(**found) if found else None

    def submissions(self, state: str, cycle: str | None = None) -> tuple[Submission, ...]:
        """The accepted submissions of a State (for one cycle or all), oldest first."""
        query = "SELECT * FROM submissions WHERE state = ? AND status = 'accepted'"
        params: list[str] = [state]
        if cycle is not None:
            query += " AND cycle = ?"
            params.append(cycle)
        rows = self._db.execute(query + " ORDER BY id", params).fetchall()
        return tuple(Submission(**row) for row in rows)

    def cycle_submissions(self, cycle: str) -> tuple[Submission, ...]:
        """Every accepted submission of the cycle, of every State, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM submissions WHERE cycle = ? AND status = 'accepted' ORDER BY id",
            (cycle,),
        ).fetchall()
        return tuple(Submission(**row) for row in rows)

    def latest_cycle(self, state: str) -> str | None:
        """The cycle of the State's most recent submission (``None`` when there is none)."""
        found = self.submissions(state)
        return found[-1].cycle if found else None

    def current(self, state: str, cycle: str) -> Submission | None:
        """The State's current submission for the cycle: the latest accepted one."""
        found = self.submissions(state, cycle)
        return found[-1] if found else None

    def answers(self, submission_id: int) -> tuple[Answer, ...]:
        """The responses of a submission, in questionnaire order."""
        if submission_id in self._answers:
            return self._answers[submission_id]
        rows = self._db.execute(
            "SELECT question_id AS id, sheet, row, answer, typed_answer, legislation, examples, "
            "challenges, needs, comments, steps, assistance FROM answers "
            "WHERE submission_id = ? ORDER BY position",
            (submission_id,),
        ).fetchall()
        answers = tuple(Answer(**row) for row in rows)
        if answers:  # none yet: the submission may be recorded later
            self._answers[submission_id] = answers
        return answers

    def revision(self) -> str:
        """A text that changes whenever anything is recorded in the store (a submission, a
        letter): what the outputs made from the store are up to date with."""
        parts = []
        for table in ("submissions", "letters"):
            exists = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            if exists:
                row = self._db.execute(f"SELECT count(*), max(rowid) FROM {table}").fetchone()
                parts.append(f"{table}:{row[0]}:{row[1]}")
        return ";".join(parts)

    def counts(self) -> tuple[int, int]:
        """The number of submissions and of stored answers (for checks and tests)."""
        submissions = self._db.execute("SELECT count(*) FROM submissions").fetchone()[0]
        answers = self._db.execute("SELECT count(*) FROM answers").fetchone()[0]
        return int(submissions), int(answers)


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL mode; SQLite does not wait for a lock here, so retry until it is free."""
    deadline = time.monotonic() + BUSY_SECONDS
    while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
