"""Building the published site: ``cosp publish`` from the workspace's store to a folder.

One build, for one audience (public or internal):

1. read the cycle's answers and counts from the store (:mod:`.gather`) and make the records of
   every page (:mod:`.content`, :mod:`.report`), consent applied (:mod:`.consent`);
2. if nothing that makes the site has changed since the last build into the same folder
   (the records, the code, the site's templates, the options) and the folder still holds
   what was published, stop: the site is up to date;
3. write the Sphinx sources and data files into the workspace's ``build/site/<audience>/``
   (only what changed); in a second process meanwhile, draw the figures whose numbers
   changed and write the downloads;
4. run Sphinx (HTML; warnings are errors) with the site's configuration, which is package
   data (:data:`~toolkit.publications.configuration.SITE`); Sphinx re-reads only the pages
   whose sources or data files changed;
5. with ``--pdf``, write the LaTeX of the edition, the thematic report and each country
   report and compile those whose LaTeX changed (:mod:`.latex`);
6. copy what changed into the output folder, and remove what an earlier build published
   there and this one does not (a State that withdrew its consent).  A failed build leaves the
   output folder as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from toolkit.instrument import load
from toolkit.publications.consent import Audience, publication
from toolkit.publications.content import (
    country_record,
    edition_record,
    questions_record,
    replies_record,
)
from toolkit.publications.downloads import listing, write_downloads
from toolkit.publications.figures import SUFFIXES, prepare
from toolkit.publications.gather import SiteData, build_day, read_site_data
from toolkit.publications.labels import vocabulary_digest
from toolkit.publications.latex import build_pdfs, targets
from toolkit.publications.report import draw_figures, statistics_record
from toolkit.publications.sources import (
    SiteSources,
    country_page,
    current_states,
    write_sources,
)
from toolkit.stamps import Manifest, code_digest, file_sha256, inputs_digest
from toolkit.statistics import Reply
from toolkit.workspace import Workspace

PUBLISHED = "published.json"
"""The record, in the build folder, of what the last build published and into which folder."""
SKIPPED_OUTPUTS = (".buildinfo", ".buildinfo.bak")
"""Sphinx's own files in its output: not published."""


@dataclass
class Report:
    """What a build did, and how long each step took (printed by ``cosp publish``)."""

    out: Path
    audience: str
    up_to_date: bool = False
    countries: int = 0
    read: list[str] = field(default_factory=list)
    """The pages Sphinx read again."""
    written: int = 0
    """Files copied into the output folder."""
    removed: int = 0
    pdfs: int = 0
    """PDFs compiled."""
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """How to build: the audience, the PDFs, the jobs."""

    out: Path
    audience: Audience = "public"
    cycle: str | None = None
    db: Path | None = None
    pdf: bool = False
    jobs: int = 1


def country_key(data: SiteData, reply: Reply, audience: Audience) -> str:
    """What a State's data file is made from: its submissions, the cycle's questions, the
    audience, the code (when none of it changed, the file is current)."""
    dataset = data.dataset
    return inputs_digest(
        code_digest("publications", "statistics", "intake"),
        audience,
        dataset.cycle,
        dataset.title,
        dataset.deadline,
        dataset.question_set_hash,
        dataset.chapters,
        vocabulary_digest(),
        reply.short_name,
        data.names_in_text.get(reply.iso3),
        reply.group,
        [dataclasses.astuple(submission) for submission in reply.submissions],
        data.receptions.get(reply.iso3, ()) if audience == "internal" else (),
    )


