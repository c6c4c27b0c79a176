"""Run the toolkit's nox sessions with any Python 3.11 or newer: ``python3 noxw.py -s review``.

The nox wrapper (as gradlew is for Gradle): it installs nox (and uv, which makes environments
fast) into ``.nox/.tools`` inside the checkout, once, and runs it from there.  ``pip install
--target`` writes into that folder only, so it works with Debian's and Ubuntu's own ``python3``
(PEP 668, "externally-managed-environment") as well as with a python.org Python, and changes
nothing outside the clone.  The sessions' environment
is made with virtualenv (or uv), so Debian's ``python3-venv`` is not needed either.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".nox" / ".tools"
REQUIREMENTS = ("nox>=2025.2.9", "uv>=0.4")
MARKER = TOOLS / "requirements.txt"


def fail(message: str) -> None:
    """Stop with a message for the person who ran the command."""
    print(f"noxw: {message}", file=sys.stderr)
    raise SystemExit(2)


def install_tools() -> None:
    """Install nox and uv into ``.nox/.tools`` (once, and again when the requirements change)."""
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if MARKER.is_file() and MARKER.read_text(encoding="utf-8") == wanted:
        return
    try:
        import pip  # noqa: F401
    except ImportError:
        fail(
            "this Python has no pip, which is needed once to fetch nox. On Debian or Ubuntu: "
            "sudo apt-get install python3-pip; elsewhere: python3 -m ensurepip --user."
        )
    print(f"noxw: installing {', '.join(REQUIREMENTS)} into {TOOLS}", file=sys.stderr)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--upgrade", "--target", str(TOOLS), *REQUIREMENTS]  # fmt: skip
    if subprocess.run(command, check=False).returncode != 0:
        fail("pip could not install nox (see above); check the network and try again.")
    MARKER.write_text(wanted, encoding="utf-8")


def main() -> None:
    """Run nox with this script's arguments."""
    if sys.version_info < (3, 11):  # noqa: UP036 (this script runs before any check of ours)
        fail(f"the toolkit needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    install_tools()
    sys.path.insert(0, str(TOOLS))
    scripts = TOOLS / ("Scripts" if os.name == "nt" else "bin")
    os.environ["PATH"] = f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"
    os.chdir(ROOT)
    from nox.__main__ import main as nox

    sys.argv = ["nox", *sys.argv[1:]]
    nox()


if __name__ == "__main__":
    main()
