"""The letters' PDFs: XeLaTeX, one typesetting run per batch, one PDF per letter.

**Why XeLaTeX** (not WeasyPrint): the letters must be set in all six official languages, and
XeLaTeX does it with what the toolkit already needs for the PDF edition (TeX Live): HarfBuzz
shapes Arabic, polyglossia and bidi set it right to left (with the Latin words inside it left
to right), xeCJK breaks Chinese lines, and TeX justifies paragraphs and places footnotes as a
note verbale needs.  WeasyPrint would add a Python package with native libraries (Pango) and
justify Arabic less well.  Fonts: Noto Serif (Latin, Cyrillic, Greek), Noto Serif CJK SC
(Chinese) and Amiri (Arabic: a Naskh face with the Latin punctuation Arabic text uses, which
Noto Naskh Arabic leaves to a fallback font TeX does not have; it comes with
texlive-lang-arabic, which bidi needs anyway).

**Speed**: every letter of a batch goes into one document, each starting on a new page with
its own page and footnote numbers; one ``xelatex -no-pdf`` run writes the pages (XDV) and a
log of the page each letter starts on; ``xdvipdfmx`` then writes each letter's pages as its own
PDF (a small program, in parallel), so each PDF embeds only its own glyphs and is the same
bytes whichever batch it was prepared in.

**Determinism**: ``SOURCE_DATE_EPOCH`` is the letter's date (midnight UTC), the document
information is fixed, and xdvipdfmx derives the file identifier from it and the file's name.

**Safety**: every text is escaped for TeX here (``\\``, ``{}``, ``$&#^_%~``), the engine runs
without shell escape and with ``openin_any``/``openout_any`` paranoid (no file outside the
work folder is read or written), and characters no font has, or that would act instead of
show, are written as their code (``[U+1F600]``), so that what a State wrote can never stop the
batch.  A "Missing character" in the log can then only come from the templates: it fails the
batch.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from toolkit.correspondence.document import Block, Break, LetterDocument, Note, Span
from toolkit.correspondence.fonts import FONTS, Coverage, coverage
from toolkit.correspondence.languages import style_of
from toolkit.errors import Finding, Location, ToolkitError

ENGINE_PACKAGES = (
    "texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-lang-arabic "
    "texlive-lang-cjk fonts-noto-core fonts-noto-cjk fonts-hosny-amiri"
)
"""The Debian packages the letters' typesetting needs."""
TIMEOUT = 600

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
}
_LONG_WORD = 28
"""Words at least this long may break inside (see :func:`_escaped`)."""
_BREAK_AFTER = re.compile(r"(?<=[/_@.\-])")
_LONG_RUN = re.compile(r"([0-9A-Za-z]{16,})")


def preamble() -> str:
    """The document's preamble: page, fonts, languages and the letter's elements."""
    return rf"""\documentclass[12pt,a4paper]{{article}}
\usepackage[a4paper,top=22mm,bottom=25mm,left=25mm,right=22mm,footskip=12mm]{{geometry}}
\usepackage{{fontspec}}
\usepackage{{polyglossia}}
\setdefaultlanguage[variant=british]{{english}}
\setotherlanguages{{french,spanish,russian,arabic}}
\RemoveFromHook{{enddocument}}[bidi]% its banner would mark the last letter's PDF alone
\setmainfont{{{FONTS.latin}}}[Ligatures=TeXOff]
\newfontfamily\latinfont{{{FONTS.latin}}}[Ligatures=TeXOff]
\newfontfamily\arabicfont{{{FONTS.arabic}}}[Script=Arabic,Ligatures=TeXOff]
\usepackage{{xeCJK}}
\setCJKmainfont{{{FONTS.cjk}}}
\xeCJKDeclareCharClass{{Default}}{{"2013 -> "2014, "2018 -> "201F, "2026}}
\usepackage{{enumitem}}
\setlist[enumerate]{{label=\arabic*.,leftmargin=10mm,itemsep=2pt,topsep=4pt}}
\setlength{{\parindent}}{{12.7mm}}
\setlength{{\parskip}}{{6pt plus 2pt}}
\setlength{{\emergencystretch}}{{3em}}
\frenchspacing
\makeatletter
\def\ps@note{{\def\@oddhead{{\hfil\ifnum\value{{page}}>1 – \thepage\ –\fi\hfil}}%
  \let\@evenhead\@oddhead\def\@oddfoot{{}}\let\@evenfoot\@oddfoot}}
\makeatother
\pagestyle{{note}}
\newwrite\letterpages
\immediate\openout\letterpages=\jobname.pages
\newcommand\noteverbale[2]{{\clearpage\selectlanguage{{#2}}%
  \XeTeXinterchartokenstate=1 % leaving French turns it off, and xeCJK with it
  \setcounter{{page}}{{1}}\setcounter{{footnote}}{{0}}%
  \write\letterpages{{#1 \the\value{{abspage}}}}}}
\newcommand\letterhead[1]{{{{\centering\bfseries #1\par}}\vspace{{8mm}}}}
\newcommand\reference[1]{{{{\noindent #1\par}}\vspace{{10mm}}}}
\newcommand\dateline[1]{{\vspace{{6mm}}{{\noindent\hfill #1\par}}}}
\newcommand\enclosure[1]{{\vspace{{8mm}}{{\noindent\small #1\par}}}}
\newcommand\addressee[1]{{\par\vfill\noindent\begin{{minipage}}[b]{{0.6\textwidth}}%
  \setlength{{\parindent}}{{0pt}}#1\end{{minipage}}\par}}
\begin{{document}}
"""


