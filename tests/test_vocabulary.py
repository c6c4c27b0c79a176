"""The vocabularies as data: canonical keys, what each answer counts as, the labels in the six
languages (what a workbook offers and its lock records)."""

from __future__ import annotations

import pytest

from toolkit import vocabulary
from toolkit.questionnaire.template import load_template
from toolkit.vocabulary import VOCABULARY, issued_labels, need_keys, outcome, says_nothing


def test_the_answers_of_each_kind_and_their_keys() -> None:
    keys = {kind: [t.key for t in VOCABULARY.answers[kind]] for kind in vocabulary.KINDS}
    assert keys == {
        "mandatory": ["yes", "partially", "no", "not_applicable"],
        "consider": ["yes", "partially", "considered", "no", "not_applicable"],
        "optional": ["used", "partly_used", "not_used"],
        "reservation": ["not_made", "made", "intended"],
        "notification": ["notified", "not_notified", "not_applicable"],
    }
    assert [t.key for t in VOCABULARY.needs][:4] == [
        "none",
        "legislative_drafting",
        "institution_building",
        "training",
    ]
    assert vocabulary.CONSENT_KEYS == ("yes", "summary", "no")


@pytest.mark.parametrize(
    ("kind", "key", "counted"),
    [
        ("mandatory", "no", "gap"),
        ("consider", "no", "gap"),
        ("consider", "considered", "choice"),
        ("optional", "not_used", "choice"),
        ("optional", "no", "choice"),  # template version 1's No to an optional provision
        ("reservation", "made", "choice"),
        ("reservation", "no", "choice"),  # version 1: "Does your State apply it in full?" No
        ("reservation", "not_made", "in_place"),
        ("notification", "not_notified", "gap"),
        ("optional", "partly_used", "partial"),
        ("notification", "not_applicable", "not_applicable"),
    ],
)
def test_a_legitimate_no_is_a_choice_not_a_gap(kind: str, key: str, counted: str) -> None:
    assert outcome(kind, key) == counted


def test_a_key_the_kind_never_offered_is_an_error() -> None:
    with pytest.raises(
        ValueError, match="'used' is not an answer to a question of kind 'mandatory'"
    ):
        outcome("mandatory", "used")


def test_which_answers_must_cite_legislation() -> None:
    assert vocabulary.cites("mandatory", "yes") and vocabulary.cites("optional", "partly_used")
    assert vocabulary.cites("reservation", "not_made")
    assert not vocabulary.cites("optional", "not_used")
    assert not vocabulary.cites("notification", "notified")
    assert vocabulary.cites("optional", "yes")  # version 1: Yes cited whatever the kind


def test_needs_are_stored_as_keys_in_the_states_order() -> None:
    assert vocabulary.stored_needs(("training", "equipment")) == "training,equipment"
    assert vocabulary.stored_needs(()) is None
    assert need_keys("training,equipment") == ("training", "equipment")
    assert need_keys(None) == () and need_keys("") == ()


@pytest.mark.parametrize(
    "text", [None, "", " - ", "N/A", "n/a.", "None", "néant", "Sans objet", "нет", "无", "لا يوجد"]
)
def test_a_word_for_nothing_in_any_language_reports_nothing(text: str | None) -> None:
    assert says_nothing(text)


def test_a_real_text_reports_something() -> None:
    assert not says_nothing("Few prosecutors are trained.")
    assert not says_nothing("Нет специализированного подразделения.")


def test_the_labels_in_each_language_are_issued_by_key() -> None:
    spanish = issued_labels("es")
    assert len(spanish) == 51
    assert spanish["answer.optional.not_used"] == "No, no lo ha hecho"
    assert spanish["answer.reservation.made"] == "Se ha formulado una reserva o declaración"
    assert spanish["need.training"] == "Capacitación de profesionales (policía, fiscales, jueces)"
    assert spanish["consent.summary"] == "Solo el resumen"
    assert spanish["column.answer"] == "Respuesta"
    assert issued_labels("ar")["column.answer"] == "الإجابة"
    assert issued_labels("zh")["answer.mandatory.yes"] == "是"
    assert issued_labels("ru")["outcome.choice"] == "Не использовано или оговорка (допустимо)"
    assert issued_labels("en")["answer.optional.not_used"] == "No, it has not"


@pytest.mark.parametrize("code", ["ar", "zh", "en", "fr", "ru", "es"])
def test_every_language_keeps_its_lists_countable(code: str) -> None:
    """The template loader checks the rules a spreadsheet counts by (distinct labels, no
    wildcard, one outcome per label): it loads in every language, and every list is whole."""
    template = load_template(language=code)
    for kind in vocabulary.KINDS:
        labels = template.answers(kind)
        assert len(labels) == len(VOCABULARY.answers[kind]) and all(labels)
    assert len(template.needs) == 12 and len(template.consent) == 3
    assert template.untranslated == ()
