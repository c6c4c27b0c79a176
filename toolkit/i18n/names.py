"""The names of the States as the United Nations writes them in each official language.

The table is curated (``toolkit/data/state_names.yaml``, a workspace's ``data/`` copy winning):
UNTERM's short names, not CLDR's.  Besides the short name a workbook's cover shows, letters
need a State's name as a complement ("Permanent Mission *of Chile*"), which each language
builds its own way: French and Spanish from the name with its article ("du Chili", "de la
Argentina", "del Perú"), Russian from the genitive ("Франции"), Arabic with the preposition
joined to the name ("لفرنسا", "للجزائر"), Chinese as the name itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from toolkit.errors import ConfigError, Location
from toolkit.i18n.catalogues import LETTERS
from toolkit.i18n.catalogues import language as active
from toolkit.resources import DATA

NAMES = DATA / "state_names.yaml"
"""The bundled table."""
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
_FRENCH_ARTICLES = ("l'", "le ", "la ", "les ")
_SPANISH_ARTICLES = ("el ", "la ", "los ", "las ")
_VOWELS = (*"AEIOUYÉÈÊÂÎÔÛÀÄËÏÖÜ", "Haï")
"""French elides "de" before these (``d'Israël``, ``d'Haïti``)."""


@dataclass(frozen=True)
class StateName:
    """A State's name in the six languages, with what a letter builds from it."""

    iso3: str
    ar: str
    zh: str
    en: str
    fr: str
    """With its article, as running text uses it (``la France``, ``Cuba``)."""
    ru: tuple[str, str]
    """Nominative and genitive (``Франция``, ``Франции``)."""
    es: str
    """With its article where Spanish uses one (``el Perú``, ``Chile``)."""

    def short(self, language: str) -> str:
        """The short name, as a list or a cover shows it (no article): ``France``, ``Perú``."""
        if language == "fr":
            return _without(self.fr, _FRENCH_ARTICLES)
        if language == "es":
            return _without(self.es, _SPANISH_ARTICLES)
        if language == "ru":
            return self.ru[0]
        return str(getattr(self, language, self.en))

    def of(self, language: str) -> str:
        """The name as the complement of a noun: ``du Chili``, ``de la France``,
        ``del Perú``, ``Франции``, ``智利``, ``لشيلي`` (in English, the name alone: the
        registry words its missions itself)."""
        if language == "fr":
            return _french_of(self.fr)
        if language == "es":
            return "del " + self.es[3:] if self.es.startswith("el ") else "de " + self.es
        if language == "ru":
            return self.ru[1]
        if language == "ar":
            return "لل" + self.ar[2:] if self.ar.startswith("ال") else "ل" + self.ar
        if language == "zh":
            return self.zh
        return self.en  # English letters use the registry's own words (State.mission)


def _without(name: str, articles: tuple[str, ...]) -> str:
    for article in articles:
        if name.startswith(article):
            return name[len(article) :]
    return name


def _french_of(name: str) -> str:
    if name.startswith("le "):
        return "du " + name[3:]
    if name.startswith("les "):
        return "des " + name[4:]
    if name.startswith(("la ", "l'")):
        return "de " + name
    return ("d'" if name.startswith(_VOWELS) else "de ") + name


class Named(Protocol):
    """What naming a State needs of it (``toolkit.registry.State``)."""

    @property
    def iso3(self) -> str: ...
    @property
    def short_name(self) -> str: ...


@dataclass(frozen=True)
class StateNames:
    """The table of names, by ISO code."""

    path: Path
    entries: Mapping[str, StateName]

    def __iter__(self) -> Iterator[StateName]:
        return iter(self.entries.values())

    def __contains__(self, iso3: object) -> bool:
        return iso3 in self.entries

    def get(self, iso3: str) -> StateName:
        """The names of one State (KeyError when the table lacks it)."""
        return self.entries[iso3.upper()]

    def short(self, state: Named, language: str) -> str:
        """A State's short name in ``language``: the registry's own in English (the registry
        is the secretariat's word there), the table's in the other languages; the registry's
        when the table lacks the State (one added to the registry, not yet to the table)."""
        entry = self.entries.get(state.iso3.upper())
        return entry.short(language) if entry and language != "en" else state.short_name


_table = NAMES


def use_names(path: Path) -> None:
    """Read the names from ``path`` from now on (a workspace's ``data/state_names.yaml``)."""
    global _table
    _table = Path(path)


