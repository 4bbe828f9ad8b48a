"""Every screen and dialog of the console, loaded together: for the list of their keys
(``techconsole config keys``).  The console itself loads each one when first opened."""

from __future__ import annotations

from techconsole.tui import app, help  # noqa: F401
from techconsole.tui.changes import screen as changes  # noqa: F401
from techconsole.tui.checks import screen as checks  # noqa: F401
from techconsole.tui.incident import screen as incident  # noqa: F401
from techconsole.tui.intake import customer, form  # noqa: F401
from techconsole.tui.lead import screen as lead  # noqa: F401
from techconsole.tui.machines import screen as machines  # noqa: F401
from techconsole.tui.mail import message  # noqa: F401
from techconsole.tui.queue import screen as queue  # noqa: F401
from techconsole.tui.report import screen as report  # noqa: F401
from techconsole.tui.timer import discard, stale  # noqa: F401
from techconsole.tui.widgets import overwrite  # noqa: F401
