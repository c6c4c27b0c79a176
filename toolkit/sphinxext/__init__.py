"""Sphinx extension for treaty provisions: the ``prov`` domain, its directives and role.

Add ``"toolkit.sphinxext"`` to ``extensions`` in a project's ``conf.py``.  Settings:

``prov_instrument``
    ``None`` (the bundled Convention), the path of an instrument text, or an
    :class:`~toolkit.instrument.model.Instrument` built in code.
``prov_overrides``
    The overrides file applied to the instrument's text: ``"default"`` (the bundled one, which
    applies to the bundled Convention only), the path of another file (relative to the folder
    of ``conf.py``), or ``None`` for the rules alone.
``prov_warn_unrendered``
    Warn when a link made from the data (a cross-reference in the text, a defined term, a
    back-link) points to a provision no document renders.  The annotated edition, which
    renders everything, sets it so that every link is checked; a report quoting a few
    provisions leaves it off and such words stay plain text.
``prov_code_digest``
    Set by the extension (digest of its code and the treaty model's): a new toolkit makes
    Sphinx re-read every page instead of keeping pages rendered by the old code.

Directives: ``prov:article``, ``prov:provision``, ``prov:chapter``, ``prov:resolution``,
``prov:preamble``, ``prov:testimonium``, ``prov:obligations``, ``prov:summary``.  Roles:
``:prov:`` (and ``:prov:ref:``), ``:prov:chapter:``, ``:prov:note:``, ``:prov:term:``.
The index of provisions is ``prov-index`` (``:ref:`prov-index```).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from toolkit import __version__
from toolkit.errors import ToolkitError
from toolkit.instrument.citation import cite
from toolkit.instrument.model import Instrument
from toolkit.sphinxext.domain import ProvDomain
from toolkit.sphinxext.html import UniqueWrapperIds, depart_entry, visit_entry
from toolkit.sphinxext.latex import LatexAnchors
from toolkit.sphinxext.roles import ProvisionRole, unknown_provision
from toolkit.sphinxext.source import DEFAULT_OVERRIDES_SETTING, instrument_source

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.domains import Domain
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
"""The extension's CSS, script and LaTeX style."""
FILTER_SCRIPT = "prov-filter.js"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Serve the extension's CSS and script with the project's own static files."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def code_digest() -> str:
    """SHA-256 of the code that turns the text into pages (this extension and the model)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for folder in (package, package.parent / "instrument"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".css", ".js", ".sty"}:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def note_code_digest(app: Sphinx, config: Config) -> None:
    """Record the code's digest as a setting: when the code changes, Sphinx re-reads every page.

    Sphinx re-reads a page when its source or a noted data file changes, not when the code
    rendering it does; without this, an upgraded toolkit would leave pages built by the old one.
    """
    config.prov_code_digest = code_digest()


def load_instrument(app: Sphinx, config: Config) -> None:
    """Load the instrument before reading: a bad setting or text stops the build, with why.

    A relative path is taken from the folder of ``conf.py``.
    """
    setting = config.prov_instrument
    if isinstance(setting, (str, os.PathLike)) and not Path(setting).is_absolute():
        config.prov_instrument = str(Path(app.confdir, setting).resolve())
    overrides = config.prov_overrides
    if (
        isinstance(overrides, (str, os.PathLike))
        and overrides != DEFAULT_OVERRIDES_SETTING
        and not Path(overrides).is_absolute()
    ):
        config.prov_overrides = str(Path(app.confdir, overrides).resolve())
    try:
        instrument_source(config)
    except ToolkitError as error:
        # The findings' hints speak of command-line options; here the setting is the lever.
        settings = sorted({f.code.split(".")[0] for f in error.findings})
        name = "prov_overrides" if settings == ["overrides"] else "prov_instrument"
        findings = "; ".join(f"{f.location}: {f.message} [{f.code}]" for f in error.findings)
        raise ConfigError(f"{name}: {findings} Check {name} in conf.py.") from None


def add_latex_style(app: Sphinx) -> None:
    """Ship ``prov.sty`` (markers in brackets, indented sub-provisions) with LaTeX output."""
    if app.builder.format == "latex":
        style = str(STATIC / "prov.sty")
        if style not in app.config.latex_additional_files:
            app.config.latex_additional_files.append(style)
        app.add_latex_package("prov")


def add_filter_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the table filter only on pages with an obligations table."""
    if doctree is None:
        return
    for table in doctree.findall(nodes.table):
        if "prov-obligations" in table["classes"]:
            app.builder.add_js_file(FILTER_SCRIPT, defer="defer")  # type: ignore[attr-defined]
            return


def warn_missing_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Say why a ``prov`` reference did not resolve: an unknown ID, or one not rendered."""
    if domain is None or domain.name != "prov":
        return None
    reftype, target = node["reftype"], node["reftarget"]
    instrument = instrument_source(app.config).instrument
    if reftype == "ref":
        if target in instrument:
            message = f"provision {target} ({cite(target)}) is not rendered in any document"
        else:
            message = unknown_provision(target, target, instrument)
    elif reftype == "chapter":
        message = f"unknown or unrendered chapter {target!r}"
    elif reftype == "note":
        message = f"unknown or unrendered interpretative note {target!r}"
    else:
        message = (
            f"{target!r} is not a term defined in {instrument.name}"
            " (or its definition is not rendered)"
        )
    logger.warning(message, location=node, type="prov", subtype="unknown")
    return True


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the domain, the ``:prov:`` role, the settings and the static files."""
    app.add_config_value(
        "prov_instrument",
        None,
        "env",
        types=frozenset({type(None), str, os.PathLike, Instrument}),
        description="The instrument: None (bundled Convention), a text path or an Instrument.",
    )
    app.add_config_value(
        "prov_overrides",
        DEFAULT_OVERRIDES_SETTING,
        "env",
        types=frozenset({type(None), str, os.PathLike}),
        description='The overrides file: "default" (bundled, for the bundled Convention), '
        "a path, or None.",
    )
    app.add_config_value(
        "prov_warn_unrendered",
        False,
        "env",
        types=frozenset({bool}),
        description="Warn when a link made from the data points to an unrendered provision.",
    )
    app.add_config_value(
        "prov_code_digest",
        "",
        "env",
        types=frozenset({str}),
        description="Set by the extension: digest of its code and of the treaty model's.",
    )
    app.add_domain(ProvDomain)
    app.add_role("prov", ProvisionRole("ref"))
    app.add_post_transform(LatexAnchors)
    # Every table: header cells say what they head (scope); no ID twice under furo's wrapper.
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
    app.add_post_transform(UniqueWrapperIds)
    app.add_css_file("prov.css")
    app.connect("config-inited", add_static_path)
    app.connect("config-inited", note_code_digest)
    app.connect("config-inited", load_instrument)
    app.connect("builder-inited", add_latex_style)
    app.connect("html-page-context", add_filter_script)
    app.connect("warn-missing-reference", warn_missing_reference)
    return {
        "version": __version__,
        "env_version": 1,
        # True because ProvDomain.merge_domaindata merges what parallel readers found.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
