"""Review cycles: the default cycle works as shipped; scopes resolve; bad files are explained."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.cycle import (
    CYCLES,
    DEFAULT_CYCLE,
    find_cycle,
    known_cycles,
    load_cycle,
    parse_scope_item,
)
from toolkit.errors import ConfigError
from toolkit.instrument.model import Chapter, Instrument, Provision
from toolkit.registry import load_registry

FIXTURES = Path(__file__).parent / "fixtures" / "cycles"
REGISTRY = Path(__file__).parent / "fixtures" / "registry" / "valid.yaml"


def fixture(name: str) -> Path:
    return FIXTURES / name


def load_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_cycle(path)
    return caught.value


# -- a small instrument built by hand --------------------------------------------------------
#
#   Chapter I:  article 1 (paragraphs 1.1 ... 1.10)
#   Chapter II: article 2 (paragraph 2.1 with subparagraphs 2.1.a, 2.1.b), article 3


def provision(id: str, *children: str) -> Provision:
    kind = ("article", "paragraph", "subparagraph", "clause")[id.count(".")]
    article = int(id.split(".")[0])
    return Provision(
        id=id,
        eid="",
        kind=kind,  # type: ignore[arg-type]
        article=article,
        chapter="I" if article == 1 else "II",
        label=id.split(".")[-1],
        parent=id.rpartition(".")[0] or None,
        children=children,
        title="",
        text=f"Text of {id}.",
        wrap_up="",
        line=1,
    )


def small_instrument() -> Instrument:
    paragraphs = [f"1.{n}" for n in range(1, 11)]
    return Instrument(
        title="Small Convention",
        source="hand-built",
        source_sha256="",
        resolution=None,
        preamble=(),
        chapters=(Chapter("I", "General", (1,), 1), Chapter("II", "Offences", (2, 3), 2)),
        provisions=(
            provision("1", *paragraphs),
            *(provision(p) for p in paragraphs),
            provision("2", "2.1"),
            provision("2.1", "2.1.a", "2.1.b"),
            provision("2.1.a"),
            provision("2.1.b"),
            provision("3"),
        ),
    )


def cycle_with_scope(tmp_path: Path, *items: str):
    """The valid fixture cycle with another scope, written as a YAML block list."""
    text = fixture("valid.yaml").read_text(encoding="utf-8")
    block = "scope:\n" + "".join(f"  - {item}\n" for item in items)
    path = tmp_path / "cycle.yaml"
    path.write_text(text.replace("scope: [7, article 8, 40.21]\n", block), encoding="utf-8")
    return load_cycle(path)


def ids(provisions: tuple[Provision, ...]) -> list[str]:
    return [p.id for p in provisions]


def test_chapter_scope_covers_every_provision_of_its_articles(tmp_path):
    cycle = cycle_with_scope(tmp_path, "II")
    assert ids(cycle.provisions(small_instrument())) == ["2", "2.1", "2.1.a", "2.1.b", "3"]


def test_article_and_id_scopes_cover_the_provision_and_what_is_under_it(tmp_path):
    cycle = cycle_with_scope(tmp_path, "3", "2.1.a", "article 1")
    got = ids(cycle.provisions(small_instrument()))
    assert got[:2] == ["1", "1.1"] and got[-2:] == ["2.1.a", "3"]
    assert len(got) == 13


def test_overlapping_scope_gives_each_provision_once_in_document_order(tmp_path):
    cycle = cycle_with_scope(tmp_path, "2.1", "II", "2")
    assert ids(cycle.provisions(small_instrument())) == ["2", "2.1", "2.1.a", "2.1.b", "3"]


def test_id_with_a_trailing_zero_is_not_read_as_a_number(tmp_path):
    """YAML would read 1.10 as the float 1.1: the cycle keeps what was written."""
    cycle = cycle_with_scope(tmp_path, "1.10")
    assert cycle.scope == ("1.10",)
    assert ids(cycle.provisions(small_instrument())) == ["1.10"]


def test_unknown_chapter_names_the_file_line_and_chapters_that_exist():
    cycle = load_cycle(fixture("unknown-chapter.yaml"))
    with pytest.raises(ConfigError) as caught:
        cycle.provisions(small_instrument())
    (finding,) = caught.value.findings
    assert finding.code == "cycle.unknown-chapter"
    assert (finding.location.line, finding.location.key) == (7, "scope")
    assert "chapter 'XI' is not in Small Convention (its chapters: I, II)" in finding.message


@pytest.mark.parametrize(
    ("scope", "code", "message"),
    [
        ("4", "cycle.unknown-article", "article '4' is not in Small Convention (articles 1 to 3)"),
        (
            "2.2",
            "cycle.unknown-provision",
            "'2.2' is not in Small Convention (2 contains only 2.1)",
        ),
        (
            "1.1.a",
            "cycle.unknown-provision",
            "'1.1.a' is not in Small Convention (1.1 has no subdiv",
        ),
        (
            "1.11",
            "cycle.unknown-provision",
            "'1.11' is not in Small Convention (1 contains 1.1 to 1.10)",
        ),
        ("5.1", "cycle.unknown-provision", "'5.1' is not in Small Convention (articles 1 to 3)"),
    ],
)
def test_unknown_article_or_id_is_a_config_error(tmp_path, scope, code, message):
    cycle = cycle_with_scope(tmp_path, "II", scope)
    with pytest.raises(ConfigError) as caught:
        cycle.provisions(small_instrument())
    (finding,) = caught.value.findings
    assert finding.code == code and message in finding.message
    assert (finding.location.line, finding.location.key) == (7, "scope")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("II", ("chapter", "II")),
        ("Chapter iv", ("chapter", "IV")),
        ("7", ("article", "7")),
        ("Article 07", ("article", "7")),
        ("40.21", ("provision", "40.21")),
        ("11.1.A.ii", ("provision", "11.1.a.ii")),
    ],
)
def test_scope_items_are_read_as_chapters_articles_or_ids(text, parsed):
    assert parse_scope_item(text) == parsed


@given(
    article=st.integers(min_value=1, max_value=999),
    labels=st.lists(st.from_regex(r"[0-9]{1,2}|[a-z]{1,4}", fullmatch=True), max_size=3),
)
def test_any_written_id_is_read_back_as_itself(article, labels):
    written = ".".join([str(article), *labels])
    kind = "provision" if labels else "article"
    assert parse_scope_item(written) == (kind, written)


# -- the default cycle and the bundled Convention -------------------------------------------


def test_default_cycle_loads_with_no_configuration():
    cycle = load_cycle()
    assert cycle.path == DEFAULT_CYCLE
    assert cycle.id == "first-review-cycle"
    assert cycle.scope == ("II", "IV")
    assert cycle.recipients == "all"
    assert cycle.deadline.year == 2027
    assert cycle.languages == ("ar", "zh", "en", "fr", "ru", "es")
    assert cycle.instrument == "default" and cycle.source is None


def test_default_cycle_covers_chapters_ii_and_iv_of_the_convention(convention):
    provisions = load_cycle().provisions(convention)
    assert {p.chapter for p in provisions} == {"II", "IV"}
    articles = sorted({p.article for p in provisions})
    assert articles == [*range(7, 22), *range(23, 35)]
    assert "11.1.a" in ids(provisions)


def test_default_cycle_is_sent_to_every_entry_of_the_registry():
    registry = load_registry()
    assert load_cycle().recipients_in(registry) == tuple(registry)


def test_find_cycle_finds_the_bundled_cycle_by_id():
    assert find_cycle("first-review-cycle").path == DEFAULT_CYCLE
    assert [c.id for c in known_cycles()] == ["first-review-cycle"]
    assert DEFAULT_CYCLE.parent == CYCLES


def test_find_cycle_with_an_unknown_id_lists_the_known_ones():
    with pytest.raises(ConfigError) as caught:
        find_cycle("first-cycle")
    (finding,) = caught.value.findings
    assert finding.code == "cycle.unknown-id"
    assert "(first-review-cycle)" in finding.message
    assert 'Did you mean "first-review-cycle"?' in finding.hint


def test_two_cycle_files_with_one_id_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(fixture("valid.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ConfigError, match=r"b\.yaml.*also the id of a\.yaml"):
        find_cycle("pilot-2027", tmp_path)


# -- a valid file and the registry ----------------------------------------------------------


def test_valid_cycle_keeps_every_value():
    cycle = load_cycle(fixture("valid.yaml"))
    assert cycle.id == "pilot-2027"
    assert cycle.scope == ("7", "article 8", "40.21")
    assert cycle.recipients == ("CHL", "SEN", "EUU")
    assert cycle.deadline == date(2027, 1, 31)
    assert cycle.reference == "CU 2026/45/DTA/OCB/CSS"
    assert cycle.contact_email == "review.secretariat@un.org"
    assert cycle.languages == ("en", "fr", "es")


def test_listed_recipients_are_looked_up_in_the_registry():
    registry = load_registry(REGISTRY)
    states = load_cycle(fixture("valid.yaml")).recipients_in(registry)
    assert [s.short_name for s in states] == ["Chile", "Senegal", "European Union"]


def test_parties_are_the_states_that_ratified(tmp_path):
    text = fixture("valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "parties.yaml"
    path.write_text(text.replace("recipients: [CHL, SEN, EUU]", "recipients: parties"), "utf-8")
    states = load_cycle(path).recipients_in(load_registry(REGISTRY))
    assert [s.iso3 for s in states] == ["CHL"]


def test_recipient_missing_from_the_registry_names_its_line():
    cycle = load_cycle(fixture("recipient-not-in-registry.yaml"))
    with pytest.raises(ConfigError) as caught:
        cycle.recipients_in(load_registry(REGISTRY))
    (finding,) = caught.value.findings
    assert finding.code == "cycle.unknown-recipient"
    assert (finding.location.line, finding.location.key) == (8, "recipients")
    assert "'GRL' is not in the States registry" in finding.message


# -- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "line", "key", "words"),
    [
        (
            "missing-key.yaml",
            "cycle.missing-key",
            None,
            "deadline",
            "the key 'deadline' is missing",
        ),
        ("bad-date.yaml", "cycle.date", 7, "deadline", "'2027-06-31' is not a date"),
        ("unknown-recipient.yaml", "cycle.unknown-recipient", 8, "recipients", "'XYZ' is neither"),
        ("bad-scope-item.yaml", "cycle.scope", 6, "scope", "'chapter two' is not a chapter"),
        ("bad-reference.yaml", "cycle.value", 8, "reference", "'2026-45' is not a reference"),
        ("unknown-language.yaml", "cycle.language", 10, "languages", "'pt' is not a UN language"),
        ("unknown-key.yaml", "cycle.unknown-key", 7, "deadlines", 'Did you mean "deadline"?'),
    ],
)
def test_bad_cycle_file_names_file_line_key_and_expected_value(name, code, line, key, words):
    errors = load_error(fixture(name)).findings
    finding = next(f for f in errors if f.code == code)
    assert finding.location.file == str(fixture(name))
    assert (finding.location.line, finding.location.key) == (line, key)
    assert words in finding.message
    assert finding.hint


def test_missing_key_and_misspelt_key_are_both_reported():
    codes = [f.code for f in load_error(fixture("unknown-key.yaml")).findings]
    assert codes == ["cycle.missing-key", "cycle.unknown-key"]


def test_every_problem_of_a_cycle_file_is_reported_at_once():
    error = load_error(fixture("several-problems.yaml"))
    assert [(f.code, f.location.key) for f in error.findings] == [
        ("cycle.missing-key", "languages"),
        ("cycle.value", "id"),
        ("cycle.value", "contact_email"),
    ]


def test_unknown_chapter_and_article_of_the_convention_are_reported(convention):
    for name, code in (
        ("unknown-chapter.yaml", "cycle.unknown-chapter"),
        ("unknown-article.yaml", "cycle.unknown-article"),
        ("unknown-provision.yaml", "cycle.unknown-provision"),
    ):
        with pytest.raises(ConfigError) as caught:
            load_cycle(fixture(name)).provisions(convention)
        assert [f.code for f in caught.value.findings] == [code], name


def test_instrument_path_is_relative_to_the_cycle_file(tmp_path):
    text = fixture("valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "other.yaml"
    path.write_text(text.replace("instrument: default", "instrument: texts/protocol.txt"), "utf-8")
    (finding,) = load_error(path).findings
    assert (finding.code, finding.location.key) == ("cycle.value", "instrument")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "protocol.txt").write_text("Article 1\n", encoding="utf-8")
    assert load_cycle(path).source == tmp_path / "texts" / "protocol.txt"


def valid_with(tmp_path: Path, old: str, new: str) -> Path:
    """The valid fixture cycle with one line changed."""
    text = fixture("valid.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "cycle.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_an_empty_list_of_recipients_is_refused(tmp_path):
    path = valid_with(tmp_path, "recipients: [CHL, SEN, EUU]", "recipients: []")
    (finding,) = load_error(path).findings
    assert (finding.code, finding.location.key, finding.location.line) == (
        "cycle.value",
        "recipients",
        6,
    )
    assert "empty list" in finding.message


def test_a_lower_case_recipient_is_told_to_be_written_in_capitals(tmp_path):
    path = valid_with(tmp_path, "recipients: [CHL, SEN, EUU]", "recipients: [chl, SEN]")
    (finding,) = load_error(path).findings
    assert finding.code == "cycle.unknown-recipient"
    assert "'chl' must be written in capital letters (CHL)" in finding.message


def test_an_instrument_that_is_a_folder_is_called_a_folder(tmp_path):
    (tmp_path / "texts").mkdir()
    path = valid_with(tmp_path, "instrument: default", "instrument: texts")
    (finding,) = load_error(path).findings
    assert finding.location.key == "instrument"
    assert "is a folder" in finding.message


def test_a_folder_given_as_the_cycle_file_is_called_a_folder(tmp_path):
    (finding,) = load_error(tmp_path).findings
    assert finding.code == "cycle.file"
    assert finding.message == "this is a folder, not a file."


def test_tab_indentation_gets_its_own_hint(tmp_path):
    path = valid_with(tmp_path, "scope: [7, article 8, 40.21]", "scope:\n\t- 7")
    (finding,) = load_error(path).findings
    assert (finding.code, finding.location.line) == ("cycle.yaml", 6)
    assert "tab" in finding.hint and "spaces" in finding.hint


def test_a_cycle_file_saved_as_utf16_says_so(tmp_path):
    path = tmp_path / "cycle.yaml"
    path.write_bytes(fixture("valid.yaml").read_text(encoding="utf-8").encode("utf-16"))
    (finding,) = load_error(path).findings
    assert (finding.code, finding.location.line) == ("cycle.file", 1)
    assert "UTF-16" in finding.message and "UTF-8" in finding.hint
