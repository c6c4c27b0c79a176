"""The letter templates: Jinja2, escaped, strict, translatable.

Templates live in ``templates/letters/`` (bundled; a workspace's ``templates/letters/`` is
searched first, file by file, so the secretariat can replace one kind or the base layout):
``base.xml.jinja`` (the layout every note verbale shares) and one template per kind
(``invitation.xml.jinja``, ``reminder.xml.jinja``, ``acknowledgement.xml.jinja``) extending it.
They write the letter markup of :mod:`toolkit.correspondence.document`.  A language may have
its own templates in ``templates/letters/<lang>/`` (used before the common ones), for a layout
its formulas need.

* **Escaping** is Jinja2's autoescape: every value is escaped for the markup, whatever its
  source (registry, cycle, store, a State's file name), so no value ever becomes markup, and
  the writers then escape every text for LaTeX and Word.  A ``finalize`` hook makes controls
  and bidi overrides in values visible (``[U+202E]``, :func:`~.document.visible`) and refuses
  ``None``.  Templates never escape by hand.
* **Strictness**: a field the letter needs that has no value is not in the context at all, so
  using it raises :class:`FieldMissing` naming the field (``state.email``); the letter is
  stopped and the others go on.  Optional blocks are tested with ``{% if address %}``.
* **Translation**: the English wording is marked with ``{% trans %}`` (Jinja2's i18n extension,
  white space trimmed, new-style gettext); the catalogue of a language is
  ``templates/letters/locale/<lang>/LC_MESSAGES/letters.mo``, and English (the msgids) needs
  none.  The ``date`` filter writes a date as the United Nations does in the letter's language.
* **Sandboxed**: templates run in Jinja2's immutable sandbox.
"""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from jinja2 import FileSystemLoader, StrictUndefined, Undefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from toolkit.correspondence.document import LetterDocument, parse_letter, visible
from toolkit.correspondence.languages import style_of

FOLDER = "letters"
"""The letters' folder inside each template folder."""
SUFFIX = ".xml.jinja"
DOMAIN = "letters"
"""The gettext domain of the letters' catalogues."""


class FieldMissing(UndefinedError):
    """A template used a field the letter has no value for."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(f"the letter needs {field}, which has no value")


class Fields:
    """A group of named values for the templates (``state.mission``); values that are None or
    empty are left out, so that using one raises :class:`FieldMissing` with its full name,
    except the ``optional`` ones, which a template tests before using."""

    def __init__(self, name: str, values: Mapping[str, Any], optional: Sequence[str] = ()) -> None:
        self._name = name
        self._values = {
            k: v for k, v in values.items() if k in optional or (v is not None and v != "")
        }
        """The values given; an ``optional`` one is kept when None, for ``{% if %}`` tests."""

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __repr__(self) -> str:
        return f"<fields {self._name}>"

    @property
    def field_name(self) -> str:
        """The group's name in messages (``state``)."""
        return self._name


class _Missing(StrictUndefined):
    """StrictUndefined that says which field is missing, with its group (``cycle.office``)."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        owner = self._undefined_obj
        name = str(self._undefined_name)
        raise FieldMissing(f"{owner.field_name}.{name}" if isinstance(owner, Fields) else name)


# Undefined binds every failing operation (str, iteration, comparison, arithmetic...) to its
# own function at class creation: bind them to the subclass's, which names the field.
for _operation, _value in {**vars(Undefined), **vars(StrictUndefined)}.items():
    if _value is Undefined._fail_with_undefined_error:
        setattr(_Missing, _operation, _Missing._fail_with_undefined_error)


def _finalize(value: Any) -> Any:
    """Every value printed: None refused, controls made visible, markup kept as markup."""
    if value is None:
        raise FieldMissing("a value the template prints (it is None)")
    if isinstance(value, Markup):  # the text of a {% trans %} block, its values escaped
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


def template_paths(folders: Sequence[Path], language: str) -> list[str]:
    """Where letter templates are looked for: per folder, the language's own, then the common."""
    return [str(folder / FOLDER / sub) for sub in (language, "") for folder in folders]


def catalogue(folders: Sequence[Path], language: str) -> gettext.NullTranslations | None:
    """The compiled catalogue of a language in the first folder that has one (None if none)."""
    for folder in folders:
        found = gettext.find(DOMAIN, str(folder / FOLDER / "locale"), [language])
        if found:
            with open(found, "rb") as stream:
                return gettext.GNUTranslations(stream)
    return None


def available_languages(folders: Sequence[Path]) -> frozenset[str]:
    """English, and every language with a catalogue or its own templates in a folder."""
    found = {"en"}
    for folder in folders:
        letters = folder / FOLDER
        for code in ("ar", "zh", "fr", "ru", "es"):
            if (letters / code).is_dir() or catalogue([folder], code) is not None:
                found.add(code)
    return frozenset(found)


def templates_digest(folders: Sequence[Path]) -> str:
    """SHA-256 of every file of the letters' templates and catalogues in the folders, so that
    letters made from other wording are never taken for current."""
    hasher = hashlib.sha256()
    for folder in folders:
        for path in sorted((folder / FOLDER).rglob("*")):
            if path.is_file():
                hasher.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def environment(folders: Sequence[Path], language: str) -> ImmutableSandboxedEnvironment:
    """The Jinja2 environment for letters in ``language`` (see the module)."""
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(template_paths(folders, language)),
        autoescape=True,
        undefined=_Missing,
        finalize=_finalize,
        extensions=["jinja2.ext.i18n"],
        # White space is not significant in the markup (runs of it are one space), so the
        # line breaks around tags are kept: sentences written on lines of their own stay
        # apart ("questions. The Secretariat").
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    translations = catalogue(folders, language) if language != "en" else None
    env.install_gettext_translations(  # type: ignore[attr-defined]
        translations or gettext.NullTranslations(), newstyle=True
    )
    env.filters["date"] = style_of(language).date
    return env


def render(
    env: ImmutableSandboxedEnvironment, kind: str, context: Mapping[str, Any]
) -> LetterDocument:
    """The letter of one kind with this context, read into a document.

    :class:`FieldMissing` when the template uses a field without a value; template errors
    (jinja2's own) and :class:`~.document.MarkupError` are the template's fault.
    """
    markup = env.get_template(f"{kind}{SUFFIX}").render(context)
    return parse_letter(markup)
