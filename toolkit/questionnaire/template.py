"""The questionnaire's editable wording (``templates/questions.yaml``), loaded, translated, checked.

Everything a focal point reads in a workbook, apart from the Convention's own text, comes
from this file (in English) and the questionnaire catalogue (every other language, and English
wording the workspace corrects): the question per kind, the cover's instructions, the column
notes and the messages of the data validations; the vocabularies (answers, needs, consent,
headings) come from :mod:`toolkit.vocabulary`, translated the same way.  A mistake in the file
is a :class:`ConfigError` naming the file, the key and what was expected; a translation that
breaks a rule (a title longer than Excel allows, a placeholder lost) names the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn, get_args

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from toolkit.datafile import parse
from toolkit.errors import ConfigError, Location
from toolkit.i18n import LANGUAGES, QUESTIONNAIRE, language_info
from toolkit.i18n import language as active_language
from toolkit.i18n.catalogues import catalogue_file
from toolkit.i18n.citation import capitalised, cite_in
from toolkit.i18n.extract import wording_context
from toolkit.instrument.model import QuestionKind
from toolkit.questionnaire.layout import (
    COLUMNS,
    MAX_CELL_CHARS,
    MAX_VALIDATION_MESSAGE,
    MAX_VALIDATION_TITLE,
)
from toolkit.resources import TEMPLATES
from toolkit.vocabulary import KINDS, LIST_CONTEXTS, issued_labels

DEFAULT_TEMPLATE = TEMPLATES / "questions.yaml"
QUESTION_KINDS: tuple[QuestionKind, ...] = get_args(QuestionKind)
"""Kinds of question, each with its own wording."""
VALIDATED_LISTS: tuple[str, ...] = ("answer", "needs", "consent")
COVER_LABELS: tuple[str, ...] = (
    "state",
    "cycle",
    "deadline",
    "reference",
    "contact",
    "instrument",
    "questions",
    "instructions",
    "focal_point",
    "consulted",
    "consent",
)
"""Keys of the cover's labels (``cover.labels`` in the template)."""
PROGRESS_HEADINGS: tuple[str, ...] = (
    "chapter",
    "title",
    "questions",
    "answered",
    "uncited",
    "percent",
)
"""Keys of the Progress headings the template words (the outcomes are the vocabulary's)."""
PLACEHOLDERS = ("citation", "Citation", "title", "id")
"""What a question's wording may use."""
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _names(text: str) -> set[str]:
    """The placeholders of a wording; ``Citation`` and ``citation`` are one (a language may
    start its sentence otherwise)."""
    return {name.casefold() for name in _PLACEHOLDER.findall(text)}


assert tuple(QUESTION_KINDS) == KINDS


@dataclass(frozen=True)
class Messages:
    """The input and error messages of one dropdown."""

    prompt_title: str
    prompt: str
    error_title: str
    error: str


@dataclass(frozen=True)
class Template:
    """The wording of the questionnaire in one language, as the secretariat wrote it."""

    path: Path
    language: str
    """The language of this wording (``fr``): the catalogue it was translated with."""
    questions: dict[str, str]
    """Jinja2 source of the question per kind (:data:`QUESTION_KINDS`)."""
    column_notes: dict[str, str]
    """The note above each column heading, by column key."""
    validation: dict[str, Messages]
    cover_title: str
    cover_subtitle: str
    master_state: str
    """What the State cell of the blank master says."""
    cover_labels: dict[str, str]
    """The cover's labels by key (:data:`COVER_LABELS`)."""
    instructions: tuple[str, ...]
    focal_point: tuple[str, ...]
    """Labels of the focal point's contact cells."""
    consulted_note: str
    """What the cell of the people and institutions consulted asks for."""
    authentic_text: str
    """The note that only the English text of the Convention is reproduced (not shown in an
    English workbook)."""
    progress_title: str
    progress_note: str
    progress_headings: dict[str, str]
    """The Progress headings by key (:data:`PROGRESS_HEADINGS`)."""
    labels: dict[str, str] = field(default_factory=dict)
    """The vocabularies in this language, by ``<context>.<key>`` (:func:`toolkit.vocabulary.
    issued_labels`): what the workbook offers and what the lock records."""
    untranslated: tuple[str, ...] = ()
    """Keys of the texts the catalogue does not translate (shown in English)."""

    def question(self, kind: str, **values: str) -> str:
        """The wording of a question of this kind for one provision."""
        return _compile(self.path, kind, self.questions[kind]).render(**values).strip()

    def question_for(self, kind: str, provision_id: str, title: str) -> str:
        """The question of this kind on one provision, cited in this wording's language."""
        citation = cite_in(provision_id, self.language)
        return self.question(
            kind, citation=citation, Citation=capitalised(citation), title=title, id=provision_id
        )

    def answers(self, kind: str) -> tuple[str, ...]:
        """The labels of the answers to a question of this kind, in dropdown order."""
        return self._list(f"answer.{kind}")

    @property
    def needs(self) -> tuple[str, ...]:
        """The labels of the technical-assistance needs, in dropdown order."""
        return self._list("need")

    @property
    def consent(self) -> tuple[str, ...]:
        """The labels of the consent options, in dropdown order."""
        return self._list("consent")

    def heading(self, column: str) -> str:
        """The heading of a column (by its key: ``answer``)."""
        return self.labels[f"column.{column}"]

    def outcome(self, outcome: str) -> str:
        """Progress's name of an outcome (``gap``)."""
        return self.labels[f"outcome.{outcome}"]

    def label(self, context: str, key: str) -> str:
        """The label of a vocabulary entry (``answer.optional``, ``not_used``)."""
        return self.labels[f"{context}.{key}"]

    def _list(self, context: str) -> tuple[str, ...]:
        return tuple(self.labels[f"{context}.{term.key}"] for term in LIST_CONTEXTS[context])

    @property
    def direction(self) -> str:
        """``rtl`` for Arabic, else ``ltr``."""
        return language_info(self.language).direction if self.language in LANGUAGES else "ltr"


