"""Building the site again (slow): the same bytes from the same store, nothing done when nothing
changed, and after one new response only that State's pages, the thematic pages and the
indexes read again; a State that withdraws its consent disappears from every public file."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from conftest import SOURCE_DATE, publish
from fixtures.publications.site import ALL_IN_PLACE, Reply, make_workspace, resubmit, send

from toolkit.publications.site import Options, build_site
from toolkit.workspace import open_workspace

pytestmark = pytest.mark.slow


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_the_same_store_gives_the_same_bytes(
    review_workspace: Path, public_site: Path, tmp_path: Path
) -> None:
    again = tmp_path / "workspace"
    shutil.copytree(review_workspace, again, ignore=shutil.ignore_patterns("build", "published"))
    out = tmp_path / "site"
    publish(again, out, "--pdf", "-j", "2")
    built, rebuilt = files(public_site), files(out)
    assert sorted(built) == sorted(rebuilt)
    assert any(name.endswith(".svg") for name in built) and "countries/chl.pdf" in built
    assert [name for name in built if built[name] != rebuilt[name]] == []


@pytest.fixture(scope="module")
def growing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of its own (its builds change it), built once without PDFs."""
    root = make_workspace(tmp_path_factory.mktemp("growing") / "workspace")
    publish(root, root / "site", "-j", "2")
    return root


def build(root: Path) -> object:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE)
        workspace = open_workspace(root, "option", "--workspace")
        return build_site(workspace, Options(out=root / "site", audience="public", jobs=2))


def test_nothing_changed_is_up_to_date(growing: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (growing / "site").rglob("*") if p.is_file()}
    assert "up to date" in publish(growing, growing / "site", "-j", "2")
    after = {p: p.stat().st_mtime_ns for p in (growing / "site").rglob("*") if p.is_file()}
    assert after == before


def test_one_new_response_reads_only_its_pages_the_thematic_pages_and_the_indexes(
    growing: Path,
) -> None:
    site = growing / "site"
    chile = site / "countries" / "chl.html"
    stamp = chile.stat().st_mtime_ns
    send(growing, Reply("DEU", "yes", "2027-07-20", dict(ALL_IN_PLACE)))
    report = build(growing)
    assert report.read == [
        "countries/deu",
        "countries/index",
        "index",
        "statistics/articles",
        "statistics/questions",
        "statistics/regions",
        "statistics/regions-questions",
        "thematic/index",
    ]
    assert (site / "countries" / "deu.html").is_file()
    assert chile.stat().st_mtime_ns == stamp  # not written again
    article = (site / "edition" / "article-7.html").read_text(encoding="utf-8")
    assert "Answers of the 7 States that replied" in article  # the edition's pages rewritten


def kept_tree(root: Path, page: str) -> Path:
    return root / "build" / "site" / "public" / "doctrees" / "cosp-navigation" / f"{page}.html"


def keep(path: Path, key: bytes, tree: bytes) -> None:
    """Write a kept navigation tree as the site's extension does: key, digest, tree."""
    path.write_bytes(key + b" " + hashlib.sha256(tree).hexdigest().encode() + b"\n" + tree)


def navigation(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('<div class="sidebar-tree">')
    return text[start : text.index("</div>", start)]


def test_a_page_written_again_takes_its_kept_navigation_tree_made_from_the_same_contents(
    growing: Path,
) -> None:
    site = growing / "site"
    article, other = (
        kept_tree(growing, "edition/article-7"),
        kept_tree(growing, "edition/article-24"),
    )
    header, _, tree = article.read_bytes().partition(b"\n")
    key = header.split()[0]
    assert b'class="toctree-l3 current current-page"' in tree  # furo's tree of that page
    # Articles 7 and 24 show counts: a new one writes them again (the cycle asks of no other).
    # The kept tree is what the page gets (a mark put in it shows on the page) ...
    keep(article, key, tree.replace(b"Article 7. Illegal access", b"Article 7. Kept tree", 1))
    # ... unless it was made from another table of contents (or is damaged): furo makes it.
    keep(other, b"0" * 64, b"<ul><li>A stale tree</li></ul>")
    resubmit(growing, "CHL", "2027-07-18", {"24.1": "no"}, "yes")  # new counts on every page
    build(growing)
    assert "Article 7. Kept tree" in navigation(site / "edition" / "article-7.html")
    made = navigation(site / "edition" / "article-24.html")
    assert "A stale tree" not in made and "Article 7. Illegal access" in made
    assert (
        'class="toctree-l3 current current-page"><a class="current reference internal" '
        'href="#">Article 24. Conditions and safeguards' in made
    )
    assert other.read_bytes().startswith(key)  # kept again, from this table of contents
    keep(article, key, tree)  # as furo made it, for the next test


def test_the_site_built_step_by_step_is_the_site_built_at_once(
    growing: Path, tmp_path: Path
) -> None:
    site = growing / "site"
    # The page marked by the test above is written again (not read) with its true tree.
    for folder in (site, growing / "build" / "site" / "public" / "html"):
        (folder / "edition" / "article-7.html").unlink()
    build(growing)
    again = tmp_path / "workspace"
    shutil.copytree(growing, again, ignore=shutil.ignore_patterns("build", "site", "internal"))
    publish(again, again / "site", "-j", "2")
    step_by_step, at_once = files(site), files(again / "site")
    assert sorted(step_by_step) == sorted(at_once)
    assert [name for name in at_once if step_by_step[name] != at_once[name]] == []


def test_a_state_that_withdraws_its_consent_disappears_from_the_public_site(growing: Path) -> None:
    site = growing / "site"
    assert (site / "countries" / "bol.html").is_file()
    resubmit(growing, "BOL", "2027-07-25", {}, "no")
    build(growing)
    assert not (site / "countries" / "bol.html").exists()
    assert not list((site / "downloads").rglob("bol.*"))
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".csv"}:
            assert "secretbol" not in path.read_text(encoding="utf-8").casefold(), path
    assert "Bolivia" in (site / "countries" / "index.html").read_text(encoding="utf-8")


