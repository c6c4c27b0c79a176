"""The treaty model: an instrument's text parsed, classified, assessed and cross-referenced.

``load()`` runs the pipeline: read the source (``source``), split it into blocks (``blocks``),
parse the provisions (``parser``), read their modal elements and classify their obligations
(``modals``, ``obligations``), apply the curated corrections (``overrides``), decide what the
review asks about and at which level (``review``) and record their cross-references
(``references``).  ``summary`` counts the result for the publications.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Final

from toolkit.instrument.model import Instrument
from toolkit.instrument.obligations import classify
from toolkit.instrument.overrides import (
    Override,
    apply_overrides,
    load_overrides,
    reviewed_by_override,
)
from toolkit.instrument.parser import parse
from toolkit.instrument.references import resolve_references, self_kind
from toolkit.instrument.review import assess
from toolkit.instrument.source import read_source
from toolkit.resources import CONVENTION as DEFAULT_SOURCE
from toolkit.resources import OVERRIDES as DEFAULT_OVERRIDES

__all__ = [
    "BUNDLED",
    "DEFAULT_OVERRIDES",
    "Instrument",
    "build",
    "derive",
    "load",
    "overrides_for",
    "resolve_references",
    "self_kind",
]


class _Bundled(Enum):
    BUNDLED = "bundled"


BUNDLED: Final = _Bundled.BUNDLED
"""``load(overrides=BUNDLED)`` (the default): the curated overrides, for the bundled
Convention only."""

OverridesChoice = Path | str | None | _Bundled
"""An overrides file, None for none, or :data:`BUNDLED`."""


def overrides_for(source: Path) -> Path | None:
    """The overrides file that applies to a source text: the curated one, to the bundled text only.

    Another instrument is classified by the rules alone; so is the bundled text when the
    overrides file is missing.
    """
    if source.resolve() == DEFAULT_SOURCE.resolve() and DEFAULT_OVERRIDES.is_file():
        return DEFAULT_OVERRIDES.resolve()
    return None


def chosen_overrides(source: Path, overrides: OverridesChoice) -> Path | None:
    """The overrides file ``load(source, overrides)`` reads (None for the rules alone)."""
    if overrides is BUNDLED:
        return overrides_for(source)
    if overrides is None:
        return None
    return Path(overrides).resolve()


def _attach_notes(instrument: Instrument) -> Instrument:
    provisions = tuple(
        dataclasses.replace(p, notes=tuple(n.number for n in instrument.notes_for(p.article)))
        if p.kind == "article"
        else p
        for p in instrument.provisions
    )
    return dataclasses.replace(instrument, provisions=provisions, _index={})


def derive(instrument: Instrument, overrides: tuple[Override, ...] = ()) -> Instrument:
    """The stages after classification: what is reviewed and asked at which level, the
    cross-references and the notes of each article.

    An instrument built in code with its obligations set (tests, tools) goes through this to
    get everything else the model holds.
    """
    reviewed = reviewed_by_override(instrument, overrides) if overrides else {}
    return _attach_notes(resolve_references(assess(instrument, reviewed)))


def build(source: Path, overrides: Path | None = None) -> Instrument:
    """Run the whole pipeline on a source file, with the corrections of ``overrides``."""
    instrument = parse(read_source(source))
    corrections = load_overrides(overrides) if overrides is not None else ()
    classified = classify(instrument)
    if corrections:
        classified = apply_overrides(classified, corrections)
    return derive(classified, corrections)


@lru_cache(maxsize=8)
def _cached(source: Path, overrides: Path | None) -> Instrument:
    return build(source, overrides)


def load(source: Path | str | None = None, overrides: OverridesChoice = BUNDLED) -> Instrument:
    """The parsed instrument: the bundled Convention by default, or another text of its layout.

    ``overrides`` is the file of curated corrections to apply: by default (:data:`BUNDLED`)
    the bundled one, to the bundled Convention only (another instrument is classified by the
    rules alone); a path for another file; None for none.  Loaded once per (source, overrides).
    """
    path = Path(source).resolve() if source is not None else DEFAULT_SOURCE
    return _cached(path, chosen_overrides(path, overrides))
