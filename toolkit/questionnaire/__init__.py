"""Article 57 self-assessment questionnaires: xlsx workbooks generated from the obligations.

``questions`` turns a cycle's provisions into questions worded from ``templates/questions.yaml``;
``workbook`` assembles a workbook from its sheets (``cover``, ``chapters``, ``progress``,
``metadata``) as reproducible bytes; ``generate`` writes a cycle's master and per-State files.
``lock`` records a cycle's question set as issued (``<cycle>.questions.json``) and ``issue``
holds every later run to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.exports import lazy_exports

if TYPE_CHECKING:
    from toolkit.questionnaire.layout import TEMPLATE_VERSION
    from toolkit.questionnaire.metadata import metadata_checksum
    from toolkit.questionnaire.questions import (
        Question,
        Questionnaire,
        build_questions,
        prepare,
        question_set_hash,
    )
    from toolkit.questionnaire.template import Template, load_template

__all__ = [
    "TEMPLATE_VERSION",
    "Question",
    "Questionnaire",
    "Template",
    "build_questions",
    "load_template",
    "metadata_checksum",
    "prepare",
    "question_set_hash",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "TEMPLATE_VERSION": "layout",
        "metadata_checksum": "metadata",
        "Question": "questions",
        "Questionnaire": "questions",
        "build_questions": "questions",
        "prepare": "questions",
        "question_set_hash": "questions",
        "Template": "template",
        "load_template": "template",
    },
)
