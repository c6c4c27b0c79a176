"""The secretariat's sessions: ``nox -l`` lists them, ``nox -s NAME`` runs one."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests"]

ROOT = Path(__file__).parent
BUILD = ROOT / "build"


def install(session: nox.Session, *extras: str) -> None:
    """Install the toolkit (editable, so that ``templates/`` is found) with optional extras."""
    target = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", target)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest; pass pytest options after --)."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check the code with ruff (lint and format)."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "toolkit", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "toolkit", "tests", "benchmarks", "noxfile.py")


def write_catalogue(session: nox.Session, *options: str) -> None:
    out = BUILD / "catalogue"
    out.mkdir(parents=True, exist_ok=True)
    for fmt in ("json", "csv", "yaml"):
        target = out / f"provisions.{fmt}"
        partial = target.with_name(f".{target.name}.partial")
        # Written aside and renamed: a failed export leaves the previous catalogue whole.
        try:
            with partial.open("w", encoding="utf-8") as stream:
                session.run("cosp", "provisions", "--format", fmt, *options, stdout=stream)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        session.log(f"wrote {target}")


def write_questionnaires(session: nox.Session, *options: str) -> None:
    session.run("cosp", "questionnaire", "--out", str(ROOT / "questionnaires"), *options)


@nox.session
def catalogue(session: nox.Session) -> None:
    """Export the obligation catalogue of the bundled Convention to build/catalogue/."""
    install(session)
    write_catalogue(session, *session.posargs)


@nox.session
def questionnaires(session: nox.Session) -> None:
    """Write the default cycle's self-assessment workbooks to questionnaires/<cycle>/."""
    install(session)
    write_questionnaires(session, *session.posargs)


INBOX = ROOT / "inbox"
"""Where the secretariat drops the files States return (``nox -s ingest`` reads it)."""
VALUED_OPTIONS = frozenset({"--db", "--receipts"})


@nox.session
def ingest(session: nox.Session) -> None:
    """Ingest the returned questionnaires in inbox/ into store/ (cosp ingest options after --)."""
    install(session)
    named, skip = [], False
    for arg in session.posargs:
        if not skip and not arg.startswith("-"):
            named.append(arg)
        skip = arg in VALUED_OPTIONS
    if not named and not INBOX.is_dir():
        session.error(f"Usage: put the received files in {INBOX}/ or: nox -s ingest -- FILE...")
    # Exit status 1 (a file was rejected) is an outcome, told in its receipt, not a failure.
    inbox = [] if named else [str(INBOX)]
    session.run("cosp", "ingest", *inbox, *session.posargs, success_codes=[0, 1])


DOCS_BUILD = BUILD / "docs"
STRICT = ("-W", "--keep-going")
"""sphinx-build options: warnings fail the build, after reporting every one of them."""
SOURCE_DATE_EPOCH = "1732665600"
"""27 November 2024, the date of the source report: no date in the output depends on the build."""


def reproducible_env() -> dict[str, str]:
    """Environment making Sphinx and TeX write no build date (an outer SOURCE_DATE_EPOCH wins)."""
    return {
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH),
        "FORCE_SOURCE_DATE": "1",
    }


def build_html(session: nox.Session, *options: str) -> None:
    html = str(DOCS_BUILD / "html")
    options = (*STRICT, *options)
    session.run("sphinx-build", "-b", "html", *options, "docs", html, env=reproducible_env())
    session.log(f"wrote {DOCS_BUILD / 'html' / 'index.html'}")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the annotated edition as HTML into build/docs/html/ (warnings are errors)."""
    install(session)
    build_html(session, *session.posargs)


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the annotated edition as PDF (xelatex) into build/docs/latex/ (warnings are errors)."""
    install(session)
    session.run("python", "-m", "toolkit.publications.pdf", "tools")
    options = (*STRICT, *session.posargs)
    out = str(DOCS_BUILD)
    session.run("sphinx-build", "-M", "latexpdf", "docs", out, *options, env=reproducible_env())
    session.run("python", "-m", "toolkit.publications.pdf", "check", str(DOCS_BUILD / "latex"))


@nox.session
def review(session: nox.Session) -> None:
    """The main job: catalogue, questionnaires of the default cycle and the edition (HTML)."""
    install(session)
    write_catalogue(session)
    write_questionnaires(session)
    build_html(session)
    session.log("the PDF edition needs TeX: nox -s pdf; returned workbooks: nox -s ingest")
