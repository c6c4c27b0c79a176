"""The names of the States in the six languages: UNTERM's, one entry per registry entry, the
forms a letter needs, and CLDR's names (Babel) only as a cross-check of the differences."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
from babel import Locale

from toolkit.i18n.names import load_names, mission_in
from toolkit.registry import load_registry

DIFFERENCES = Path(__file__).parent / "fixtures" / "names" / "cldr_differences.txt"


@pytest.fixture(scope="module")
def names():
    return load_names()


def test_every_registry_entry_has_its_names_in_registry_order(names) -> None:
    registry = load_registry()
    assert [e.iso3 for e in names] == [s.iso3 for s in registry]
    assert len(registry) == 196
    for state in registry:
        assert names.get(state.iso3).en == state.short_name


@pytest.mark.parametrize(
    ("iso3", "short"),
    [
        ("IRN", ("إيران (جمهورية - الإسلامية)", "伊朗（伊斯兰共和国）",
                 "Iran (Islamic Republic of)", "Iran (République islamique d')",
                 "Иран (Исламская Республика)", "Irán (República Islámica del)")),
        ("VNM", ("فييت نام", "越南", "Viet Nam", "Viet Nam", "Вьетнам", "Viet Nam")),
        ("TUR", ("تركيا", "土耳其", "Türkiye", "Türkiye", "Турция", "Türkiye")),
        ("CIV", ("كوت ديفوار", "科特迪瓦", "Côte d'Ivoire", "Côte d'Ivoire", "Кот-д'Ивуар",
                 "Côte d'Ivoire")),
        ("GBR", ("المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "大不列颠及北爱尔兰联合王国",
                 "United Kingdom of Great Britain and Northern Ireland",
                 "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
                 "Соединенное Королевство Великобритании и Северной Ирландии",
                 "Reino Unido de Gran Bretaña e Irlanda del Norte")),
    ],
)  # fmt: skip
def test_short_names_as_the_un_writes_them(names, iso3: str, short: tuple[str, ...]) -> None:
    entry = names.get(iso3)
    assert tuple(entry.short(code) for code in ("ar", "zh", "en", "fr", "ru", "es")) == short


@pytest.mark.parametrize(
    ("iso3", "french", "spanish", "russian", "arabic"),
    [
        ("FRA", "de la France", "de Francia", "Франции", "لفرنسا"),
        ("CHL", "du Chili", "de Chile", "Чили", "لشيلي"),
        ("ARG", "de l'Argentine", "de la Argentina", "Аргентины", "للأرجنتين"),
        ("PER", "du Pérou", "del Perú", "Перу", "لبيرو"),
        ("USA", "des États-Unis d'Amérique", "de los Estados Unidos de América",
         "Соединенных Штатов Америки", "للولايات المتحدة الأمريكية"),
        ("ISR", "d'Israël", "de Israel", "Израиля", "لإسرائيل"),
        ("HTI", "d'Haïti", "de Haití", "Гаити", "لهايتي"),
        ("SLV", "d'El Salvador", "de El Salvador", "Сальвадора", "للسلفادور"),
        ("RUS", "de la Fédération de Russie", "de la Federación de Rusia", "Российской Федерации",
         "للاتحاد الروسي"),
    ],
)  # fmt: skip
def test_the_name_as_the_complement_of_a_letter(names, iso3, french, spanish, russian, arabic):
    entry = names.get(iso3)
    assert (entry.of("fr"), entry.of("es"), entry.of("ru"), entry.of("ar")) == (
        french,
        spanish,
        russian,
        arabic,
    )


@pytest.mark.parametrize(
    ("iso3", "code", "mission"),
    [
        ("FRA", "fr", "Mission permanente de la France auprès de l'Organisation des Nations Unies "
                      "(Vienne)"),
        ("CHL", "es", "Misión Permanente de Chile ante las Naciones Unidas (Viena)"),
        ("RUS", "ru", "Постоянное представительство Российской Федерации при Организации "
                      "Объединенных Наций (Вена)"),
        ("CHN", "zh", "中国常驻联合国（维也纳）代表团"),
        ("EGY", "ar", "البعثة الدائمة لمصر لدى الأمم المتحدة (فيينا)"),
        ("VAT", "fr", "Mission permanente d'observation du Saint-Siège auprès de l'Organisation "
                      "des Nations Unies (Vienne)"),
        ("EUU", "es", "Delegación de la Unión Europea ante las Organizaciones Internacionales en "
                      "Viena"),
        ("GBR", "en", "Permanent Mission of the United Kingdom of Great Britain and Northern "
                      "Ireland to the United Nations (Vienna)"),
    ],
)  # fmt: skip
def test_the_mission_a_note_verbale_is_addressed_to(names, iso3, code, mission) -> None:
    assert mission_in(load_registry().get(iso3), code, names) == mission


def test_cldr_differs_from_the_un_names_exactly_where_expected(names) -> None:
    """CLDR's names (Babel) are a cross-check only: every difference is listed, reviewed."""
    expected = set()
    for line in DIFFERENCES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, iso3, ours, _cldr = (part.strip() for part in line.split(" | "))
            expected.add((code, iso3, ours))
    found = set()
    for code in ("ar", "zh", "en", "fr", "ru", "es"):
        territories = Locale.parse(code).territories
        for entry in names:
            country = pycountry.countries.get(alpha_3=entry.iso3)
            alpha2 = country.alpha_2 if country else "EU"
            if territories.get(alpha2) != entry.short(code):
                found.add((code, entry.iso3, entry.short(code)))
    assert found == expected
    assert len(expected) == 205