def tex_letter(index: int, document: LetterDocument, info: dict[str, str]) -> str:
    """One letter's part of the document: its start, its blocks, its PDF information."""
    style = style_of(document.language)
    setting = _Setting(coverage(), style.direction == "rtl", style.polyglossia)
    parts = [rf"\noteverbale{{{index}}}{{{style.polyglossia}}}"]
    entries = "".join(f"/{key} <{_pdf_string(value)}>" for key, value in sorted(info.items()))
    parts.append(rf"\special{{pdf:docinfo << {entries} >>}}")
    parts.append(rf"\special{{pdf:put @catalog << /Lang <{_pdf_string(style.tag)}> >>}}")
    in_list = False
    for block in document.blocks:
        if block.kind == "item" and not in_list:
            parts.append(r"\begin{enumerate}")
            in_list = True
        elif block.kind != "item" and in_list:
            parts.append(r"\end{enumerate}")
            in_list = False
        parts.append(_block(block, setting))
    if in_list:
        parts.append(r"\end{enumerate}")
    # Blank lines between blocks: each is a paragraph of its own, the one after a list too.
    return "\n\n".join(parts) + "\n\n"


@dataclass(frozen=True)
class _Setting:
    """How one letter's text is set."""

    fonts: Coverage
    rtl: bool
    language: str
    """polyglossia's name of the letter's language."""


def _block(block: Block, setting: _Setting) -> str:
    body = "".join(_inline(i, setting) for i in block.inlines)
    return {
        "letterhead": rf"\letterhead{{{body}}}",
        "reference": rf"\reference{{{body}}}",
        "paragraph": f"{body}\\par",
        "item": rf"\item {body}",
        "dateline": rf"\dateline{{{body}}}",
        "address": rf"\addressee{{{body}}}",
        "enclosure": rf"\enclosure{{{body}}}",
    }[block.kind]


def _inline(inline: Span | Note | Break, setting: _Setting) -> str:
    if isinstance(inline, Break):
        return r"\\ "
    if isinstance(inline, Note):
        text = "".join(_inline(s, setting) for s in inline.spans)
        # Footnotes are set apart from the text (in the output routine): in the letter's
        # language again, or an Arabic footnote would be set in the Latin font.
        return rf"\footnote{{\foreignlanguage{{{setting.language}}}{{{text}}}}}"
    text = tex_text(inline.text, setting.fonts, setting.rtl)
    if inline.bold:
        text = rf"\textbf{{{text}}}"
    if inline.italic:
        text = rf"\textit{{{text}}}"
    return text


def tex_text(text: str, fonts: Coverage, rtl: bool) -> str:
    """Text as TeX: in its runs of script (an Arabic run in a left-to-right letter, a Latin
    run in an Arabic one, each in its own language and direction), every special character
    escaped, characters no font has written as their code."""
    out: list[str] = []
    for run, kind in fonts.runs(text, rtl):
        escaped = _escaped(run)
        if kind == "arabic":
            out.append(rf"\textarabic{{{escaped}}}")
        elif kind == "latin":
            out.append(rf"\textenglish{{{escaped}}}")
        elif kind == "latin-font":
            out.append(rf"{{\latinfont {escaped}}}")
        elif kind == "arabic-font":
            out.append(rf"{{\arabicfont {escaped}}}")
        else:
            out.append(escaped)
    return "".join(out)


def _escaped(text: str) -> str:
    """Text with TeX's special characters escaped; a long word (a file name, an address, a
    fingerprint) may break after / _ @ . - and every eight letters or digits of a long run,
    rather than run past the margin."""
    pieces = []
    for token in re.split(r"(\s+)", text):
        parts = _break_points(token) if len(token) >= _LONG_WORD else [token]
        pieces.append(r"\allowbreak{}".join(_tex(part) for part in parts))
    return "".join(pieces)


def _tex(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in text)


def _break_points(word: str) -> list[str]:
    """The pieces of a long word between which a line may break."""
    pieces: list[str] = []
    for part in _BREAK_AFTER.split(word):
        for piece in _LONG_RUN.split(part):  # the long runs are kept (a group), and cut
            if _LONG_RUN.fullmatch(piece):
                pieces += [piece[i : i + 8] for i in range(0, len(piece), 8)]
            elif piece:
                pieces.append(piece)
    return pieces


