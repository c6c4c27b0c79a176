"""The site's PDFs: the LaTeX Sphinx wrote, compiled with xelatex, only where it changed.

Sphinx writes one LaTeX file per document (the edition, the thematic report, each country
report); each is compiled by ``latexmk`` (xelatex, as the edition's PDF), several at once
(``-j``), and only when its LaTeX or the figures it includes changed since its PDF was made:
after one new response only that State's report and the thematic report are compiled again.
The PDFs carry the date of the data (``SOURCE_DATE_EPOCH``: the day of the latest reply, when
the environment does not set it), so the same data give the same bytes.  A log reporting a
missing glyph or an undefined reference fails the build (:mod:`toolkit.publications.pdf`).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time
from pathlib import Path

from toolkit.errors import Finding, Location, ToolkitError
from toolkit.files import write_atomically
from toolkit.publications.pdf import install_hint, log_problems, missing_tools
from toolkit.publications.sources import THEMATIC_TEX, SiteSources, country_tex
from toolkit.stamps import Manifest, inputs_digest

GRAPHICS = re.compile(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]*)\}(\.[A-Za-z]+)\}")
"""How Sphinx includes a figure: ``\\sphinxincludegraphics[...]{{name}.pdf}``."""
TIMEOUT = 900


def source_date(sources: SiteSources) -> str:
    """``SOURCE_DATE_EPOCH``: the environment's, else midnight (UTC) of the latest reply day,
    else of the deadline."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return given
    days = [d["day"] for d in sources.statistics["timeline"]] or [sources.statistics["deadline"]]
    day = datetime.combine(datetime.fromisoformat(max(days)).date(), time(0, 0), tzinfo=UTC)
    return str(int(day.timestamp()))


def targets(sources: SiteSources) -> dict[str, str]:
    """Each LaTeX file and where its PDF is published in the site."""
    found = {
        "cosp-convention.tex": "pdf/cosp-convention.pdf",
        THEMATIC_TEX: "pdf/thematic-report.pdf",
    }
    for iso3 in sources.countries:
        found[country_tex(iso3)] = f"countries/{iso3.lower()}.pdf"
    return found


def build_pdfs(
    latex: Path,
    html: Path,
    sources: SiteSources,
    jobs: int,
    say: Callable[[str], None] = lambda _: None,
) -> int:
    """Compile the LaTeX files whose inputs changed, copy every PDF into the site."""
    missing = missing_tools()
    if missing:
        raise ToolkitError(
            Finding("publish.tex", "error", install_hint(missing), Location("--pdf"), "")
        )
    epoch = source_date(sources)
    manifest = Manifest(latex / ".pdfs.json")
    wanted = targets(sources)
    stale = []
    for tex in wanted:
        inputs = _inputs(latex / tex, epoch)
        if not manifest.current(latex / Path(tex).with_suffix(".pdf"), inputs):
            stale.append((tex, inputs))
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "FORCE_SOURCE_DATE": "1",
        "LATEXOPTS": "-interaction=nonstopmode -halt-on-error",
        "XINDYOPTS": "-L english -C utf8 -M sphinx.xdy",
    }
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        results = list(pool.map(lambda item: _compile(latex, item[0], env), stale))
    problems = [problem for found in results for problem in found]
    if problems:
        raise ToolkitError(
            *(
                Finding(
                    "publish.pdf",
                    "error",
                    f"a PDF is incomplete: {problem}",
                    Location(str(latex)),
                    "The LaTeX log names the page and the character or reference; a glyph "
                    "missing from the fonts needs a font covering it (fonts-noto-core).",
                )
                for problem in problems
            )
        )
    for tex, inputs in stale:
        manifest.note(latex / Path(tex).with_suffix(".pdf"), inputs)
    manifest.keep_only(Path(t).with_suffix(".pdf").name for t in wanted)
    manifest.save()
    for tex, target in wanted.items():
        data = (latex / Path(tex).with_suffix(".pdf")).read_bytes()
        path = html / target
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomically(path, data)
    say(f"pdf: {len(stale)} of {len(wanted)} PDF(s) compiled")
    return len(stale)


def _inputs(tex: Path, epoch: str) -> str:
    """What a PDF is made from: its LaTeX and the figures it includes, and the date."""
    text = tex.read_bytes()
    parts = [hashlib.sha256(text).hexdigest(), epoch]
    for name, suffix in GRAPHICS.findall(text.decode("utf-8", "replace")):
        image = tex.parent / f"{name}{suffix}"
        parts.append(hashlib.sha256(image.read_bytes()).hexdigest() if image.is_file() else name)
    return inputs_digest(*parts)


def _compile(latex: Path, tex: str, env: dict[str, str]) -> list[str]:
    """Run latexmk on one file; the problems of its log (a failed run is one)."""
    stem = Path(tex).stem
    for leftover in (".fdb_latexmk", ".fls"):
        (latex / f"{stem}{leftover}").unlink(missing_ok=True)
    run = subprocess.run(
        ["latexmk", "-xelatex", "-dvi-", "-ps-", tex],
        cwd=latex,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    log = latex / f"{stem}.log"
    if run.returncode != 0:
        tail = (run.stdout + run.stderr)[-800:]
        return [f"{tex}: latexmk failed ({run.returncode}): {tail}"]
    return log_problems(log)
