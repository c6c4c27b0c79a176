"""What the letters read besides the store: the cycle's office and place, the registry's
e-mail addresses, the bundled templates (and nobody's name in them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit import resources
from toolkit.cycle import DEFAULT_OFFICE, DEFAULT_PLACE, load_cycle
from toolkit.errors import ConfigError
from toolkit.registry import load_registry

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_default_cycle_names_the_conference_support_section_and_vienna() -> None:
    cycle = load_cycle()
    assert (
        cycle.office
        == DEFAULT_OFFICE
        == (
            "Conference Support Section, Organized Crime and Illicit Trafficking Branch, Division "
            "for Treaty Affairs of the United Nations Office on Drugs and Crime"
        )
    )
    assert cycle.place == DEFAULT_PLACE == "Vienna"


def cycle_with(tmp_path: Path, extra: str) -> Path:
    text = (FIXTURES / "correspondence" / "letters-test.yaml").read_text(encoding="utf-8")
    path = tmp_path / "letters-test.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_a_cycle_may_name_its_office_and_place(tmp_path: Path) -> None:
    cycle = load_cycle(cycle_with(tmp_path, "office: Treaty Section\nplace: New York\n"))
    assert (cycle.office, cycle.place) == ("Treaty Section", "New York")


@pytest.mark.parametrize("key", ["office", "place"])
def test_an_empty_office_or_place_is_refused_with_its_line(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_cycle(cycle_with(tmp_path, f'{key}: ""\n'))
    (finding,) = error.value.findings
    assert (finding.location.key, finding.location.line) == (key, 11)
    assert finding.message == f"{key} must be a non-empty text."


def registry_with(tmp_path: Path, email: str) -> Path:
    text = (FIXTURES / "correspondence" / "states.yaml").read_text(encoding="utf-8")
    path = tmp_path / "states.yaml"
    path.write_text(text.replace("mission.chile@example.org", email), encoding="utf-8")
    return path


def test_a_mission_may_have_an_e_mail_address(tmp_path: Path) -> None:
    registry = load_registry(registry_with(tmp_path, "chile.mission@example.org"))
    assert registry.get("CHL").email == "chile.mission@example.org"
    assert registry.get("SEN").email is None


def test_an_e_mail_address_that_is_not_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_registry(registry_with(tmp_path, "not an address"))
    (finding,) = error.value.findings
    assert (finding.code, finding.location.key) == ("registry.value", "email")
    assert finding.message == "entry 1 (CHL): 'not an address' is not an e-mail address."


def test_the_bundled_registry_records_no_e_mail_address_yet() -> None:
    assert {state.email for state in load_registry()} == {None}


def test_the_note_verbale_model_with_a_persons_name_is_not_bundled() -> None:
    assert not (resources.DATA / "note_verbale_model.txt").exists()


def test_the_letter_templates_name_no_one_and_no_address() -> None:
    folder = resources.TEMPLATES / "letters"
    names = sorted(p.name for p in folder.glob("*.jinja"))
    assert names == [
        "acknowledgement.xml.jinja",
        "base.xml.jinja",
        "invitation.xml.jinja",
        "rejection.xml.jinja",
        "reminder.xml.jinja",
    ]
    for path in folder.glob("*.jinja"):
        text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), path.name  # the cycle's mailbox
        assert not re.search(r"\b(?:Ms|Mr|Mrs)\.\s", text), path.name
        assert "[[[" not in text and "|safe" not in text, path.name