def _pdf_string(text: str) -> str:
    """Text as the hexadecimal UTF-16 string of a PDF (nothing in it can end the string)."""
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def typeset(
    documents: Sequence[tuple[str, LetterDocument, dict[str, str]]], dated: date
) -> dict[str, bytes]:
    """The PDF of every letter, by the file name given with it (``<stem>.pdf``).

    One XeLaTeX run for all of them; a ToolkitError when the engine fails or a character is
    missing from the fonts (nothing is returned then: the batch is not written).
    """
    if not documents:
        return {}
    _check_engine()
    epoch = str(int(datetime.combine(dated, time(), UTC).timestamp()))
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "FORCE_SOURCE_DATE": "1",
        "openin_any": "p",
        "openout_any": "p",
    }
    with tempfile.TemporaryDirectory(prefix="cosp-letters-") as folder:
        work = Path(folder)
        source = preamble() + "".join(
            tex_letter(index, document, info) for index, (_, document, info) in enumerate(documents)
        )
        (work / "letters.tex").write_text(source + "\\end{document}\n", encoding="utf-8")
        _run_xelatex(work, env)
        starts = _starts(work / "letters.pages", len(documents))
        pages = _page_count(work / "letters.log")
        ranges = [
            (first, nxt - 1) for first, nxt in zip(starts, [*starts[1:], pages + 1], strict=True)
        ]
        names = [name for name, _, _ in documents]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            results = list(
                pool.map(lambda job: _to_pdf(work, env, *job), zip(names, ranges, strict=True))
            )
    return dict(zip(names, results, strict=True))


def _check_engine() -> None:
    for program in ("xelatex", "xdvipdfmx"):
        if shutil.which(program) is None:
            raise ToolkitError.at(
                "letters.no-engine",
                Location(program),
                f"{program} is not installed: the letters' PDFs are typeset with XeLaTeX.",
                f"Install TeX Live and the fonts (Debian: apt-get install {ENGINE_PACKAGES}).",
            )
    FONTS.check()


def _run_xelatex(work: Path, env: dict[str, str]) -> None:
    command = [
        "xelatex",
        "-no-pdf",
        "-no-shell-escape",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "letters.tex",
    ]
    result = subprocess.run(
        command, cwd=work, env=env, capture_output=True, timeout=TIMEOUT, check=False
    )
    log = (work / "letters.log").read_text(encoding="utf-8", errors="replace")
    missing = sorted(set(re.findall(r"^Missing character: (.*)$", log, re.MULTILINE)))
    if result.returncode != 0 or missing:
        raise ToolkitError(*_engine_findings(log, missing, work))


def _engine_findings(log: str, missing: Sequence[str], work: Path) -> list[Finding]:
    found = [
        Finding(
            "letters.missing-character",
            "error",
            f"the fonts lack a character of the letters' wording: {line}",
            Location("templates/letters"),
            "Correct the template or the catalogue that writes it; no letter of the batch "
            "was written.",
        )
        for line in missing[:10]
    ]
    errors = re.findall(r"^! (.*)$", log, re.MULTILINE)
    if errors or not found:
        found.append(
            Finding(
                "letters.typesetting-failed",
                "error",
                "XeLaTeX could not typeset the letters: "
                + ("; ".join(errors[:3]) or "it stopped without a message (see its log)."),
                Location("templates/letters"),
                "Check the letter templates (a workspace's own copy?); no letter of the batch "
                "was written.",
            )
        )
    return found


def _starts(pages_log: Path, count: int) -> list[int]:
    """The first page of each letter, from the log the document writes as it ships pages."""
    starts: dict[int, int] = {}
    for line in pages_log.read_text(encoding="ascii").splitlines():
        index, page = line.split()
        starts.setdefault(int(index), int(page))
    return [starts[i] for i in range(count)]


def _page_count(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"Output written on \S+ \((\d+) pages?", text)
    if match is None:
        raise ToolkitError.at(
            "letters.typesetting-failed",
            Location(str(log)),
            "XeLaTeX wrote no pages.",
            "Check the letter templates.",
        )
    return int(match.group(1))


def _to_pdf(work: Path, env: dict[str, str], name: str, pages: tuple[int, int]) -> bytes:
    """The pages of one letter as a PDF.

    xdvipdfmx computes the file identifier from the paths it is given: they are the same in
    every run (relative to a folder of the letter's own), so the same letter gets the same
    bytes wherever the work folder is.
    """
    folder = work / name.removesuffix(".pdf")
    folder.mkdir()
    command = ["xdvipdfmx", "-q", "-s", f"{pages[0]}-{pages[1]}", "-o", name, "../letters.xdv"]
    subprocess.run(command, cwd=folder, env=env, capture_output=True, timeout=TIMEOUT, check=True)
    return (folder / name).read_bytes()
