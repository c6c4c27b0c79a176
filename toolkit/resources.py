"""The files the toolkit ships with: its bundled data and the editable templates.

Everything the toolkit reads at run time is package data, found through
:mod:`importlib.resources`, so an installed wheel works from any folder.  The repository keeps
the wording where the secretariat looks for it, in the top-level ``templates/`` folder; the
wheel maps that folder into the package as ``toolkit/templates`` (``pyproject.toml``), and an
editable checkout, which has no such folder inside the package, reads the top-level one: the
same files either way.  pip installs packages unzipped, so each resource is a real file.

These are the defaults.  A workspace (:mod:`toolkit.workspace`) may hold its own copy of any of
them, which then wins.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("toolkit")))
"""The installed package's folder."""
DATA = PACKAGE / "data"
"""Data bundled with the package: the Convention text, the registry, the default cycle."""
CYCLES = DATA / "cycles"
"""The bundled review cycles."""
CONVENTION = DATA / "convention.txt"
"""The bundled Convention: report A/79/460 with the resolution, the Convention and its notes."""
REGISTRY = DATA / "states.yaml"
"""The bundled States registry."""
OVERRIDES = DATA / "obligation_overrides.yaml"
"""The curated corrections of the obligation rules for the bundled Convention."""


def _templates() -> Path:
    packaged = PACKAGE / "templates"
    if packaged.is_dir():
        return packaged
    return PACKAGE.parent / "templates"  # an editable checkout: the repository's own folder


TEMPLATES = _templates()
"""The bundled wording (questionnaire, letters) and its translations."""
