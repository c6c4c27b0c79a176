"""The gettext catalogues and the language active while a text is written.

Catalogues are the ``.po`` files under ``templates/locale/<lang>/LC_MESSAGES/<domain>.po``, one
per domain (what one audience reads) and language:

- ``questionnaire``: the workbook (cover, instructions, headings, the answer, needs and consent
  vocabularies, dropdown prompts and errors, progress labels, the questions' wording);
- ``intake``: the receipts and the findings a focal point reads;
- ``letters``: the notes verbales.

They are read as ``.po`` (compiled in memory by Babel; fuzzy entries left out), so that the
secretariat's corrected catalogue is used as soon as it is saved: the workspace's
``templates/locale/`` comes first (:func:`toolkit.i18n.use_workspace`), then the bundled one,
entry by entry (a message the workspace's file lacks is taken from the bundled file).

The language is a context variable: :func:`language` activates one for a block of work (a
workbook being written, a received workbook being checked in the sandboxed worker, a receipt
being printed), and every :class:`Domain`'s ``gettext`` answers in it.  Messages are marked
with the usual names so that ``pybabel extract`` finds them::

    from toolkit.i18n import INTAKE
    _ = INTAKE.gettext
    message = _("The answer {answer} to question {id} is not one of the answers.").format(...)

The template is translated first and formatted after, never the other way round.
"""

from __future__ import annotations

import gettext
import io
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit.resources import TEMPLATES

BUNDLED = TEMPLATES / "locale"
"""The catalogues bundled with the toolkit."""
DOMAINS = ("questionnaire", "intake", "letters")
"""The catalogues' domains (one ``.po`` file each per language)."""

_active: ContextVar[str] = ContextVar("cosp_language", default="en")
_folders: tuple[Path, ...] = (BUNDLED,)


def use_folders(folders: Iterable[Path]) -> None:
    """Look for catalogues in these ``locale`` folders, in this order, then in the bundled one."""
    global _folders
    found = [Path(folder) for folder in folders]
    if BUNDLED not in found:
        found.append(BUNDLED)
    _folders = tuple(dict.fromkeys(found))


def folders() -> tuple[Path, ...]:
    """The ``locale`` folders searched, the first one winning."""
    return _folders


def catalogue_path(folder: Path, domain: str, language: str) -> Path:
    """Where a domain's catalogue for one language is: ``<lang>/LC_MESSAGES/<domain>.po``."""
    return folder / language / "LC_MESSAGES" / f"{domain}.po"


@contextmanager
def language(code: str) -> Iterator[str]:
    """Write in the language ``code`` inside the block (the previous one after it)."""
    token = _active.set(code)
    try:
        yield code
    finally:
        _active.reset(token)


def active_language() -> str:
    """The language texts are written in now (``en`` unless a block chose another)."""
    return _active.get()


def translations(domain: str, code: str) -> gettext.NullTranslations:
    """The messages of a domain in a language: the first folder's catalogue, falling back to
    the next folders' entry by entry, then to the English msgid."""
    return translations_in(domain, code, _folders)


def translations_in(domain: str, code: str, where: Iterable[Path]) -> gettext.NullTranslations:
    """As :func:`translations`, from these ``locale`` folders (the bundled one last)."""
    found = [Path(folder) for folder in where]
    if BUNDLED not in found:
        found.append(BUNDLED)
    chain = tuple(dict.fromkeys(found))
    return _chain(domain, code, chain, tuple(_stamp(f, domain, code) for f in chain))


def catalogue_file(domain: str, code: str) -> Path | None:
    """The catalogue of a domain in a language that wins (the first folder's), or None."""
    for folder in _folders:
        path = catalogue_path(folder, domain, code)
        if path.is_file():
            return path
    return None


def _stamp(folder: Path, domain: str, code: str) -> int | None:
    try:
        return catalogue_path(folder, domain, code).stat().st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=64)
def _chain(
    domain: str, code: str, where: tuple[Path, ...], stamps: tuple[int | None, ...]
) -> gettext.NullTranslations:
    # Fresh objects per chain: a fallback is set by mutating the translations it extends.
    found = [
        gettext.GNUTranslations(io.BytesIO(_compiled(catalogue_path(folder, domain, code), stamp)))
        for folder, stamp in zip(where, stamps, strict=True)
        if stamp is not None
    ]
    if not found:
        return gettext.NullTranslations()
    for first, then in itertools.pairwise(found):
        first.add_fallback(then)
    return found[0]


@lru_cache(maxsize=64)
def _compiled(path: Path, stamp: int) -> bytes:
    """A ``.po`` file compiled in memory to ``.mo`` bytes (fuzzy entries are left out, as msgfmt
    does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        catalog = read_po(stream, abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


class Domain:
    """The messages of one domain, answered in the active language."""

    def __init__(self, name: str) -> None:
        if name not in DOMAINS:
            raise ValueError(f"unknown domain {name!r}")
        self.name = name

    def translations(self, code: str | None = None) -> gettext.NullTranslations:
        """The domain's messages in ``code`` (default: the active language)."""
        return translations(self.name, code or active_language())

    def knows(self, context: str | None, message: str, code: str) -> bool:
        """Whether a catalogue of ``code`` translates the message (of ``context``)."""
        key = message if context is None else f"{context}\x04{message}"
        node: Any = self.translations(code)
        while node is not None:
            if key in getattr(node, "_catalog", {}):
                return True
            node = getattr(node, "_fallback", None)
        return False

    def gettext(self, message: str) -> str:
        """``message`` in the active language."""
        return self.translations().gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` of ``context`` in the active language."""
        return self.translations().pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for ``n`` in the active language."""
        return self.translations().ngettext(singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` of a message with a context, in the active language."""
        return self.translations().npgettext(context, singular, plural, n)

    def __repr__(self) -> str:
        return f"Domain({self.name!r})"


QUESTIONNAIRE = Domain("questionnaire")
INTAKE = Domain("intake")
LETTERS = Domain("letters")
