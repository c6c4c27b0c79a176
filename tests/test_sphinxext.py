"""The prov Sphinx extension on small projects built with Sphinx's own testing fixtures.

The project ``tests/fixtures/sphinx/prov-basic`` renders a tiny instrument built by hand
(``tests/fixtures/sphinx/tiny_instrument.py``): two chapters, three articles, two notes.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from sphinx.util.inventory import InventoryFile

pytest_plugins = ("sphinx.testing.fixtures",)  # make_app: Sphinx's own testing fixtures

FIXTURES = Path(__file__).parent / "fixtures" / "sphinx"
sys.path.insert(0, str(FIXTURES))

from tiny_instrument import tiny_instrument  # noqa: E402

import toolkit.instrument.references  # noqa: E402
import toolkit.sphinxext  # noqa: E402
from toolkit.instrument import derive  # noqa: E402
from toolkit.instrument.model import Instrument, NumberedParagraph, Resolution  # noqa: E402
from toolkit.sphinxext.source import instrument_source  # noqa: E402

MakeApp = Callable[..., SphinxTestApp]


def project(tmp_path: Path, pages: dict[str, str] | None = None) -> Path:
    """A copy of the prov-basic project, with pages added or replaced."""
    srcdir = tmp_path / "src"
    shutil.copytree(FIXTURES / "prov-basic", srcdir)
    for name, text in (pages or {}).items():
        (srcdir / name).write_text(text, encoding="utf-8")
    return srcdir


def build(
    make_app: MakeApp,
    srcdir: Path,
    instrument: Instrument | None = None,
    buildername: str = "html",
    **kwargs: Any,
) -> SphinxTestApp:
    """Build the project with an instrument; the app keeps the status and warnings."""
    overrides = {"prov_instrument": instrument or tiny_instrument()}
    overrides.update(kwargs.pop("confoverrides", {}))
    merged: list[set[str]] | None = kwargs.pop("merged", None)
    app = make_app(buildername, srcdir=srcdir, confoverrides=overrides, freshenv=True, **kwargs)
    if merged is not None:
        app.connect("env-merge-info", lambda _app, _env, docnames, _other: merged.append(docnames))
    app.build()
    return app


def warnings_of(app: SphinxTestApp) -> str:
    """The warnings of a build, without terminal colours."""
    return strip_escape_sequences(app.warning.getvalue())


def html(app: SphinxTestApp, page: str) -> str:
    return (app.outdir / f"{page}.html").read_text(encoding="utf-8")


def links(text: str) -> list[tuple[str, str]]:
    """``(href, words)`` of the prov links of an HTML page."""
    pattern = re.compile(
        r'<a class="reference internal" href="([^"]*)"[^>]*>'
        r'<span class="xref prov[^"]*">(.*?)</span></a>'
    )
    return pattern.findall(text)


@pytest.fixture
def basic(make_app: MakeApp, tmp_path: Path) -> SphinxTestApp:
    return build(make_app, project(tmp_path))


def test_the_basic_project_builds_without_warnings(basic: SphinxTestApp) -> None:
    assert warnings_of(basic) == ""


def test_role_cites_the_provision_and_links_to_where_it_is_rendered(basic: SphinxTestApp) -> None:
    found = links(html(basic, "index"))
    assert ("chapter-i.html#art_2__para_1", "article 2, paragraph 1") in found
    assert ("chapter-ii.html#art_3__para_1__point_b", "the grounds") in found
    assert ("chapter-ii.html#art_3", "article 3") in found
    assert ("chapter-ii.html#chp_II", "chapter II") in found
    assert ("chapter-i.html#note_2", "interpretative note 2") in found
    assert ("chapter-i.html#art_1__point_a", "electronic data") in found


def test_article_is_a_section_with_its_heading_and_provisions(basic: SphinxTestApp) -> None:
    page = html(basic, "chapter-i")
    assert re.search(
        r'<section class="prov-article" id="art_2">\s*<h2>Article 2\. Preservation', page
    )
    assert "<h1>Chapter I. General provisions" in page
    assert 'id="art_2__para_1"' in page and 'id="art_2__para_2"' in page
    assert '<span class="prov-label">1.</span> Each State Party shall preserve' in page


def test_paragraphs_carry_obligation_and_flag_markers(basic: SphinxTestApp) -> None:
    page = html(basic, "chapter-i")
    paragraph_2 = page[page.index('id="art_2__para_2"') :]
    paragraph_2 = paragraph_2[: paragraph_2.index("</div>")]
    markers = re.findall(r'class="prov-marker prov-marker-(\w+)">(\w+)<', paragraph_2)
    assert markers == [
        ("optional", "optional"),
        ("reservation", "reservation"),
        ("notification", "notification"),
    ]


def test_sub_provision_with_the_parents_obligation_shows_no_marker_of_its_own(
    basic: SphinxTestApp,
) -> None:
    page = html(basic, "chapter-ii")
    assert page.count("prov-marker-consider") == 1  # on 3.1, not on (a) and (b)


def test_cross_reference_words_link_to_their_target(basic: SphinxTestApp) -> None:
    found = links(html(basic, "chapter-i"))
    assert (
        "chapter-ii.html#art_3__para_1__point_b",
        "article 3, paragraph 1 (b), of this Convention",
    ) in found
    spoken = '<span class="prov-sr">, article 2, paragraph 1</span>'  # for screen readers
    assert ("#art_2__para_1", f"paragraph 1 of this article{spoken}") in found


def test_defined_terms_link_to_their_definition_but_not_inside_it(basic: SphinxTestApp) -> None:
    page = html(basic, "chapter-i")
    definition = page[page.index('id="art_1__point_b"') :]
    definition = definition[: definition.index("</div>")]
    assert ("#art_1__point_a", "electronic data") in links(definition)
    assert "#art_1__point_b" not in definition.split("</p>", 1)[0].split('id="art_1__point_b"')[-1]
    assert ("#art_1__point_b", "service provider") in links(html(basic, "chapter-i"))


def test_notes_stand_under_every_article_they_concern(basic: SphinxTestApp) -> None:
    chapter_i, chapter_ii = html(basic, "chapter-i"), html(basic, "chapter-ii")
    article_3 = chapter_ii[chapter_ii.index('id="art_3"') :]
    assert 'id="note_1"' in chapter_i and 'id="note_2"' in chapter_i
    assert "Interpretative note 2: Articles 2 and 3" in article_3
    assert 'id="note_2__art_3"' in article_3  # the second copy is not a second target


def test_referred_to_by_links_back_to_the_citing_provision(basic: SphinxTestApp) -> None:
    page = html(basic, "chapter-ii")
    back = page[page.index('class="prov-referred-by"') :]
    assert links(back.split("</p>", 1)[0]) == [
        ("chapter-i.html#art_2__para_1", "article 2, paragraph 1")
    ]


def test_obligations_table_rows_carry_kind_chapter_and_flag_classes(basic: SphinxTestApp) -> None:
    page = html(basic, "cited")
    rows = re.findall(r'<tr class="([^"]*prov-kind[^"]*)">', page)
    assert len(rows) == 3  # 3.1 (a) and (b) share 3.1's obligation: they are in its row
    assert rows[1].split()[:5] == [
        "prov-kind-optional",
        "prov-chapter-i",
        "prov-flag-reservation",
        "prov-flag-notification",
        "prov-reviewed-yes",
    ]
    assert "<th><p>Reviewed</p></th>" in page or "<p>Reviewed</p></th>" in page
    assert "prov-filter.js" in page
    assert "prov-filter.js" not in html(basic, "chapter-i")  # the script only where needed


def test_summary_counts_by_chapter(basic: SphinxTestApp) -> None:
    page = html(basic, "cited")
    summary = page[page.index('class="prov-summary') :]
    cells = re.findall(r"<td><p>(\d+|\d+–\d+)</p></td>", summary)
    # Chapter I: articles 1-2; 2.1 mandatory, 2.2 optional with both flags; both reviewed.
    # Chapter II: article 3; 3.1 consider (its (a) and (b) are in its row); reviewed.
    assert cells == ["1–2", "1", "0", "1", "1", "1", "2", "3", "0", "1", "0", "0", "0", "1"]
    totals = re.findall(r"<td><p><strong>(\d+)</strong></p></td>", summary)
    assert totals == ["1", "1", "1", "1", "1", "3"]


def final_clause_instrument() -> Instrument:
    """The tiny instrument with article 3 titled as a final clause (not reviewed by rule)."""
    tiny = tiny_instrument()
    provisions = tuple(
        dataclasses.replace(p, title="Denunciation") if p.id == "3" else p for p in tiny.provisions
    )
    return derive(dataclasses.replace(tiny, provisions=provisions, _index={}))


def test_a_provision_the_review_does_not_ask_about_says_so(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = build(make_app, project(tmp_path), final_clause_instrument())
    page = html(app, "chapter-ii")
    paragraph = page[page.index('id="art_3__para_1"') :]
    paragraph = paragraph[: paragraph.index("</p>")]
    markers = re.findall(r'class="prov-marker prov-marker-([\w-]+)">([\w ]+)<', paragraph)
    assert markers == [("consider", "consider"), ("not-reviewed", "not reviewed")]
    cited = html(app, "cited")
    rows = re.findall(r'<tr class="([^"]*prov-kind[^"]*)">', cited)
    reviewed = [next(c for c in row.split() if c.startswith("prov-reviewed-")) for row in rows]
    assert reviewed == ["prov-reviewed-yes", "prov-reviewed-yes", "prov-reviewed-no"]
    summary = cited[cited.index('class="prov-summary') :]
    assert re.findall(r"<td><p><strong>(\d+)</strong></p></td>", summary)[-1] == "2"


def test_links_come_from_the_model_not_from_reading_the_text_again(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instrument = tiny_instrument()  # its references are read here, once

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the edition read a text for references")

    monkeypatch.setattr(toolkit.instrument.references, "find_references", no_reading)
    app = build(make_app, project(tmp_path), instrument)
    assert (
        "chapter-ii.html#art_3__para_1__point_b",
        "article 3, paragraph 1 (b), of this Convention",
    ) in links(html(app, "chapter-i"))


def test_the_resolution_opens_with_the_general_assembly(make_app: MakeApp, tmp_path: Path) -> None:
    resolution = Resolution(
        title="Tiny Convention",
        preamble=("Recalling article 2 of the Convention,",),
        operative=(NumberedParagraph(1, "Adopts article 3 of the Convention;", 7),),
        opening="The General Assembly,",
    )
    instrument = derive(dataclasses.replace(tiny_instrument(), resolution=resolution))
    page = ":orphan:\n\n.. prov:resolution::\n"
    app = build(make_app, project(tmp_path, {"resolution.rst": page}), instrument)
    text = html(app, "resolution")
    opening = text.index('<p class="prov-resolution-opening">The General Assembly,</p>')
    assert opening < text.index("Recalling")
    assert ("chapter-i.html#art_2", "article 2 of the Convention") in links(text)
    assert ("chapter-ii.html#art_3", "article 3 of the Convention") in links(text)


def test_prov_overrides_names_the_file_applied_to_a_text(tmp_path: Path) -> None:
    protocol = FIXTURES.parent / "instrument" / "protocol.txt"
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(
        "overrides:\n  - ids: [6.2]\n    obligation: mandatory\n    reason: A test.\n",
        encoding="utf-8",
    )
    config = SimpleNamespace(prov_instrument=str(protocol), prov_overrides=str(overrides))
    source = instrument_source(config)  # type: ignore[arg-type]
    assert source.instrument.get("6.2").obligation_source == "override"
    assert source.dependencies == (protocol.resolve(), overrides.resolve())
    config = SimpleNamespace(prov_instrument=str(protocol), prov_overrides=None)
    assert instrument_source(config).instrument.get("6.2").obligation.value == "consider"  # type: ignore[arg-type]


def test_a_missing_overrides_file_stops_the_build_naming_the_setting(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = project(tmp_path)
    protocol = str(FIXTURES.parent / "instrument" / "protocol.txt")
    missing = re.escape(str(srcdir / "no-such-overrides.yaml"))  # relative to conf.py's folder
    with pytest.raises(ConfigError, match=rf"prov_overrides: {missing}: the file does not exist"):
        make_app(
            "html",
            srcdir=srcdir,
            confoverrides={"prov_instrument": protocol, "prov_overrides": "no-such-overrides.yaml"},
        )


def test_index_of_provisions_lists_rendered_provisions(basic: SphinxTestApp) -> None:
    page = html(basic, "prov-index")
    assert "Chapter II" in page
    assert 'href="chapter-ii.html#art_3__para_1__point_b"' in page


def test_general_index_lists_the_defined_terms(basic: SphinxTestApp) -> None:
    page = html(basic, "genindex")
    assert re.search(r'href="chapter-i.html#art_1__point_a">electronic data \(defined term\)', page)
    assert re.search(
        r'href="chapter-i.html#art_1__point_b">service provider \(defined term\)', page
    )


def test_inventory_lets_other_projects_link_to_provisions(basic: SphinxTestApp) -> None:
    with (basic.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", posixpath.join)
    item = inventory["prov:provision"]["3.1.b"]
    assert (item.uri, item.display_name) == (
        "chapter-ii.html#art_3__para_1__point_b",
        "article 3, paragraph 1 (b)",
    )
    assert inventory["prov:article"]["2"].uri == "chapter-i.html#art_2"
    assert set(inventory["prov:term"]) == {"electronic data", "service provider"}


def test_no_index_rendering_is_not_a_link_target(basic: SphinxTestApp) -> None:
    page = html(basic, "cited")
    assert (
        '<div class="prov prov-subparagraph prov-consider docutils container" '
        'id="art_3__para_1__point_b">' in page
    )
    assert ("chapter-ii.html#art_3__para_1__point_b", "article 3, paragraph 1 (b)") in links(page)


def test_unknown_ids_warn_with_their_location(make_app: MakeApp, tmp_path: Path) -> None:
    page = (
        "Bad\n===\n\nSee :prov:`9.9` and :prov:`2.7`.\n\n"
        ".. prov:article:: 99\n\n.. prov:chapter:: X\n"
    )
    srcdir = project(tmp_path, {"bad.rst": page})
    app = build(make_app, srcdir)
    warnings = warnings_of(app)
    assert re.search(
        r"bad\.rst:4: WARNING: unknown provision ID '9\.9': "
        r"Tiny Convention has no article 9, paragraph 9",
        warnings,
    )
    assert re.search(r"bad\.rst:4: WARNING: unknown provision ID '2\.7'", warnings)
    assert re.search(r"bad\.rst:6: WARNING: unknown provision ID '99'", warnings)
    assert re.search(
        r"bad\.rst:8: WARNING: unknown chapter 'X': Tiny Convention has chapters I, II", warnings
    )


def test_provision_rendered_twice_warns_with_location(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = project(tmp_path, {"again.rst": "Again\n=====\n\n.. prov:article:: 3\n"})
    app = build(make_app, srcdir)
    assert re.search(
        r"again\.rst:4: WARNING: duplicate article 3: also rendered in chapter-ii", warnings_of(app)
    ) or re.search(
        r"chapter-ii\.rst:\d+: WARNING: duplicate article 3: also rendered in again",
        warnings_of(app),
    )


def test_unrendered_target_of_a_data_link_warns_only_when_asked(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = project(
        tmp_path, {"chapter-ii.rst": "Nothing\n=======\n\nChapter II is not rendered.\n"}
    )
    app = build(make_app, srcdir, confoverrides={"prov_warn_unrendered": False})
    app.cleanup()
    warnings = warnings_of(app)
    assert "chapter-i.rst" not in warnings  # "article 3, paragraph 1 (b)" in 2.1 stays plain text
    assert (
        "index.rst:14: WARNING: provision 3.1.b (article 3, paragraph 1 (b)) is not rendered"
        in warnings
    )
    strict = build(make_app, srcdir, confoverrides={"prov_warn_unrendered": True})
    assert "chapter-i.rst" in warnings_of(strict)


def test_removing_a_page_forgets_its_provisions(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = project(tmp_path)
    app = build(make_app, srcdir)
    assert ("provision", "3.1.b") in app.env.domains["prov"].objects
    app.cleanup()
    (srcdir / "chapter-ii.rst").write_text("Empty\n=====\n", encoding="utf-8")
    rebuilt = make_app(
        "html", srcdir=srcdir, confoverrides={"prov_instrument": app.config.prov_instrument}
    )
    rebuilt.build()
    objects = rebuilt.env.domains["prov"].objects
    assert ("provision", "3.1.b") not in objects
    assert ("provision", "2.1") in objects


def test_parallel_build_resolves_the_same_links(make_app: MakeApp, tmp_path: Path) -> None:
    instrument = tiny_instrument()
    serial = build(make_app, project(tmp_path / "serial"), instrument)
    serial.cleanup()  # unregister its nodes before the second app registers them again
    merged: list[set[str]] = []
    parallel = build(
        make_app, project(tmp_path / "parallel"), instrument, parallel=2, merged=merged
    )
    assert len(merged) >= 2  # the documents were really read by parallel workers, then merged
    for page in ("index", "chapter-i", "chapter-ii", "cited", "refs-a", "refs-d"):
        assert links(html(parallel, page)) == links(html(serial, page)), page
    assert parallel.env.domains["prov"].objects == serial.env.domains["prov"].objects
    assert warnings_of(parallel) == ""


def test_a_bad_instrument_text_stops_the_build_with_its_findings(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = project(tmp_path)
    missing = re.escape(str(srcdir / "no-such-convention.txt"))  # relative to conf.py's folder
    with pytest.raises(ConfigError, match=rf"prov_instrument: {missing}: the file does not exist"):
        make_app("html", srcdir=srcdir, confoverrides={"prov_instrument": "no-such-convention.txt"})


def test_new_rendering_code_rereads_every_page(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = project(tmp_path)
    instrument = tiny_instrument()
    monkeypatch.setattr(toolkit.sphinxext, "code_digest", lambda: "old code")
    build(make_app, srcdir, instrument).cleanup()
    monkeypatch.setattr(toolkit.sphinxext, "code_digest", lambda: "new code")
    again = make_app("html", srcdir=srcdir, confoverrides={"prov_instrument": instrument})
    again.build()
    status = strip_escape_sequences(again.status.getvalue())
    assert re.search(
        r"updating environment: \[config changed \('prov_code_digest'\)\] 8 added", status
    )


def test_pages_depend_on_the_instrument_file(make_app: MakeApp, tmp_path: Path) -> None:
    source = tmp_path / "tiny.txt"
    source.write_text("the text the instrument was parsed from\n", encoding="utf-8")
    instrument = tiny_instrument()
    instrument = Instrument(
        **{
            **{f: getattr(instrument, f) for f in ("title", "source_sha256", "resolution")},
            "source": str(source),
            "preamble": instrument.preamble,
            "chapters": instrument.chapters,
            "provisions": instrument.provisions,
            "notes": instrument.notes,
            "testimonium": instrument.testimonium,
        }
    )
    app = build(make_app, project(tmp_path), instrument)
    deps = {str(path) for path in app.env.dependencies["chapter-i"]}
    assert any(dep.endswith("tiny.txt") for dep in deps)


def test_filter_script_hides_the_rows_that_do_not_match() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node (Debian package nodejs) runs the table filter's script")
    rows = [
        ["prov-kind-mandatory", "prov-chapter-i", "row-even"],
        ["prov-kind-optional", "prov-chapter-i", "prov-flag-reservation"],
        ["prov-kind-consider", "prov-chapter-ii"],
    ]
    choices = [
        ["optional", "", ""],
        ["", "ii", ""],
        ["", "", "reservation"],
        ["mandatory", "ii", ""],
    ]
    script = Path(toolkit.sphinxext.__file__).parent / "static" / "prov-filter.js"
    run = subprocess.run(
        [
            node,
            str(FIXTURES / "filter_harness.js"),
            str(script),
            json.dumps(rows),
            json.dumps(choices),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["labels"] == ["Kind", "Chapter", "Flag"]
    assert result["options"][0] == ["All kinds", "Mandatory", "Consider", "Optional"]
    assert result["options"][1] == ["All chapters", "Chapter I", "Chapter II"]
    assert result["formRole"] == "search" and result["statusLive"] == "polite"
    assert [step["visible"] for step in result["steps"]] == [[0, 1, 2], [1], [2], [1], []]
    assert result["steps"][1]["status"] == "Showing 1 of 3 obligations."


INJECTIONS = {
    "1.a": "“\\input{/etc/shadow}|@!” shall mean any representation of facts;",
    "2.1": ".. raw:: html\n\n   <script>alert(1)</script>\n\n.. include:: /etc/passwd",
    "3.1.a": (
        "`x <javascript:alert(1)>`_ and :download:`/etc/passwd` and <img src=x onerror=alert(1)>"
    ),
    "3.1.b": r"\input{/etc/passwd} \immediate\write18{id} $x^2$ {\bf bold} % comment",
}


@pytest.fixture
def injected() -> Instrument:
    return tiny_instrument(
        text_of=INJECTIONS, note_text="<script>alert('note')</script> |sub| **strong**"
    )


def test_injection_attempts_in_data_come_out_as_literal_html_text(
    make_app: MakeApp, tmp_path: Path, injected: Instrument
) -> None:
    app = build(make_app, project(tmp_path), injected)
    chapter_i, chapter_ii = html(app, "chapter-i"), html(app, "chapter-ii")
    both = chapter_i + chapter_ii
    assert "<script>alert" not in both
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chapter_i
    assert ".. raw:: html" in chapter_i and ".. include:: /etc/passwd" in chapter_i
    assert "javascript:" not in re.sub(r">[^<]*<", "><", both)  # only in text, never in a tag
    assert "`x &lt;javascript:alert(1)&gt;`_" in chapter_ii
    assert "&lt;img src=x onerror=alert(1)&gt;" in chapter_ii
    assert "root:" not in both
    assert "&lt;script&gt;alert('note')&lt;/script&gt; |sub| **strong**" in chapter_i
    assert not (app.outdir / "_downloads").exists()


def test_injection_attempts_in_data_come_out_as_literal_latex_text(
    make_app: MakeApp, tmp_path: Path, injected: Instrument
) -> None:
    app = build(make_app, project(tmp_path), injected, buildername="latex")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\input{/etc/passwd}" not in tex
    assert r"\input{/etc/shadow}" not in tex  # a defined term, also in the index entry
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"\immediate\write18" not in tex
    assert r"\$x\textasciicircum{}2\$" in tex
    assert r"\{\textbackslash{}bf bold\} \% comment" in tex


def test_filter_script_filters_on_whether_a_row_is_reviewed() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node (Debian package nodejs) runs the table filter's script")
    rows = [
        ["prov-kind-mandatory", "prov-chapter-iv", "prov-reviewed-yes"],
        ["prov-kind-optional", "prov-chapter-ix", "prov-flag-reservation", "prov-reviewed-no"],
    ]
    choices = [["", "", "", "no"], ["", "", "", "yes"]]
    script = Path(toolkit.sphinxext.__file__).parent / "static" / "prov-filter.js"
    run = subprocess.run(
        [
            node,
            str(FIXTURES / "filter_harness.js"),
            str(script),
            json.dumps(rows),
            json.dumps(choices),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["labels"] == ["Kind", "Chapter", "Flag", "Reviewed"]
    assert result["options"][3] == ["Reviewed or not", "Yes", "No"]
    assert [step["visible"] for step in result["steps"]] == [[0, 1], [1], [0]]
