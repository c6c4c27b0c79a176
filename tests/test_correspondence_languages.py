"""Notes verbales in the language of diplomatic correspondence: each State's letters in its
language with the formulas the United Nations uses in it, the names, dates and the office in
that language; the PDFs of the six languages typeset with every character (slow)."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from fixtures.correspondence import workspace as fx
from fixtures.correspondence.run import cosp, pdf_text
from test_correspondence_render import folders, selection

from toolkit.correspondence.letters import context
from toolkit.correspondence.render import contracted, environment, render


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """The letters' workspace, its cycle listing the six languages."""
    root = fx.make_workspace(tmp_path / "ws")
    cycle = root / "cycles" / "letters-test.yaml"
    text = cycle.read_text(encoding="utf-8")
    cycle.write_text(
        text.replace("languages: [en]", "languages: [ar, zh, en, fr, ru, es]"), encoding="utf-8"
    )
    return root


def text_of(ws: Path, kind: str, dated: str) -> dict[str, str]:
    """Each State's letter of a kind, as text (white space as one space), by ISO code."""
    texts = {}
    for letter in selection(ws, kind, dated).letters:
        document = render(environment(folders(ws), letter.language), kind, context(letter))
        notes = " ".join(s.text for n in document.notes() for s in n.spans)
        texts[letter.state.iso3] = " ".join((document.text() + " " + notes).split())
    return texts


def test_each_state_is_written_to_in_its_language_with_its_formulas(ws: Path) -> None:
    chosen = selection(ws, "invitation", "2026-12-01")
    assert {x.state.iso3: x.language for x in chosen.letters} == {
        "CHL": "es", "SEN": "fr", "SAU": "ar", "CHN": "zh", "RUS": "ru"
    }  # fmt: skip
    assert not [f for f in chosen.findings if f.code == "letters.language-fallback"]
    texts = text_of(ws, "invitation", "2026-12-01")
    french, spanish, russian = texts["SEN"], texts["CHL"], texts["RUS"]
    assert french.startswith(
        "Office des Nations Unies contre la drogue et le crime Référence : CU 2026/77/DTA/OCB/CSS "
        "Le Secrétariat de l'Office des Nations Unies contre la drogue et le crime (ONUDC) "
        "présente ses compliments à la Mission permanente du Sénégal auprès de l'Organisation "
        "des Nations Unies (Vienne) et a l'honneur d'inviter le Gouvernement du Sénégal à "
        "participer au cycle d'examen"
    )
    assert (
        "saisit cette occasion pour renouveler à la Mission permanente du Sénégal auprès de "
        "l'Organisation des Nations Unies (Vienne) les assurances de sa très haute considération."
        " Vienne, le 1er décembre 2026" in french
    )
    assert "à la Section de l'appui à la Conférence" in french
    assert "<b>" not in french and "au plus tard le 31 mars 2027" in french
    assert spanish.startswith(
        "Oficina de las Naciones Unidas contra la Droga y el Delito Referencia: "
        "CU 2026/77/DTA/OCB/CSS La Secretaría de la Oficina de las Naciones Unidas contra la "
        "Droga y el Delito (UNODC) saluda atentamente a la Misión Permanente de Chile ante las "
        "Naciones Unidas (Viena) y tiene el honor de invitar al Gobierno de Chile a participar"
    )  # "a el Gobierno" contracted, as Spanish requires
    assert (
        "aprovecha la oportunidad para reiterar a la Misión Permanente de Chile ante las Naciones "
        "Unidas (Viena) las seguridades de su consideración más distinguida. Viena, 1 de "
        "diciembre de 2026" in spanish
    )
    assert (
        "свидетельствует свое уважение Постоянному представительству Российской Федерации при "
        "Организации Объединенных Наций (Вена) и имеет честь пригласить Правительство "
        "Российской Федерации принять участие в цикле обзора" in russian
    )
    assert (
        "пользуется случаем, чтобы возобновить Постоянному представительству Российской "
        "Федерации при Организации Объединенных Наций (Вена) уверения в своем весьма высоком "
        "уважении. Вена, 1 декабря 2026 года" in russian
    )
    assert "Конференции государств — участников Конвенции Организации Объединенных Наций" in russian
    chinese, arabic = texts["CHN"], texts["SAU"]
    assert (
        "联合国毒品和犯罪问题办公室（毒品和犯罪问题办公室）秘书处向中国常驻联合国（维也纳）代表团致意，"
        "谨邀请中国政府填写所附自评问卷" in chinese
    )
    assert "向中国常驻联合国（维也纳）代表团重申最崇高的敬意。 维也纳，2026年12月1日" in chinese
    assert (
        "تهدي أمانة مكتب الأمم المتحدة المعني بالمخدرات والجريمة أطيب تحياتها إلى البعثة الدائمة "
        "للمملكة العربية السعودية لدى الأمم المتحدة (فيينا)، وتتشرف بأن تدعو حكومة المملكة "
        "العربية السعودية إلى المشاركة" in arabic
    )
    assert "عن أسمى آيات تقديرها. فيينا، 1 كانون الأول/ديسمبر 2026" in arabic


