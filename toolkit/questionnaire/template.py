"""The questionnaire's editable wording (``templates/questions.yaml``), loaded and checked.

Everything a focal point reads in a workbook, apart from the Convention's own text, comes
from this file: the question per kind, the cover's instructions, the dropdown lists and the
messages of the data validations. A mistake in the file is a :class:`ConfigError` naming
the file, the key and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn, get_args

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from toolkit.datafile import parse
from toolkit.errors import ConfigError, Location
from toolkit.instrument.model import QuestionKind
from toolkit.questionnaire.layout import (
    ANSWERS,
    COLUMNS,
    MAX_CELL_CHARS,
    MAX_VALIDATION_MESSAGE,
    MAX_VALIDATION_TITLE,
    PROGRESS_WIDTHS,
)
from toolkit.resources import TEMPLATES

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
    "consent",
)
"""Keys of the cover's labels (``cover.labels`` in the template)."""
_SAMPLE = {
    "citation": "article 11, paragraph 1 (a)",
    "Citation": "Article 11, paragraph 1 (a)",
    "title": "Misuse of devices",
    "id": "11.1.a",
}


@dataclass(frozen=True)
class Messages:
    """The input and error messages of one dropdown."""

    prompt_title: str
    prompt: str
    error_title: str
    error: str


@dataclass(frozen=True)
class Template:
    """The wording of the questionnaire, as the secretariat wrote it."""

    path: Path
    language: str
    questions: dict[str, str]
    """Jinja2 source of the question per kind (:data:`QUESTION_KINDS`)."""
    answers: tuple[str, ...]
    needs: tuple[str, ...]
    """Technical-assistance categories of the Needs dropdown."""
    consent: tuple[str, ...]
    """Options of the publication-consent dropdown on the cover."""
    column_notes: dict[str, str]
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
    progress_title: str
    progress_note: str
    progress_headings: tuple[str, ...]
    """The ten column headings of the Progress sheet."""

    def question(self, kind: str, **values: str) -> str:
        """The wording of a question of this kind for one provision."""
        return _compile(self.path, kind, self.questions[kind]).render(**values).strip()


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


def translation_path(base: Path, language: str) -> Path:
    """The wording in another language: ``questions.fr.yaml`` beside ``questions.yaml``."""
    return base.with_name(f"{base.stem}.{language}{base.suffix}")


def load_translations(base: Path | None, languages: Iterable[str]) -> dict[str, Template]:
    """The wordings that exist for these languages, beside the base template, by language.

    A language without a translated file is simply absent: its States get the base wording.
    """
    base = Path(base) if base is not None else DEFAULT_TEMPLATE
    found = {}
    for language in languages:
        path = translation_path(base, language)
        if path.is_file():
            template = load_template(path)
            if template.language != language:
                raise ConfigError.at(
                    "template.invalid",
                    Location(str(path), key="language"),
                    f"expected language: {language} (the language in the file name).",
                )
            found[language] = template
    return found


def load_template(path: Path | None = None) -> Template:
    """Read and check the wording file (default: ``templates/questions.yaml``)."""
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
        reader.fail("", "a mapping with the keys questions, answers, needs, consent, cover")
    questions: dict[str, str] = {kind: reader.text(f"questions.{kind}") for kind in QUESTION_KINDS}
    template = Template(
        path=path,
        language=reader.text("language"),
        questions=questions,
        answers=reader.strings("answers"),
        needs=reader.strings("needs"),
        consent=reader.strings("consent"),
        column_notes={name: reader.text(f"columns.{name}") for name in COLUMNS},
        validation={name: reader.messages(f"validation.{name}") for name in VALIDATED_LISTS},
        cover_title=reader.text("cover.title"),
        cover_subtitle=reader.text("cover.subtitle"),
        master_state=reader.text("cover.master_state"),
        cover_labels={key: reader.text(f"cover.labels.{key}") for key in COVER_LABELS},
        instructions=reader.strings("cover.instructions"),
        focal_point=reader.strings("cover.focal_point"),
        progress_title=reader.text("progress.title"),
        progress_note=reader.text("progress.note"),
        progress_headings=reader.strings("progress.headings"),
    )
    if len(template.progress_headings) != len(PROGRESS_WIDTHS):
        reader.fail("progress.headings", f"{len(PROGRESS_WIDTHS)} headings, one per column")
    if template.answers != ANSWERS:
        reader.fail("answers", f"exactly {list(ANSWERS)} (intake reads this vocabulary)")
    for kind in QUESTION_KINDS:
        try:
            wording = template.question(kind, **_SAMPLE)
        except TemplateError as error:
            reader.fail(f"questions.{kind}", f"a wording using only known placeholders ({error})")
        if len(wording) > MAX_CELL_CHARS:
            reader.fail(f"questions.{kind}", f"at most {MAX_CELL_CHARS} characters")
    return template


class _Reader:
    """Typed access to the YAML mapping; every failure names the file and the key."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, key: str, expected: str) -> NoReturn:
        raise ConfigError.at(
            "template.invalid",
            Location(str(self.path), key=key or None),
            f"expected {expected}.",
            "Correct the questionnaire template (templates/questions.yaml).",
        )

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                self.fail(key, "this key to be present")
            node = node[part]
        return node

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "a non-empty text")
        return value.strip()

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
        return items

    def messages(self, key: str) -> Messages:
        titles = {"prompt_title", "error_title"}
        values: dict[str, str] = {}
        for name in ("prompt_title", "prompt", "error_title", "error"):
            value = self.text(f"{key}.{name}")
            limit = MAX_VALIDATION_TITLE if name in titles else MAX_VALIDATION_MESSAGE
            if len(value) > limit:
                self.fail(f"{key}.{name}", f"at most {limit} characters (Excel's limit)")
            values[name] = value
        return Messages(**values)
