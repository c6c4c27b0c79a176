"""The States registry: the bundled data is complete and correct; bad files are explained."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pycountry
import pytest
import yaml

from toolkit.errors import ConfigError
from toolkit.registry import DEFAULT_REGISTRY, EU_CODE, GROUPS, LANGUAGES, load_registry

FIXTURES = Path(__file__).parent / "fixtures" / "registry"
WEOG = "Western European and other States"
GENERIC_WORDS = {
    "Republic",
    "State",
    "States",
    "Democratic",
    "People's",
    "United",
    "Islands",
    "and",
    "the",
}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def load_error(name: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_registry(FIXTURES / name)
    return caught.value


# -- the bundled registry -------------------------------------------------------------------


def test_bundled_registry_lists_193_members_2_observers_and_the_eu(registry):
    kinds = Counter(state.kind for state in registry)
    assert kinds == {"member": 193, "observer": 2, "reio": 1}
    assert [s.short_name for s in registry.of_kind("observer")] == [
        "Holy See",
        "State of Palestine",
    ]
    assert [s.iso3 for s in registry.of_kind("reio")] == [EU_CODE]


def test_every_state_code_is_an_iso_alpha3_code_of_that_country(registry):
    """A swapped code (AUT for Australia) would name another country: catch it by name."""
    for state in registry:
        if state.iso3 == EU_CODE:
            continue
        country = pycountry.countries.get(alpha_3=state.iso3)
        assert country is not None, state.iso3
        iso_words = " ".join(
            getattr(country, attribute, "")
            for attribute in ("name", "official_name", "common_name")
        )
        words = state.short_name.replace("(", " ").replace(")", " ").split()
        distinctive = [w for w in words if len(w) >= 3 and w not in GENERIC_WORDS]
        assert any(word in iso_words for word in distinctive), (state.iso3, state.short_name)


def test_member_states_are_counted_in_the_real_regional_groups(registry):
    members = Counter(s.group for s in registry.of_kind("member"))
    assert members == {
        "African": 54,
        "Asia-Pacific": 53,
        "Eastern European": 23,
        "Latin American and Caribbean": 33,
        WEOG: 29,  # 28 members and the United States of America, counted with it
        None: 1,  # Kiribati
    }


@pytest.mark.parametrize(
    ("iso3", "group"),
    [
        ("TUR", WEOG),
        ("ISR", WEOG),
        ("USA", WEOG),
        ("CYP", "Asia-Pacific"),
        ("KIR", None),
        ("PSE", "Asia-Pacific"),
        ("VAT", None),
        ("EUU", None),
    ],
)
def test_states_with_unusual_group_memberships_are_placed_as_documented(registry, iso3, group):
    assert registry.get(iso3).group == group


@pytest.mark.parametrize(
    ("iso3", "short_name"),
    [
        ("BOL", "Bolivia (Plurinational State of)"),
        ("TUR", "Türkiye"),
        ("CIV", "Côte d'Ivoire"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("FSM", "Micronesia (Federated States of)"),
        ("CZE", "Czechia"),
        ("SWZ", "Eswatini"),
        ("MKD", "North Macedonia"),
        ("CPV", "Cabo Verde"),
        ("VNM", "Viet Nam"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("MDA", "Republic of Moldova"),
        ("TZA", "United Republic of Tanzania"),
        ("PSE", "State of Palestine"),
    ],
)
def test_short_names_follow_un_terminology(registry, iso3, short_name):
    assert registry.get(iso3).short_name == short_name


def test_missions_are_named_with_the_name_used_in_running_text(registry):
    assert (
        registry.get("CHL").mission == "Permanent Mission of Chile to the United Nations (Vienna)"
    )
    assert registry.get("BOL").mission == (
        "Permanent Mission of the Plurinational State of Bolivia to the United Nations (Vienna)"
    )
    assert registry.get("PHL").mission.startswith("Permanent Mission of the Philippines ")
    assert registry.get("VAT").mission.startswith("Permanent Observer Mission of the Holy See ")
    assert all(s.mission and s.city == "Vienna" for s in registry)


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("CHL", "Chile"),
        ("MDV", "Maldives"),
        ("SLB", "Solomon Islands"),
        ("ARE", "the United Arab Emirates"),
        ("PHL", "the Philippines"),
        ("BHS", "the Bahamas"),
        ("NER", "the Niger"),
        ("RUS", "the Russian Federation"),
        ("BOL", "the Plurinational State of Bolivia"),
        ("NLD", "the Kingdom of the Netherlands"),
        ("VAT", "the Holy See"),
        ("EUU", "the European Union"),
    ],
)
def test_a_sentence_names_a_state_with_its_article(registry, iso3, name):
    assert registry.get(iso3).name_in_text == name


def test_the_name_in_a_sentence_is_the_name_its_mission_is_called_by(registry):
    # Two sources written apart: the rule on the formal name, and the missions' names.
    assert [s.iso3 for s in registry if f" of {s.name_in_text} to " not in s.mission] == []


@pytest.mark.parametrize(
    ("iso3", "language"),
    [
        ("CHN", "zh"),
        ("RUS", "ru"),
        ("KAZ", "ru"),
        ("SEN", "fr"),
        ("HTI", "fr"),
        ("MEX", "es"),
        ("EGY", "ar"),
        ("SAU", "ar"),
        ("GBR", "en"),
        ("IND", "en"),
    ],
)
def test_each_state_has_its_language_of_correspondence(registry, iso3, language):
    assert registry.get(iso3).language == language


def test_every_language_and_group_is_from_the_fixed_vocabularies(registry):
    assert {s.language for s in registry} <= set(LANGUAGES)
    assert {s.group for s in registry} <= {*GROUPS, None}


def test_codes_and_names_are_unique(registry):
    for attribute in ("iso3", "short_name", "formal_name", "mission"):
        values = [getattr(s, attribute) for s in registry]
        assert len(set(values)) == len(values), attribute


def test_lookup_ignores_case_and_suggests_a_close_code(registry):
    assert registry.get("bol").short_name == "Bolivia (Plurinational State of)"
    assert "USA" in registry
    with pytest.raises(KeyError, match=r"UAS.*Did you mean"):
        registry.get("UAS")


def test_bundled_file_reads_the_same_with_any_yaml_reader(registry):
    """No value relies on the toolkit's text-only loader: other tools may read the file too."""
    plain = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))
    assert [entry["iso3"] for entry in plain] == [s.iso3 for s in registry]
    assert [entry["short_name"] for entry in plain] == [s.short_name for s in registry]
    assert [entry["group"] for entry in plain] == [s.group for s in registry]


