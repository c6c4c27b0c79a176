"""What a package offers, imported when first used (PEP 562).

A package such as :mod:`toolkit.intake` names its main classes and functions at its top so
that callers write ``from toolkit.intake import Store``; importing them all there would load
what each needs (openpyxl for the workbook reader) whenever any module of the package is
imported, even by a command that only reads the store.  ``__getattr__ = lazy_exports(...)``
imports each name's module when the name is first asked for.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: each name of ``homes`` (name -> the package's module
    that defines it) from its module, imported on first use and kept in the package."""

    def __getattr__(name: str) -> Any:
        try:
            home = homes[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
