"""The search index keeps no word of a page that is gone or changed.

When a page is read again or removed, Sphinx takes it out of every word's list of pages in
``searchindex.js`` but keeps the words themselves, with an empty list: the words a State wrote
before it withdrew its consent would stay in the published index.  After each HTML build the
words that no page holds any more are dropped (the index is the same otherwise; the next build
loads it as Sphinx wrote it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.search import js_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def drop_orphan_words(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: rewrite ``searchindex.js`` without the words of no page."""
    if exception is not None or app.builder.format != "html":
        return
    path = app.outdir / "searchindex.js"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    index = js_index.loads(text)
    for key in ("terms", "titleterms"):
        words = index.get(key, {})
        index[key] = {word: pages for word, pages in words.items() if pages != []}
    cleaned = js_index.dumps(index)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")
