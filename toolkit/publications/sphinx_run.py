"""Running Sphinx on the site's sources, in this process, with warnings as errors.

The configuration is the site's (``templates/site/conf.py``, package data); the audience is
passed as ``cosp_audience``.  Every warning is collected and, at the end of the build (Sphinx
keeps going after the first one, as ``-W --keep-going`` does), reported as one finding each: a
site with a broken link or a missing data file is never published.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace, patch_docutils

from toolkit.errors import Finding, Location, ToolkitError
from toolkit.publications.configuration import SITE

SERIAL_BELOW = 40
"""Fewer pages to read than this are read in one process: a parallel reader sends the whole
environment back (megabytes once the site is built), which costs more than the pages."""
WARNING = re.compile(r"\b(?:WARNING|ERROR|CRITICAL|SEVERE)\b")
"""What starts a message of Sphinx's warning stream."""


def run_sphinx(
    srcdir: Path,
    outdir: Path,
    doctreedir: Path,
    builder: str,
    options: Any,
    say: Callable[[str], None] = lambda _: None,
    before_reading: Callable[[], object] = lambda: None,
    before_writing: Callable[[], object] = lambda: None,
) -> list[str]:
    """Build ``srcdir`` with ``builder`` (``html``, ``latex``); the pages read again.

    ``before_reading`` is called once Sphinx has started, before it reads any page;
    ``before_writing`` once every page is read, before any is written (the figures being
    drawn elsewhere are waited for at one of them)."""
    status, warnings = io.StringIO(), io.StringIO()
    read: list[str] = []
    with patch_docutils(SITE), docutils_namespace():
        app = Sphinx(
            srcdir,
            SITE,
            outdir,
            doctreedir,
            builder,
            confoverrides={"cosp_audience": options.audience},
            status=status,
            warning=warnings,
            warningiserror=True,
            parallel=options.jobs,
        )
        app.connect("env-before-read-docs", lambda _app, _env, docs: _reading(app, docs, read))
        app.connect("env-updated", lambda _app, _env: _restore(app, options.jobs, before_writing))
        before_reading()
        app.build()
    problems = messages(warnings.getvalue())
    if app.statuscode or problems:
        raise ToolkitError(
            *(
                Finding(
                    "publish.sphinx",
                    "error",
                    f"the {builder} build of the site failed: {line}",
                    Location(str(srcdir)),
                    "The site's sources are generated: report this to the toolkit's "
                    "maintainers with the message.",
                )
                for line in problems or ["(no message)"]
            )
        )
    say(f"sphinx {builder}: {len(read)} page(s) read")
    return sorted(read)


def messages(text: str) -> list[str]:
    """Sphinx's warnings, one per message (a message's further lines joined to it)."""
    found: list[str] = []
    for line in strip_colors(text).splitlines():
        if not line.strip():
            continue
        if found and not WARNING.search(line):
            found[-1] += " " + line.strip()
        else:
            found.append(line.strip())
    return found


def _reading(app: Sphinx, docnames: list[str], read: list[str]) -> None:
    """Note the pages about to be read; read a few of them in this process."""
    read.extend(docnames)
    if len(docnames) < SERIAL_BELOW:
        app.parallel = 1


def _restore(app: Sphinx, jobs: int, before_writing: Callable[[], object]) -> list[str]:
    """Write in parallel again (writers receive one page each, not the environment).

    Sphinx writes with one process fewer than ``-j`` (this one prepares the pages); with two
    or more jobs, as many writers as jobs keep every core busy."""
    app.parallel = jobs + 1 if jobs > 1 else jobs
    before_writing()
    return []