def load_names(path: Path | None = None) -> StateNames:
    """The table of names (default: the workspace's, :func:`use_names`, else the bundled one),
    checked: every entry has the six languages, Russian as ``[nominative, genitive]``."""
    path = Path(path) if path is not None else _table
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: Path, stamp: int) -> StateNames:
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError.at(
            "names.invalid", Location(str(path)), "expected a mapping of ISO codes to names."
        )
    entries: dict[str, StateName] = {}
    for iso3, names in data.items():
        where = Location(str(path), key=str(iso3))
        if not isinstance(names, dict) or set(names) != set(LANGUAGES):
            raise ConfigError.at(
                "names.invalid", where, f"expected the names in {', '.join(LANGUAGES)}."
            )
        russian = names["ru"]
        if not (isinstance(russian, list) and len(russian) == 2):
            raise ConfigError.at("names.invalid", where, "expected ru: [nominative, genitive].")
        texts = [names[code] for code in ("ar", "zh", "en", "fr", "es")] + list(russian)
        if not all(isinstance(text, str) and text.strip() for text in texts):
            raise ConfigError.at("names.invalid", where, "expected every name as a text.")
        entries[str(iso3)] = StateName(
            iso3=str(iso3),
            ar=names["ar"],
            zh=names["zh"],
            en=names["en"],
            fr=names["fr"],
            ru=(russian[0], russian[1]),
            es=names["es"],
        )
    return StateNames(path, entries)


# -- the addressee of a letter ---------------------------------------------------------------

_ = LETTERS.gettext
pgettext = LETTERS.pgettext


class Mission(Protocol):
    """What a letter's addressee needs of a State (``toolkit.registry.State``)."""

    @property
    def iso3(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def formal_name(self) -> str: ...
    @property
    def mission(self) -> str: ...
    @property
    def city(self) -> str: ...


def government_in(state: Mission, language: str, names: StateNames | None = None) -> str:
    """Who a letter invites and thanks, in ``language``: the registry's formal name in English
    (``the French Republic``), else the Government of the State (``le Gouvernement de la
    France``, ``el Gobierno de Chile``, ``Правительство Франции``, ``法国政府``, ``حكومة
    فرنسا``), or the Holy See, the State of Palestine and the European Union by their names."""
    names = names or load_names()
    if language == "en" or state.iso3.upper() not in names:
        return state.formal_name
    entry = names.get(state.iso3)
    if state.kind != "member":
        if language == "ru":
            return entry.ru[0]
        return {"fr": entry.fr, "es": entry.es}.get(language) or entry.short(language)
    with active(language):
        # TRANSLATORS: "the Government of France": {of_state} is the name as a complement
        # ("de la France", "de Chile", "Франции", "法国", and in Arabic the name itself).
        text = _("the Government {of_state}")
    of_state = entry.ar if language == "ar" else entry.of(language)
    return text.format(of_state=of_state)


def mission_in(
    state: Mission, language: str, names: StateNames | None = None, *, dative: bool = False
) -> str:
    """The mission a note verbale is addressed to, in ``language``: the registry's own words in
    English, else the UN's formula of that language ("Mission permanente du Chili auprès de
    l'Organisation des Nations Unies (Vienne)"); the registry's words when the table lacks
    the State.  ``dative``: as the formulas of a note verbale address it in Russian
    ("свидетельствует свое уважение Постоянному представительству ...")."""
    names = names or load_names()
    if language == "en" or state.iso3.upper() not in names:
        return state.mission
    entry = names.get(state.iso3)
    with active(language):
        city = pgettext("city", state.city)
        if dative:
            # TRANSLATORS: the mission as the formulas of a note verbale address it ("presents
            # its compliments to ..."): the same words as the mission's name but in the
            # dative where the language declines them (Russian: Постоянному представительству).
            if state.kind == "reio":
                text = pgettext(
                    "dative",
                    "Delegation of the European Union to the International Organisations in {city}",
                )
            elif state.kind == "observer":
                text = pgettext(
                    "dative", "Permanent Observer Mission {of_state} to the United Nations ({city})"
                )
            else:
                text = pgettext(
                    "dative", "Permanent Mission {of_state} to the United Nations ({city})"
                )
        elif state.kind == "reio":
            text = _(
                "Delegation of the European Union to the International Organisations in {city}"
            )
        elif state.kind == "observer":
            text = _("Permanent Observer Mission {of_state} to the United Nations ({city})")
        else:
            text = _("Permanent Mission {of_state} to the United Nations ({city})")
        return text.format(of_state=entry.of(language), city=city)