def test_reminders_and_acknowledgements_in_the_states_languages(ws: Path) -> None:
    fx.submit(ws, "RUS", "2027-03-10T09:00:00+00:00", arrived="2027-03-09")
    acknowledgement = text_of(ws, "acknowledgement", "2027-03-12")["RUS"]
    assert (
        "имеет честь подтвердить получение заполненного вопросника для самооценки по циклу "
        "обзора «Test review cycle on criminalization», полученного 9 марта 2027 года в виде "
        "файла" in acknowledgement
    )
    for iso3 in ("SEN", "CHL", "CHN"):
        fx.prepared(ws, iso3, "invitation", date(2026, 12, 1))
    reminders = text_of(ws, "reminder", "2027-04-01")  # after the deadline
    assert (
        "a l'honneur de se référer à sa note CU 2026/77/DTA/OCB/CSS du 1er décembre 2026, par "
        "laquelle il a invité le Gouvernement du Sénégal à remplir" in reminders["SEN"]
    )
    assert "qui était attendu pour le 31 mars 2027" in reminders["SEN"]
    assert "Il serait reconnaissant au Gouvernement du Sénégal de bien vouloir" in reminders["SEN"]
    assert "que se esperaba a más tardar el 31 de marzo de 2027" in reminders["CHL"]
    assert "秘书处尚未收到填妥的问卷，该问卷原定于2027年3月31日前提交" in reminders["CHN"]


def test_french_and_spanish_contract_a_preposition_with_the_article_after_it() -> None:
    assert contracted("reconnaissant à le Gouvernement de les Pays-Bas", "fr") == (
        "reconnaissant au Gouvernement des Pays-Bas"
    )
    assert contracted("invitar a el Gobierno de El Salvador", "es") == (
        "invitar al Gobierno de El Salvador"  # "El" of a name is kept
    )
    assert contracted("a el", "en") == "a el"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xelatex") is None, reason="XeLaTeX is not installed")
def test_the_letters_of_the_six_languages_are_typeset_with_every_character(
    tmp_path: Path,
) -> None:
    """The default cycle's invitations to six States in the six languages: the PDFs (one
    typesetting run, a missing character would stop it) hold the formulas of each language."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "cosp.toml").write_text("[workspace]\n", encoding="utf-8")
    states = {"FRA": "fr", "ESP": "es", "RUS": "ru", "CHN": "zh", "EGY": "ar", "GBR": "en"}
    assert cosp(root, "questionnaire", "--no-progress", "--state", *states).code == 0
    out = tmp_path / "letters"
    run = cosp(root, "letters", "--kind", "invitation", "--date", "2026-12-01", "--out",
               str(out), "--state", *states)  # fmt: skip
    assert run.code == 0, run.err
    folder = next(out.glob("*/invitation-2026-12-01"))
    pictures = Path(os.environ.get("COSP_PICTURES") or tmp_path / "pictures")
    pictures.mkdir(parents=True, exist_ok=True)
    expected = {
        "fr": "présente ses compliments à la Mission permanente de la France",
        "es": "saluda atentamente a la Misión Permanente de España",
        "ru": "свидетельствует свое уважение Постоянному представительству",
        "zh": "秘书处向中国常驻联合国（维也纳）代表团致意",
        "ar": "أطيب تحياتها إلى البعثة الدائمة لمصر",
        "en": "presents its compliments to the Permanent Mission of the United Kingdom",
    }
    closing = {
        "fr": "les assurances de sa très haute considération",
        "es": "las seguridades de su consideración más distinguida",
        "ru": "уверения в своем весьма высоком уважении",
        "zh": "重申最崇高的敬意",
        "ar": "أسمى آيات تقديرها",
        "en": "the assurances of its highest consideration",
    }
    for iso3, code in states.items():
        pdf = folder / f"first-review-cycle_invitation_{iso3}.pdf"
        text = pdf_text(pdf)
        squeezed = text.replace(" ", "")
        for words in (expected[code], closing[code]):  # as pdf_text reads them (NFKC)
            words = unicodedata.normalize("NFKC", words)
            assert words in text or words.replace(" ", "") in squeezed, (iso3, words, text)
        assert "cybercrime.cosp@un.org" in squeezed
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "Type 3" not in fonts  # every glyph from a real font
        stem = pictures / f"{code}-{iso3}-letter"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(stem)],
            check=True,
        )  # fmt: skip
