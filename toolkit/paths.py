"""Old names of the bundled files (kept while the tests move to :mod:`toolkit.resources`)."""

from __future__ import annotations

from toolkit.resources import CONVENTION as DEFAULT_SOURCE
from toolkit.resources import DATA, PACKAGE, TEMPLATES

ROOT = PACKAGE.parent
"""The folder holding the package (the repository, in a checkout)."""

__all__ = ["DATA", "DEFAULT_SOURCE", "ROOT", "TEMPLATES"]
