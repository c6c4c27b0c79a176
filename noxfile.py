"""The secretariat's sessions: ``nox -l`` lists them, ``nox -s NAME`` runs one.

Every session of the toolkit runs in one shared environment, ``.nox/toolkit`` (made with uv
when it is available, else virtualenv), installed once and again only when ``pyproject.toml``
or the extras a session needs change.  The checkout itself is the workspace (``cosp.toml``):
everything a session writes lands under the clone, in folders git ignores.  Options after
``--`` go to the command the session runs (``nox -s ingest -- --json``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.needs_version = ">=2024.4.15"

ROOT = Path(__file__).parent
ENV = ROOT / ".nox" / "toolkit"
"""The one environment the toolkit's sessions share."""
BIN = ENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = ENV / "cosp-installed.json"
"""What is installed in the environment: the digest of pyproject.toml and the extras."""
SOURCE_DATE_EPOCH = "1732665600"
"""27 November 2024, the date of the source report: no date in the outputs depends on the build."""


def _uv() -> str | None:
    try:
        from nox.virtualenv import find_uv

        found, command, _ = find_uv()
    except ImportError:  # an older nox
        return shutil.which("uv")
    return command if found else None


def _make_environment(session: nox.Session) -> None:
    uv = _uv()
    session.log(f"creating {ENV} with {'uv' if uv else 'virtualenv'}")
    if uv:
        session.run(uv, "venv", "--quiet", "--python", sys.executable, str(ENV), external=True)
        return
    import virtualenv  # nox's own dependency: works without Debian's python3-venv

    virtualenv.cli_run([str(ENV), "--python", sys.executable, "--quiet"])


def environment(session: nox.Session, *extras: str) -> dict[str, str]:
    """The shared environment, with the toolkit installed (editable) and ``extras``; returns the
    environment variables a command runs with there."""
    wanted = sorted(set(extras))
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp: dict[str, object] = {}
    if STAMP.is_file():
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    python = BIN / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        _make_environment(session)
        stamp = {}
    current = stamp.get("pyproject") == digest
    installed = set(stamp.get("extras", [])) if current else set()
    if not current or not set(wanted) <= installed:
        extras_wanted = sorted(installed | set(wanted))
        target = f"{ROOT}[{','.join(extras_wanted)}]" if extras_wanted else str(ROOT)
        uv = _uv()
        if uv:
            session.run(uv, "pip", "install", "--quiet", "--python", str(python), "-e", target,
                        external=True)  # fmt: skip
        else:
            session.run(str(python), "-m", "pip", "install", "--quiet", "-e", target,
                        external=True)  # fmt: skip
        STAMP.write_text(json.dumps({"pyproject": digest, "extras": extras_wanted}) + "\n")
    return {
        "VIRTUAL_ENV": str(ENV),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH),
        "COSP_WORKSPACE": os.environ.get("COSP_WORKSPACE", str(ROOT)),
    }


def run(session: nox.Session, env: dict[str, str], program: str, *args: str, **options) -> None:
    """Run a program of the shared environment."""
    executable = shutil.which(program, path=str(BIN)) or program
    session.run(executable, *args, env=env, external=True, **options)


def cosp(session: nox.Session, *args: str, extras: tuple[str, ...] = (), **options) -> None:
    """Run ``cosp`` in the shared environment, in the checkout's workspace."""
    run(session, environment(session, *extras), "cosp", *args, *session.posargs, **options)


@nox.session(venv_backend="none")
def review(session: nox.Session) -> None:
    """The main job: the whole review cycle on the bundled Convention (README, first command)."""
    cosp(session, "review")


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """Run the test suite (pytest; pass pytest options after --)."""
    env = environment(session, "test")
    env.pop("COSP_WORKSPACE")  # each test makes its own workspace
    run(session, env, "pytest", *session.posargs)


@nox.session(venv_backend="none")
def lint(session: nox.Session) -> None:
    """Check the code with ruff (lint and format)."""
    env = environment(session, "lint")
    paths = ("toolkit", "tests", "benchmarks", "noxfile.py", "noxw.py")
    run(session, env, "ruff", "check", *paths)
    run(session, env, "ruff", "format", "--check", *paths)


@nox.session(venv_backend="none")
def mypy(session: nox.Session) -> None:
    """Check the types of the toolkit with mypy."""
    run(session, environment(session, "test"), "mypy", "toolkit", *session.posargs)


@nox.session(venv_backend="none")
def catalogue(session: nox.Session) -> None:
    """Export the obligation catalogue of the bundled Convention to build/catalogue/."""
    cosp(session, "provisions", "--out", str(ROOT / "build" / "catalogue"))


@nox.session(venv_backend="none")
def questionnaires(session: nox.Session) -> None:
    """Write the default cycle's self-assessment workbooks to questionnaires/<cycle>/."""
    cosp(session, "questionnaire")


@nox.session(venv_backend="none")
def ingest(session: nox.Session) -> None:
    """Ingest the returned questionnaires in inbox/ into store/ (cosp ingest options after --)."""
    named = [arg for arg in session.posargs if not arg.startswith("-")]
    inbox = Path(os.environ.get("COSP_WORKSPACE", ROOT)) / "inbox"
    if not named and not inbox.is_dir():
        session.error(f"Usage: put the received files in {inbox}/ or: nox -s ingest -- FILE...")
    # Exit status 1 (a file was rejected) is an outcome, told in its receipt, not a failure.
    cosp(session, "ingest", success_codes=[0, 1])


