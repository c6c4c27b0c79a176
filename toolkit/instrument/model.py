"""The treaty model: typed, immutable records of an instrument and its provisions.

Everything downstream (questionnaires, intake, publications) reads these records and
never the source text.  IDs are the dotted path of the numbers that exist in the text,
lower case: ``7``, ``7.1``, ``11.1.a.ii``, ``13.a``, ``2.e.i``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

ProvisionKind = Literal["article", "paragraph", "subparagraph", "clause"]
TextPart = Literal["text", "wrap_up"]
"""Which words of a provision a span lies in: its ``text`` (chapeau) or its ``wrap_up``."""
ObligationSource = Literal["rule", "inherited", "items", "override"]
"""What decided a provision's obligation (see :attr:`Provision.obligation_source`)."""
QuestionKind = Literal["mandatory", "consider", "optional", "reservation", "notification"]
"""How a question about a provision is worded (the questionnaire template has one per kind)."""


class Obligation(StrEnum):
    """How strongly a provision binds States Parties."""

    MANDATORY = "mandatory"
    """States Parties must act or refrain (shall, shall ensure, shall not, may not refuse)."""
    CONSIDER = "consider"
    """States Parties shall consider, endeavour, seek to, or are encouraged to act."""
    OPTIONAL = "optional"
    """States Parties may act (may adopt, may require, may reserve the right)."""
    NONE = "none"
    """Definitions, purpose, scope, saving clauses, provisions addressed to others (the
    Conference, the Secretary-General), clauses on the instrument itself (its entry into force,
    the custody of its original)."""

    @property
    def rank(self) -> int:
        """Strength, for choosing the strongest of several: none 0 < optional < consider <
        mandatory 3."""
        return _RANKS[self]


_RANKS = {
    Obligation.NONE: 0,
    Obligation.OPTIONAL: 1,
    Obligation.CONSIDER: 2,
    Obligation.MANDATORY: 3,
}


class Flag(StrEnum):
    """Markers that a provision carries besides its obligation."""

    RESERVATION = "reservation"
    """The text lets a State make a reservation or declare itself not bound."""
    NOTIFICATION = "notification"
    """Something is to be communicated to the Secretary-General."""


@dataclass(frozen=True)
class Element:
    """One modal element of a provision's own words: "may require", "shall promptly inform".

    A provision records each of its elements; its obligation is the strongest of those that
    bind States Parties.  Offsets are into the provision's ``text`` or ``wrap_up`` (``part``).
    """

    words: str
    """The modal and its verb as written ("shall adopt", "may not refuse", "are encouraged")."""
    obligation: Obligation
    """The level of these words: ``none`` when they bind no State ("shall mean", "Nothing in
    this Convention shall", a duty of the Conference)."""
    addressee: str
    """Who these words bind ("States Parties", "requested State Party", "Secretary-General");
    "" when they bind no one."""
    start: int
    end: int
    part: TextPart = "text"


@dataclass(frozen=True)
class ReferenceSpan:
    """A cross-reference in some words of the model: where it stands and what it designates."""

    start: int
    end: int
    """Offsets of the reference's words in the text they belong to (``part`` of a provision)."""
    words: str
    """The reference as written ("article 40, paragraph 21 (b) and (c)")."""
    targets: tuple[str, ...]
    """IDs of this instrument's provisions it designates (empty for an external reference)."""
    external: bool = False
    """The words name another instrument ("article 17 of the Convention" in a protocol)."""
    part: TextPart = "text"


@dataclass(frozen=True)
class Note:
    """An interpretative note agreed with the instrument (annex to the resolution)."""

    number: int
    """The note's number in the annex (1, 2, ...)."""
    heading: str
    """The annex heading the note stands under ("Articles 23 and 35, with regard to ...")."""
    text: str
    """The note's words."""
    articles: tuple[int, ...]
    """The articles the note concerns (from its heading)."""
    line: int
    """Line of the note in the source file (1-based)."""
    reference_spans: tuple[ReferenceSpan, ...] = ()
    """The cross-references in the note's words."""


@dataclass(frozen=True)
class Footnote:
    """A footnote of the source document, with the line it was found on."""

    marker: str
    text: str
    line: int


