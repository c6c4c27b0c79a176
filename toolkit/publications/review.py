"""The main job's publishing stage (``cosp review``): the site, public and internal.

``site`` is a step of :data:`toolkit.review.STEPS`: it builds the default cycle's site for
both audiences into the workspace's ``build/published/public/`` and ``.../internal/`` (HTML;
the PDFs are ``cosp publish --pdf``), with the same code ``cosp publish`` runs.  A site whose
inputs have not changed is left as it is, in a second or two.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from toolkit.publications.site import Options, build_site

if TYPE_CHECKING:
    from toolkit.workspace import Workspace


def site(workspace: Workspace, context: Any) -> Any:
    """The published site of the default cycle, public and internal (HTML)."""
    from toolkit.review import Done

    folder = workspace.build / "published"
    changed, reports = False, 0
    for audience in ("public", "internal"):
        options = Options(out=folder / audience, audience=audience, jobs=os.cpu_count() or 1)
        report = build_site(workspace, options, context.say)
        changed |= not report.up_to_date
        reports += report.countries
    first = folder / "public" / "index.html"
    return Done(
        "site", "country reports (public and internal)", folder, reports, changed, first=first
    )
