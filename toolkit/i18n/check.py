"""Are the catalogues complete?  Every message of every domain translated in the six languages.

``python -m toolkit.i18n.check [LOCALE_FOLDER]`` reads each domain's template
(``templates/locale/<domain>.pot``, what ``pybabel extract`` wrote) and each language's
catalogue, and reports, naming the file and the message: a catalogue missing, a message
missing, untranslated or fuzzy, a plural form missing, a placeholder lost or invented
(``{id}``, ``{{ Citation }}``, Excel's ``&P``), a catalogue that does not compile.  It exits
with 1 when anything is reported.  The tests run it on the bundled catalogues; run it on a
workspace's ``templates/locale`` after correcting a translation.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from toolkit.i18n.catalogues import BUNDLED, DOMAINS, catalogue_path

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
_PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}|\{\w*\}|&[PNA]|%\(\w+\)s")
_TAG = re.compile(r"</?(?:b|i|note|p|list|item)>")
"""The letter markup's inline tags (``<b>``, ``<note>``...): a translation keeps each."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue."""

    file: Path
    message: str
    """The message concerned (its context and the start of its msgid), or empty."""
    what: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.message}: " if self.message else f"{self.file}: "
        return where + self.what


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted: ``{id}``, ``{{citation}}``, ``&P``
    (``{{ Citation }}`` and ``{{ citation }}`` are one: a language may start a sentence
    differently)."""
    found = (re.sub(r"\s+", "", p) for p in _PLACEHOLDER.findall(text))
    return sorted(p.lower() if p.startswith("{{") else p for p in found)


def _name(message: Message) -> str:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    start = msgid if len(msgid) <= 50 else msgid[:47] + "..."
    return f"[{message.context}] {start!r}" if message.context else repr(start)


def _read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, abort_invalid=True)


def check_catalogue(template: Catalog, path: Path, language: str) -> Iterator[Problem]:
    """The problems of one language's catalogue against its domain's template."""
    if not path.is_file():
        yield Problem(path, "", "the catalogue is missing")
        return
    try:
        catalogue = _read(path)
        write_mo(io.BytesIO(), catalogue)
    except Exception as error:  # any reason a catalogue cannot be used
        yield Problem(path, "", f"the catalogue cannot be read or compiled ({error})")
        return
    if catalogue.fuzzy:
        yield Problem(path, "", "the header is fuzzy: its Plural-Forms would be ignored")
    expected_forms = catalogue.num_plurals  # as its Plural-Forms header says (CLDR's count)
    for wanted in template:
        if not wanted.id:
            continue
        found = catalogue.get(wanted.id, wanted.context)
        name = _name(wanted)
        if found is None:
            yield Problem(path, name, "missing (update the catalogue from the template)")
            continue
        if found.fuzzy:
            yield Problem(path, name, "fuzzy: its translation must be checked")
        strings: list[str] = [
            s or ""
            for s in (found.string if isinstance(found.string, tuple | list) else [found.string])
        ]
        if not all(strings) or (found.pluralizable and len(strings) != expected_forms):
            yield Problem(path, name, f"untranslated (expected {len(strings)} form(s) filled)")
            continue
        sources: list[str] = list(wanted.id) if isinstance(wanted.id, tuple | list) else [wanted.id]
        given = {p for source in sources for p in placeholders(source)}
        for string in strings:
            invented = [p for p in placeholders(string) if p not in given]
            # A letter's sentence may leave a value out (Russian builds some otherwise: the
            # addressee is the State); a plural's singular may say "one"; no other may.
            may_omit = wanted.pluralizable or "%(" in sources[0]
            lost = [p for p in placeholders(sources[0]) if p not in placeholders(string)]
            if invented:
                yield Problem(path, name, f"placeholders {invented} not in the message")
            elif lost and not may_omit:
                yield Problem(
                    path,
                    name,
                    f"placeholders {placeholders(string)} instead of {placeholders(sources[0])}",
                )
            if sorted(_TAG.findall(string)) != sorted(_TAG.findall(sources[-1])):
                yield Problem(path, name, "the markup tags (<b>, <i>, <note>) are not all kept")
    known = {(m.id, m.context) for m in template if m.id}
    for message in catalogue:
        if message.id and (message.id, message.context) not in known:
            yield Problem(path, _name(message), "obsolete: the template no longer has it")


def check(folder: Path = BUNDLED) -> list[Problem]:
    """Every problem of the catalogues under ``folder`` (a ``locale`` folder with the templates
    ``<domain>.pot``; a workspace's folder is checked against the bundled templates)."""
    problems: list[Problem] = []
    for domain in DOMAINS:
        pot = folder / f"{domain}.pot"
        if not pot.is_file():
            pot = BUNDLED / f"{domain}.pot"
        template = _read(pot)
        for language in LANGUAGES:
            path = catalogue_path(folder, domain, language)
            if folder != BUNDLED and not path.is_file():
                continue  # a workspace corrects the catalogues it holds; the others are bundled
            problems += check_catalogue(template, path, language)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Report the problems of the catalogues of a locale folder (default: the bundled one)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else BUNDLED
    problems = check(folder)
    for problem in problems:
        print(problem)
    count = sum(1 for _ in DOMAINS) * len(LANGUAGES)
    print(f"{folder}: {len(problems)} problem(s) in the catalogues ({count} expected)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
