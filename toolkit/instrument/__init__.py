"""The treaty model: an instrument's text parsed, classified and cross-referenced.

``load()`` runs the pipeline: read the source (``source``), split it into blocks (``blocks``),
parse the provisions (``parser``), classify their obligations (``obligations``) and resolve
their cross-references (``references``).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

from toolkit.instrument.model import Instrument
from toolkit.instrument.obligations import classify, load_overrides
from toolkit.instrument.parser import parse
from toolkit.instrument.references import find_references
from toolkit.instrument.source import read_source
from toolkit.resources import CONVENTION as DEFAULT_SOURCE
from toolkit.resources import OVERRIDES as DEFAULT_OVERRIDES

__all__ = [
    "DEFAULT_OVERRIDES",
    "Instrument",
    "load",
    "overrides_for",
    "resolve_references",
    "self_kind",
]


def overrides_for(source: Path) -> Path | None:
    """The overrides file that applies to a source text: the curated one, to the bundled text only.

    Another instrument is classified by the rules alone; so is the bundled text when the
    overrides file is missing.
    """
    if source.resolve() == DEFAULT_SOURCE.resolve() and DEFAULT_OVERRIDES.is_file():
        return DEFAULT_OVERRIDES.resolve()
    return None


def self_kind(instrument: Instrument) -> str:
    """How the instrument names itself in its own text ("Convention" or "Protocol")."""
    return "Protocol" if "protocol" in instrument.title.lower().split(";")[0] else "Convention"


def resolve_references(instrument: Instrument) -> Instrument:
    """The instrument with each provision's ``references`` set from its own words."""
    ids = {p.id for p in instrument.provisions}
    kind = self_kind(instrument)
    provisions = tuple(
        dataclasses.replace(
            p,
            references=tuple(
                dict.fromkeys(
                    target
                    for ref in find_references(p.own_text, ids, p.id, kind)
                    for target in ref.targets
                )
            ),
        )
        for p in instrument.provisions
    )
    return dataclasses.replace(instrument, provisions=provisions, _index={})


def _attach_notes(instrument: Instrument) -> Instrument:
    provisions = tuple(
        dataclasses.replace(p, notes=tuple(n.number for n in instrument.notes_for(p.article)))
        if p.kind == "article"
        else p
        for p in instrument.provisions
    )
    return dataclasses.replace(instrument, provisions=provisions, _index={})


def build(source: Path, overrides: Path | None = DEFAULT_OVERRIDES) -> Instrument:
    """Run the whole pipeline on a source file (overrides apply to the bundled Convention)."""
    instrument = parse(read_source(source))
    rules = load_overrides(overrides) if overrides is not None and overrides.exists() else ()
    return _attach_notes(resolve_references(classify(instrument, rules)))


@lru_cache(maxsize=8)
def _cached(source: Path, overrides: Path | None) -> Instrument:
    return build(source, overrides)


def load(source: Path | str | None = None) -> Instrument:
    """The parsed instrument: the bundled Convention by default, or another text of its layout.

    The curated overrides apply to the bundled Convention only: another instrument is
    classified by the rules alone.
    """
    path = Path(source).resolve() if source is not None else DEFAULT_SOURCE
    return _cached(path, overrides_for(path))