def sources_for(
    data: SiteData,
    options: Options,
    current: Callable[[dict[str, str]], set[str]] = lambda _: set(),
) -> SiteSources:
    """The records of every page of the build (consent applied for a public build);
    ``current`` says which States' data files are current (their records are not made)."""
    audience = options.audience
    replies = [r for r in data.dataset.replies if publication(r, audience) != "none"]
    keys = {r.iso3: country_key(data, r, audience) for r in replies}
    unchanged = current(keys)
    countries = {
        r.iso3: None if r.iso3 in unchanged else country_record(data, r, audience) for r in replies
    }
    names = {r.iso3: r.short_name for r in replies}
    stats = statistics_record(data, audience)
    stats["formats"] = list(SUFFIXES if options.pdf else (".svg",))  # LaTeX includes the PDFs
    pdfs: list[tuple[str, str]] = []
    if options.pdf:
        pdfs = [
            ("pdf/cosp-convention.pdf", "The annotated Convention"),
            ("pdf/thematic-report.pdf", "The thematic implementation report"),
        ]
        pdfs += [
            (f"{country_page(iso3)}.pdf", f"{name}: country report") for iso3, name in names.items()
        ]
    return SiteSources(
        audience=audience,
        questions=questions_record(data),
        countries=countries,
        names=names,
        keys=keys,
        replies=replies_record(data, audience, options.pdf),
        statistics=stats,
        edition=edition_record(data),
        downloads=listing(stats, pdfs),
        status=data.status if audience == "internal" else None,
        pdf=options.pdf,
    )


def build_site(
    workspace: Workspace, options: Options, say: Callable[[str], None] = lambda _: None
) -> Report:
    """Build the site for one audience into ``options.out`` (see the module)."""
    report = Report(options.out, options.audience)
    started = time.perf_counter()
    folder = workspace.build / "site" / options.audience
    db = options.db or workspace.store_db
    published = Manifest(folder / PUBLISHED)
    build = inputs_digest(
        code_digest("publications", "sphinxext", "instrument", "statistics"),
        vocabulary_digest(),
        _folder_digest(_site_folder()),
        _versions(),
        options.audience,
        options.pdf,
        str(options.out.resolve()),
    )
    # First what the store and the workspace's files say (no answer read): nothing recorded
    # and no file changed since the last build into this folder means it is up to date.
    quick = inputs_digest(build, workspace_digest(workspace, options, db))
    if _done(published, "::workspace", quick, options.out):
        report.up_to_date = True
        report.countries = int(published.entries["::workspace"].get("countries", 0))
        report.timings["total"] = time.perf_counter() - started
        return report
    srcdir, html = folder / "source", folder / "html"
    with figure_worker() as pool:
        pool.submit(prepare)  # matplotlib is imported there while the store is read here
        data = read_site_data(workspace, options.cycle, db)
        sources = sources_for(data, options, lambda keys: current_states(srcdir, keys))
        report.countries = len(sources.countries)
        report.timings["read"] = time.perf_counter() - started
        digest = inputs_digest(build, sources.digest())
        if _done(published, "::build", digest, options.out):
            published.entries["::workspace"] = _stamp(quick, report.countries)
            published.save()
            report.up_to_date = True
            report.timings["total"] = time.perf_counter() - started
            return report
        from toolkit.publications.sphinx_run import run_sphinx

        formats = tuple(sources.statistics["formats"])
        drawn = [
            srcdir / "_figures" / f"{f['name']}{suffix}"
            for f in sources.statistics["figures"]
            for suffix in formats
        ]
        # The figures are drawn while the sources are written and Sphinx reads the pages.  A
        # page showing a figure needs its files to exist when it is read (an earlier build's
        # do), and their final bytes only when the pages are written.
        figures = pool.submit(draw_figures, sources.statistics, srcdir / "_figures", formats)
        write_sources(sources, srcdir, load(None))
        # Then the downloads, beside the pages (Sphinx writes none of their files).
        downloads = pool.submit(
            write_downloads, sources.statistics, sources.countries, html, srcdir
        )
        report.timings["sources"] = time.perf_counter() - started - report.timings["read"]
        mark = time.perf_counter()
        waits = {
            "before_writing"
            if all(p.is_file() for p in drawn)
            else "before_reading": figures.result
        }
        report.read = run_sphinx(srcdir, html, folder / "doctrees", "html", options, say, **waits)
        downloads.result()
    _remove_unpublished(html, set(sources.countries))
    report.timings["html"] = time.perf_counter() - mark
    if options.pdf:
        mark = time.perf_counter()
        run_sphinx(srcdir, folder / "latex", folder / "doctrees", "latex", options, say)
        report.pdfs = build_pdfs(folder / "latex", html, sources, options.jobs, say)
        report.timings["pdf"] = time.perf_counter() - mark
    else:  # the PDFs of an earlier build with --pdf no longer say what the pages say
        for target in targets(sources).values():
            (html / target).unlink(missing_ok=True)
    mark = time.perf_counter()
    report.written, report.removed = publish(html, options.out, published)
    published.entries["::build"] = _stamp(digest, report.countries)
    published.entries["::workspace"] = _stamp(quick, report.countries)
    published.save()
    report.timings["publish"] = time.perf_counter() - mark
    report.timings["total"] = time.perf_counter() - started
    return report


