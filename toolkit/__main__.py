"""``python -m toolkit`` runs the ``cosp`` command."""

from toolkit.cli import run

run()
