"""``python -m techconsole.tui [--db PATH] [--no-mouse]``: the console on its own."""

import sys

from techconsole.tui.launch import main

sys.exit(main())