def test_the_internal_site_has_the_status_page_when_the_correspondence_stage_is_there(
    growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def status_board(cycle, registry, db, as_of):  # what toolkit.correspondence.status gives
        record = {
            "state": "DEU",
            "name": "Germany",
            "status": "invited",
            "overdue": True,
            "invited": "2027-01-10",
            "reminded": None,
            "last_received": None,
            "submissions": 0,
            "consent": None,
            "acknowledged": None,
        }
        board = {
            "cycle": cycle.id,
            "title": cycle.title,
            "deadline": "2027-06-30",
            "as_of": as_of.isoformat(),
            "totals": {"invited": 1, "accepted": 6},
            "records": [record],
        }
        return SimpleNamespace(as_json=lambda: board)

    stage = ModuleType("toolkit.correspondence.status")
    stage.status_board = status_board  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "toolkit.correspondence", ModuleType("toolkit.correspondence"))
    monkeypatch.setitem(sys.modules, "toolkit.correspondence.status", stage)
    out = growing / "internal"
    publish(growing, out, "--audience", "internal")
    page = (out / "status.html").read_text(encoding="utf-8")
    assert "Status of the replies" in page and "Germany" in page and "27 November 2024" in page
    assert "status.html" in (out / "index.html").read_text(encoding="utf-8")
    assert not (growing / "site" / "status.html").exists()  # never in the public site


def test_the_main_job_builds_both_sites_and_skips_them_when_nothing_changed(
    growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit import review

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE)
    workspace = open_workspace(growing, "option", "--workspace")
    context = review.Context(workspace, workspace.cycle_file(None), lambda _: None)
    assert review.STEPS[-3:] == (review.status, review.statistics, review.site)
    folder = growing / "build" / "published"
    first = review.site(workspace, context)
    assert (first.stage, first.where, first.changed) == ("site", folder, True)
    assert first.first == folder / "public" / "index.html" and first.first.is_file()
    assert (folder / "internal" / "countries" / "sen.html").is_file()  # everything, internal
    assert not (folder / "public" / "countries" / "sen.html").exists()
    assert "Internal" in (folder / "internal" / "index.html").read_text(encoding="utf-8")
    # TeX is here (CI installs it): the public site has its PDFs, the internal one none.
    assert (folder / "public" / "pdf" / "thematic-report.pdf").is_file()
    assert (folder / "public" / "pdf" / "cosp-convention.pdf").is_file()
    assert (folder / "public" / "countries" / "chl.pdf").is_file()
    assert not (folder / "public" / "countries" / "sen.pdf").exists()  # no consent
    assert not list((folder / "internal").rglob("*.pdf"))
    # the edition, the report, and the reports of CHL, ARG (its summary), FRA and DEU (BOL
    # withdrew its consent above)
    assert first.what.endswith(", 6 PDFs")
    assert (folder / "public" / "countries" / "arg.pdf").is_file()
    assert not (folder / "public" / "countries" / "bol.pdf").exists()
    stamps = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    again = review.site(workspace, context)
    assert not again.changed and again.count == first.count
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == stamps


def test_the_main_job_without_tex_says_what_to_install_and_publishes_no_stale_pdf(
    growing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit import review
    from toolkit.publications import review as publishing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE)
    workspace = open_workspace(growing, "option", "--workspace")
    said: list[str] = []
    context = review.Context(workspace, workspace.cycle_file(None), said.append)
    folder = growing / "build" / "published"
    review.site(workspace, context)  # with TeX: the PDFs
    assert (folder / "public" / "countries" / "chl.pdf").is_file()
    monkeypatch.setattr(publishing, "missing_tools", lambda: ["xelatex", "latexmk"])
    done = review.site(workspace, context)
    assert done.changed and "PDF" not in done.what
    assert any(
        "PDFs left out: the PDF build needs xelatex, latexmk, not found on PATH" in line
        and "apt-get install" in line
        for line in said
    )
    assert not list(folder.rglob("*.pdf"))  # the earlier PDFs no longer match the pages
    assert (folder / "public" / "countries" / "chl.html").is_file()
