"""Accessibility of the HTML edition (issue 5): what a browser shows every reader.

The built pages (slow: one HTML build, shared by the tests of this module) are parsed with
BeautifulSoup and checked page by page: the language, one ``h1`` and headings that do not skip
a level, alternative text, links and buttons that say where they go or what they do, labelled
form controls, header cells with a scope, unique IDs, markers that carry words.  The colours of
``prov.css`` are checked (fast) against WCAG 2 contrast (4.5:1 for normal text) on the theme's
backgrounds, light and dark; the table filter, which the script builds in the browser, is run
under node with a stand-in for the DOM.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from toolkit.sphinxext import STATIC
from toolkit.sphinxext.render import MARKER_WORDS

AA_NORMAL_TEXT = 4.5
"""WCAG 2 success criterion 1.4.3 (level AA): contrast of normal text to its background."""
LETTER = re.compile(r"[^\W\d_]")
"""A letter of any script: words, not only symbols ("¶", "↩", "-") or numbers."""


# -- the built pages ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(edition_html: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the edition, parsed, by its path relative to the output folder."""
    parsed = {
        page.relative_to(edition_html).as_posix(): BeautifulSoup(
            page.read_text(encoding="utf-8"), "html.parser"
        )
        for page in sorted(edition_html.rglob("*.html"))
    }
    assert "edition/chapter-v.html" in parsed and "edition/obligations.html" in parsed
    return parsed


def visible_text(element: Tag) -> str:
    """The words an element shows to assistive technology: not hidden parts; images by alt."""
    element = copy.copy(element)
    for hidden in element.find_all(
        lambda tag: tag.get("aria-hidden") == "true" or tag.has_attr("hidden")
    ):
        hidden.decompose()
    for image in element.find_all("img"):
        image.replace_with(f" {image.get('alt', '')} ")
    return " ".join(element.get_text(" ").split())


def accessible_name(element: Tag, soup: BeautifulSoup) -> str:
    """The name of a link or control (simplified accname): its words, else its labels."""
    if labelledby := element.get("aria-labelledby"):
        named = [soup.find(id=ref) for ref in str(labelledby).split()]
        return " ".join(visible_text(tag) for tag in named if tag is not None)
    words = visible_text(element)
    if LETTER.search(words):
        return words
    return str(element.get("aria-label") or element.get("title") or words)


def control_label(control: Tag, soup: BeautifulSoup) -> str:
    """The label of a form control: aria-label(ledby), ``<label for>`` or a wrapping label."""
    if control.get("aria-label") or control.get("aria-labelledby"):
        return accessible_name(control, soup)
    labels = []
    if control.get("id"):
        labels += soup.find_all("label", attrs={"for": control["id"]})
    if (wrapping := control.find_parent("label")) is not None:
        labels.append(wrapping)
    return " ".join(visible_text(label) for label in labels) or str(control.get("title", ""))


@pytest.mark.slow
def test_every_page_says_its_language(pages: dict[str, BeautifulSoup]) -> None:
    for name, soup in pages.items():
        html = soup.find("html")
        assert isinstance(html, Tag) and html.get("lang") == "en", name


@pytest.mark.slow
def test_one_h1_per_page_and_headings_do_not_skip_levels(pages: dict[str, BeautifulSoup]) -> None:
    for name, soup in pages.items():
        headings = soup.find_all(re.compile(r"^h[1-6]$"))
        levels = [int(tag.name[1]) for tag in headings]
        assert levels.count(1) == 1, (name, levels)  # search.html: docs/_templates/search.html
        assert levels[0] == 1, (name, levels)
        for (before, _), (level, heading) in itertools.pairwise(zip(levels, headings, strict=True)):
            assert level <= before + 1, f"{name}: h{before} then h{level} {heading.get_text()!r}"
        assert all(visible_text(heading) for heading in headings), name