@lru_cache(maxsize=64)
def _compile(path: Path, kind: str, source: str):
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    try:
        return env.from_string(source)
    except TemplateError as error:
        raise ConfigError.at(
            "template.syntax",
            Location(str(path), key=f"questions.{kind}"),
            f"the wording is not a valid template ({error}).",
            "Use {{ citation }}, {{ Citation }}, {{ title }} or {{ id }} as placeholders.",
        ) from None


def load_translations(base: Path | None, languages: Iterable[str]) -> dict[str, Template]:
    """The wording in each of these languages that has a questionnaire catalogue (the
    workspace's or the bundled one, :func:`toolkit.i18n.use_workspace`), by language.

    A language without a catalogue is absent: its States get the base wording.
    """
    base = Path(base) if base is not None else DEFAULT_TEMPLATE
    found = {}
    for code in languages:
        if catalogue_file(QUESTIONNAIRE.name, code) is not None:
            found[code] = load_template(base, code)
    return found


def load_template(path: Path | None = None, language: str | None = None) -> Template:
    """Read and check the wording file (default: ``templates/questions.yaml``), translated into
    ``language`` by the questionnaire catalogue (default: the file's own language)."""
    path = Path(path) if path is not None else DEFAULT_TEMPLATE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError.at(
            "template.not-found",
            Location(str(path)),
            "the questionnaire template does not exist.",
            "Check the path given to --template.",
        ) from None
    except IsADirectoryError:
        raise ConfigError.at(
            "template.unreadable",
            Location(str(path)),
            "this is a folder, not the questionnaire template.",
            "Give the path of the template file (a copy of templates/questions.yaml).",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise ConfigError.at(
            "template.unreadable",
            Location(str(path)),
            f"the file cannot be read ({reason}).",
            "Save it as UTF-8 text.",
        ) from None
    document = parse(path, text, "template.unreadable", plain_text=False)
    data = document.data
    for repeated, line in document.duplicates:
        key = ".".join(str(part) for part in repeated)
        raise ConfigError.at(
            "template.duplicate-key",
            Location(str(path), line=line, key=key),
            f"the key {key!r} is written twice (only the last one would be used).",
            "Keep one of the two.",
        )
    reader = _Reader(path, data if isinstance(data, dict) else {})
    if not isinstance(data, dict):
        reader.fail("", "a mapping with the keys questions, columns, validation, cover, progress")
    code = language or data.get("language") or "en"
    if code not in LANGUAGES:
        reader.fail("language", f"one of the UN language codes ({', '.join(LANGUAGES)})")
    reader.language = code
    with active_language(code):
        template = Template(
            path=path,
            language=code,
            questions={kind: reader.text(f"questions.{kind}") for kind in QUESTION_KINDS},
            column_notes={name: reader.text(f"columns.{name}") for name in COLUMNS},
            validation={name: reader.messages(f"validation.{name}") for name in VALIDATED_LISTS},
            cover_title=reader.text("cover.title"),
            cover_subtitle=reader.text("cover.subtitle"),
            master_state=reader.text("cover.master_state"),
            cover_labels={key: reader.text(f"cover.labels.{key}") for key in COVER_LABELS},
            instructions=reader.strings("cover.instructions"),
            focal_point=reader.strings("cover.focal_point"),
            consulted_note=reader.text("cover.consulted_note"),
            authentic_text=reader.text("cover.authentic_text"),
            progress_title=reader.text("progress.title"),
            progress_note=reader.text("progress.note"),
            progress_headings={
                key: reader.text(f"progress.headings.{key}") for key in PROGRESS_HEADINGS
            },
            labels=issued_labels(code),
        )
    if len(template.focal_point) != 5:
        reader.fail("cover.focal_point", "five labels (name, title, institution, e-mail, phone)")
    for kind in QUESTION_KINDS:
        try:
            wording = template.question_for(kind, "11.1.a", "Misuse of devices")
        except TemplateError as error:
            reader.fail(f"questions.{kind}", f"a wording using only known placeholders ({error})")
        if len(wording) > MAX_CELL_CHARS:
            reader.fail(f"questions.{kind}", f"at most {MAX_CELL_CHARS} characters")
    _check_labels(template, reader)
    return replace_untranslated(template, reader.untranslated)


def replace_untranslated(template: Template, untranslated: Iterable[str]) -> Template:
    """The template noting which of its texts fell back to English."""
    from dataclasses import replace

    return replace(template, untranslated=tuple(dict.fromkeys(untranslated)))


def _check_labels(template: Template, reader: _Reader) -> None:
    """Labels a spreadsheet can count by: none repeated within a list, no wildcard, and one
    label never meaning two outcomes (Progress counts a label once)."""
    from toolkit.vocabulary import VOCABULARY

    meaning: dict[str, str] = {}
    for context, terms in LIST_CONTEXTS.items():
        labels = [template.labels[f"{context}.{t.key}"] for t in terms]
        where = f"msgctxt {context}"
        if len({x.casefold() for x in labels}) != len(labels):
            reader.fail_label(where, "labels that differ from each other within the list")
        if context.startswith("answer."):
            kind = context.split(".", 1)[1]
            for term, text in zip(VOCABULARY.answers[kind], labels, strict=True):
                if any(c in text for c in "?*~") or text.startswith(("=", "<", ">")):
                    reader.fail_label(where, f"an answer without ? * ~ or a leading = < > ({text})")
                seen = meaning.setdefault(text.casefold(), f"{term.outcome}/{term.cites}")
                if seen != f"{term.outcome}/{term.cites}":
                    reader.fail_label(where, f"{text!r} not meaning two different outcomes")


class _Reader:
    """Typed access to the YAML mapping, translated; every failure names the file and the key."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.language = "en"
        self.untranslated: list[str] = []

    def fail(self, key: str, expected: str) -> NoReturn:
        raise ConfigError.at(
            "template.invalid",
            Location(str(self.path), key=key or None),
            f"expected {expected}.",
            "Correct the questionnaire template (templates/questions.yaml).",
        )

    def fail_label(self, key: str, expected: str) -> NoReturn:
        """A rule broken by a translation: the error names the catalogue."""
        catalogue = catalogue_file(QUESTIONNAIRE.name, self.language)
        raise ConfigError.at(
            "template.translation",
            Location(str(catalogue or self.path), key=key),
            f"the {language_info(self.language).name} wording breaks a rule: expected {expected}.",
            "Correct the translation in the questionnaire catalogue.",
        )

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                self.fail(key, "this key to be present")
            node = node[part]
        return node

    def raw_text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "a non-empty text")
        return value.strip()

    def translated(self, key: str, english: str) -> str:
        """The text of ``key`` in the reader's language (English when not translated)."""
        context = wording_context(tuple(key.split(".")))
        text = QUESTIONNAIRE.pgettext(context, english).strip()
        if self.language != "en" and not QUESTIONNAIRE.knows(context, english, self.language):
            self.untranslated.append(key)
        if not text:
            return english
        if key.startswith("questions.") and _names(text) != _names(english):
            self.fail_label(
                f"msgctxt {context}",
                f"the placeholders {sorted(_names(english))}, not {sorted(_names(text))}",
            )
        return text

    def text(self, key: str) -> str:
        return self.translated(key, self.raw_text(key))

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            self.fail(key, "a non-empty list of texts")
        items = tuple(item.strip() for item in value)
        if len(set(items)) != len(items):
            self.fail(key, "a list without repeated entries")
        return tuple(self.translated(key, item) for item in items)

    def messages(self, key: str) -> Messages:
        titles = {"prompt_title", "error_title"}
        values: dict[str, str] = {}
        for name in ("prompt_title", "prompt", "error_title", "error"):
            english = self.raw_text(f"{key}.{name}")
            limit = MAX_VALIDATION_TITLE if name in titles else MAX_VALIDATION_MESSAGE
            if len(english) > limit:
                self.fail(f"{key}.{name}", f"at most {limit} characters (Excel's limit)")
            value = self.translated(f"{key}.{name}", english)
            if len(value) > limit:
                context = wording_context(tuple(f"{key}.{name}".split(".")))
                self.fail_label(f"msgctxt {context}", f"at most {limit} characters (Excel)")
            values[name] = value
        return Messages(**values)
