"""The letters before typesetting: which States get one, the templates' text, escaping,
missing fields, overrides and translations (no TeX: fast)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fixtures.correspondence import workspace as fx

from toolkit.correspondence.document import (
    Block,
    Break,
    MarkupError,
    Note,
    Span,
    parse_letter,
    visible,
)
from toolkit.correspondence.letters import Selection, context, select
from toolkit.correspondence.record import read_history
from toolkit.correspondence.render import (
    FieldMissing,
    available_languages,
    environment,
    render,
)
from toolkit.cycle import load_cycle
from toolkit.lock import read_lock
from toolkit.registry import load_registry
from toolkit.resources import TEMPLATES


@pytest.fixture
def ws(isolated_workspace: Path) -> Path:
    return fx.make_workspace(isolated_workspace)


def folders(ws: Path) -> tuple[Path, ...]:
    own = ws / "templates"
    return (own, TEMPLATES) if own.is_dir() else (TEMPLATES,)


def selection(ws: Path, kind: str, dated: str, named: tuple[str, ...] = ()) -> Selection:
    cycle = load_cycle(ws / "cycles" / "letters-test.yaml")
    registry = load_registry(ws / "data" / "states.yaml")
    lock = read_lock(ws / "cycles" / "letters-test.questions.json", cycle.id)
    assert lock is not None
    history = read_history(fx.store_path(ws), cycle.id, [s.iso3 for s in registry])
    return select(
        kind,  # type: ignore[arg-type]
        cycle,
        registry,
        lock.current,
        history,
        date.fromisoformat(dated),
        named,
        available_languages(folders(ws)),
    )


def letter_text(ws: Path, kind: str, dated: str, state: str) -> str:
    chosen = selection(ws, kind, dated)
    (letter,) = [x for x in chosen.letters if x.state.iso3 == state]
    document = render(environment(folders(ws), letter.language), kind, context(letter))
    notes = " ".join(s.text for n in document.notes() for s in n.spans)
    return " ".join((document.text() + " " + notes).split())


# -- the markup ---------------------------------------------------------------------------------


def test_the_markup_becomes_blocks_of_styled_text_with_white_space_collapsed() -> None:
    document = parse_letter(
        '<letter lang="en">\n  <reference>Reference:\n   CU 1</reference>\n'
        "  <p>Due <b>by 1 May</b>,\n please<note> See  the\n guide. </note>.</p>\n"
        "  <list><item>one</item><item><i>two</i></item></list>\n"
        "  <address><line>Mission</line><line></line><line>Vienna</line></address>\n"
        "</letter>"
    )
    assert document.language == "en"
    assert document.blocks == (
        Block("reference", (Span("Reference: CU 1"),)),
        Block(
            "paragraph",
            (
                Span("Due "),
                Span("by 1 May", bold=True),
                Span(", please"),
                Note((Span("See the guide."),)),
                Span("."),
            ),
        ),
        Block("item", (Span("one"),), 1),
        Block("item", (Span("two", italic=True),), 2),
        Block("address", (Span("Mission"), Break(), Span("Vienna"))),
    )


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ('<letter lang="en"><script/></letter>', "<script> is not an element"),
        ('<letter lang="en">loose text<p>x</p></letter>', "stands directly in <letter>"),
        ('<letter lang="en"><p><u>x</u></p></letter>', "<u> is not allowed inside <p>"),
        ("<letter><p>x</p></letter>", "needs its lang attribute"),
        ('<letter lang="en"><p>x</letter>', "not well-formed"),
        ('<letter lang="en"><list><p>x</p></list></letter>', "<list> holds <item>"),
    ],
)
def test_markup_outside_the_vocabulary_is_refused(markup: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        parse_letter(markup)


def test_controls_and_bidi_overrides_are_made_visible_and_joiners_kept() -> None:
    assert visible("a\u202eb\u2066c\x1bd\u2028e\u200df\tg") == (
        "a[U+202E]b[U+2066]c[U+001B]d[U+2028]e\u200df\tg"
    )


# -- the bundled templates --------------------------------------------------------------------


FORMULAS = (
    "The Secretariat of the United Nations Office on Drugs and Crime (UNODC) presents its "
    "compliments to the Permanent Mission of Chile to the United Nations (Vienna) and has "
    "the honour to",
    "The Secretariat of the United Nations Office on Drugs and Crime (UNODC) avails itself of "
    "this opportunity to renew to the Permanent Mission of Chile to the United Nations "
    "(Vienna) the assurances of its highest consideration.",
)


def test_the_invitation_states_the_cycle_the_questionnaire_and_how_to_reply(ws: Path) -> None:
    text = letter_text(ws, "invitation", "2026-12-01", "CHL")
    for formula in FORMULAS:
        assert formula in text
    assert "Reference: CU 2026/77/DTA/OCB/CSS" in text
    assert (
        "invite the Republic of Chile to take part in the review cycle “Test review cycle on"
        " criminalization”" in text
    )
    assert "(letters-test_CHL.xlsx), asks 3 questions" in text
    assert (
        "sent to the Conference Support Section, Organized Crime and Illicit Trafficking "
        "Branch, Division for Treaty Affairs of the United Nations Office on Drugs and Crime, "
        "by e-mail to cosp.review@un.org, at the latest by 31 March 2027." in text
    )
    assert "Vienna, 1 December 2026" in text
    assert "Enclosure: self-assessment questionnaire (letters-test_CHL.xlsx)" in text
    assert fx.INSTRUMENT_TITLE + "." in text  # the footnote
    for placeholder in ("None", "{{", "{%", "[[[", "%(", "undefined"):
        assert placeholder not in text


def test_the_deadline_is_bold(ws: Path) -> None:
    (letter, *_) = selection(ws, "invitation", "2026-12-01").letters
    document = render(environment(folders(ws), "en"), "invitation", context(letter))
    bold = [s.text for b in document.blocks for s in b.inlines if isinstance(s, Span) and s.bold]
    assert bold == ["at the latest by 31 March 2027"]


def test_the_address_block_is_there_only_with_a_confirmed_address(ws: Path) -> None:
    letters = {x.state.iso3: x for x in selection(ws, "invitation", "2026-12-01").letters}
    assert letters["CHL"].address == (
        "Permanent Mission of Chile to the United Nations (Vienna)",
        "Lugeck 1/3/10",
        "1010 Vienna",
    )
    assert letters["SEN"].address == ()
    document = render(environment(folders(ws), "en"), "invitation", context(letters["SEN"]))
    assert "address" not in [b.kind for b in document.blocks]


def test_every_letter_is_in_english_until_a_catalogue_exists_with_one_warning(ws: Path) -> None:
    chosen = selection(ws, "invitation", "2026-12-01")
    assert {x.language for x in chosen.letters} == {"en"}
    (warning,) = [f for f in chosen.findings if f.code == "letters.language-fallback"]
    assert "5 letter(s) are written in English" in warning.message
    assert "CHL, SEN, SAU, CHN, RUS" in warning.message


def test_a_reminder_before_the_deadline_recalls_it(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    text = letter_text(ws, "reminder", "2027-03-01", "SEN")
    assert (
        "has the honour to refer to its note CU 2026/77/DTA/OCB/CSS of 1 December 2026, by "
        "which the Republic of Senegal was invited" in text
    )
    assert "is expected at the latest by 31 March 2027" in text
    assert "has not received" not in text


def test_a_reminder_after_the_deadline_says_it_has_passed(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    text = letter_text(ws, "reminder", "2027-04-01", "SEN")
    assert (
        "as at the date of the present note, it has not received the completed "
        "questionnaire, which was expected by 31 March 2027" in text
    )
    assert "at its earliest convenience" in text


def test_a_reminder_after_a_rejected_file_lists_what_to_correct(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    fx.reject(ws, "SEN", "2027-02-10T10:00:00+00:00", file_name="SEN answers.xlsx")
    text = letter_text(ws, "reminder", "2027-03-01", "SEN")
    assert (
        "The Secretariat received on 10 February 2027 the file SEN answers.xlsx, which could "
        "not be recorded." in text
    )
    assert (
        "sheet “Chapter II”, cell D5: the answer “Yess” is not one of the list. Choose Yes, "
        "Partially, No or Not applicable." in text
    )


def test_a_long_list_of_corrections_is_cut_and_counted(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    errors = [
        {"sheet": "Chapter II", "cell": f"D{n}", "message": f"point {n}.", "hint": ""}
        for n in range(1, 16)
    ]
    fx.reject(ws, "SEN", "2027-02-10T10:00:00+00:00", errors=errors)
    (letter,) = selection(ws, "reminder", "2027-03-01").letters
    document = render(environment(folders(ws), "en"), "reminder", context(letter))
    items = [b for b in document.blocks if b.kind == "item"]
    assert [b.number for b in items] == list(range(1, 13))
    assert "The receipt lists 3 further points." in document.text()


def test_reminders_skip_states_that_answered_or_were_never_invited(ws: Path) -> None:
    fx.prepared(ws, "SEN", "invitation", date(2026, 12, 1))
    fx.prepared(ws, "CHL", "invitation", date(2026, 12, 1))
    fx.submit(ws, "CHL", "2027-01-05T10:00:00+00:00")
    chosen = selection(ws, "reminder", "2027-03-01")
    assert [x.state.iso3 for x in chosen.letters] == ["SEN"]
    skipped = {f.code: f.message for f in chosen.findings if f.code != "letters.language-fallback"}
    assert skipped == {
        "letters.not-due": "1 State(s) have an accepted submission: no reminder is prepared for "
        "them: CHL.",
        "letters.not-invited": "3 State(s) have not been invited yet: no reminder is prepared "
        "for them: SAU, CHN, RUS.",
    }


def test_a_reminder_named_for_a_state_never_invited_lacks_the_invitation_date(ws: Path) -> None:
    (letter,) = selection(ws, "reminder", "2027-03-01", ("RUS",)).letters
    with pytest.raises(FieldMissing) as missing:
        render(environment(folders(ws), "en"), "reminder", context(letter))
    assert missing.value.field == "invitation.dated"


def test_the_acknowledgement_gives_the_file_its_date_and_the_answers(ws: Path) -> None:
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00", file_name="中国 答复.xlsx", answered=2)
    text = letter_text(ws, "acknowledgement", "2027-03-12", "CHN")
    assert (
        "has the honour to acknowledge receipt of the self-assessment questionnaire completed "
        "by the People's Republic of China for the review cycle “Test review cycle on "
        "criminalization”, received on 10 March 2027 as the file 中国 答复.xlsx." in text
    )
    assert "The questionnaire answers 2 of its 3 questions." in text
    assert "would welcome an answer to the remaining question" in text
    assert "Fingerprint (SHA-256) of the file as received:" in text


def test_the_acknowledgement_names_a_later_rejected_file_and_its_corrections(ws: Path) -> None:
    fx.reject(ws, "CHN", "2027-03-01T09:00:00+00:00", file_name="earlier.xlsx")
    fx.submit(ws, "CHN", "2027-03-10T09:00:00+00:00")
    assert "could not be recorded" not in letter_text(ws, "acknowledgement", "2027-03-12", "CHN")
    fx.reject(ws, "CHN", "2027-03-11T09:00:00+00:00", file_name="later.xlsx")
    text = letter_text(ws, "acknowledgement", "2027-03-12", "CHN")
    assert (
        "A later file, later.xlsx, received on 11 March 2027, could not be recorded, and the "
        "answers recorded remain those of the file acknowledged above." in text
    )
    assert "cell D5: the answer “Yess” is not one of the list." in text


def test_acknowledgements_go_to_current_submissions_not_yet_acknowledged(ws: Path) -> None:
    first = fx.submit(ws, "RUS", "2027-01-10T08:00:00+00:00")
    fx.submit(ws, "CHN", "2027-01-11T08:00:00+00:00")
    fx.prepared(ws, "CHN", "acknowledgement", date(2027, 1, 12), first.id + 1)
    chosen = selection(ws, "acknowledgement", "2027-01-20")
    assert [(x.state.iso3, x.submission.id) for x in chosen.letters] == [("RUS", first.id)]
    fx.prepared(ws, "RUS", "acknowledgement", date(2027, 1, 20), first.id)
    newer = fx.submit(ws, "RUS", "2027-02-01T08:00:00+00:00")
    again = selection(ws, "acknowledgement", "2027-02-02")
    assert [(x.state.iso3, x.submission.id) for x in again.letters] == [("RUS", newer.id)]


def test_an_acknowledgement_named_for_a_state_without_a_submission_is_an_error(
    ws: Path,
) -> None:
    chosen = selection(ws, "acknowledgement", "2027-01-20", ("SEN",))
    assert chosen.letters == ()
    (error,) = [f for f in chosen.findings if f.severity == "error"]
    assert error.code == "letters.nothing-to-acknowledge"
    assert error.message.startswith("SEN has no accepted submission")


# -- untrusted values --------------------------------------------------------------------------


HOSTILE = (
    r"the Republic \input{/etc/passwd} \write18{rm -rf /} {} % # & _ ^ ~ $x$ "
    "{{ 7*7 }} {% if 1 %}yes{% endif %} <b>bold</b> &amp; \u202eevil\u202c"
)


def hostile_registry(ws: Path) -> None:
    path = ws / "data" / "states.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = HOSTILE.replace("'", "''")
    path.write_text(
        text.replace("formal_name: the Republic of Senegal", f"formal_name: '{quoted}'"),
        encoding="utf-8",
    )


def test_untrusted_text_stays_text_in_the_letter(ws: Path) -> None:
    hostile_registry(ws)
    fx.submit(ws, "SEN", "2027-01-10T08:00:00+00:00", file_name="{{ cycle.id }}<i>x</i>.xlsx")
    chosen = selection(ws, "acknowledgement", "2027-01-20")
    (letter,) = chosen.letters
    document = render(environment(folders(ws), "en"), "acknowledgement", context(letter))
    text = document.text()
    shown = HOSTILE.replace("\u202e", "[U+202E]").replace("\u202c", "[U+202C]")
    assert f"completed by {shown} for the review cycle" in text
    assert "as the file {{ cycle.id }}<i>x</i>.xlsx" in text
    spans = [s for b in document.blocks for s in b.inlines if isinstance(s, Span)]
    assert not any(s.bold and "bold" in s.text for s in spans)


# -- the workspace's templates, missing fields, translations -----------------------------------


def test_a_workspace_template_replaces_the_bundled_one_and_keeps_the_base(ws: Path) -> None:
    own = ws / "templates" / "letters"
    own.mkdir(parents=True)
    (own / "invitation.xml.jinja").write_text(
        '{% extends "base.xml.jinja" %}{% block body %}<p>Our own invitation to '
        "{{ state.short_name }}.</p>{% endblock %}",
        encoding="utf-8",
    )
    text = letter_text(ws, "invitation", "2026-12-01", "CHL")
    assert "Our own invitation to Chile." in text
    assert "the assurances of its highest consideration" in text


def test_a_field_without_a_value_stops_only_that_letter_naming_it(ws: Path) -> None:
    own = ws / "templates" / "letters"
    own.mkdir(parents=True)
    (own / "invitation.xml.jinja").write_text(
        '{% extends "base.xml.jinja" %}{% block body %}<p>A copy goes to '
        "{{ state.email }}.</p>{% endblock %}",
        encoding="utf-8",
    )
    letters = {x.state.iso3: x for x in selection(ws, "invitation", "2026-12-01").letters}
    env = environment(folders(ws), "en")
    assert "mission.chile@example.org" in render(env, "invitation", context(letters["CHL"])).text()
    with pytest.raises(FieldMissing) as missing:
        render(env, "invitation", context(letters["SEN"]))
    assert missing.value.field == "state.email"


def test_a_misspelt_field_is_missing_not_empty(ws: Path) -> None:
    own = ws / "templates" / "letters"
    own.mkdir(parents=True)
    (own / "invitation.xml.jinja").write_text(
        '{% extends "base.xml.jinja" %}{% block body %}<p>{% trans m=state.misson %}To '
        "{{ m }}.{% endtrans %}</p>{% endblock %}",
        encoding="utf-8",
    )
    (letter, *_) = selection(ws, "invitation", "2026-12-01").letters
    with pytest.raises(FieldMissing) as missing:
        render(environment(folders(ws), "en"), "invitation", context(letter))
    assert missing.value.field == "state.misson"


def test_a_catalogue_makes_its_language_available_and_translates(ws: Path) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalogue = Catalog(locale="fr")
    catalogue.add("Reference: %(reference)s", "Référence : %(reference)s")
    catalogue.add("%(place)s, %(day)s", "%(place)s, le %(day)s")
    folder = ws / "templates" / "letters" / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "letters.mo").open("wb") as stream:
        write_mo(stream, catalogue)
    assert available_languages(folders(ws)) == {"en", "fr"}
    chosen = selection(ws, "invitation", "2026-12-01")
    languages = {x.state.iso3: x.language for x in chosen.letters}
    assert languages == {"CHL": "en", "SEN": "fr", "SAU": "en", "CHN": "en", "RUS": "en"}
    text = letter_text(ws, "invitation", "2026-12-01", "SEN")
    assert "Référence : CU 2026/77/DTA/OCB/CSS" in text
    assert "Vienna, le 1er décembre 2026" in text


def test_a_value_that_is_none_is_never_printed(ws: Path) -> None:
    own = ws / "templates" / "letters"
    own.mkdir(parents=True)
    (own / "invitation.xml.jinja").write_text(
        '{% extends "base.xml.jinja" %}{% block body %}<p>Received: {{ submission }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    (letter, *_) = selection(ws, "invitation", "2026-12-01").letters
    with pytest.raises(FieldMissing) as missing:
        render(environment(folders(ws), "en"), "invitation", context(letter))
    assert missing.value.field == "a value the template prints (it is None)"


def test_the_acknowledgement_gives_the_day_the_file_arrived(ws: Path) -> None:
    fx.submit(ws, "CHN", "2027-04-03T09:00:00+00:00", arrived="2027-03-30")
    text = letter_text(ws, "acknowledgement", "2027-04-05", "CHN")
    assert "received on 30 March 2027 as the file answers.xlsx" in text
