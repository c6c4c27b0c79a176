"""The thematic report's figures, drawn with matplotlib: one function per figure.

Each function takes plain data (labels and counts), writes the figure as SVG (for HTML) and
PDF (for LaTeX) beside each other, and returns the files it wrote.  matplotlib is imported
when a figure is drawn, with the Agg backend (no display).  The files are reproducible: no
date in their metadata, SVG IDs from a fixed salt, text drawn as paths, so the same numbers
give the same bytes.  A file whose bytes would not change is left untouched (Sphinx then has
nothing to copy again).  Colours carry no meaning alone: every figure has its numbers beside
it, as a table and as CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.files import write_atomically

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ANSWER_COLOURS = ("#1b7837", "#a6dba0", "#762a83", "#e08214", "#f0f0f0", "#c2a5cf")
"""In place, in part, not in place, an allowed choice, not applicable, unanswered: greens for
what is in place, a dark purple for a gap, orange for a choice (never a gap's colour), greys
and a light purple for the rest.  Simulated for protanopia, deuteranopia and tritanopia
(Machado et al. 2009), any two of them stay at least 23 CIELAB units apart."""
ANSWER_HATCHES = ("", "", "", "//", "", "..")
"""A choice is hatched and an unanswered question dotted too: told apart without colour."""
HASH_SALT = "cosp-toolkit"
SUFFIXES = (".svg", ".pdf")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    matplotlib.rcParams.update(
        {
            "svg.hashsalt": HASH_SALT,
            "svg.fonttype": "path",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "hatch.linewidth": 0.6,
        }
    )
    return pyplot


def prepare() -> None:
    """Import matplotlib and load its font: done by the figures' process while the store is
    read, so that drawing starts at once."""
    from matplotlib import font_manager

    _pyplot()
    font_manager.get_font(font_manager.findfont("DejaVu Sans"))


def save(figure: Figure, base: Path, formats: tuple[str, ...] = SUFFIXES) -> list[Path]:
    """Write ``base.svg`` and ``base.pdf`` (those of ``formats``) when their bytes change;
    the files written."""
    import io

    written = []
    for suffix, metadata in (
        (".svg", {"Date": None}),
        (".pdf", {"CreationDate": None, "ModDate": None}),
    ):
        if suffix not in formats:
            continue
        buffer = io.BytesIO()
        figure.savefig(buffer, format=suffix[1:], metadata=metadata, bbox_inches="tight")
        data = buffer.getvalue()
        target = base.with_suffix(suffix)
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomically(target, data)
        written.append(target)
    _pyplot().close(figure)
    return written


def answers_by_article(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    base: Path,
    formats: tuple[str, ...] = SUFFIXES,
) -> list[Path]:
    """Stacked horizontal bars, one per article: each answer's count (``series``: the
    outcome's name and its count per article, in the order of ``labels``)."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.5, 0.9 + 0.3 * max(len(labels), 1)))
    left = [0] * len(labels)
    styles = zip(ANSWER_COLOURS, ANSWER_HATCHES, strict=True)
    for (name, values), (colour, hatch) in zip(series, styles, strict=False):
        axes.barh(
            range(len(labels)),
            values,
            left=left,
            color=colour,
            label=name,
            hatch=hatch,
            edgecolor="#333333",
            linewidth=0.3,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(range(len(labels)), labels=[_wrapped(label, 36) for label in labels])
    axes.invert_yaxis()
    axes.set_xlabel("Answers (States × questions of the article)")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    return save(figure, base, formats)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    base: Path,
    formats: tuple[str, ...] = SUFFIXES,
    *,
    withheld: str = "fewer than 3",
    measure: str = "Share of answers in place (%)",
) -> list[Path]:
    """A grid of shares (0 to 1), each cell labelled with its percentage; ``None`` is a cell
    whose numbers are withheld (hatched, labelled ``withheld``); ``measure`` names the
    shares on the colour bar."""
    pyplot = _pyplot()
    width = 2.5 + 0.55 * max(len(columns), 1)
    figure, axes = pyplot.subplots(figsize=(min(width, 16), 1.2 + 0.28 * max(len(rows), 1)))
    grid = [[float("nan") if v is None else v for v in row] for row in values]
    image = axes.imshow(grid, cmap="Greens", vmin=0, vmax=1, aspect="auto")
    for y, row in enumerate(values):
        for x, value in enumerate(row):
            if value is None:
                axes.add_patch(
                    pyplot.Rectangle(
                        (x - 0.5, y - 0.5),
                        1,
                        1,
                        fill=False,
                        hatch="///",
                        edgecolor="#888888",
                        linewidth=0,
                    )
                )
                axes.text(x, y, withheld, ha="center", va="center", fontsize=6)
            else:
                axes.text(
                    x,
                    y,
                    f"{round(100 * value)}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > 0.6 else "black",
                )
    axes.set_xticks(range(len(columns)), labels=columns, rotation=45, ha="right")
    axes.set_yticks(range(len(rows)), labels=rows)
    figure.colorbar(image, ax=axes, label=measure, format=lambda v, _: f"{round(100 * v)}")
    return save(figure, base, formats)


def needs_ranking(
    needs: Sequence[str], states: Sequence[int], base: Path, formats: tuple[str, ...] = SUFFIXES
) -> list[Path]:
    """Horizontal bars: the States naming each need, most named first."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.5, 0.9 + 0.32 * max(len(needs), 1)))
    axes.barh(range(len(needs)), states, color="#2c6e9b")
    axes.set_yticks(range(len(needs)), labels=[_wrapped(n) for n in needs])
    axes.invert_yaxis()
    axes.set_xlabel("States naming the need")
    for y, value in enumerate(states):
        axes.text(value, y, f" {value}", va="center", fontsize=8)
    return save(figure, base, formats)


def timeline(
    days: Sequence[date],
    replied: Sequence[int],
    deadline: date,
    base: Path,
    formats: tuple[str, ...] = SUFFIXES,
) -> list[Path]:
    """The running total of States that replied, day by day, against the deadline."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7.5, 3.2))
    if days:
        axes.step(days, replied, where="post", color="#2c6e9b", label="States that replied")
        axes.plot(days, replied, "o", color="#2c6e9b", markersize=3)
    axes.axvline(
        deadline, color="#b00020", linestyle="--", label=f"Deadline ({deadline.isoformat()})"
    )
    axes.set_ylabel("States that replied")
    axes.set_ylim(bottom=0)
    axes.legend(frameon=False, loc="upper left")
    figure.autofmt_xdate()
    return save(figure, base, formats)


def _wrapped(text: str, width: int = 48) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