def test_default_path_is_the_bundled_file(registry):
    assert registry.path == DEFAULT_REGISTRY


# -- a small valid file ---------------------------------------------------------------------


def test_dates_and_addresses_load_as_data():
    registry = load_registry(FIXTURES / "valid.yaml")
    chile, senegal, eu = registry
    assert chile.signature == date(2025, 10, 25)
    assert chile.ratification == date(2026, 5, 4)
    assert chile.address_lines == ("Example street 1", "1010 Vienna")
    assert chile.party and not senegal.party and not eu.party
    assert registry.parties() == (chile,)
    assert eu.address_lines == () and eu.group is None


# -- bad files ------------------------------------------------------------------------------


def test_duplicate_code_names_both_entries():
    error = load_error("duplicate-code.yaml")
    (finding,) = error.findings
    assert finding.code == "registry.duplicate-code"
    assert finding.location.line == 14 and finding.location.key == "iso3"
    assert "entry 2 (CHL)" in finding.message and "entry 1 (CHL) (line 2)" in finding.message


def test_unknown_group_names_file_line_entry_key_and_the_expected_names():
    error = load_error("unknown-group.yaml")
    (finding,) = error.findings
    assert finding.code == "registry.group"
    assert str(finding).startswith(f"{FIXTURES / 'unknown-group.yaml'}, line 18, key 'group': ")
    assert "entry 2 (SEN)" in finding.message and '"African"' in finding.message
    assert "Latin American and Caribbean" in finding.hint


def test_bad_iso_code_is_caught_by_pycountry():
    (finding,) = load_error("bad-iso-code.yaml").findings
    assert finding.code == "registry.iso3"
    assert finding.location.line == 14
    assert "'SNG' is not an ISO 3166-1 alpha-3 code" in finding.message


def test_eu_code_is_reserved_for_the_eu():
    (finding,) = load_error("eu-code-for-a-state.yaml").findings
    assert finding.code == "registry.iso3"
    assert "reserved for the European Union" in finding.message


def test_impossible_date_is_reported_not_raised():
    (finding,) = load_error("bad-date.yaml").findings
    assert finding.code == "registry.date"
    assert (finding.location.line, finding.location.key) == (23, "signature")
    assert "'2026-02-30' is not a date of the calendar" in finding.message


def test_signature_after_the_closing_date_is_refused():
    (finding,) = load_error("signature-after-closing.yaml").findings
    assert finding.code == "registry.date"
    assert "2026-12-31" in finding.message and "accession" in finding.hint


def test_ratification_before_signature_is_refused():
    (finding,) = load_error("ratification-before-signature.yaml").findings
    assert finding.code == "registry.date-order"
    assert finding.location.key == "ratification"
    assert "entry 1 (CHL)" in finding.message


def test_missing_key_names_the_entry_and_the_key():
    (finding,) = load_error("missing-key.yaml").findings
    assert finding.code == "registry.missing-key"
    assert (finding.location.line, finding.location.key) == (14, "language")
    assert "entry 2 (SEN)" in finding.message
    assert "ar, zh, en, fr, ru, es" in finding.hint


def test_misspelt_key_is_not_silently_ignored():
    (finding,) = load_error("unknown-key.yaml").findings
    assert finding.code == "registry.unknown-key"
    assert 'Did you mean "ratification"?' in finding.message


def test_every_problem_of_a_file_is_reported_at_once():
    error = load_error("several-problems.yaml")
    assert [(f.code, f.location.key) for f in error.findings] == [
        ("registry.date", "ratification"),
        ("registry.group", "group"),
        ("registry.language", "language"),
    ]
    assert str(error).count("several-problems.yaml") == 3


def test_a_file_that_is_not_a_list_is_refused():
    (finding,) = load_error("not-a-list.yaml").findings
    assert finding.code == "registry.shape"


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_registry(tmp_path / "nowhere.yaml")


def test_malformed_yaml_gives_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("- iso3: CHL\n  short_name: [Chile\n", encoding="utf-8")
    (finding,) = load_error_at(path).findings
    assert finding.code == "registry.yaml" and finding.location.line is not None


def test_repeated_key_in_an_entry_is_reported(tmp_path):
    text = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "twice.yaml"
    path.write_text(text.replace("  language: es\n", "  language: es\n  language: en\n"), "utf-8")
    (finding,) = load_error_at(path).findings
    assert finding.code == "registry.duplicate-key" and finding.location.line == 9


def load_error_at(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_registry(path)
    return caught.value
