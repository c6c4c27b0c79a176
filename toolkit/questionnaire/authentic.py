"""The treaty text a workbook shows: an authentic text, never a translation of ours.

The Convention's Arabic, Chinese, English, French, Russian and Spanish texts are equally
authentic.  Only the English text is bundled, so a workbook in another language shows the
English provision text, marked as such in each Provision cell and explained on the cover.  The
model allows an authentic text per language (:class:`AuthenticTexts`): once another language's
text is bundled and parsed, its workbooks show it without a mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from toolkit.i18n import BASE, QUESTIONNAIRE
from toolkit.i18n import language as active
from toolkit.i18n.citation import capitalised, cite_in
from toolkit.questionnaire.cells import fit_cell

_ = QUESTIONNAIRE.gettext


class Text(Protocol):
    """What a Provision cell needs of an instrument (``toolkit.instrument.model.Instrument``)."""

    def full_text(self, provision_id: str) -> str: ...


@dataclass(frozen=True)
class AuthenticTexts:
    """An instrument's authentic texts that are bundled, by language (today: English only)."""

    texts: Mapping[str, Text] = field(default_factory=dict)

    def of(self, language: str) -> tuple[str, Text]:
        """The language of the text shown to a workbook in ``language``, and that text: its
        own when bundled, else English."""
        if language in self.texts:
            return language, self.texts[language]
        return BASE, self.texts[BASE]


def provision_cell_in(
    provision_id: str, title: str, language: str, authentic: AuthenticTexts
) -> str:
    """The Provision cell of a workbook in ``language``: the citation and the article's title,
    a mark when the text is not in the workbook's language, then the provision's full text
    (within Excel's limit)."""
    shown, text = authentic.of(language)
    citation = cite_in(provision_id, language)
    heading = capitalised(citation) + (f" — {title}" if title else "")
    with active(language):
        if shown != language:
            heading += "\n" + _("[English text of the Convention]")
        reference = _("see {citation} in the Convention").format(citation=citation)
    return fit_cell(f"{heading}\n\n{text.full_text(provision_id)}", reference)
