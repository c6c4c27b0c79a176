"""Property-based tests: the layout of the real text changes, its words do not, nor the model.

Each test perturbs ``toolkit/data/convention.txt`` the way PDF conversions and editors do
(blank lines, bullets, trailing spaces, CRLF, heading shapes, sentences cut by a page break)
and checks that the provisions' IDs, titles, texts, obligations and references stay the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.instrument import DEFAULT_OVERRIDES, derive
from toolkit.instrument.model import Instrument
from toolkit.instrument.obligations import classify
from toolkit.instrument.overrides import load_overrides
from toolkit.instrument.parser import parse
from toolkit.instrument.source import decode_source
from toolkit.resources import CONVENTION as DEFAULT_SOURCE

LINES: tuple[str, ...] = tuple(DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n"))
BODY_START = LINES.index("Chapter I")
BODY_END = next(i for i, line in enumerate(LINES) if line.startswith("IN WITNESS WHEREOF"))
BODY = range(BODY_START, BODY_END)

_ENUMERATED = re.compile(r"^(?:\d+\.|\([a-z]+\))\s")
_HEADING = re.compile(r"^\*?Article (\d+)\.?(?:\s*\*+([^*]+)\*+|\s*\*?\*?([^*]+)\*+)?\s*$")
_CUT = re.compile(r"(?<=[\w,]) (?=[a-z])")

ENUMERATED_LINES = [i for i in BODY if _ENUMERATED.match(LINES[i])]
CUTTABLE_LINES = [
    i
    for i in BODY
    if (_ENUMERATED.match(LINES[i].lstrip("- ")) or len(LINES[i]) > 200) and _CUT.search(LINES[i])
]

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEWER = settings(PROPERTY, max_examples=12)
"""The whole pipeline (parse, classify, resolve) takes a tenth of a second: fewer examples."""


def article_headings() -> dict[int, tuple[int, int, str]]:
    """For each article: first and last line index of its heading (title included), title."""
    out: dict[int, tuple[int, int, str]] = {}
    for i in BODY:
        match = _HEADING.match(LINES[i])
        if not match:
            continue
        title = (match.group(2) or match.group(3) or "").strip()
        last = i
        if not title:
            last = next(j for j in range(i + 1, BODY_END) if LINES[j].strip())
            title = LINES[last].strip()
        out[int(match.group(1))] = (i, last, title)
    return out


HEADINGS = article_headings()
SHAPES = (
    lambda n, t: [f"Article {n}", "", t],
    lambda n, t: [f"Article {n}.", "", t],
    lambda n, t: [f"*Article {n}**{t}*"],
    lambda n, t: [f"Article {n} *{t}*"],
    lambda n, t: [f"Article {n}", t],
)


def parsed(lines: list[str] | tuple[str, ...], newline: str = "\n") -> Instrument:
    """Parse a text given as lines (obligations and references not set)."""
    return parse(decode_source("perturbed.txt", newline.join(lines).encode("utf-8")))


def build(lines: list[str] | tuple[str, ...], newline: str = "\n") -> Instrument:
    """The whole pipeline (with the curated overrides) on a text given as lines."""
    return derive(classify(parsed(lines, newline), _overrides()), _overrides())


@lru_cache(maxsize=1)
def _overrides():
    return load_overrides(DEFAULT_OVERRIDES)


@lru_cache(maxsize=1)
def baseline() -> Instrument:
    return build(LINES)


def structure(instrument: Instrument) -> tuple:
    """What the layout must not change: every ID, title and word of every provision."""
    return (
        tuple((p.id, p.kind, p.title, p.text, p.wrap_up) for p in instrument.provisions),
        tuple((c.number, c.title, c.articles) for c in instrument.chapters),
        instrument.preamble,
        instrument.title,
        instrument.testimonium,
        tuple((n.number, n.articles, n.text) for n in instrument.notes),
    )


def classification(instrument: Instrument) -> tuple:
    return tuple(
        (
            p.id,
            p.obligation,
            p.obligation_source,
            p.elements,
            p.flags,
            p.qualifiers,
            p.addressee,
            p.references,
            p.reference_spans,
            p.reviewed,
            p.question_level,
            p.question_kind,
        )
        for p in instrument.provisions
    )


# --- the perturbations -------------------------------------------------------------------------

BULLETS = ("- ", " - ", "  - ")
SPACES = (" ", "  ", "\t", " \t ")


@st.composite
def layouts(
    draw,
    blank_lines: int = 0,
    bullets: int = 0,
    spaces: int = 0,
    headings: int = 0,
    cuts: int = 0,
) -> list[str]:
    """The source lines with up to so many of each perturbation (at least one of each asked).

    Bullets and trailing spaces change lines in place; heading shapes, page-break cuts and
    blank lines replace lines, all keyed by the index of the original line so that they
    combine.  Headings and cuttable lines are disjoint (titles are short and unnumbered).
    """
    lines = list(LINES)
    if bullets:
        for i in draw(st.sets(st.sampled_from(ENUMERATED_LINES), min_size=1, max_size=bullets)):
            lines[i] = draw(st.sampled_from(BULLETS)) + lines[i]
    if spaces:
        every = st.integers(0, len(LINES) - 1)
        for i in draw(st.sets(every, min_size=1, max_size=spaces)):
            lines[i] += draw(st.sampled_from(SPACES))
    replaced: dict[int, list[str]] = {}
    if headings:
        numbers = st.sampled_from(sorted(HEADINGS))
        for number in draw(st.sets(numbers, min_size=1, max_size=headings)):
            first, last, title = HEADINGS[number]
            replaced[first] = draw(st.sampled_from(SHAPES))(number, title)
            replaced.update((j, []) for j in range(first + 1, last + 1))
    if cuts:
        # A sentence cut before a lower-case word, over one to three blank lines.
        for i in draw(st.sets(st.sampled_from(CUTTABLE_LINES), min_size=1, max_size=cuts)):
            at = draw(st.sampled_from([m.start() for m in _CUT.finditer(lines[i])]))
            gap = [""] * draw(st.integers(1, 3))
            replaced[i] = [lines[i][:at], *gap, lines[i][at + 1 :]]
    if blank_lines:
        every = st.integers(0, len(LINES) - 1)
        for i in draw(st.sets(every, min_size=1, max_size=blank_lines)):
            replaced[i] = [""] * draw(st.integers(1, 3)) + replaced.get(i, [lines[i]])
    out: list[str] = []
    for i, line in enumerate(lines):
        out += replaced.get(i, [line])
    return out


# --- the properties ----------------------------------------------------------------------------


def test_the_unperturbed_text_gives_the_bundled_model():
    from toolkit.instrument import load

    assert structure(baseline()) == structure(load())
    assert len(HEADINGS) == 68
    assert len(CUTTABLE_LINES) > 400


@PROPERTY
@given(layouts(blank_lines=40))
def test_extra_blank_lines_change_nothing(lines):
    assert lines != list(LINES)
    assert structure(parsed(lines)) == structure(baseline())


@PROPERTY
@given(layouts(bullets=60))
def test_bullets_before_enumerators_change_nothing(lines):
    assert lines != list(LINES)
    assert structure(parsed(lines)) == structure(baseline())


@PROPERTY
@given(layouts(spaces=200))
def test_trailing_spaces_change_nothing(lines):
    assert lines != list(LINES)
    assert structure(parsed(lines)) == structure(baseline())


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_or_cr_line_ends_change_nothing(newline):
    perturbed = build(LINES, newline)
    assert structure(perturbed) == structure(baseline())
    assert classification(perturbed) == classification(baseline())


@PROPERTY
@given(layouts(headings=30))
def test_article_heading_shapes_change_nothing(lines):
    assert structure(parsed(lines)) == structure(baseline())


@PROPERTY
@given(layouts(cuts=5))
def test_sentences_cut_by_a_page_break_are_joined_again(lines):
    assert lines != list(LINES)
    assert structure(parsed(lines)) == structure(baseline())


@FEWER
@given(
    layouts(blank_lines=10, bullets=30, spaces=50, headings=20, cuts=4),
    st.sampled_from(["\n", "\r\n"]),
)
def test_all_perturbations_together_keep_ids_texts_obligations_and_references(lines, newline):
    assert lines != list(LINES)
    perturbed = build(lines, newline)
    assert structure(perturbed) == structure(baseline())
    assert classification(perturbed) == classification(baseline())
