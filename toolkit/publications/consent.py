"""What a build may show of each State: the one place where consent is applied.

The cover of every workbook asks whether the State's answers may be published (stored as the
consent's key):

- ``yes``: the public site shows the whole country report;
- ``summary`` ("Only the summary"): the summary by chapter and article and the answers, with
  the needs chosen from the questionnaire's list, without any text the State wrote
  (legislation cited, examples, challenges, steps and timeframe planned, assistance already
  received, comments; a need written in the State's own words, which stores of template
  version 1 may hold, is such a text too);
- ``no``, or nothing: the State appears only in the list of the States that replied.

The internal site shows everything, and only it shows the focal point and the people and
institutions consulted.  Consent is applied *before* anything is written: the data files of a
public build (:mod:`toolkit.publications.records`), from which every page, search index, PDF
and download of the build is made, never receive a text the State did not agree to publish.
Aggregate statistics count every responding State whatever its consent: they show numbers,
never words.
"""

from __future__ import annotations

from typing import Literal

from toolkit.intake.store import Answer
from toolkit.publications.labels import answer_label, is_need, listed_needs, need_label
from toolkit.publications.records import FREE_TEXT, ResponseRecord
from toolkit.statistics import AnswerKey, Publication, Reply

Audience = Literal["public", "internal"]
AUDIENCES: tuple[Audience, ...] = ("public", "internal")  # as cosp publish --audience offers


def publication(reply: Reply, audience: Audience) -> Publication:
    """What the build shows of a State: ``full``, ``summary`` or ``none`` (internal: full)."""
    return "full" if audience == "internal" else reply.publication


def disclosed(
    answer: Answer, kind: str, category: AnswerKey | None, shown: Publication
) -> ResponseRecord:
    """A stored response to a question of ``kind`` as a page of this publication may show it
    (``category``: what the statistics count the answer as)."""
    keys = listed_needs(answer.needs)
    record: ResponseRecord = {
        "id": answer.id,
        "answer": answer.answer,
        "answer_label": answer_label(kind, answer.answer),
        "category": category,
        "legislation": answer.legislation,
        "examples": answer.examples,
        "challenges": answer.challenges,
        "steps": answer.steps,
        "needs": [{"key": key, "label": need_label(key)} for key in keys or ()],
        "own_need": answer.needs if keys is None else None,
        "assistance": answer.assistance,
        "comments": answer.comments,
    }
    if shown != "full":
        for name in FREE_TEXT:
            record[name] = None  # type: ignore[literal-required]
        record["own_need"] = None
    return record


def public_need(need: str, audience: Audience) -> bool:
    """Whether a need may be named in the statistics of this build (in public: a category of
    the list, never a State's own words)."""
    return audience == "internal" or is_need(need)