@contextmanager
def figure_worker() -> Iterator[Executor]:
    """A process drawing the figures and writing the downloads while this one goes on
    (forked where the system allows: it starts at once with what is imported; elsewhere a
    thread of this process does that work)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        with ThreadPoolExecutor(1) as inline:
            yield inline
        return
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def workspace_digest(workspace: Workspace, options: Options, db: Path) -> str:
    """What the site is made from, as the workspace says it without reading any answer: the
    store's revision, the cycle, its lock, the registry, the build's day (the correspondence
    status is as of it) and the PDFs' date."""
    from toolkit.intake.store import Store

    with Store.open(db, create=False) as store:
        revision = store.revision()
    cycle_file = workspace.cycle_file(options.cycle)
    files = [cycle_file, workspace.lock_file(cycle_file.stem), workspace.registry_file]
    return inputs_digest(revision, [file_sha256(path) for path in files], build_day().isoformat())


def _stamp(digest: str, countries: int) -> dict[str, str]:
    return {"inputs": digest, "sha256": "", "countries": str(countries)}


def _done(published: Manifest, key: str, digest: str, out: Path) -> bool:
    """Whether the last build into ``out`` was made from ``digest`` and ``out`` is intact."""
    return published.entries.get(key, {}).get("inputs") == digest and _intact(published, out)


def _site_folder() -> Path:
    from toolkit.publications.configuration import SITE

    return SITE


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _versions() -> tuple[str, ...]:
    """The versions of what renders the site (a new one makes every page again)."""
    return tuple(version(name) for name in ("sphinx", "furo", "docutils", "matplotlib"))


def _intact(published: Manifest, out: Path) -> bool:
    """Whether the output folder still holds every file as published."""
    files = {k: v for k, v in published.entries.items() if not k.startswith("::")}
    return bool(files) and all(
        file_sha256(out / name) == v.get("sha256") for name, v in files.items()
    )


def _remove_unpublished(html: Path, countries: set[str]) -> None:
    """Drop the pages of States no longer published (Sphinx leaves a removed page's output)."""
    folder = html / "countries"
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.stem != "index" and path.stem.upper() not in countries:
            path.unlink()


def publish(html: Path, out: Path, published: Manifest) -> tuple[int, int]:
    """Copy the built files that differ into ``out``; remove those published before and no
    longer built.  Returns the files copied and removed."""
    written = removed = 0
    current: dict[str, str] = {}
    for path in sorted(html.rglob("*")):
        if not path.is_file() or path.name in SKIPPED_OUTPUTS:
            continue
        name = path.relative_to(html).as_posix()
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        current[name] = sha
        target = out / name
        if published.entries.get(name, {}).get("sha256") == sha and file_sha256(target) == sha:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.partial")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written += 1
    for name in list(published.entries):
        if not name.startswith("::") and name not in current:
            (out / name).unlink(missing_ok=True)
            removed += 1
    published.entries = {k: v for k, v in published.entries.items() if k.startswith("::")}
    for name, sha in current.items():
        published.entries[name] = {"inputs": "", "sha256": sha}
    return written, removed
