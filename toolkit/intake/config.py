"""What intake accepts: size limits for untrusted files and the validation policy.

Every limit is a field with its reason, so that the secretariat can raise one for a genuinely
large workbook without reading the code (``Limits(max_file_bytes=...)``).  The defaults are an
order of magnitude above what a generated questionnaire needs and far below what hurts the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds applied to a received file before and while it is read."""

    max_file_bytes: int = 20 * MIB
    """Size of the file as received; a filled questionnaire is well under 1 MiB."""
    max_members: int = 500
    """Number of parts inside the xlsx zip container."""
    max_member_bytes: int = 60 * MIB
    """Uncompressed size of any one part (a declared size; the zip reader enforces it)."""
    max_total_bytes: int = 150 * MIB
    """Uncompressed size of all parts together."""
    max_ratio: float = 100.0
    """Compression ratio above which a part is treated as a zip bomb ..."""
    ratio_floor_bytes: int = 1 * MIB
    """... once its uncompressed size exceeds this (small parts compress well legitimately)."""
    max_rows: int = 2000
    """Rows read per sheet: question rows plus headings; cells further down are never parsed."""
    max_columns: int = 26
    """Columns read per sheet (the layout has nine; the rest detect extra columns)."""
    max_cell_chars: int = 1_000_000
    """Characters in one cell; Excel itself stops at 32,767."""
    max_sheets: int = 1000
    """Sheets the workbook may list (a questionnaire has six).  Each listed sheet is kept, with
    its name, in what the reader answers: a bound here keeps a workbook part listing millions
    of sheets from exhausting memory where the sandbox cannot limit it (Windows)."""
    max_names: int = 10_000
    """Defined names of single cells the workbook may hold (a questionnaire has six); kept, as
    the sheets are, so bounded for the same reason."""
    reader_memory_bytes: int = 1024 * MIB
    """Address space the sandboxed reader may add to what it inherits."""
    reader_seconds: float = 60.0
    """Wall-clock time the sandboxed reader may take for one file (reading and validating)."""


@dataclass(frozen=True)
class Policy:
    """How strict validation is where the secretariat may choose."""

    legislation_required: bool = False
    """A Yes or Partially without cited legislation is an error (True) or a warning (False)."""
    limits: Limits = field(default_factory=Limits)
