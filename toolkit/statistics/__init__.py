"""Statistics of a review cycle: exact counts over every State's current accepted submission.

The API the publications and ``cosp statistics`` share.  Pure functions over plain frozen
records, no output of their own::

    from toolkit import statistics
    from toolkit.cycle import load_cycle
    from toolkit.intake import Store
    from toolkit.lock import read_lock
    from toolkit.registry import load_registry

    cycle = load_cycle(ws.cycle_file(cycle_id))
    lock = read_lock(ws.lock_file(cycle.id), cycle.id)      # None: the cycle was never issued
    with Store.open(ws.store_db, create=False) as store:
        data = statistics.collect(store, lock, load_registry(ws.registry_file), cycle)
    statistics.by_article(data)          # ArticleCount(article, chapter, title, questions, tally)
    statistics.region_counts(data, "article", minimum=3)   # tally None: "fewer than 3"
    statistics.response_rate(data)       # recipients, replied, on_time, late

The rules (what is counted, which questions, which day) are in :mod:`.dataset`; the units of
the counts in :mod:`.counts`; stored words become keys in :mod:`.vocabulary` only.

- :mod:`.dataset`: :func:`collect` -> :class:`Dataset` (:class:`Reply`, :class:`Response`,
  :class:`Recipient`);
- :mod:`.counts`: :class:`Tally`, :func:`by_provision`, :func:`by_article`, :func:`by_chapter`,
  :func:`by_region`, :func:`region_counts`, :func:`overall`, :func:`groups`;
- :mod:`.replies`: :func:`response_rate`, :func:`timeline`, :func:`consents`;
- :mod:`.assistance`: :func:`needs_ranking`, :func:`needs_by_article`,
  :func:`challenges_by_article`;
- :mod:`.vocabulary`: :func:`answer_key`, :func:`consent_key`, :func:`need_key`,
  :func:`reported`.
"""

from __future__ import annotations

from toolkit.statistics.assistance import (
    ArticleNeeds,
    ChallengeCount,
    NeedCount,
    challenges_by_article,
    needs_by_article,
    needs_ranking,
)
from toolkit.statistics.counts import (
    LEVELS,
    MINIMUM_STATES,
    OUTCOMES,
    TALLY_FIELDS,
    ArticleCount,
    ChapterCount,
    Level,
    Outcome,
    ProvisionCount,
    RegionCount,
    Tally,
    by_article,
    by_chapter,
    by_provision,
    by_region,
    groups,
    overall,
    region_counts,
    tally,
)
from toolkit.statistics.dataset import (
    Dataset,
    Publication,
    Recipient,
    Reply,
    Response,
    collect,
    received_on,
)
from toolkit.statistics.replies import (
    ConsentCount,
    ResponseRate,
    TimelineDay,
    consents,
    response_rate,
    timeline,
)
from toolkit.statistics.vocabulary import (
    ANSWER_KEYS,
    CONSENT_KEYS,
    AnswerKey,
    ConsentKey,
    answer_key,
    consent_key,
    need_key,
    reported,
)

__all__ = [
    "ANSWER_KEYS",
    "CONSENT_KEYS",
    "LEVELS",
    "MINIMUM_STATES",
    "OUTCOMES",
    "TALLY_FIELDS",
    "AnswerKey",
    "ArticleCount",
    "ArticleNeeds",
    "ChallengeCount",
    "ChapterCount",
    "ConsentCount",
    "ConsentKey",
    "Dataset",
    "Level",
    "NeedCount",
    "Outcome",
    "ProvisionCount",
    "Publication",
    "Recipient",
    "RegionCount",
    "Reply",
    "Response",
    "ResponseRate",
    "Tally",
    "TimelineDay",
    "answer_key",
    "by_article",
    "by_chapter",
    "by_provision",
    "by_region",
    "challenges_by_article",
    "collect",
    "consent_key",
    "consents",
    "groups",
    "need_key",
    "needs_by_article",
    "needs_ranking",
    "overall",
    "received_on",
    "region_counts",
    "reported",
    "response_rate",
    "tally",
    "timeline",
]
