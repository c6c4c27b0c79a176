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


class Obligation(StrEnum):
    """How strongly a provision binds States Parties."""

    MANDATORY = "mandatory"
    """States Parties must act or refrain (shall, shall ensure, shall not, may not refuse)."""
    CONSIDER = "consider"
    """States Parties shall consider, endeavour, seek to, or are encouraged to act."""
    OPTIONAL = "optional"
    """States Parties may act (may adopt, may require, may reserve the right)."""
    NONE = "none"
    """Definitions, purpose, scope, saving clauses, provisions addressed to others, final
    clauses."""


class Flag(StrEnum):
    """Markers that a provision carries besides its obligation."""

    RESERVATION = "reservation"
    """The text lets a State make a reservation or declare itself not bound."""
    NOTIFICATION = "notification"
    """Something is to be communicated to the Secretary-General."""


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
    obligation_source: Literal["rule", "inherited", "override"] = "rule"
    """What decided the obligation: a rule, the chapeau (inherited) or the overrides file."""
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


@dataclass(frozen=True)
class Resolution:
    """The resolution that adopts the instrument (absent for a bare instrument text)."""

    title: str
    preamble: tuple[str, ...]
    operative: tuple[NumberedParagraph, ...]


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