@pytest.mark.slow
def test_images_have_alternative_text(pages: dict[str, BeautifulSoup]) -> None:
    for name, soup in pages.items():
        for image in soup.find_all("img"):
            alt = image.get("alt")
            assert alt is not None, f"{name}: {image}"
            # "" marks a decorative image; otherwise words, not a symbol like the index's "-".
            assert alt == "" or LETTER.search(str(alt)), f"{name}: {image}"
    assert "COLLAPSE_INDEX" not in str(pages["prov-index.html"])  # nothing hidden behind a click


@pytest.mark.slow
def test_links_and_buttons_say_where_they_go(pages: dict[str, BeautifulSoup]) -> None:
    seen = {"prov-ref": 0, "prov-term": 0, "referred-by": 0, "headerlink": 0}
    for name, soup in pages.items():
        for link in soup.find_all("a", href=True):
            words = accessible_name(link, soup)
            assert LETTER.search(words), f"{name}: link {link} has no words"
            if "headerlink" in (link.get("class") or []):
                seen["headerlink"] += 1
            xref = link.find("span", class_="prov")
            if xref is None:
                continue
            kind = next(c for c in xref["class"] if c.startswith("prov-") and c != "prov")
            title = str(link.get("title", ""))
            if kind in {"prov-ref", "prov-chapter"}:
                # "(c)" or "paragraph 22" on screen, the whole citation for screen readers.
                assert title and title.lower() in words.lower(), f"{name}: {words!r} / {title!r}"
            elif kind == "prov-term":
                assert title.startswith("definition of"), f"{name}: {link}"
            seen[kind] = seen.get(kind, 0) + 1
            if link.find_parent("p", class_="prov-referred-by") is not None:
                assert words.startswith("article "), f"{name}: back-link {words!r}"
                seen["referred-by"] += 1
        for button in soup.find_all("button"):
            assert LETTER.search(accessible_name(button, soup)), f"{name}: {button}"
    assert min(seen.values()) > 0 and seen["prov-ref"] > 100, seen  # the rules met their cases


@pytest.mark.slow
def test_form_controls_have_labels(pages: dict[str, BeautifulSoup]) -> None:
    for name, soup in pages.items():
        for control in soup.find_all(["input", "select", "textarea"]):
            if control.get("type") in {"hidden", "submit", "reset", "button", "image"}:
                continue
            assert LETTER.search(control_label(control, soup)), f"{name}: {control}"


@pytest.mark.slow
def test_header_cells_say_what_they_head(pages: dict[str, BeautifulSoup]) -> None:
    for name, soup in pages.items():
        for cell in soup.find_all("th"):
            expected = "col" if cell.find_parent("thead") is not None else "row"
            assert cell.get("scope") == expected, f"{name}: {cell}"
    for page, css in (("obligations", "prov-obligations"), ("summary", "prov-summary")):
        table = pages[f"edition/{page}.html"].find("table", class_=css)
        assert isinstance(table, Tag) and table.find("caption") is not None, page
        assert len(table.select("thead th[scope=col]")) == len(table.select("thead tr > *"))
        rows = table.select("tbody tr")
        assert rows and all(row.find(True).get("scope") == "row" for row in rows), page


@pytest.mark.slow
def test_ids_are_unique_on_every_page(pages: dict[str, BeautifulSoup]) -> None:
    for name, soup in pages.items():
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), (name, sorted(i for i in set(ids) if ids.count(i) > 1))


@pytest.mark.slow
def test_markers_carry_words_not_only_colour(pages: dict[str, BeautifulSoup]) -> None:
    count = 0
    for name, soup in pages.items():
        for marker in soup.find_all("span", class_="prov-marker"):
            kinds = [c.removeprefix("prov-marker-") for c in marker["class"] if c != "prov-marker"]
            assert len(kinds) == 1 and visible_text(marker) == MARKER_WORDS[kinds[0]], name
            count += 1
    assert count > 100
    table = pages["edition/obligations.html"].find("table", class_="prov-obligations")
    assert isinstance(table, Tag)
    for row in table.select("tbody tr"):  # the filter's classes are also words in the cells
        kind = next(c for c in row["class"] if c.startswith("prov-kind-")).removeprefix(
            "prov-kind-"
        )
        assert visible_text(row.find_all(["td", "th"])[2]) == MARKER_WORDS[kind]