@dataclass(frozen=True)
class Provision:
    """One article, paragraph, subparagraph or clause, in document order."""

    id: str
    """Canonical ID: dotted path of the numbers in the text (``11.1.a.ii``)."""
    eid: str
    """Akoma Ntoso (AKN4UN) eId (``art_11__para_1__point_a__point_ii``)."""
    kind: ProvisionKind
    article: int
    """Number of the article the provision belongs to."""
    chapter: str
    """Roman numeral of the chapter ("" when the instrument has no chapters)."""
    label: str
    """The enumerator as printed: ``11`` for an article, ``1``, ``a``, ``ii``."""
    parent: str | None
    """ID of the enclosing provision (None for articles)."""
    children: tuple[str, ...]
    """IDs of the directly enclosed provisions, in order."""
    title: str
    """Article title ("" below article level)."""
    text: str
    """The provision's own words before its children (its chapeau), without the children's."""
    wrap_up: str
    """The provision's own words after its children (text that closes the chapeau)."""
    line: int
    """Line of the provision's first words in the source file (1-based)."""
    obligation: Obligation = Obligation.NONE
    """How strongly the provision binds States Parties, as its words say: the strongest of its
    elements that bind a State; without a modal of its own, its chapeau's (a list item) or the
    strongest of its items' (a chapeau or an article made of paragraphs)."""
    obligation_source: ObligationSource = "rule"
    """What decided the obligation: a rule on its own words, its chapeau (``inherited``), the
    provisions under it (``items``) or the overrides file (``override``)."""
    override_reason: str = ""
    """The reason recorded in the overrides file, when an override decided."""
    flags: tuple[Flag, ...] = ()
    qualifiers: tuple[str, ...] = ()
    """Phrases that qualify the obligation ("in accordance with its domestic law", ...)."""
    addressee: str = ""
    """Who the provision addresses ("States Parties", "Conference of the States Parties", ...)."""
    references: tuple[str, ...] = ()
    """Provision IDs this provision's own words refer to, in order of first mention."""
    notes: tuple[int, ...] = ()
    """Numbers of the interpretative notes attached (articles only)."""
    elements: tuple[Element, ...] = ()
    """Every modal element of the provision's own words, in reading order."""
    reviewed: bool = False
    """Whether the review of implementation asks about the provision: not for final clauses
    (signature, entry into force, amendment, denunciation, depositary ...) nor for what binds or
    permits nothing for States."""
    reviewed_reason: str = ""
    """Why the provision is reviewed or not, in a few words."""
    question_level: bool = False
    """The provision is the level a question about it is asked at: it has words of its own and
    an obligation, and no provision above it asks the same (same obligation, its flags)."""
    asked: bool = False
    """Reviewed and at question level: the review's questionnaires ask about it."""
    question_kind: QuestionKind | None = None
    """How its question is worded (notification, reservation, else the obligation); None when
    the provision is not at question level."""
    reference_spans: tuple[ReferenceSpan, ...] = ()
    """The cross-references in its ``text`` and ``wrap_up`` (see :attr:`ReferenceSpan.part`)."""

    @property
    def own_text(self) -> str:
        """Chapeau and wrap-up together: every word that belongs to this provision itself."""
        return " ".join(part for part in (self.text, self.wrap_up) if part)


@dataclass(frozen=True)
class Chapter:
    """A chapter of the instrument."""

    number: str
    """Roman numeral (``I``, ``IV``)."""
    title: str
    articles: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class NumberedParagraph:
    """An operative paragraph of the adopting resolution."""

    number: int
    text: str
    line: int
    reference_spans: tuple[ReferenceSpan, ...] = ()
    """The cross-references in its words ("article 56 of the Convention")."""


@dataclass(frozen=True)
class Resolution:
    """The resolution that adopts the instrument (absent for a bare instrument text)."""

    title: str
    preamble: tuple[str, ...]
    operative: tuple[NumberedParagraph, ...]
    opening: str = ""
    """The words that open the resolution before its preamble ("The General Assembly,")."""
    preamble_references: tuple[tuple[ReferenceSpan, ...], ...] = ()
    """The cross-references of each preambular paragraph (empty, or one tuple per paragraph)."""


@dataclass(frozen=True)
class Instrument:
    """A parsed instrument: the resolution, the preamble, chapters, provisions and notes."""

    title: str
    source: str
    """Path or name of the source text."""
    source_sha256: str
    resolution: Resolution | None
    preamble: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    provisions: tuple[Provision, ...]
    """All provisions in document order, articles included."""
    notes: tuple[Note, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    testimonium: str = ""
    """The closing formula ("IN WITNESS WHEREOF ...")."""
    preamble_references: tuple[tuple[ReferenceSpan, ...], ...] = ()
    """The cross-references of each preambular paragraph (empty, or one tuple per paragraph)."""
    _index: dict[str, Provision] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update((p.id, p) for p in self.provisions)

    @property
    def name(self) -> str:
        """How messages name the instrument: its title, else its source."""
        return self.title or self.source

    def get(self, provision_id: str) -> Provision:
        """The provision with this ID; KeyError names the ID when there is none."""
        try:
            return self._index[provision_id]
        except KeyError:
            raise KeyError(f"no provision {provision_id!r} in {self.name}") from None

    def __contains__(self, provision_id: object) -> bool:
        return provision_id in self._index

    def articles(self) -> tuple[Provision, ...]:
        """The articles, in order."""
        return tuple(p for p in self.provisions if p.kind == "article")

    def parent_of(self, provision: Provision) -> Provision | None:
        """The provision enclosing this one (None for an article)."""
        return self.get(provision.parent) if provision.parent else None

    def descendants(self, provision_id: str) -> tuple[Provision, ...]:
        """The provisions under this one, depth first, in document order."""
        out: list[Provision] = []
        stack = list(reversed(self.get(provision_id).children))
        while stack:
            child = self.get(stack.pop())
            out.append(child)
            stack.extend(reversed(child.children))
        return tuple(out)

    def full_text(self, provision_id: str) -> str:
        """The provision's words with its children's, enumerators included, in reading order."""
        prov = self.get(provision_id)
        parts = [prov.text] if prov.text else []
        for child_id in prov.children:
            child = self.get(child_id)
            marker = child.label + "." if child.kind == "paragraph" else f"({child.label})"
            parts.append(f"{marker} {self.full_text(child_id)}".strip())
        if prov.wrap_up:
            parts.append(prov.wrap_up)
        return "\n".join(parts)

    def notes_for(self, article: int) -> tuple[Note, ...]:
        """Interpretative notes attached to an article."""
        return tuple(n for n in self.notes if article in n.articles)

    def chapter(self, number: str) -> Chapter:
        """The chapter with this roman numeral."""
        for chapter in self.chapters:
            if chapter.number == number:
                return chapter
        raise KeyError(f"no chapter {number!r}")
