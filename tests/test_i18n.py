"""The six languages: UN dates and numbers, citations, the language rule, the catalogues (the
workspace's winning, entry by entry), their completeness and their templates kept current."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from toolkit.i18n import (
    INTAKE,
    QUESTIONNAIRE,
    in_english_instead,
    language,
    language_for,
    use_folders,
)
from toolkit.i18n.catalogues import BUNDLED, DOMAINS, catalogue_path
from toolkit.i18n.check import check, check_catalogue, placeholders
from toolkit.i18n.citation import capitalised, cite_in
from toolkit.i18n.dates import un_date, un_number
from toolkit.i18n.extract import extract_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("code", "first_december", "thirtieth_june"),
    [
        ("en", "1 December 2026", "30 June 2027"),
        ("fr", "1er décembre 2026", "30 juin 2027"),
        ("es", "1 de diciembre de 2026", "30 de junio de 2027"),
        ("ru", "1 декабря 2026 года", "30 июня 2027 года"),
        ("zh", "2026年12月1日", "2027年6月30日"),
        ("ar", "1 كانون الأول/ديسمبر 2026", "30 حزيران/يونيه 2027"),
    ],
)
def test_dates_as_the_united_nations_writes_them(code, first_december, thirtieth_june) -> None:
    assert un_date(date(2026, 12, 1), code) == first_december
    assert un_date(date(2027, 6, 30), code) == thirtieth_june


def test_numbers_grouped_as_each_language_groups_them() -> None:
    assert [un_number(81, code) for code in ("en", "fr", "ar")] == ["81", "81", "81"]
    assert (un_number(1234, "en"), un_number(1234, "fr"), un_number(1234, "es")) == (
        "1,234",
        "1234",
        "1234",
    )
    assert un_number(12345, "en") == "12,345"
    assert un_number(12345, "zh") == "12,345"
    assert un_number(12345, "fr") == "12\u202f345"
    assert un_number(12345, "ru") == "12\u00a0345"
    assert un_number(1234567, "es") == "1\u00a0234\u00a0567"


@pytest.mark.parametrize(
    ("code", "paragraph", "clause", "article"),
    [
        ("en", "article 11, paragraph 1 (a)", "article 11, paragraph 1 (a) (ii)", "article 13 (a)"),
        ("fr", "article 11, paragraphe 1 a)", "article 11, paragraphe 1 a) ii)", "article 13 a)"),
        ("es", "artículo 11, párrafo 1 a)", "artículo 11, párrafo 1 a) ii)", "artículo 13 a)"),
        ("ru", "статья 11, пункт 1 (a)", "статья 11, пункт 1 (a) (ii)", "статья 13 (a)"),
        ("zh", "第11条第1款(a)项", "第11条第1款(a)项(ii)目", "第13条(a)项"),
        ("ar", "المادة 11، الفقرة 1 (a)", "المادة 11، الفقرة 1 (a) (ii)", "المادة 13 (a)"),
    ],
)
def test_citations_in_each_language(code, paragraph, clause, article) -> None:
    assert cite_in("11.1.a", code) == paragraph
    assert cite_in("11.1.a.ii", code) == clause
    assert cite_in("13.a", code) == article
    whole = {"en": "article 7", "fr": "article 7", "es": "artículo 7", "ru": "статья 7"}
    assert cite_in("7", code) == {**whole, "zh": "第7条", "ar": "المادة 7"}[code]
    if code in whole:
        assert capitalised(cite_in("7", code)) == whole[code][:1].upper() + whole[code][1:]


class State:
    def __init__(self, iso3: str, language: str) -> None:
        self.iso3, self.language = iso3, language


def test_a_state_gets_its_language_when_the_cycle_lists_it_english_otherwise() -> None:
    assert language_for("fr", ("en", "fr")) == "fr"
    assert language_for("es", ("en", "fr")) == "en"
    assert language_for("ar", ()) == "en"
    states = [State("CHL", "es"), State("FRA", "fr"), State("ARG", "es"), State("KEN", "en")]
    assert in_english_instead(states, ("en", "fr")) == {"es": ("CHL", "ARG")}
    assert in_english_instead(states, ("en", "fr", "es")) == {}


def test_messages_are_answered_in_the_active_language() -> None:
    assert QUESTIONNAIRE.pgettext("column", "Answer") == "Answer"
    with language("fr"):
        assert QUESTIONNAIRE.pgettext("column", "Answer") == "Réponse"
        with language("zh"):
            assert QUESTIONNAIRE.pgettext("column", "Answer") == "答复"
        assert INTAKE.gettext("To correct:") == "À corriger\u00a0:"
        assert INTAKE.gettext("a message nobody wrote") == "a message nobody wrote"
    assert QUESTIONNAIRE.pgettext("column", "Answer") == "Answer"


def test_a_workspace_catalogue_wins_entry_by_entry_and_a_fuzzy_entry_is_not_used(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "templates" / "locale"
    path = catalogue_path(folder, "intake", "fr")
    path.parent.mkdir(parents=True)
    header = (BUNDLED / "fr" / "LC_MESSAGES" / "intake.po").read_text(encoding="utf-8")
    header = header[: header.index("\n\n") + 2]
    path.write_text(
        header
        + 'msgid "To correct:"\nmsgstr "À rectifier\u00a0:"\n\n'
        + '#, fuzzy\nmsgid "Please check:"\nmsgstr "Vérifiez (brouillon)\u00a0:"\n',
        encoding="utf-8",
    )
    use_folders([folder])
    try:
        with language("fr"):
            assert INTAKE.gettext("To correct:") == "À rectifier\u00a0:"  # the workspace's
            assert INTAKE.gettext("Please check:") == "À vérifier\u00a0:"  # fuzzy: bundled
            assert INTAKE.gettext("No action needed.") == "Aucune mesure n'est nécessaire."
    finally:
        use_folders([])
    with language("fr"):
        assert INTAKE.gettext("To correct:") == "À corriger\u00a0:"


def test_the_bundled_catalogues_are_complete_in_the_six_languages() -> None:
    problems = check()
    assert problems == [], "\n".join(str(p) for p in problems)
    for domain in DOMAINS:
        for code in ("ar", "zh", "en", "fr", "ru", "es"):
            with catalogue_path(BUNDLED, domain, code).open("rb") as stream:
                catalogue = read_po(stream)
            assert not catalogue.fuzzy
            comments = "\n".join(catalogue.header_comment.splitlines())
            if code != "en":
                assert "await review by the Organization's translation services" in comments


def test_a_catalogue_with_a_missing_a_fuzzy_or_a_broken_entry_is_reported(tmp_path: Path) -> None:
    with (BUNDLED / "intake.pot").open("rb") as stream:
        template = read_po(stream)
    text = (BUNDLED / "es" / "LC_MESSAGES" / "intake.po").read_text(encoding="utf-8")
    text = text.replace(
        'msgid "To correct:"\nmsgstr "Para corregir:"', 'msgid "To correct:"\nmsgstr ""'
    )
    text = text.replace('msgstr "Qué hacer: {hint}"', 'msgstr "Qué hacer:"')
    text = text.replace('msgid "Please check:"', '#, fuzzy\nmsgid "Please check:"')
    start = text.index('msgid "No action needed."')
    text = text[:start] + text[text.index("\n\n", start) + 2 :]
    broken = tmp_path / "intake.po"
    broken.write_text(text, encoding="utf-8")
    found = sorted(
        (p.message, p.what.split(" (")[0]) for p in check_catalogue(template, broken, "es")
    )
    assert found == [
        ("'No action needed.'", "missing"),
        ("'Please check:'", "fuzzy: its translation must be checked"),
        ("'To correct:'", "untranslated"),
        ("'What to do: {hint}'", "placeholders [] instead of ['{hint}']"),
    ]
    assert placeholders("{{ Citation }} ({{ title }}) &P") == ["&P", "{{citation}}", "{{title}}"]


def test_the_yaml_extractor_gives_each_text_its_key_as_context(tmp_path: Path) -> None:
    wording = tmp_path / "questions.yaml"
    wording.write_text(
        "language: en\nquestions:\n  optional: >-\n    {{ Citation }} allows\n    it.\n"
        'cover:\n  instructions:\n    - "First."\n    - "Second."\n',
        encoding="utf-8",
    )
    with wording.open("rb") as stream:
        found = [(line, messages) for line, _, messages, _ in extract_yaml(stream, {}, [], {})]
    assert found == [
        (3, ("questions.optional", "{{ Citation }} allows it.")),
        (8, ("cover.instructions", "First.")),
        (9, ("cover.instructions", "Second.")),
    ]


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogue_templates_hold_exactly_what_the_sources_mark(domain: str) -> None:
    """The committed .pot is current: extracting again (as the nox session does) finds the same
    messages, so that no text of the code or the wording is left out of the catalogues."""
    with (BUNDLED / f"{domain}.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    extracted = {
        (context, message if isinstance(message, str) else message[0])
        for _, _, message, _, context in extract_from_dir(str(ROOT), method_map, options_map)
    }
    with (BUNDLED / f"{domain}.pot").open("rb") as stream:
        template = read_po(stream)
    committed = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    assert extracted == committed
