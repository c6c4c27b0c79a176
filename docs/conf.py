"""Sphinx configuration of the secretariat's publications: the annotated edition of the Convention.

Reading this file regenerates the edition's pages under ``edition/`` from the treaty model
(only pages whose content changed are rewritten, so incremental builds stay incremental).
Build with ``nox -s docs`` (HTML) or ``nox -s pdf`` (PDF through xelatex).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.instrument import load
from toolkit.publications.edition import write_edition

HERE = Path(__file__).resolve().parent
INSTRUMENT = None  # the bundled Convention: the pages written here and prov_instrument below
write_edition(load(INSTRUMENT), HERE / "edition")

project = "United Nations Convention against Cybercrime: annotated edition"
author = "Secretariat of the Conference of the States Parties (UNODC)"
copyright = "United Nations"  # no year: the output must not depend on the build date
language = "en"
root_doc = "index"
extensions = ["toolkit.sphinxext"]
exclude_patterns = ["_build", "**/*.md", "edition/.gitignore"]
templates_path = ["_templates"]

# Every link made from the data (cross-references, terms, back-links) must resolve: the
# edition renders every provision, so a link that does not is a bug, and -W fails on it.
prov_instrument = INSTRUMENT
prov_warn_unrendered = True
nitpicky = True

# -- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Convention against Cybercrime: annotated edition"
html_short_title = "Annotated Convention"
html_last_updated_fmt = None
html_copy_source = False  # the sources are directives naming IDs: nothing for a reader
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}

# -- LaTeX / PDF -----------------------------------------------------------------------------
latex_engine = "xelatex"
latex_documents = [
    (
        "edition/index",
        "cosp-convention.tex",
        "United Nations Convention against Cybercrime: annotated edition",
        author,
        "manual",
    )
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "maketitle": r"\date{}\sphinxmaketitle",  # no build date on the title page
    "releasename": "",
    # Chapters and articles carry their own numbers: no "7.8 Article 42"; articles in the TOC.
    "preamble": r"\setcounter{secnumdepth}{-1}\setcounter{tocdepth}{1}",
}
latex_domain_indices = False  # the index of provisions is an HTML aid; the PDF has its TOC
latex_show_urls = "no"
latex_use_xindy = True
