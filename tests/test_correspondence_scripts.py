"""Letters in every script and the main job's letters (real XeLaTeX, slow): Arabic right to
left, the six languages in one batch, the review's letters and status written once."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from fixtures.correspondence import workspace as fx
from fixtures.correspondence.run import letters, pdf_text

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("xelatex") is None, reason="XeLaTeX is not installed"),
]


def test_an_arabic_letter_is_set_right_to_left(tmp_path: Path) -> None:
    ws = fx.make_workspace(tmp_path / "ws")
    shutil.copytree(fx.HERE / "ar", ws / "templates" / "letters" / "ar")
    run = letters(ws, "invitation", "2026-12-01", tmp_path / "out", "--state", "SAU", "CHL")
    assert run.code == 0, run.err
    folder = tmp_path / "out" / "letters-test" / "invitation-2026-12-01"
    manifest = (folder / "manifest.csv").read_text(encoding="utf-8")
    assert ",SAU," not in manifest and "SAU,Saudi Arabia,invitation,ar," in manifest
    assert "CHL,Chile,invitation,en," in manifest
    pdf = folder / "letters-test_invitation_SAU.pdf"
    text = pdf_text(pdf)
    for words in (
        "تهدي أمانة مكتب الأمم المتحدة",
        "أسمى آيات تقديرها",
        "CU 2026/77/DTA/OCB/CSS",
        "cosp.review@un.org",
        "كانون الأول/ديسمبر 2026",
        "2027",
    ):
        assert words in text
    # Right to left: the reference line ends at the right margin, its label to the right.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = {
        unicodedata.normalize("NFKC", m.group(5)).replace("\u0640", ""): float(m.group(3))
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', boxes
        )
    }
    right_margin = 595.28 - 22 / 25.4 * 72
    # (-bbox gives Arabic words in the order of their letters on the page: right to left)
    label = next(x for w, x in words.items() if "المرجع" in w or "المرجع" in w[::-1])
    assert abs(label - right_margin) < 2
    assert words["CU"] < label


SIX = {
    "en": "The Secretariat presents its compliments to the 中华人民共和国常驻代表团 and the "
    "البعثة الدائمة (فيينا) and the Постоянное представительство.",
    "fr": "Le Secrétariat présente ses compliments à la Mission permanente : « oui » ; non ! "
    "中华人民共和国 Российской",
    "es": "La Secretaría saluda atentamente a la Misión Permanente y tiene el honor de "
    "¿preguntar? ¡sí!",
    "ru": "Секретариат свидетельствует свое уважение Постоянному представительству и имеет честь…",
    "zh": "联合国毒品和犯罪问题办公室秘书处向常驻代表团致意，"
    "并谨通知：问卷（CHN.xlsx）须于2027年3月31日前寄回。",
    "ar": "تهدي أمانة مكتب الأمم المتحدة تحياتها إلى البعثة الدائمة (CHL.xlsx) قبل 31 "
    "آذار/مارس 2027؟ Российской 中华人民共和国",
}


def test_letters_in_the_six_languages_are_set_in_one_batch(tmp_path: Path) -> None:
    """Each language after any other (French changes XeTeX's character classes, Arabic the
    direction): every text is in its PDF, bold and in a footnote too, nothing is missing."""
    from toolkit.correspondence.document import parse_letter
    from toolkit.correspondence.typeset import typeset

    order = ["fr", "zh", "ar", "en", "ru", "fr", "es", "ar", "zh"]
    documents = [
        (
            f"letter_{n}_{code}.pdf",
            parse_letter(
                f'<letter lang="{code}"><reference>CU 2026/77</reference><p>{SIX[code]} '
                f"<b>{SIX[code][:12]}</b><note>{SIX[code][:16]}</note></p>"
                f"<list><item>{SIX[code][:10]}</item></list></letter>"
            ),
            {"Title": code},
        )
        for n, code in enumerate(order)
    ]
    pdfs = typeset(documents, date(2026, 12, 1))  # a missing character would raise
    for name, _, _ in documents:
        path = tmp_path / name
        path.write_bytes(pdfs[name])
        code = name.removesuffix(".pdf").split("_")[-1]
        text = pdf_text(path)
        for word in SIX[code].replace("(", " ").replace(")", " ").split()[:6]:
            word = unicodedata.normalize("NFKC", word).strip("،,؟?!:;«»")  # as pdf_text
            assert word in text or word in text.replace(" ", ""), (name, word)


def test_the_main_job_writes_the_letters_and_the_status_once(tmp_path: Path) -> None:

    from rich.console import Console

    from toolkit import review
    from toolkit.workspace import open_workspace

    ws = fx.make_workspace(tmp_path / "ws")
    (ws / "cosp.toml").write_text(
        '[workspace]\nname = "letters"\ndefault_cycle = "letters-test"\n', encoding="utf-8"
    )
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00", arrived="2027-03-09")
    fx.reject(ws, "SEN", "2027-03-20T10:00:00+00:00", arrived="2027-03-20")
    steps = (review.invitations, review.reminders, review.acknowledgements, review.status)
    console = Console(file=io.StringIO())
    workspace = open_workspace(ws, "option", "--workspace")
    first = review.run_review(workspace, console, steps)
    assert [(d.stage, d.count, d.changed) for d in first] == [
        ("invitations", 5, True),
        ("reminders", 4, True),
        ("acknowledgements", 1, True),
        ("status", 5, True),
    ]
    letters = ws / "letters" / "letters-test"
    assert sorted(p.name for p in letters.iterdir()) == [
        "acknowledgement-2027-03-10",  # the day after the last reply arrived
        "invitation-2026-09-30",  # 182 days before the deadline
        "reminder-2027-04-14",  # 14 days after it
    ]
    board = json.loads((ws / "build" / "status" / "status.json").read_text(encoding="utf-8"))
    assert (board["as_of"], board["totals"]) == (
        "2027-04-14",
        {"not-invited": 0, "invited": 0, "reminded": 3, "rejected": 1, "accepted": 1,
         "overdue": 4},
    )  # fmt: skip
    assert "accepted 1" in first[-1].what
    again = review.run_review(workspace, console, steps)
    assert [(d.stage, d.count, d.changed) for d in again] == [
        ("invitations", 5, False),
        ("reminders", 4, False),
        ("acknowledgements", 1, False),
        ("status", 5, False),
    ]
