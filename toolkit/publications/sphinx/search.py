"""The search index: no word of a page that is gone or changed, every index entry of the rest.

When a page is read again or removed, Sphinx takes it out of every word's list of pages in
``searchindex.js`` but keeps the words themselves, with an empty list: the words a State wrote
before it withdrew its consent would stay in the published index.  And Sphinx keeps the index
entries (the defined terms of the edition, say) of the pages it writes in this build only:
those of a page not written again are lost from the index (Sphinx 9 takes them from its
environment, which it saves before the pages are written).  So after each HTML build the
index is rewritten: the words that no page holds any more are dropped; the entries of the
pages this build did not write are taken from the index as the build found it; each entry's
pages are sorted, so that a site built step by step has the index of the site built at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.search import js_index

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

INDEX = "searchindex.js"
_earlier: dict[int, dict[str, list[list[Any]]]] = {}
"""By build (``id`` of its application, until it ends): the index entries of the index the
build found, by page."""
_written: dict[int, set[str]] = {}
"""By build: the pages it wrote."""


def entries_by_page(index: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """An index's entries by page: ``[entry, target ID, main]`` for each."""
    docnames = index.get("docnames", [])
    pages: dict[str, list[list[Any]]] = {}
    for entry, places in index.get("indexentries", {}).items():
        for position, target, main in places:
            if 0 <= position < len(docnames):
                pages.setdefault(docnames[position], []).append([entry, target, main])
    return pages


def note_index(app: Sphinx) -> None:
    """``builder-inited``: keep the entries of the index as the build finds it."""
    path = app.outdir / INDEX
    if app.builder.format != "html" or not path.is_file():
        return
    try:
        _earlier[id(app)] = entries_by_page(js_index.loads(path.read_text(encoding="utf-8")))
    except ValueError:
        return  # an index Sphinx cannot read either: it makes a new one


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a page this build writes."""
    _written.setdefault(id(app), set()).add(docname)


def rewrite_index(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: rewrite ``searchindex.js`` as the module says."""
    earlier, written = _earlier.pop(id(app), {}), _written.pop(id(app), set())
    if exception is not None or app.builder.format != "html":
        return
    path = app.outdir / INDEX
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    index = js_index.loads(text)
    for key in ("terms", "titleterms"):
        words = index.get(key, {})
        index[key] = {word: pages for word, pages in words.items() if pages != []}
    position = {name: n for n, name in enumerate(index.get("docnames", []))}
    entries = index.setdefault("indexentries", {})
    for page, found in earlier.items():
        if page in written or page not in position:
            continue  # written again: its entries are as it is now; or gone
        for entry, target, main in found:
            places = entries.setdefault(entry, [])
            if [position[page], target, main] not in places:
                places.append([position[page], target, main])
    index["indexentries"] = {
        entry: sorted(places, key=lambda p: (p[0], str(p[1]), bool(p[2])))
        for entry, places in sorted(entries.items())
    }
    cleaned = js_index.dumps(index)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", note_index)
    app.connect("doctree-resolved", note_written)
    app.connect("build-finished", rewrite_index)