# -- the table filter, built by its script in the browser -------------------------------------

DOM_STAND_IN = """
"use strict";
class El {
  constructor(tag) {
    Object.assign(this, { tagName: tag.toUpperCase(), children: [], attributes: {}, dataset: {},
      options: [], value: "", textContent: "", parentNode: null, id: "", htmlFor: "" });
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  appendChild(child) { child.parentNode = this; this.children.push(child); return child; }
  insertBefore(node, ref) {
    node.parentNode = this; this.children.splice(this.children.indexOf(ref), 0, node);
  }
  addEventListener() {}
  add(option) { this.options.push(option); }
  closest() { return null; }
}
global.Option = function Option(text, value) { this.text = text; this.value = value; };
const classes = (names) => ({ contains: (n) => names.includes(n), [Symbol.iterator]: () =>
  names[Symbol.iterator]() });
const rows = [["prov-kind-mandatory", "prov-chapter-i", "prov-flag-reservation"],
  ["prov-kind-optional", "prov-chapter-ii"]].map((names) => ({ classList: classes(names) }));
const page = new El("main");
const table = page.appendChild(new El("table"));
table.querySelectorAll = () => rows;
global.document = { readyState: "complete", createElement: (tag) => new El(tag),
  querySelectorAll: () => [table], addEventListener() {} };
require(process.argv[2]);
const controls = [];
const walk = (el) => {
  if (el.tagName === "SELECT" || el.tagName === "INPUT") {
    const label = el.parentNode.tagName === "LABEL" ? el.parentNode : null;
    controls.push({ tag: el.tagName, id: el.id, aria: el.attributes["aria-label"] || "",
      wrapping: label ? label.textContent : "", labelFor: label ? label.htmlFor : "" });
  }
  (el.children || []).forEach(walk);
};
walk(page);
console.log(JSON.stringify(controls));
"""