@nox.session(venv_backend="none")
def simulate(session: nox.Session) -> None:
    """Simulate every recipient's reply into build/simulated/ and ingest them (a demonstration)."""
    out = str(Path(os.environ.get("COSP_WORKSPACE", ROOT)) / "build" / "simulated")
    cosp(session, "simulate", "--out", out, "--ingest")


@nox.session(venv_backend="none")
def statistics(session: nox.Session) -> None:
    """Print the counts of the answers by article (cosp statistics options after --)."""
    cosp(session, "statistics", "--by", "article")


@nox.session(venv_backend="none")
def publish(session: nox.Session) -> None:
    """Build the published site of the default cycle, public and internal, into build/published/."""
    out = Path(os.environ.get("COSP_WORKSPACE", ROOT)) / "build" / "published"
    env = environment(session)
    for audience in ("public", "internal"):
        run(session, env, "cosp", "publish", "--audience", audience, "--out", str(out / audience),
            *session.posargs)  # fmt: skip


@nox.session(venv_backend="none")
def letters(session: nox.Session) -> None:
    """Prepare the default cycle's invitations into letters/ (cosp letters options after --)."""
    options = session.posargs or ["--kind", "invitation"]
    run(session, environment(session), "cosp", "letters", *options)


@nox.session(venv_backend="none")
def status(session: nox.Session) -> None:
    """Print where each recipient of the default cycle stands (cosp status options after --)."""
    cosp(session, "status")


DOMAINS = ("questionnaire", "intake", "letters")
POT_DATE = re.compile(r'"POT-Creation-Date: [^"]*"')
"""The gettext domains: what the workbooks, the receipts and findings, and the letters say."""


@nox.session(venv_backend="none")
def translations(session: nox.Session) -> None:
    """Extract the wording into templates/locale/*.pot, update the six .po files, check them."""
    env = environment(session)
    session.chdir(ROOT)  # locations relative to the checkout
    locale = Path("templates", "locale")
    catalogues = sorted(locale.glob("*/LC_MESSAGES/*.po"))
    dated = {path: POT_DATE.search(path.read_text(encoding="utf-8")) for path in catalogues}
    for domain in DOMAINS:
        pot = locale / f"{domain}.pot"
        run(session, env, "pybabel", "extract", "-F", str(locale / f"{domain}.cfg"),
            "-c", "TRANSLATORS:", "--add-location=file", "--sort-output", "--omit-header",
            "-o", str(pot), ".")  # fmt: skip
        run(session, env, "pybabel", "update", "-i", str(pot), "-d", str(locale), "-D", domain,
            "-w", "100", "--ignore-obsolete", "--no-fuzzy-matching")  # fmt: skip
    # pybabel writes the time of the run into every catalogue: keep the date they had, so that
    # a catalogue changes only when its messages do.
    for path, found in dated.items():
        if found is not None:
            text = path.read_text(encoding="utf-8")
            start, end = POT_DATE.search(text).span()  # type: ignore[union-attr]
            path.write_text(text[:start] + found.group(0) + text[end:], encoding="utf-8")
    run(session, env, "python", "-m", "toolkit.i18n.check")


@nox.session(venv_backend="none")
def docs(session: nox.Session) -> None:
    """Build the annotated edition as HTML into build/docs/html/ (warnings are errors)."""
    env = environment(session)
    out = ROOT / "build" / "docs" / "html"
    run(session, env, "sphinx-build", "-b", "html", "-W", "--keep-going", "-q",
        *session.posargs, "docs", str(out))  # fmt: skip
    session.log(f"wrote {out / 'index.html'}")


@nox.session(venv_backend="none")
def pdf(session: nox.Session) -> None:
    """Build the annotated edition as PDF (xelatex) into build/docs/latex/ (warnings are errors)."""
    env = environment(session)
    run(session, env, "python", "-m", "toolkit.publications.pdf", "tools")
    out = ROOT / "build" / "docs"
    env["FORCE_SOURCE_DATE"] = "1"
    run(session, env, "sphinx-build", "-M", "latexpdf", "docs", str(out), "-W", "--keep-going",
        *session.posargs)  # fmt: skip
    run(session, env, "python", "-m", "toolkit.publications.pdf", "check", str(out / "latex"))


@nox.session(venv_backend="none")
def bench(session: nox.Session) -> None:
    """Run every benchmark and print one table: figure, reference, ratio, target."""
    env = environment(session, "test")
    env.pop("COSP_WORKSPACE")
    run(session, env, "python", str(ROOT / "benchmarks" / "run.py"), *session.posargs)


@nox.session(venv_backend="none")
def wheel(session: nox.Session) -> None:
    """Build the wheel, install it in a fresh environment and run every documented command."""
    env = environment(session, "test")
    env.pop("COSP_WORKSPACE")
    run(session, env, "pytest", "-q", "-m", "slow", str(ROOT / "tests" / "test_wheel.py"))
