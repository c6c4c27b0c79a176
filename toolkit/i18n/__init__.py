"""The six official languages of the United Nations: what the toolkit writes in each of them.

States receive their workbooks, receipts and letters in their language of correspondence (the
registry's ``language``) when the review cycle lists it, in English otherwise.  This package
holds everything that depends on the language and is not a stage's own business:

- :mod:`toolkit.i18n.catalogues`: the gettext catalogues (``templates/locale/<lang>/LC_MESSAGES/
  <domain>.po``, the workspace's copy winning), the language active in the current context and
  the ``gettext`` functions of each domain (:data:`QUESTIONNAIRE`, :data:`INTAKE`,
  :data:`LETTERS`);
- :mod:`toolkit.i18n.dates`: dates and numbers as the United Nations writes them;
- :mod:`toolkit.i18n.names`: the UN short names of the States in the six languages;
- :mod:`toolkit.i18n.citation`: provision IDs cited in each language ("article 11, paragraphe 1,
  alinéa a)");
- :mod:`toolkit.i18n.extract`: the Babel extractor of the YAML wording files.

The language rule, decided here and nowhere else: :func:`language_for`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from toolkit.i18n.catalogues import (
    INTAKE,
    LETTERS,
    QUESTIONNAIRE,
    Domain,
    active_language,
    language,
    use_folders,
)

Direction = Literal["ltr", "rtl"]
BASE = "en"
"""The language every text is written in first (the msgids) and the fallback of every State
whose language the cycle does not list."""


@dataclass(frozen=True)
class Language:
    """One official language, and how the toolkit writes in it."""

    code: str
    """ISO 639-1 code, as the registry and the cycle write it (``fr``)."""
    name: str
    """Its English name (``French``), for messages to the secretariat."""
    native: str
    """Its name in itself (``français``), for messages to the States."""
    direction: Direction
    """``rtl`` for Arabic: sheets and paragraphs run right to left."""
    sheet_font: str
    """The font a workbook's text is set in (one Excel on Windows has, covering the script;
    LibreOffice substitutes one with the same coverage)."""


LANGUAGES: dict[str, Language] = {
    item.code: item
    for item in (
        Language("ar", "Arabic", "العربية", "rtl", "Arial"),
        Language("zh", "Chinese", "中文", "ltr", "Microsoft YaHei"),
        Language("en", "English", "English", "ltr", "Calibri"),
        Language("fr", "French", "français", "ltr", "Calibri"),
        Language("ru", "Russian", "русский", "ltr", "Calibri"),
        Language("es", "Spanish", "español", "ltr", "Calibri"),
    )
}
"""The six official languages, in the UN's order (Arabic, Chinese, English, French, Russian,
Spanish)."""


def language_info(code: str) -> Language:
    """The language of this code (KeyError naming it and the six codes otherwise)."""
    try:
        return LANGUAGES[code]
    except KeyError:
        raise KeyError(f"{code!r} is not an official language ({', '.join(LANGUAGES)})") from None


class Workspace(Protocol):
    """What :func:`use_workspace` needs of a workspace (``toolkit.workspace.Workspace``)."""

    def template_folders(self) -> tuple[Path, ...]: ...
    def data_file(self, name: str) -> Path: ...


def use_workspace(workspace: Workspace) -> None:
    """Write with the workspace's own catalogues (``templates/locale``) and names
    (``data/state_names.yaml``) where it has them, the bundled ones otherwise."""
    from toolkit.i18n.names import NAMES, use_names

    use_folders(folder / "locale" for folder in workspace.template_folders())
    use_names(workspace.data_file(NAMES.name))


class Addressee(Protocol):
    """What the language rule needs of a State (``toolkit.registry.State``)."""

    @property
    def iso3(self) -> str: ...
    @property
    def language(self) -> str: ...


def language_for(state_language: str, cycle_languages: Iterable[str]) -> str:
    """The language a State receives a cycle's documents in: its own when the cycle lists
    it, else English (:data:`BASE`)."""
    return state_language if state_language in set(cycle_languages) else BASE


def in_english_instead(
    states: Sequence[Addressee], cycle_languages: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """The States that get English although their language is another, by that language
    (what a command warns about, naming them)."""
    listed = set(cycle_languages)
    found: dict[str, list[str]] = {}
    for state in states:
        if state.language != BASE and state.language not in listed:
            found.setdefault(state.language, []).append(state.iso3)
    return {code: tuple(codes) for code, codes in sorted(found.items())}


__all__ = [
    "BASE",
    "INTAKE",
    "LANGUAGES",
    "LETTERS",
    "QUESTIONNAIRE",
    "Domain",
    "Language",
    "active_language",
    "in_english_instead",
    "language",
    "language_for",
    "language_info",
    "use_folders",
    "use_workspace",
]
