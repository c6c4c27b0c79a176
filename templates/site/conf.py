"""Sphinx configuration of the site ``cosp publish`` builds: every setting comes from the
toolkit (:func:`toolkit.publications.configuration.site_settings`); the sources are generated
into the workspace's build folder."""

from toolkit.publications.configuration import site_settings

globals().update(site_settings())
