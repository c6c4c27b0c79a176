"""Sphinx extension of the published site: the ``cosp`` domain and its directives.

Added by the site's settings (:func:`toolkit.publications.configuration.site_settings`) beside
``toolkit.sphinxext``.  Directives (each reads the site's data files, :mod:`.data`):
``cosp:page``, ``cosp:country-report``, ``cosp:states-replied``, ``cosp:response-rate``,
``cosp:executive-summary``, ``cosp:counts``, ``cosp:region-counts``, ``cosp:needs``,
``cosp:challenges``, ``cosp:figure``, ``cosp:downloads``, ``cosp:status``; roles
``:cosp:state:`` and ``:cosp:question:``.  It also adds the counts beside each reviewed
provision of the edition (:mod:`.counts`), makes the table wrappers of HTML pages
focusable regions (:mod:`.html`) and keeps each page's navigation tree between builds
(:mod:`.navigation`).

Settings: ``cosp_audience`` (``public`` or ``internal``: an internal build carries a banner on
every HTML page and a line on every PDF page); ``cosp_code_digest`` (set by the extension: new
code re-reads every page).  The PDFs to write are read from ``_data/latex.json``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ConfigError

from toolkit import __version__
from toolkit.publications.labels import vocabulary_digest
from toolkit.publications.records import DATA, read_json
from toolkit.publications.sphinx import navigation, search
from toolkit.publications.sphinx.counts import EditionCounts, pages_to_write
from toolkit.publications.sphinx.domain import CospDomain
from toolkit.publications.sphinx.html import depart_container, visit_container
from toolkit.publications.sphinx.tables import ExpandWordTables, visit_word_table, word_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

AUDIENCES = ("public", "internal")
INTERNAL_BANNER = (
    "Internal: for the secretariat only. This site shows everything the States sent, "
    "whatever their consent to publication. Do not publish it."
)
INTERNAL_LATEX = (
    r"\AddToHook{shipout/foreground}{\put(0.5\paperwidth,-0.7cm){\makebox[0pt]{"
    r"\sffamily\bfseries\small INTERNAL: FOR THE SECRETARIAT ONLY. DO NOT PUBLISH.}}}"
)
"""A line at the top of every page of an internal PDF."""


def code_digest() -> str:
    """SHA-256 of the publications' code and of the vocabulary whose words the pages show:
    new code or new words make Sphinx read every page again."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(vocabulary_digest().encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def configure(app: Sphinx, config: Config) -> None:
    """Check the audience; mark an internal build; take the PDFs to write from the sources."""
    if config.cosp_audience not in AUDIENCES:
        raise ConfigError(
            f"cosp_audience is {config.cosp_audience!r}: it must be public or internal"
        )
    config.cosp_code_digest = code_digest()
    if config.cosp_audience == "internal":
        config.html_title = f"{config.html_title} (internal)"
        config.html_theme_options = {**config.html_theme_options, "announcement": INTERNAL_BANNER}
        elements = dict(config.latex_elements)
        elements["preamble"] = elements.get("preamble", "") + INTERNAL_LATEX
        config.latex_elements = elements
    documents = Path(app.srcdir) / DATA / "latex.json"
    if documents.is_file():
        config.latex_documents = [tuple(entry) for entry in read_json(documents)["documents"]]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the domain, the settings, the counts beside provisions, the table wrappers,
    the kept navigation trees."""
    app.add_config_value(
        "cosp_audience",
        "public",
        "env",
        types=frozenset({str}),
        description="public or internal: what the site may show of each State.",
    )
    app.add_config_value(
        "cosp_code_digest",
        "",
        "env",
        types=frozenset({str}),
        description="Set by the extension: digest of the publications' code.",
    )
    app.add_domain(CospDomain)
    app.add_post_transform(EditionCounts)
    app.add_node(word_table, html=(visit_word_table, None))
    app.add_post_transform(ExpandWordTables)
    app.add_node(nodes.container, override=True, html=(visit_container, depart_container))
    app.connect("config-inited", configure)
    app.connect("env-updated", pages_to_write)
    search.setup(app)
    navigation.setup(app)
    return {
        "version": __version__,
        "env_version": 1,
        # True because CospDomain.merge_domaindata merges what parallel readers found.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
