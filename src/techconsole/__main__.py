"""``python -m techconsole``."""

from techconsole.cli import main

main()
