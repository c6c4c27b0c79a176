"""The instrument a Sphinx project renders, with what the renderers look up in it.

The ``prov_instrument`` setting names the instrument: ``None`` for the bundled Convention, a
path to another instrument text, or an :class:`~toolkit.instrument.model.Instrument` built in
code (tests, tools; it is used as it is, so build it through ``toolkit.instrument.derive``).
``prov_overrides`` names the overrides file applied to a text: ``"default"`` (the bundled
file, for the bundled Convention only), a path, or ``None`` for none.
:func:`instrument_source` loads the instrument once per process and derives the lookups every
directive needs: the terms defined in the "Use of terms" article and the provisions that refer
to each provision ("referred to by").
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.instrument import BUNDLED, OverridesChoice, chosen_overrides, load, self_kind
from toolkit.instrument.model import Instrument
from toolkit.sphinxext.terms import DefinedTerm, defined_terms, term_pattern

if TYPE_CHECKING:
    from sphinx.config import Config


@dataclass(frozen=True)
class InstrumentSource:
    """An instrument with its data files and the lookups derived from it."""

    instrument: Instrument
    dependencies: tuple[Path, ...]
    """Files the rendered pages depend on (rebuilt by Sphinx when one changes)."""
    terms: tuple[DefinedTerm, ...]
    """Terms defined in the instrument's "Use of terms" article, longest first."""
    referred_by: dict[str, tuple[str, ...]] = field(repr=False)
    """Provision ID -> IDs of the provisions whose words refer to it, in document order."""
    term_pattern: re.Pattern[str] | None = field(repr=False, default=None)
    """One expression matching any defined term (:func:`~toolkit.sphinxext.terms.term_pattern`)."""
    term_lookup: dict[str, DefinedTerm] = field(repr=False, default_factory=dict)
    """Each defined term by its words (lower case)."""
    self_kind: str = "Convention"
    """How the instrument names itself ("Convention", "Protocol"): "of this Convention"."""

    def article_of(self, provision_id: str) -> int:
        """The article number a provision belongs to."""
        return self.instrument.get(provision_id).article

    def referrers_of_article(self, article: int) -> tuple[str, ...]:
        """Provisions of other articles referring to this article or anything inside it."""
        inside = {str(article)} | {p.id for p in self.instrument.descendants(str(article))}
        found: set[str] = set()
        for target in inside:
            found.update(
                source
                for source in self.referred_by.get(target, ())
                if self.article_of(source) != article
            )
        return tuple(p.id for p in self.instrument.provisions if p.id in found)


def build_source(instrument: Instrument, dependencies: tuple[Path, ...] = ()) -> InstrumentSource:
    """Derive the lookups of an instrument."""
    referred_by: dict[str, list[str]] = defaultdict(list)
    for provision in instrument.provisions:
        for target in provision.references:
            if target in instrument and provision.id not in referred_by[target]:
                referred_by[target].append(provision.id)
    terms = defined_terms(instrument)
    return InstrumentSource(
        instrument=instrument,
        dependencies=dependencies,
        terms=terms,
        referred_by={key: tuple(value) for key, value in referred_by.items()},
        term_pattern=term_pattern(terms),
        term_lookup={t.term: t for t in terms},
        self_kind=self_kind(instrument),
    )


_CACHE: dict[object, InstrumentSource] = {}
_OBJECTS: list[tuple[Instrument, InstrumentSource]] = []
DEFAULT_OVERRIDES_SETTING = "default"
"""``prov_overrides = "default"``: the bundled overrides, for the bundled Convention only."""


def overrides_setting(config: Config) -> OverridesChoice:
    """What ``prov_overrides`` asks for, as :func:`toolkit.instrument.load` takes it."""
    setting = getattr(config, "prov_overrides", DEFAULT_OVERRIDES_SETTING)
    if setting == DEFAULT_OVERRIDES_SETTING:
        return BUNDLED
    return None if setting is None else Path(os.fspath(setting))


def _dependencies_of(
    instrument: Instrument, path: Path | None, overrides: OverridesChoice = BUNDLED
) -> tuple[Path, ...]:
    """The source text and the overrides file applied to it (if any)."""
    candidate = (path or Path(instrument.source)).resolve()
    if not candidate.is_file():
        return ()
    chosen = chosen_overrides(candidate, overrides)
    return (candidate,) if chosen is None else (candidate, chosen)


def instrument_source(config: Config) -> InstrumentSource:
    """The instrument named by ``config.prov_instrument`` (with the overrides of
    ``config.prov_overrides``), loaded once per process."""
    setting = config.prov_instrument
    if isinstance(setting, Instrument):
        for known, source in _OBJECTS:
            if known is setting:
                return source
        source = build_source(setting, _dependencies_of(setting, None))
        _OBJECTS.append((setting, source))
        return source
    path = None if setting is None else Path(os.fspath(setting))
    overrides = overrides_setting(config)
    key = (str(path), str(overrides))
    if key not in _CACHE:
        instrument = load(path, overrides)
        _CACHE[key] = build_source(instrument, _dependencies_of(instrument, path, overrides))
    return _CACHE[key]
