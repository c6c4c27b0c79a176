"""The main job's publishing stage (``cosp review``): the site, public and internal.

``site`` is a step of :data:`toolkit.review.STEPS`: it builds the default cycle's site for
both audiences into the workspace's ``build/published/public/`` and ``.../internal/``, with
the same code ``cosp publish`` runs.  Where TeX is present (``xelatex``, ``latexmk``,
``make``) the public site carries its PDFs too (the edition, the thematic report, every
country report that may be published); without TeX the step says what to install and builds
the HTML.  The internal site is HTML (``cosp publish --audience internal --pdf`` makes its
PDFs).  A site whose inputs have not changed is left as it is, in a second or two.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from toolkit.publications.pdf import install_hint, missing_tools
from toolkit.publications.site import Options, build_site

if TYPE_CHECKING:
    from toolkit.publications.consent import Audience
    from toolkit.workspace import Workspace


def site(workspace: Workspace, context: Any) -> Any:
    """The published site of the default cycle: public (with its PDFs where TeX is present)
    and internal (HTML)."""
    from toolkit.review import Done

    folder = workspace.build / "published"
    missing = missing_tools()
    if missing:
        context.say(f"site: PDFs left out: {install_hint(missing)}")
    changed, reports, pdfs = False, 0, 0
    audiences: tuple[tuple[Audience, bool], ...] = (("public", not missing), ("internal", False))
    for audience, pdf in audiences:
        options = Options(
            out=folder / audience, audience=audience, pdf=pdf, jobs=os.cpu_count() or 1
        )
        report = build_site(workspace, options, context.say)
        changed |= not report.up_to_date
        reports += report.countries
        pdfs += len(list((folder / audience).glob("**/*.pdf"))) if pdf else 0
    what = "country reports (public and internal)"
    if pdfs:
        what += f", {pdfs} PDFs"
    first = folder / "public" / "index.html"
    return Done("site", what, folder, reports, changed, first=first)
