"""A Babel extractor for the YAML files whose texts are translated: wording, vocabulary, cycles.

``pybabel extract`` calls :func:`extract_yaml` for the files its mapping file names (see
``templates/locale/questionnaire.cfg``).  Every text becomes a message whose **context** is its
key path without list positions (``cover.instructions``, ``questions.optional``), so that the
same English words in two places are translated apart, and inserting an instruction does not
shift the others' contexts.  The kind of file is an option of the mapping:

- ``wording`` (``templates/questions.yaml``): every text but ``language``;
- ``vocabulary`` (``toolkit/data/vocabulary.yaml``): the ``label`` of each entry of the lists a
  workbook shows, with the list's context (``answer.optional``, ``need``, ``consent``,
  ``column``, ``outcome``) as :mod:`toolkit.vocabulary` looks them up;
- ``cycle`` (a review cycle file): its ``title``, context ``cycle.title``;
- ``registry`` (the States registry): each city of a mission once, context ``city``.

The template loader finds translations by the same rule (:func:`wording_context`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

TEMPLATE_NOTES = {
    "questions": "Jinja2 template: keep {{ citation }}, {{ Citation }}, {{ title }} and {{ id }} "
    "as they are (the citation is already in the workbook's language; the title is the "
    "article's English title).",
    "validation.answer.prompt_title": "At most 32 characters (Excel's limit).",
    "validation.answer.error_title": "At most 32 characters (Excel's limit).",
    "validation.needs.prompt_title": "At most 32 characters (Excel's limit).",
    "validation.needs.error_title": "At most 32 characters (Excel's limit).",
    "validation.consent.prompt_title": "At most 32 characters (Excel's limit).",
    "validation.consent.error_title": "At most 32 characters (Excel's limit).",
    "validation": "At most 255 characters (Excel's limit).",
    "column": "A column heading of the chapter sheets: keep it short.",
    "answer": "An answer in a dropdown list: no ? or * (spreadsheet formulas count by it).",
}
SKIPPED = frozenset({"language"})
"""Keys of the wording file that are not texts to translate."""


def wording_context(parts: tuple[str | int, ...]) -> str:
    """The context of a text of the wording file at this key path (list positions left out)."""
    return ".".join(str(part) for part in parts if not isinstance(part, int))


def _note(context: str) -> list[str]:
    for prefix in sorted(TEMPLATE_NOTES, key=len, reverse=True):
        if context == prefix or context.startswith(prefix + "."):
            return [TEMPLATE_NOTES[prefix]]
    return []


def extract_yaml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, str]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel's extractor interface: ``(line, "pgettext", (context, text), comments)``."""
    encoding = options.get("encoding", "utf-8")
    root = yaml.compose(fileobj.read().decode(encoding))
    kind = options.get("kind", "wording")
    if root is None:
        return
    if kind == "wording":
        yield from _wording(root, ())
    elif kind == "vocabulary":
        yield from _vocabulary(root)
    elif kind == "cycle":
        for key, value in _pairs(root):
            if key == "title" and isinstance(value, yaml.ScalarNode):
                yield value.start_mark.line + 1, "pgettext", ("cycle.title", value.value), []
    elif kind == "registry":
        seen: set[str] = set()
        for entry in root.value if isinstance(root, yaml.SequenceNode) else ():
            for key, value in _pairs(entry):
                city = value.value if isinstance(value, yaml.ScalarNode) else None
                if key == "city" and city and city not in seen:
                    seen.add(city)
                    yield value.start_mark.line + 1, "pgettext", ("city", city), []
    else:
        raise ValueError(
            f"unknown kind of YAML file {kind!r} (wording, vocabulary, cycle, registry)"
        )


def _pairs(node: yaml.Node) -> Iterator[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield str(key.value), value


def _wording(
    node: yaml.Node, parts: tuple[str | int, ...]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in _pairs(node):
            if parts or key not in SKIPPED:
                yield from _wording(value, (*parts, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _wording(item, (*parts, index))
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        context = wording_context(parts)
        text = _scalar_text(node)
        yield node.start_mark.line + 1, "pgettext", (context, text), _note(context)


def _scalar_text(node: yaml.ScalarNode) -> str:
    # The loader's value (folded ">-" blocks joined, quotes undone), stripped as the template
    # loader strips it, so that the msgid is exactly the text looked up.
    return str(yaml.safe_load(yaml.serialize(node))).strip()


def _vocabulary(root: yaml.Node) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    lists: list[tuple[str, yaml.Node]] = []
    for key, value in _pairs(root):
        if key == "answers":
            lists += [(f"answer.{kind}", items) for kind, items in _pairs(value)]
        elif key in ("needs", "consent", "columns", "outcomes"):
            lists.append(({"needs": "need", "columns": "column"}.get(key, key.rstrip("s")), value))
    for context, items in lists:
        if not isinstance(items, yaml.SequenceNode):
            continue
        for item in items.value:
            for name, value in _pairs(item):
                if name == "label" and isinstance(value, yaml.ScalarNode):
                    note = _note(context.split(".")[0])
                    yield value.start_mark.line + 1, "pgettext", (context, value.value), note
