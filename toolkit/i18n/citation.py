"""Provision IDs cited in each official language, as a heading names them.

``cite_in("11.1.a", "fr") == "article 11, paragraphe 1 a)"``.  Subparagraph letters and clause
numerals stay those of the English text (``a)``, ``(ii)``): the only text of the Convention the
workbooks reproduce is the English one, so a citation points at the labels the reader sees
beside it (:mod:`toolkit.i18n` and docs/CONTRACTS.md, "the treaty text stays authentic").
"""

from __future__ import annotations

from toolkit.instrument.citation import cite


def cite_in(provision_id: str, language: str) -> str:
    """The citation of a provision ID in ``language`` (English: :func:`toolkit.instrument.
    citation.cite`); lower case where the language has case."""
    if language not in _FORMS:
        return cite(provision_id)
    article, *rest = provision_id.split(".")
    paragraph = rest.pop(0) if rest and rest[0].isdigit() else None
    return _FORMS[language](article, paragraph, tuple(rest))


def capitalised(citation: str) -> str:
    """The citation at the start of a sentence (``Article 11, ...``)."""
    return citation[:1].upper() + citation[1:]


def _french(article: str, paragraph: str | None, labels: tuple[str, ...]) -> str:
    text = f"article {article}" + (f", paragraphe {paragraph}" if paragraph else "")
    return text + "".join(f" {label})" for label in labels)


def _spanish(article: str, paragraph: str | None, labels: tuple[str, ...]) -> str:
    text = f"artículo {article}" + (f", párrafo {paragraph}" if paragraph else "")
    return text + "".join(f" {label})" for label in labels)


def _russian(article: str, paragraph: str | None, labels: tuple[str, ...]) -> str:
    text = f"статья {article}" + (f", пункт {paragraph}" if paragraph else "")
    return text + "".join(f" ({label})" for label in labels)


def _chinese(article: str, paragraph: str | None, labels: tuple[str, ...]) -> str:
    text = f"第{article}条" + (f"第{paragraph}款" if paragraph else "")
    units = ("项", "目", "分目")
    return text + "".join(
        f"({label}){units[min(n, len(units) - 1)]}" for n, label in enumerate(labels)
    )


def _arabic(article: str, paragraph: str | None, labels: tuple[str, ...]) -> str:
    text = f"المادة {article}" + (f"، الفقرة {paragraph}" if paragraph else "")
    return text + "".join(f" ({label})" for label in labels)


_FORMS = {"fr": _french, "es": _spanish, "ru": _russian, "zh": _chinese, "ar": _arabic}
