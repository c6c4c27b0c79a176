"""The Sphinx settings of the secretariat's publications: one place for the edition and the site.

``docs/conf.py`` (the annotated edition alone, ``nox -s docs``) and the site's ``conf.py``
(``templates/site/conf.py``, used by ``cosp publish``) both take their settings from here:
:func:`edition_settings` for what the edition needs, :func:`site_settings` for the site, which
adds the ``cosp`` extension (country reports, the thematic report, figures, the answers beside
the provisions).  The site's templates and static files are package data
(:data:`SITE`, the repository's ``templates/site/``), so an installed toolkit builds the site
from any folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.resources import TEMPLATES

SITE = TEMPLATES / "site"
"""The site's Sphinx project files: ``conf.py``, ``_templates/`` and ``_static/``."""
AUTHOR = "Secretariat of the Conference of the States Parties (UNODC)"
STYLESHEET = "cosp-site.css"
"""The publications' stylesheet (wide tables scroll in their own box; reports)."""
EDITION_TITLE = "United Nations Convention against Cybercrime: annotated edition"


def edition_settings(instrument: str | Path | None = None) -> dict[str, Any]:
    """The settings of the annotated edition (``instrument``: None, the bundled Convention)."""
    return {
        "project": EDITION_TITLE,
        "author": AUTHOR,
        "copyright": "United Nations",  # no year: the output must not depend on the build date
        "language": "en",
        "root_doc": "index",
        "extensions": ["toolkit.sphinxext"],
        "exclude_patterns": ["_build", "**/*.md", "edition/.gitignore"],
        "templates_path": [str(SITE / "_templates")],
        # Every link made from the data (cross-references, terms, back-links) must resolve:
        # the edition renders every provision, so a link that does not is a bug (-W fails).
        "prov_instrument": instrument,
        "prov_warn_unrendered": True,
        "nitpicky": True,
        # -- HTML ------------------------------------------------------------------------------
        "html_theme": "furo",
        "html_title": "Convention against Cybercrime: annotated edition",
        "html_short_title": "Annotated Convention",
        "html_last_updated_fmt": None,
        "html_copy_source": False,  # the sources are directives naming IDs: nothing for a reader
        "html_show_sourcelink": False,
        "html_static_path": [str(SITE / "_static")],
        "html_css_files": [STYLESHEET],
        "html_theme_options": {"navigation_with_keys": True, "top_of_page_buttons": []},
        # -- LaTeX / PDF -----------------------------------------------------------------------
        "latex_engine": "xelatex",
        "latex_documents": [
            ("edition/index", "cosp-convention.tex", EDITION_TITLE, AUTHOR, "manual")
        ],
        "latex_elements": {
            "papersize": "a4paper",
            "pointsize": "10pt",
            # Read on screens: one-sided, chapters on the next page (no blank left pages).
            "extraclassoptions": "openany,oneside",
            "maketitle": r"\date{}\sphinxmaketitle",  # no build date on the title page
            "releasename": "",
            # Chapters and articles carry their own numbers: no "7.8 Article 42"; articles in
            # the table of contents.
            "preamble": r"\setcounter{secnumdepth}{-1}\setcounter{tocdepth}{1}",
        },
        "latex_domain_indices": False,  # the index of provisions is an HTML aid; PDF has a TOC
        "latex_show_urls": "no",
        "latex_use_xindy": True,
    }


def site_settings() -> dict[str, Any]:
    """The settings of the published site: the edition's, the ``cosp`` extension, the site's
    titles.  What depends on the build (audience, the States, the PDFs) the extension sets
    from the generated sources and the ``cosp_*`` values ``cosp publish`` passes."""
    settings = edition_settings()
    settings["project"] = "Convention against Cybercrime: implementation review"
    settings["extensions"] = [*settings["extensions"], "toolkit.publications.sphinx"]
    settings["exclude_patterns"] = ["_data", "_figures", "_build"]
    settings["html_title"] = "Convention against Cybercrime: implementation review"
    settings["html_short_title"] = "Implementation review"
    # Every text is typeset as written: the instrument's words and the States' are marked so
    # already, and the pages' own words are typographic in the source.
    settings["smartquotes"] = False
    elements = dict(settings["latex_elements"])
    elements["preamble"] += SCRIPTS_PREAMBLE
    settings["latex_elements"] = elements
    return settings


SCRIPTS_PREAMBLE = r"""
% What States write may be in any UN language: Chinese through xeCJK, the Arabic script in
% runs marked by the cosp extension (class cosp-rtl), set right to left; when the Noto fonts
% are missing, the build fails on the missing glyphs and says which.
\IfFontExistsTF{Noto Serif CJK SC}{\usepackage{xeCJK}\setCJKmainfont{Noto Serif CJK SC}%
  \setCJKsansfont{Noto Sans CJK SC}\setCJKmonofont{Noto Sans Mono CJK SC}}{}
\IfFontExistsTF{Noto Naskh Arabic}{\newfontfamily\cosparabic[Script=Arabic]{Noto Naskh Arabic}}%
  {\let\cosparabic\relax}
\TeXXeTstate=1
\expandafter\def\csname DUrolecosp-rtl\endcsname#1{{\cosparabic\beginR #1\endR}}
"""
