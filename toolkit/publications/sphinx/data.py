"""Reading the site's data files from a directive: the dependency noted, problems as warnings.

A page is re-read when a data file it read changes (``env.note_dependency``); the paths are
noted relative to the source folder, so that a build folder can move.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from toolkit.publications.records import DATA, FORMAT, read_json

if TYPE_CHECKING:
    from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


def load(directive: SphinxDirective, *parts: str) -> Any | None:
    """The record of ``_data/<parts>`` for this directive's page (None, with a warning at the
    directive, when the file is missing or not one this toolkit wrote)."""
    relative = PurePosixPath(DATA, *parts).as_posix()
    directive.env.note_dependency(relative)
    path = directive.env.srcdir / relative
    try:
        record = read_json(path)
    except (OSError, ValueError) as error:
        logger.warning(
            "cannot read the data file %s (%s): the sources are written by cosp publish",
            path,
            error,
            location=directive.get_location(),
            type="cosp",
            subtype="data",
        )
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        logger.warning(
            "the data file %s is not of format %s: run cosp publish again",
            path,
            FORMAT,
            location=directive.get_location(),
            type="cosp",
            subtype="data",
        )
        return None
    return record
