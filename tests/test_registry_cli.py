"""``cosp states``: the registry in use as records, filtered by group and language."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from toolkit.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


def states(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["states", "-q", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def own_registry(isolated_workspace: Path) -> Path:
    """The workspace's own registry: the three entries of the valid fixture."""
    target = isolated_workspace / "data" / "states.yaml"
    target.parent.mkdir()
    shutil.copy(FIXTURES / "valid.yaml", target)
    return target


def test_the_workspace_registry_as_json_records(capsys, own_registry: Path) -> None:
    status, out, _ = states(capsys, "--format", "json")
    assert status == 0
    assert json.loads(out) == [
        {
            "iso3": "CHL",
            "short_name": "Chile",
            "formal_name": "the Republic of Chile",
            "kind": "member",
            "group": "Latin American and Caribbean",
            "language": "es",
            "mission": "Permanent Mission of Chile to the United Nations (Vienna)",
            "address_lines": ["Example street 1", "1010 Vienna"],
            "city": "Vienna",
            "signature": "2025-10-25",
            "ratification": "2026-05-04",
            "party": True,
        },
        {
            "iso3": "SEN",
            "short_name": "Senegal",
            "formal_name": "the Republic of Senegal",
            "kind": "member",
            "group": "African",
            "language": "fr",
            "mission": "Permanent Mission of Senegal to the United Nations (Vienna)",
            "address_lines": [],
            "city": "Vienna",
            "signature": "2025-10-26",
            "ratification": None,
            "party": False,
        },
        {
            "iso3": "EUU",
            "short_name": "European Union",
            "formal_name": "the European Union",
            "kind": "reio",
            "group": None,
            "language": "en",
            "mission": "Delegation of the European Union to the International Organisations "
            "in Vienna",
            "address_lines": [],
            "city": "Vienna",
            "signature": None,
            "ratification": None,
            "party": False,
        },
    ]


def test_filters_by_group_and_language(capsys, own_registry: Path) -> None:
    _, out, _ = states(capsys, "--group", "african", "--format", "json")
    assert [r["iso3"] for r in json.loads(out)] == ["SEN"]
    _, out, _ = states(capsys, "--group", "none", "--format", "json")
    assert [r["iso3"] for r in json.loads(out)] == ["EUU"]
    _, out, _ = states(capsys, "--language", "ES", "--format", "json")
    assert [r["iso3"] for r in json.loads(out)] == ["CHL"]
    _, out, _ = states(capsys, "--language", "es", "--group", "African", "--format", "json")
    assert json.loads(out) == []


def test_the_bundled_registry_by_default(capsys) -> None:
    _, out, _ = states(capsys, "--group", "Eastern European", "--language", "ru")
    codes = [r["iso3"] for r in json.loads(out)]  # json: the output is not a terminal
    assert codes == ["ARM", "AZE", "BLR", "RUS"]


def test_an_unknown_group_or_language_is_a_usage_error(capsys) -> None:
    status, out, err = states(capsys, "--group", "Afrcan")
    assert (status, out) == (2, "")
    assert "[states.unknown-filter]" in err and 'Did you mean "African"?' in err
    status, _, err = states(capsys, "--language", "de")
    assert status == 2 and "ar, zh, en, fr, ru, es" in err


def test_csv_neutralises_formulas_and_joins_address_lines(capsys, own_registry: Path) -> None:
    text = own_registry.read_text(encoding="utf-8")
    own_registry.write_text(
        text.replace("short_name: Chile", 'short_name: \'=HYPERLINK("http://x","Chile")\''),
        encoding="utf-8",
    )
    status, out, _ = states(capsys, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["short_name"] == '\'=HYPERLINK("http://x","Chile")'
    assert rows[0]["address_lines"] == "Example street 1\n1010 Vienna"
    assert (rows[0]["party"], rows[1]["party"], rows[1]["ratification"]) == ("yes", "no", "")
    assert list(rows[0]) == [
        "iso3", "short_name", "formal_name", "kind", "group", "language", "mission",
        "address_lines", "city", "signature", "ratification", "party",
    ]  # fmt: skip


def test_the_table_shows_each_state(capsys, own_registry: Path) -> None:
    status, out, _ = states(capsys, "--format", "table")
    assert status == 0
    assert "3 State(s) from" in out
    for text in ("CHL", "Senegal", "EUU", "African"):
        assert text in out
