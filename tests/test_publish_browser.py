"""The site in a real browser (slow): axe-core on every page of both audiences, no page wider
than a phone, wide tables scrolling in their own box, and screenshots to look at.

Headless Chromium is driven over the DevTools protocol (tests/browser.py); axe-core is npm's,
installed into .cache/node (the command is in tests/browser.py).  The screenshots of the
country report, the thematic report and an article of the edition, at 1280 and 390 pixels
wide, are written to build/screenshots/ of the checkout (or $COSP_SCREENSHOTS) for a person to
look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from browser import AXE, CHROMIUM, ROOT, chromium

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium (Debian package) is not installed"),
    pytest.mark.skipif(
        not AXE.is_file(),
        reason="axe-core: npm install --prefix .cache/node --no-save axe-core@4.10.3",
    ),
]

SHOTS = Path(os.environ.get("COSP_SCREENSHOTS", ROOT / "build" / "screenshots"))
WIDTHS = (1280, 390)
OVERFLOW = """(() => {
  const page = document.documentElement.scrollWidth - window.innerWidth;
  const tables = [...document.querySelectorAll("article table")].filter((t) => {
    const room = t.closest("article").getBoundingClientRect().right + 1;
    const box = t.closest(".table-wrapper") || t;  // a wide table scrolls in its wrapper
    return box.getBoundingClientRect().right > room;
  }).map((t) => (t.querySelector("caption") || t).textContent.trim().slice(0, 60));
  return {page, tables};
})()"""
"""How far the page is wider than the window, and the tables reaching beyond the column."""


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_every_page_passes_axe_wcag_21_aa(
    audience: str, public_site: Path, internal_site: Path
) -> None:
    site = public_site if audience == "public" else internal_site
    found: dict[str, list[str]] = {}
    with chromium() as page:
        page.size(1280, 900)
        for path in pages(site):
            page.open(path.as_uri())
            for violation in page.axe():
                found.setdefault(path.relative_to(site).as_posix(), []).append(
                    f"{violation['id']}: {violation['help']} {violation['nodes'][:2]}"
                )
    assert len(pages(site)) > 90
    assert found == {}, json.dumps(found, indent=1)[:4000]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_window_and_tables_scroll_in_their_box(
    width: int, public_site: Path, internal_site: Path
) -> None:
    problems = {}
    with chromium() as page:
        page.size(width, 844)
        for site in (public_site, internal_site):
            for path in pages(site):
                page.open(path.as_uri())
                result = page.evaluate(OVERFLOW)
                if result["page"] > 0 or result["tables"]:
                    problems[f"{site.name}/{path.relative_to(site)}"] = result
    assert problems == {}


def test_screenshots_of_the_reports_and_the_edition(public_site: Path, internal_site: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    wanted = {
        "country-report": public_site / "countries" / "chl.html",
        "country-summary": public_site / "countries" / "arg.html",
        "country-internal": internal_site / "countries" / "sen.html",
        "thematic-report": public_site / "thematic" / "index.html",
        "edition-article": public_site / "edition" / "article-7.html",
        "obligations": public_site / "edition" / "obligations.html",
        "countries": public_site / "countries" / "index.html",
    }
    written = []
    with chromium() as page:
        for width, height in ((1280, 900), (390, 844)):
            page.size(width, height)
            for name, path in wanted.items():
                page.open(path.as_uri())
                written.append(page.screenshot(SHOTS / f"{name}-{width}.png", full_page=True))
    assert all(path.stat().st_size > 10_000 for path in written)
