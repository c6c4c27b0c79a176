"""What a simulated State writes: answers that vary by regional group, invented legislation,
examples, challenges, needs, comments, and the cover's focal point and consent.

Every text is invented and says so by its form: the focal points are "Focal point 17" with an
address under example.org, the laws are numbered titles of no real State ("Law No. 12/2021 on
Cybercrime, article 5"), written in the State's UN language.  Each State draws from its own
random stream (seed and ISO code), each regional group and article from theirs, so that a
State's answers do not depend on which other States are simulated with it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from toolkit.simulate.plan import StatePlan

GROUP_ANSWERS: dict[str | None, tuple[float, float, float, float]] = {
    "African": (0.34, 0.30, 0.28, 0.08),
    "Asia-Pacific": (0.46, 0.27, 0.20, 0.07),
    "Eastern European": (0.62, 0.22, 0.10, 0.06),
    "Latin American and Caribbean": (0.45, 0.31, 0.17, 0.07),
    "Western European and other States": (0.70, 0.17, 0.07, 0.06),
    None: (0.50, 0.25, 0.15, 0.10),
}
"""The propensity of each group's States to answer Yes, Partially, No, Not applicable (before
the seed's variation by group, article and State)."""
KIND_ANSWERS: dict[str, tuple[float, float, float, float]] = {
    "reservation": (0.15, 0.05, 0.20, 0.60),
    "notification": (0.30, 0.05, 0.45, 0.20),
    "optional": (0.40, 0.20, 0.30, 0.10),
    "consider": (0.35, 0.30, 0.30, 0.05),
}
"""Questions of these kinds are answered otherwise (mandatory ones by the group's weights)."""

LAWS: dict[str, tuple[str, ...]] = {
    "en": (
        "Criminal Code, article {section}",
        "Law No. {number}/{year} on Cybercrime, article {article}",
        "Code of Criminal Procedure, section {section}",
        "Computer Misuse Act {year}, section {article}",
        "Electronic Evidence Act {year}, section {article}",
    ),
    "fr": (
        "Code pénal, article {section}",
        "Loi n° {year}-{number} relative à la cybercriminalité, article {article}",
        "Code de procédure pénale, article {section}",
        "Ordonnance n° {year}-{number} sur la preuve électronique, article {article}",
    ),
    "es": (
        "Código Penal, artículo {section}",
        "Ley N.º {number}/{year} sobre Delitos Informáticos, artículo {article}",
        "Código Procesal Penal, artículo {section}",
        "Decreto N.º {number} de {year} sobre evidencia digital, artículo {article}",
    ),
    "ru": (
        "Уголовный кодекс, статья {section}",
        "Закон № {number} от {year} г. о противодействии киберпреступности, статья {article}",
        "Уголовно-процессуальный кодекс, статья {section}",
    ),
    "ar": (
        "قانون العقوبات، المادة {section}",
        "القانون رقم {number} لسنة {year} بشأن مكافحة الجرائم الإلكترونية، المادة {article}",
        "قانون الإجراءات الجزائية، المادة {section}",
    ),
    "zh": (
        "《刑法》第{section}条",
        "《网络犯罪防治法》({year}年第{number}号)第{article}条",
        "《刑事诉讼法》第{section}条",
    ),
}
"""Titles of invented laws by language: a State cites its own few, numbered from its seed."""
EXAMPLES = (
    "In {year} the cybercrime unit opened {count} investigations under this provision.",
    "{count} convictions were recorded between {earlier} and {year}.",
    "The supreme court applied this provision in a judgment of {year}.",
    "Guidelines for prosecutors on this offence were issued in {year}.",
    "A specialised unit of {count} officers handles these cases.",
    "{count} requests from other States were executed in {year}.",
)
CHALLENGES = (
    "Limited capacity for digital forensics.",
    "Few prosecutors and judges are trained in electronic evidence.",
    "Service providers established abroad respond slowly to requests.",
    "The legislation predates current technology and is being revised.",
    "Coordination between the agencies concerned is insufficient.",
    "Courts have little experience with cases of this kind.",
    "The retention of traffic data is not regulated.",
    "Staff turnover in the specialised units.",
)
COMMENTS = (
    "A draft amendment is before parliament.",
    "See also the answer to the previous question.",
    "Information provided by the ministry of justice.",
    "Statistics for {year} are not yet available.",
    "The answer covers the national level only.",
)
TITLES = ("Legal adviser", "Senior prosecutor", "Head of the cybercrime unit", "Counsellor")
INSTITUTIONS = (
    "Ministry of Justice",
    "Office of the Prosecutor General",
    "Ministry of the Interior",
    "National police, cybercrime unit",
    "Ministry of Foreign Affairs",
)


@dataclass(frozen=True)
class Entry:
    """What a State writes in one question's row (``None``: the cell is left empty)."""

    answer: str | None = None
    legislation: str | None = None
    examples: str | None = None
    challenges: str | None = None
    needs: str | None = None
    comments: str | None = None


@dataclass(frozen=True)
class Cover:
    """What a State writes on the cover."""

    focal_point: tuple[str | None, ...]
    """Name, title, institution, e-mail, telephone (``FocalPoint1`` ... ``FocalPoint5``)."""
    consent: str | None
    """The consent option chosen (a label of the workbook's list), or ``None``."""


@dataclass(frozen=True)
class Asked:
    """A question as the simulation needs it: its row's ID, article and kind."""

    id: str
    article: int
    kind: str