def test_filter_controls_have_labels(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node (Debian package nodejs) runs the table filter's script")
    harness = tmp_path / "dom.js"
    harness.write_text(DOM_STAND_IN, encoding="utf-8")
    run = subprocess.run(
        [node, str(harness), str(STATIC / "prov-filter.js")],
        capture_output=True,
        text=True,
        check=True,
    )
    controls = json.loads(run.stdout)
    assert [c["wrapping"] for c in controls] == ["Kind", "Chapter", "Flag"]
    for control in controls:
        assert control["id"] and control["labelFor"] == control["id"], control


# -- colours: WCAG 2 contrast of prov.css on the theme's backgrounds --------------------------


@dataclass(frozen=True)
class Rule:
    """A CSS rule: the ``@media`` (or ``@supports``) it stands in, its selectors, declarations."""

    media: str
    selectors: tuple[str, ...]
    declarations: dict[str, str]


def css_rules(text: str, media: str = "") -> list[Rule]:
    """The rules of a stylesheet (enough CSS for prov.css and furo's compiled furo.css)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    rules: list[Rule] = []
    position = 0
    while (brace := text.find("{", position)) != -1:
        prelude = text[position:brace].rsplit(";", 1)[-1].strip()  # after @charset, @import
        depth, end = 1, brace
        while depth:
            end += 1
            depth += {"{": 1, "}": -1}.get(text[end], 0)
        body = text[brace + 1 : end]
        if prelude.startswith(("@media", "@supports")):
            rules += css_rules(body, f"{media} {prelude}".strip())
        elif not prelude.startswith("@"):
            declarations = {}
            for declaration in body.split(";"):
                prop, colon, value = declaration.partition(":")
                if colon:
                    declarations[prop.strip().lower()] = value.strip()
            selectors = tuple(normalise(s) for s in prelude.split(","))
            rules.append(Rule(normalise(media), selectors, declarations))
        position = end + 1
    return rules


def normalise(selector: str) -> str:
    """One spelling for selectors and media queries: no quotes, no spaces around ``:``/``=``."""
    selector = re.sub(r"\s+", " ", selector.replace('"', "").replace("'", "")).strip()
    return re.sub(r"\s*([:=()])\s*", r"\1", selector)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rgb`` or ``#rrggbb``."""
    named = {"white": "#ffffff", "black": "#000000"}
    colour = named.get(colour.lower(), colour)
    match = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", colour)
    assert match, f"not a colour this test reads: {colour!r}"
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(2 * d for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag_examples() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just fails AA
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just passes AA


DARK_TOGGLED = "body[data-theme=dark]"
DARK_AUTO = ("prefers-color-scheme:dark", "body:not([data-theme=light])")


def theme_backgrounds() -> dict[str, list[str]]:
    """furo's page backgrounds (primary: content; secondary: tables, sidebars) per theme."""
    furo_css = resources.files("furo") / "theme" / "furo" / "static" / "styles" / "furo.css"
    rules = css_rules(furo_css.read_text(encoding="utf-8"))

    def variables(match) -> dict[str, str]:
        found: dict[str, str] = {}
        for rule in rules:
            if any(match(rule.media, selector) for selector in rule.selectors):
                found.update({k: v for k, v in rule.declarations.items() if k.startswith("--")})
        return found

    themes = {
        "light": variables(lambda media, s: s == "body" and not media),
        "dark": variables(lambda media, s: s == DARK_TOGGLED and "print" in media),
        "auto-dark": variables(lambda media, s: DARK_AUTO[0] in media and s == DARK_AUTO[1]),
    }
    backgrounds: dict[str, list[str]] = {}
    for theme, found in themes.items():
        merged = {**themes["light"], **found}
        colours = []
        for name in ("--color-background-primary", "--color-background-secondary"):
            value = merged[name]
            while value.startswith("var("):
                value = merged[value[4:-1].strip()]
            colours.append(value)
        backgrounds[theme] = colours
    assert backgrounds["light"] != backgrounds["dark"] == backgrounds["auto-dark"]
    return backgrounds


def theme_of(rule: Rule, selector: str) -> str:
    """Which theme a rule of ours applies in: light (any), dark (toggled) or auto-dark."""
    if DARK_TOGGLED in selector:
        return "dark"
    if DARK_AUTO[0] in rule.media:
        assert DARK_AUTO[1] in selector, f"{selector}: the light toggle must win over the OS"
        return "auto-dark"
    assert "dark" not in rule.media + selector, selector
    return "light"


def test_marker_colours_have_aa_contrast_in_light_and_dark_themes() -> None:
    backgrounds = theme_backgrounds()
    rules = css_rules((STATIC / "prov.css").read_text(encoding="utf-8"))
    # What applies to a marker of each kind in each theme, later (and more specific) rules last.
    styles: dict[tuple[str, str], dict[str, str]] = {}
    for kind in MARKER_WORDS:
        for theme in backgrounds:
            style: dict[str, str] = {}
            for rule in rules:
                for selector in rule.selectors:
                    target = selector.rsplit(" ", 1)[-1]
                    applies = theme_of(rule, selector) in {"light", theme}
                    if applies and target in {".prov-marker", f".prov-marker-{kind}"}:
                        style.update(rule.declarations)
            styles[kind, theme] = style
    for (kind, theme), style in styles.items():
        assert "color" in style, f"{kind} marker has no colour of its own in the {theme} theme"
        background = style.get("background-color", style.get("background", "transparent"))
        behind = [background] if background != "transparent" else backgrounds[theme]
        for colour in behind:
            ratio = contrast(style["color"], colour)
            assert ratio >= AA_NORMAL_TEXT, f"{kind} ({theme}): {style['color']} on {colour}"
    # Every colour set in our CSS, on its own background or the theme's, not only the markers.
    checked = 0
    for rule in rules:
        if "color" not in rule.declarations:
            continue
        for selector in rule.selectors:
            background = rule.declarations.get("background", "transparent")
            theme = theme_of(rule, selector)
            for colour in [background] if background != "transparent" else backgrounds[theme]:
                assert contrast(rule.declarations["color"], colour) >= AA_NORMAL_TEXT, selector
                checked += 1
    assert checked >= len(MARKER_WORDS) + 2
