"""Sphinx configuration of the annotated edition of the Convention (``nox -s docs``, ``nox -s pdf``).

The settings are the toolkit's (:func:`toolkit.publications.configuration.edition_settings`),
shared with the site ``cosp publish`` builds.  Reading this file regenerates the edition's
pages under ``edition/`` from the treaty model (only pages whose content changed are
rewritten, so incremental builds stay incremental).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.instrument import load
from toolkit.publications.configuration import edition_settings
from toolkit.publications.edition import write_edition

HERE = Path(__file__).resolve().parent
INSTRUMENT = None  # the bundled Convention: the pages written here and prov_instrument
write_edition(load(INSTRUMENT), HERE / "edition")
globals().update(edition_settings(INSTRUMENT))