@dataclass(frozen=True)
class Vocabulary:
    """The dropdowns of the workbook (its hidden ``Lists`` sheet)."""

    answers: tuple[str, ...]
    """Yes, Partially, No, Not applicable (in this order)."""
    needs: tuple[str, ...]
    """The need categories; the first says there is no need (``None``)."""
    consent: Mapping[str, str]
    """The consent labels by :data:`~toolkit.simulate.plan.Consent` key."""


def answers_of(
    plan: StatePlan,
    group: str | None,
    language: str,
    questions: Sequence[Asked],
    vocabulary: Vocabulary,
    seed: int,
) -> dict[str, Entry]:
    """A State's first answers to every question asked (blank ones left out)."""
    rng = random.Random(f"cosp-simulate:{seed}:answers:{plan.iso3}")
    laws = _laws(rng, language)
    leaning = rng.uniform(-0.12, 0.12)  # a State's own capacity, around its group's
    base = _group_weights(group, seed)
    entries: dict[str, Entry] = {}
    for question in questions:
        if rng.random() < plan.blank_share:
            continue
        weights = list(KIND_ANSWERS.get(question.kind, base))
        shift = _article_shift(question.article, seed) + leaning
        weights[0] = max(0.02, weights[0] - shift)
        weights[2] = max(0.02, weights[2] + shift)
        answer = rng.choices(vocabulary.answers, weights=weights)[0]
        entries[question.id] = _entry(rng, answer, vocabulary, laws)
    return entries


def resubmitted(
    first: Mapping[str, Entry],
    questions: Sequence[Asked],
    vocabulary: Vocabulary,
    language: str,
    iso3: str,
    seed: int,
) -> dict[str, Entry]:
    """The answers of a State's second file: blanks filled, some answers improved, a comment."""
    rng = random.Random(f"cosp-simulate:{seed}:resubmission:{iso3}")
    laws = _laws(random.Random(f"cosp-simulate:{seed}:answers:{iso3}"), language)
    yes, partially, no, _ = vocabulary.answers
    entries = dict(first)
    for question in questions:
        old = entries.get(question.id)
        if old is None and rng.random() < 0.6:
            answer = rng.choice((yes, partially, no))
            entries[question.id] = _entry(rng, answer, vocabulary, laws)
        elif old is not None and old.answer in (partially, no) and rng.random() < 0.15:
            entries[question.id] = _entry(rng, yes if old.answer == partially else partially,
                                          vocabulary, laws)  # fmt: skip
    changed = questions[rng.randrange(len(questions))].id if questions else None
    if changed is not None:
        was = entries.get(changed, Entry())
        entries[changed] = replace(was, comments="Answer updated after consultation.")
    return entries


def cover_of(plan: StatePlan, vocabulary: Vocabulary, seed: int) -> Cover:
    """The cover: an obviously fictitious focal point, and the consent of the plan."""
    rng = random.Random(f"cosp-simulate:{seed}:cover:{plan.iso3}")
    number = rng.randint(1, 999)
    details: list[str | None] = [
        f"Focal point {number}",
        rng.choice(TITLES),
        rng.choice(INSTITUTIONS),
        f"focal.point{number}@{plan.iso3.lower()}.example.org",
        f"+000 {number:04d} {rng.randint(0, 9999):04d}",
    ]
    if rng.random() < 0.05:
        details = [None] * 5  # left empty: intake warns
    elif rng.random() < 0.2:
        details[4] = None
    consent = None if plan.consent == "blank" else vocabulary.consent.get(plan.consent)
    return Cover(tuple(details), consent)


def _group_weights(group: str | None, seed: int) -> tuple[float, float, float, float]:
    rng = random.Random(f"cosp-simulate:{seed}:group:{group}")
    weights = GROUP_ANSWERS.get(group, GROUP_ANSWERS[None])
    return tuple(w * rng.uniform(0.8, 1.2) for w in weights)  # type: ignore[return-value]


def _article_shift(article: int, seed: int) -> float:
    """How much harder than the average an article is to implement (more No, fewer Yes)."""
    return random.Random(f"cosp-simulate:{seed}:article:{article}").uniform(-0.15, 0.15)


def _laws(rng: random.Random, language: str) -> tuple[str, ...]:
    """The State's own few laws, as it cites them (the article or section left to fill)."""
    templates = LAWS.get(language, LAWS["en"])
    chosen = rng.sample(templates, k=min(3, len(templates)))
    year = rng.randint(1995, 2025)
    return tuple(
        t.replace("{number}", str(rng.randint(1, 120))).replace("{year}", str(year)) for t in chosen
    )


def _entry(rng: random.Random, answer: str, vocabulary: Vocabulary, laws: Sequence[str]) -> Entry:
    yes, partially, no, _ = vocabulary.answers
    citing = answer in (yes, partially)
    legislation = None
    if citing and rng.random() < 0.88:
        law = rng.choice(laws)
        legislation = law.format(section=rng.randint(100, 499), article=rng.randint(1, 60))
    year = rng.randint(2019, 2026)
    examples = None
    if citing and rng.random() < 0.4:
        examples = rng.choice(EXAMPLES).format(
            year=year, earlier=year - 3, count=rng.randint(2, 180)
        )
    struggling = answer in (partially, no)
    challenges = rng.choice(CHALLENGES) if rng.random() < (0.6 if struggling else 0.1) else None
    needs = None
    if struggling and rng.random() < 0.55:
        needs = rng.choice(vocabulary.needs[1:])
    elif answer == yes and rng.random() < 0.3:
        needs = vocabulary.needs[0]
    comments = rng.choice(COMMENTS).format(year=year) if rng.random() < 0.1 else None
    return Entry(answer, legislation, examples, challenges, needs, comments)
