"""Which language each State's workbook is in, and what the secretariat is told about it.

A State receives its workbook in its language of correspondence (the registry's ``language``)
when the cycle lists that language and the wording is translated into it, in English otherwise
(:func:`toolkit.i18n.language_for`).  Both cases the secretariat should know of are warnings
naming what they concern: States that get English instead of their language, and texts of the
wording that a catalogue does not translate (they are shown in English).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from toolkit.errors import Finding, Location
from toolkit.i18n import LANGUAGES, QUESTIONNAIRE, Addressee, in_english_instead
from toolkit.i18n.catalogues import catalogue_file
from toolkit.questionnaire.template import Template

LISTED = 8
"""Keys of untranslated texts named in a warning; the others are counted."""


def language_warnings(
    recipients: Sequence[Addressee],
    cycle_languages: Iterable[str],
    translations: Mapping[str, Template],
    cycle_file: Path,
) -> list[Finding]:
    """Warnings about the workbooks' languages: English instead of a State's language (the
    cycle does not list it, or no catalogue translates the wording), and untranslated texts."""
    available = set(translations) | {"en"}
    listed = set(cycle_languages)
    findings = []
    for code, states in in_english_instead(recipients, available).items():
        why = (
            "the cycle does not list it"
            if code not in listed
            else "no questionnaire catalogue translates the wording into it"
        )
        findings.append(
            Finding(
                "questionnaire.english-instead",
                "warning",
                f"{len(states)} State(s) whose language of correspondence is "
                f"{LANGUAGES[code].name} get their workbook in English, because {why}: "
                f"{', '.join(states)}.",
                Location(str(cycle_file), key="languages"),
                (
                    f"Add {code} to the cycle's languages to send them {LANGUAGES[code].name} "
                    "workbooks, or correct the States' language in the registry."
                )
                if code not in listed
                else f"Add the questionnaire catalogue for {code} (templates/locale/{code}/"
                "LC_MESSAGES/questionnaire.po).",
            )
        )
    for code, template in sorted(translations.items()):
        if not template.untranslated:
            continue
        keys = list(template.untranslated)
        named = ", ".join(keys[:LISTED]) + (
            f" and {len(keys) - LISTED} more" if len(keys) > LISTED else ""
        )
        catalogue = catalogue_file(QUESTIONNAIRE.name, code)
        findings.append(
            Finding(
                "questionnaire.untranslated",
                "warning",
                f"the {LANGUAGES[code].name} workbooks show {len(keys)} text(s) of the wording in "
                f"English, which the catalogue does not translate: {named}.",
                Location(str(catalogue or template.path)),
                "Extract the messages again and translate the new or changed ones in the "
                "questionnaire catalogue (see the README, Translations).",
            )
        )
    return findings
