"""What a letter says of the State, the cycle and the Convention, in the letter's language.

The registry, the cycle file and the lock word them in English.  A letter in another language
names the mission by the UN's formula of that language (in the dative where the formulas of a
note verbale need it: Russian), the Government by its name there, the review cycle by the
title its workbooks carried, the Convention by its title in the language, and the office and
the place where the letter is dated as that language writes them (:mod:`toolkit.i18n.names`,
the catalogues).  English keeps the registry's and the cycle's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.i18n import LETTERS, QUESTIONNAIRE
from toolkit.i18n import language as active
from toolkit.i18n.names import government_in, load_names, mission_in

_ = LETTERS.gettext
pgettext = LETTERS.pgettext
CONVENTION = "United Nations Convention against Cybercrime"
"""The short title of the bundled Convention (the lock's instrument title up to its ';')."""
FULL_TITLE = (
    "United Nations Convention against Cybercrime; Strengthening International Cooperation "
    "for Combating Certain Crimes Committed by Means of Information and Communications "
    "Technology Systems and for the Sharing of Evidence in Electronic Form of Serious Crimes"
)
"""The bundled Convention's full title (the lock's instrument title)."""
OFFICE = (
    "Conference Support Section, Organized Crime and Illicit Trafficking Branch, Division for "
    "Treaty Affairs of the United Nations Office on Drugs and Crime"
)
"""The office letters name when the cycle names none (``toolkit.cycle.DEFAULT_OFFICE``)."""


@dataclass(frozen=True)
class Wording:
    """The values a letter's templates print, in the letter's language."""

    mission: str
    """The mission as the formulas address it ("presents its compliments to the ...")."""
    addressee: str
    """The mission as the address block names it."""
    government: str
    short_name: str
    title: str
    """The review cycle's title (as its workbooks carried it in the language)."""
    instrument: str
    """The Convention's short title, as "the Conference of the States Parties to the ..."
    names it."""
    full_title: str
    """The Convention's full title (the invitation's footnote)."""
    office: str
    place: str


def wording(state: Any, cycle: Any, title: str, full_title: str, language: str) -> Wording:
    """The letter's values for ``state`` and ``cycle`` (``title`` and the instrument's
    ``full_title`` as the lock records them) in ``language``."""
    instrument = full_title.split(";")[0].strip()
    if language == "en":
        return Wording(
            state.mission,
            state.mission,
            state.formal_name,
            state.short_name,
            title,
            instrument,
            full_title,
            cycle.office,
            cycle.place,
        )
    names = load_names()
    with active(language):
        return Wording(
            mission=mission_in(state, language, names, dative=True),
            addressee=mission_in(state, language, names),
            government=government_in(state, language, names),
            short_name=names.short(state, language),
            title=QUESTIONNAIRE.pgettext("cycle.title", title),
            instrument=_convention(instrument),
            full_title=_full_title(full_title),
            office=_office(cycle.office),
            place=pgettext("city", cycle.place),
        )


def _convention(title: str) -> str:
    if title == CONVENTION:
        # TRANSLATORS: the Convention's title as "the Conference of the States Parties to the
        # ..." names it (the genitive in Russian: "Конвенции ...").
        return _("United Nations Convention against Cybercrime")
    return pgettext("instrument", title)


def _full_title(title: str) -> str:
    if title == FULL_TITLE:
        # TRANSLATORS: the Convention's full title, as the General Assembly adopted it in the
        # language (resolution 79/243), in the nominative.
        return _(
            "United Nations Convention against Cybercrime; Strengthening International "
            "Cooperation for Combating Certain Crimes Committed by Means of Information and "
            "Communications Technology Systems and for the Sharing of Evidence in Electronic "
            "Form of Serious Crimes"
        )
    return pgettext("instrument", title)


def _office(office: str) -> str:
    if office == OFFICE:
        # TRANSLATORS: the office replies are sent to ("sent to the ..."): in Russian, the
        # accusative after "в".
        return _(
            "Conference Support Section, Organized Crime and Illicit Trafficking Branch, "
            "Division for Treaty Affairs of the United Nations Office on Drugs and Crime"
        )
    return pgettext("cycle.office", office)
