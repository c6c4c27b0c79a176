"""Publications: the sources of the Sphinx documents the secretariat publishes (HTML and PDF).

The Sphinx extension that renders provisions is :mod:`toolkit.sphinxext`; the modules here
write the reST pages that use it (the annotated edition of the Convention, later reports).
"""
