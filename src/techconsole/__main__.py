"""``python -m techconsole``."""

from techconsole.cli import script

script()
