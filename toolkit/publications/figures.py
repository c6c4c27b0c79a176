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

ANSWER_COLOURS = ("#1b6b3a", "#7fbf7b", "#c2a5cf", "#e9e9e9", "#7b3294")
"""Yes, Partially, No, Not applicable, Unanswered (a palette that survives colour blindness)."""
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
        }
    )
    return pyplot


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
    for (name, values), colour in zip(series, ANSWER_COLOURS, strict=False):
        axes.barh(
            range(len(labels)),
            values,
            left=left,
            color=colour,
            label=name,
            edgecolor="#333333",
            linewidth=0.3,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(range(len(labels)), labels=labels)
    axes.invert_yaxis()
    axes.set_xlabel("Answers (States × questions of the article)")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(series), frameon=False)
    return save(figure, base, formats)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    base: Path,
    formats: tuple[str, ...] = SUFFIXES,
    *,
    withheld: str = "fewer than 3",
) -> list[Path]:
    """A grid of shares (0 to 1), each cell labelled with its percentage; ``None`` is a cell
    whose numbers are withheld (hatched, labelled ``withheld``)."""
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
    figure.colorbar(
        image, ax=axes, label="Share of Yes answers (%)", format=lambda v, _: f"{round(100 * v)}"
    )
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
