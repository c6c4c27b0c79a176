"""Where the toolkit finds its bundled data and editable templates."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"
"""Data bundled with the package (the Convention text, registry, default cycle)."""
ROOT = PACKAGE.parent
"""The project checkout (the package is installed editable, as nox and the README do)."""
TEMPLATES = ROOT / "templates"
"""Editable wording (questions, letters) that the secretariat maintains."""
DEFAULT_SOURCE = DATA / "convention.txt"
"""The bundled Convention: report A/79/460 with the resolution, the Convention and its notes."""
