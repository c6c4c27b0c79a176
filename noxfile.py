"""The secretariat's sessions: ``nox -l`` lists them, ``nox -s NAME`` runs one."""

from __future__ import annotations

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


@nox.session
def catalogue(session: nox.Session) -> None:
    """Export the obligation catalogue of the bundled Convention to build/catalogue/."""
    install(session)
    out = BUILD / "catalogue"
    out.mkdir(parents=True, exist_ok=True)
    for fmt in ("json", "csv", "yaml"):
        target = out / f"provisions.{fmt}"
        with target.open("w", encoding="utf-8") as stream:
            session.run("cosp", "provisions", "--format", fmt, *session.posargs, stdout=stream)
        session.log(f"wrote {target}")
