"""The sidebar's navigation tree of each page, kept from one build to the next.

For every page it writes, furo makes the navigation tree of the whole site: Sphinx resolves
the global table of contents for the page and renders it to HTML, then furo parses that again
(BeautifulSoup) to add its toggles.  That is tens of milliseconds a page, more than half of
writing an edition page, and a rebuild after one new response writes every edition page again
(they show the counts).

A page's tree depends only on the table of contents (which pages, their titles, their order)
and on which page it is (the links are relative to it, the current page and its parents are
marked).  So the tree furo made for a page is kept in the doctree folder under a key: the
table of contents as the root page sees it (the HTML furo is given there) and the versions of
Sphinx and furo.  A page written again while no page was added, removed, retitled or moved in
the table of contents gets its kept tree; any such change gives every page a new key, and furo
makes its tree again.  The kept tree is furo's own output, so a page is the same byte for
byte whether its tree was kept or made.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.environment.adapters.toctree import global_toctree_for_doc

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

FOLDER = "cosp-navigation"
"""The folder of the kept trees, in the doctree folder (one file per page)."""
FURO_PRIORITY = 500
"""The priority of furo's ``html-page-context`` handler (Sphinx's default)."""
TOCTREE_OPTIONS: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}
"""The table of contents furo asks each page for (``furo._compute_navigation_tree``)."""
STASH = "cosp_toctree"

_keys: WeakKeyDictionary[Any, str] = WeakKeyDictionary()
"""The key of each running build (computed once per build, before the writers fork)."""


def tree_key(builder: StandaloneHTMLBuilder) -> str:
    """What every page's tree is made from: the table of contents as the root page sees it,
    and the versions of what renders it."""
    key = _keys.get(builder)
    if key is None:
        root = builder.config.root_doc
        toctree = global_toctree_for_doc(
            builder.env, root, builder, tags=builder.tags, **TOCTREE_OPTIONS
        )
        html = builder.render_partial(toctree)["fragment"] if toctree is not None else ""
        digest = hashlib.sha256(f"sphinx {version('sphinx')} furo {version('furo')}\n".encode())
        digest.update(html.encode())
        key = _keys[builder] = digest.hexdigest()
    return key


def kept_file(app: Sphinx, pagename: str) -> Path:
    return Path(app.doctreedir) / FOLDER / f"{pagename}.html"


def kept(app: Sphinx, pagename: str) -> str | None:
    """The tree kept for the page, if it was made from the same table of contents (and the
    file is whole: its first line also has the digest of the tree)."""
    try:
        data = kept_file(app, pagename).read_bytes()
    except OSError:
        return None
    header, _, tree = data.partition(b"\n")
    key = tree_key(app.builder)  # type: ignore[arg-type]
    if header != f"{key} {hashlib.sha256(tree).hexdigest()}".encode():
        return None
    return tree.decode("utf-8")


def keep(app: Sphinx, pagename: str, tree: str) -> None:
    """Keep the tree furo made for the page (a cache: written without waiting for the disk,
    since a file cut short is told by its digest and made again)."""
    data = tree.encode("utf-8")
    header = f"{tree_key(app.builder)} {hashlib.sha256(data).hexdigest()}\n"  # type: ignore[arg-type]
    path = kept_file(app, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(header.encode() + data)
    os.replace(partial, path)


def uses_furo(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.html_theme == "furo"


def before_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` before furo: a page whose tree is kept hides its table of
    contents from furo (which then makes no tree)."""
    if not uses_furo(app) or "toctree" not in context:
        return
    tree = kept(app, pagename)
    if tree is not None:
        context[STASH] = (context.pop("toctree"), tree)


def after_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` after furo: give the page its kept tree, or keep the one furo
    made."""
    if not uses_furo(app):
        return
    if STASH in context:
        context["toctree"], context["furo_navigation_tree"] = context.pop(STASH)
    elif "toctree" in context and "furo_navigation_tree" in context:
        keep(app, pagename, context["furo_navigation_tree"])


def setup(app: Sphinx) -> None:
    """Connect the two handlers around furo's."""
    app.connect("html-page-context", before_furo, priority=FURO_PRIORITY - 1)
    app.connect("html-page-context", after_furo, priority=FURO_PRIORITY + 1)
