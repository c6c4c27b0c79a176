"""The overrides file: read like every other data file, every finding with its file, line and key.

Each test writes a small overrides file and reads it; the expected findings are written from
the file's own lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import ConfigError
from toolkit.instrument import DEFAULT_OVERRIDES, load, overrides_for
from toolkit.instrument.model import Flag, Obligation
from toolkit.instrument.overrides import Override, load_overrides
from toolkit.resources import CONVENTION as DEFAULT_SOURCE

PROTOCOL = Path(__file__).parent / "fixtures" / "instrument" / "protocol.txt"


def write(tmp_path: Path, text: str, name: str = "my-overrides.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def findings_of(path: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(ConfigError) as caught:
        load_overrides(path)
    for finding in caught.value.findings:
        assert finding.location.file == str(path)
        assert finding.hint, "every finding says how to fix it"
    return [(f.code, f.location.line, f.location.key) for f in caught.value.findings]


def test_values_stay_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "overrides:\n"
        "  - ids: [40.20, 7.1]\n"
        "    obligation: optional\n"
        "    flags: [notification]\n"
        "    reviewed: False\n"
        "    reason: yes\n",
    )
    assert load_overrides(path) == (
        Override(
            ids=("40.20", "7.1"),
            obligation=Obligation.OPTIONAL,
            flags=(Flag.NOTIFICATION,),
            addressee=None,
            reason="yes",
            line=2,
            reviewed=False,
            file=str(path),
            id_lines=(2, 2),
        ),
    )


def test_every_finding_is_collected_with_its_line_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "overrides:\n"  # 1
        "  - ids: [7.1]\n"  # 2
        "    obligation: shall\n"  # 3
        "    reason: A test.\n"  # 4
        "  - ids: [article 7]\n"  # 5
        "    reason: Another.\n"  # 6
        "  - ids: [7.2]\n"  # 7
        "    flags: [reserved]\n"  # 8
        "    reviewd: false\n"  # 9
        "  - just a line\n"  # 10
        "  - ids: [8.1]\n"  # 11
        "    reviewed: maybe\n"  # 12
        "    reason: Third.\n"  # 13
        "    reason: Twice.\n",  # 14
    )
    assert findings_of(path) == [
        ("overrides.obligation", 3, "obligation"),
        ("overrides.id-shape", 5, "ids"),
        ("overrides.reason", 7, "reason"),
        ("overrides.flags", 8, "flags"),
        ("overrides.unknown-key", 9, "reviewd"),
        ("overrides.entry", 10, "overrides"),
        ("overrides.reviewed", 12, "reviewed"),
        ("overrides.duplicate-key", 14, "reason"),
    ]


def test_a_misspelt_key_is_suggested(tmp_path: Path) -> None:
    path = write(tmp_path, "overrides:\n  - ids: [7.1]\n    reviewd: false\n    reason: x\n")
    with pytest.raises(ConfigError) as caught:
        load_overrides(path)
    (finding,) = caught.value.findings
    assert finding.message == (
        "entry 1: 'reviewd' is not a key of an override; expected one of ids, id, obligation, "
        "flags, addressee, reviewed, reason."
    )
    assert finding.hint == 'Correct or remove the key. Did you mean "reviewed"?'


def test_the_top_level_must_be_a_list_under_overrides(tmp_path: Path) -> None:
    assert findings_of(write(tmp_path, "overrides:\n  ids: [7.1]\n")) == [
        ("overrides.shape", 1, "overrides")
    ]
    assert findings_of(write(tmp_path, "corrections: []\n", "other.yaml")) == [
        ("overrides.unknown-key", 1, "corrections")
    ]


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "overrides:\n  - ids: [7.1\n    reason: x\n")
    with pytest.raises(ConfigError) as caught:
        load_overrides(path)
    (finding,) = caught.value.findings
    assert (finding.code, finding.location.file) == ("overrides.yaml", str(path))
    assert finding.location.line == 3


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(PROTOCOL, tmp_path / "absent.yaml")
    (finding,) = caught.value.findings
    assert (finding.code, finding.message) == ("overrides.file", "the file does not exist.")
    assert finding.location.file == str(tmp_path / "absent.yaml")


def test_unknown_ids_are_all_reported_with_the_real_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "overrides:\n"
        "  - ids:\n"
        "      - 4.2\n"
        "      - 4.9\n"
        "    reason: A test.\n"
        "  - ids: [99]\n"
        "    reason: Another.\n",
    )
    with pytest.raises(ConfigError) as caught:
        load(PROTOCOL, path)
    found = [
        (f.code, f.location.file, f.location.line, f.location.key) for f in caught.value.findings
    ]
    assert found == [
        ("overrides.unknown-id", str(path), 4, "ids"),
        ("overrides.unknown-id", str(path), 6, "ids"),
    ]
    assert caught.value.findings[0].message.startswith("no provision '4.9' in Protocol")
    assert caught.value.findings[0].hint.endswith('Did you mean "4.2"?')


# --- applying them -----------------------------------------------------------------------------


def test_an_override_applies_to_its_ids_and_what_lies_under_them(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "overrides:\n"
        "  - ids: [4]\n"
        "    obligation: consider\n"
        "    reason: The article as a whole.\n"
        "  - ids: [4.1.b]\n"
        "    flags: [notification]\n"
        "    reason: The more specific entry decides this item.\n",
    )
    protocol = load(PROTOCOL, path)
    assert protocol.get("4.1.a").obligation == Obligation.CONSIDER
    assert protocol.get("4.1.a").override_reason == "The article as a whole."
    item = protocol.get("4.1.b")
    # The more specific entry decides; what it leaves out stays the rules' (mandatory).
    assert (item.obligation, item.flags) == (Obligation.MANDATORY, (Flag.NOTIFICATION,))
    assert item.override_reason == "The more specific entry decides this item."


def test_an_override_can_say_what_is_reviewed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "overrides:\n"
        "  - ids: [59]\n"
        "    reviewed: false\n"
        "    reason: The Conference reviews implementation as a whole, not this article.\n",
    )
    convention = load(None, path)
    paragraph = convention.get("59.1")
    assert (paragraph.obligation, paragraph.reviewed, paragraph.asked) == (
        Obligation.MANDATORY,
        False,
        False,
    )
    assert paragraph.reviewed_reason.startswith("The Conference reviews implementation")
    assert load().get("59.1").reviewed is True  # the bundled overrides leave it reviewed


def test_the_bundled_overrides_apply_to_the_bundled_convention_only(tmp_path: Path) -> None:
    assert overrides_for(DEFAULT_SOURCE) == DEFAULT_OVERRIDES.resolve()
    assert overrides_for(PROTOCOL) is None
    assert load_overrides(DEFAULT_OVERRIDES) == ()


def test_load_is_cached_per_source_and_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "overrides: []\n")
    assert load() is load()
    assert load(None, None) is load(None, None)
    assert load(None, None) is not load()
    assert load(PROTOCOL, path) is load(str(PROTOCOL), str(path))
