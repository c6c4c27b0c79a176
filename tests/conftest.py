"""Fixtures shared by the test modules: the bundled Convention, the built HTML edition and
LibreOffice's conversions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.instrument import load
from toolkit.instrument.model import Instrument

DOCS = Path(__file__).resolve().parent.parent / "docs"
"""The Sphinx project of the annotated edition."""


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
"""LibreOffice's command (CI installs it, ``.ci/run``); None where it is missing."""


def soffice_convert(
    source: Path, fmt: str, out: Path, profile: Path
) -> subprocess.CompletedProcess[str]:
    """Open ``source`` in LibreOffice headless and save it as ``fmt`` into ``out`` (a private
    profile, no dialogs, no recovery); the caller checks the result."""
    assert SOFFICE is not None, "LibreOffice is not installed"
    return subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def sphinx_build(*args: str) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build on ``args``, warnings as errors, with no build date in the output."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1732665600", "FORCE_SOURCE_DATE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *args, "-W", "--keep-going", "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(autouse=True)
def isolated_workspace(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Every test runs in a workspace of its own (COSP_WORKSPACE), never in the checkout's:
    a command a test runs without --workspace writes there."""
    root = tmp_path_factory.mktemp("workspace")
    (root / "cosp.toml").write_text('[workspace]\nname = "test"\n', encoding="utf-8")
    monkeypatch.setenv("COSP_WORKSPACE", str(root))
    return root


@pytest.fixture(scope="session")
def convention() -> Instrument:
    """The bundled Convention, parsed."""
    return load()


@pytest.fixture(scope="session")
def edition_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML edition, built once per test run (slow: seconds); tests only read it."""
    out = tmp_path_factory.mktemp("edition") / "html"
    result = sphinx_build("-b", "html", str(DOCS), str(out))
    assert result.returncode == 0, result.stderr
    return out


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (``COSP_FORBID_SKIPS=1``, set by ``.ci/run``), a skipped test fails the run: a skip
    there hides a missing tool, and a test that did not run proves nothing."""
    if os.environ.get("COSP_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        for report in skipped:
            print(f"\nskipped in CI, which counts as a failure: {report.nodeid}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def bundled_catalogues_after_each_test():
    """A command run by a test points the catalogues and names at its workspace
    (``toolkit.i18n.use_workspace``); the next test starts from the bundled ones again."""
    yield
    from toolkit.i18n import use_folders
    from toolkit.i18n.names import NAMES, use_names

    use_folders([])
    use_names(NAMES)


# -- the published site (toolkit.publications): one small review, built once per test run ----

SOURCE_DATE = "1732665600"


@pytest.fixture(scope="session")
def review_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with a small cycle answered by hand (tests/fixtures/publications/site.py):
    six States replied, Chile twice.  Slow (seconds): tests read it, or copy it to change it."""
    from fixtures.publications.site import RESUBMISSION, make_workspace, resubmit

    root = make_workspace(tmp_path_factory.mktemp("review") / "workspace")
    state, day, changes = RESUBMISSION
    resubmit(root, state, day, changes, "yes")
    return root


def publish(workspace: Path, out: Path, *options: str) -> str:
    """Run ``cosp publish`` on a workspace (no build date in the outputs); its output."""
    from fixtures.publications.site import run

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE)
        return run("--workspace", str(workspace), "publish", "--out", str(out), *options)


@pytest.fixture(scope="session")
def public_site(review_workspace: Path) -> Path:
    """The public site of the review workspace, HTML and PDF (slow: a minute)."""
    out = review_workspace / "published" / "public"
    publish(review_workspace, out, "--pdf", "-j", "2")
    return out


@pytest.fixture(scope="session")
def internal_site(review_workspace: Path) -> Path:
    """The internal site of the review workspace, HTML and PDF (slow: a minute)."""
    out = review_workspace / "published" / "internal"
    publish(review_workspace, out, "--audience", "internal", "--pdf", "-j", "2")
    return out
