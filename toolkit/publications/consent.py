"""What a build may show of each State: the one place where consent is applied.

The cover of every workbook asks whether the State's answers may be published:

- ``Yes``: the public site shows the whole country report;
- ``Only the summary``: the summary by chapter and article and the answers, without any text
  the State wrote (legislation cited, examples, challenges, comments; a need written outside
  the questionnaire's list is such a text too);
- ``No``, or nothing: the State appears only in the list of the States that replied.

The internal site shows everything.  Consent is applied *before* anything is written: the data
files of a public build (:mod:`toolkit.publications.records`), from which every page, search
index, PDF and download of the build is made, never receive a text the State did not agree to
publish.  Aggregate statistics count every responding State whatever its consent: they show
numbers, never words.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from toolkit.publications.records import FREE_TEXT, ResponseRecord
from toolkit.statistics import Publication, Reply, Response, need_key

Audience = Literal["public", "internal"]
AUDIENCES: tuple[Audience, ...] = ("public", "internal")  # as cosp publish --audience offers


def publication(reply: Reply, audience: Audience) -> Publication:
    """What the build shows of a State: ``full``, ``summary`` or ``none`` (internal: full)."""
    return "full" if audience == "internal" else reply.publication


def listed_need(value: str | None, needs: Collection[str]) -> str | None:
    """The need as chosen when it is one of the questionnaire's categories (else None)."""
    key = need_key(value)
    return key if key is not None and key in needs else None


def disclosed(response: Response, shown: Publication, needs: Collection[str]) -> ResponseRecord:
    """A response as a page of this publication may show it (``needs``: the categories)."""
    record: ResponseRecord = {
        "id": response.id,
        "answer": response.answer,
        "legislation": response.legislation,
        "examples": response.examples,
        "challenges": response.challenges,
        "needs": response.needs,
        "comments": response.comments,
    }
    if shown != "full":
        for name in FREE_TEXT:
            record[name] = None  # type: ignore[literal-required]
        record["needs"] = listed_need(response.needs, needs)
    return record


def public_need(need: str, needs: Collection[str], audience: Audience) -> bool:
    """Whether a need may be named in the statistics of this build (in public: a category)."""
    return audience == "internal" or need in needs
