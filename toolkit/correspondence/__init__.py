"""Correspondence with the States: notes verbales (invitation, reminder, acknowledgement) and
the status board of a cycle.

The pipeline, one module per step::

    registry + cycle + lock + store ──► letters.py   which letters, with the facts they state
                                        render.py    Jinja2 templates ──► letter markup
                                        document.py  the markup read into blocks and spans
                                        typeset.py   XeLaTeX: one run per batch ──► a PDF each
                                        fonts.py     what the fonts cover, runs of script
                                        languages.py direction, dates, names per language
                                        docx.py      python-docx: an editable .docx each
                                        batch.py     files, manifest.csv, the store's record
    store + reception log ────────────► record.py    letters prepared, files received
                                        status.py    one status record per recipient
    cli.py: ``cosp letters`` and ``cosp status``.

The status records (:mod:`toolkit.correspondence.status`) are the stable interface the
internal site reads.
"""

from toolkit.correspondence.status import (
    STATUSES,
    RecipientStatus,
    Status,
    StatusBoard,
    status_board,
)

__all__ = ["STATUSES", "RecipientStatus", "Status", "StatusBoard", "status_board"]
