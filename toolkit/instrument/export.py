"""The provision catalogue as records: JSON, CSV or YAML, one record per provision.

This is the stable interface other tools script against (``cosp provisions``): the field
names and their meaning do not change without a new major version of the toolkit; fields are
added, never renamed or removed.  ``elements`` are the provision's modal elements (words,
obligation, addressee, part, start, end); in CSV they read "shall adopt: mandatory (States
Parties)", booleans "true" or "false".
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml

from toolkit.instrument.citation import cite
from toolkit.instrument.model import Element, Instrument, Provision

FIELDS = (
    "id",
    "eid",
    "article",
    "kind",
    "chapter",
    "title",
    "label",
    "parent",
    "citation",
    "text",
    "wrap_up",
    "obligation",
    "obligation_source",
    "override_reason",
    "flags",
    "qualifiers",
    "addressee",
    "references",
    "notes",
    "line",
    "reviewed",
    "reviewed_reason",
    "elements",
    "question_level",
    "asked",
    "question_kind",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A spreadsheet cell value that no spreadsheet program evaluates as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def record(instrument: Instrument, provision: Provision) -> dict[str, Any]:
    """The catalogue record of one provision (notes in full on articles)."""
    return {
        "id": provision.id,
        "eid": provision.eid,
        "article": provision.article,
        "kind": provision.kind,
        "chapter": provision.chapter,
        "title": provision.title,
        "label": provision.label,
        "parent": provision.parent,
        "citation": cite(provision.id),
        "text": provision.text,
        "wrap_up": provision.wrap_up,
        "obligation": provision.obligation.value,
        "obligation_source": provision.obligation_source,
        "override_reason": provision.override_reason,
        "flags": [flag.value for flag in provision.flags],
        "qualifiers": list(provision.qualifiers),
        "addressee": provision.addressee,
        "references": list(provision.references),
        "notes": [
            {"number": note.number, "heading": note.heading, "text": note.text}
            for note in instrument.notes
            if note.number in provision.notes
        ],
        "line": provision.line,
        "reviewed": provision.reviewed,
        "reviewed_reason": provision.reviewed_reason,
        "elements": [element_record(e) for e in provision.elements],
        "question_level": provision.question_level,
        "asked": provision.asked,
        "question_kind": provision.question_kind,
    }


def element_record(element: Element) -> dict[str, Any]:
    """One modal element as a record."""
    return {
        "words": element.words,
        "obligation": element.obligation.value,
        "addressee": element.addressee,
        "part": element.part,
        "start": element.start,
        "end": element.end,
    }


def _element_cell(item: dict[str, Any]) -> str:
    return f"{item['words']}: {item['obligation']} ({item['addressee'] or 'no one'})"


def context(instrument: Instrument, provision_id: str) -> dict[str, Any]:
    """One provision with its context: article, ancestors, children, full text, back-links."""
    provision = instrument.get(provision_id)
    ancestors: list[dict[str, Any]] = []
    parent = provision.parent
    while parent:
        ancestors.insert(0, record(instrument, instrument.get(parent)))
        parent = instrument.get(parent).parent
    return {
        **record(instrument, provision),
        "context": {
            "article_title": instrument.get(str(provision.article)).title,
            "ancestors": ancestors,
            "children": [record(instrument, instrument.get(c)) for c in provision.children],
            "full_text": instrument.full_text(provision.id),
            "referred_to_by": [p.id for p in instrument.provisions if provision.id in p.references],
        },
    }


def to_json(records: list[dict[str, Any]] | dict[str, Any]) -> str:
    """JSON text, UTF-8 characters kept, stable key order."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_yaml(records: list[dict[str, Any]] | dict[str, Any]) -> str:
    """YAML text (block style, keys in record order)."""
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)


def to_csv(records: list[dict[str, Any]]) -> str:
    """CSV text: lists joined with "; ", notes by number, cells neutralised against formulas."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for item in records:
        row = {}
        for name in FIELDS:
            value = item[name]
            if name == "notes":
                value = "; ".join(str(note["number"]) for note in value)
            elif name == "elements":
                value = "; ".join(_element_cell(element) for element in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, list):
                value = "; ".join(value)
            elif value is None:
                value = ""
            row[name] = neutralise(str(value))
        writer.writerow(row)
    return out.getvalue()
