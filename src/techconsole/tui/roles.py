"""What a screen offers the console around it, said by the classes it inherits.

The app and the timer keeper ask ``isinstance(screen, ...)`` of these mixins, so they do
not import (or probe for) the feature screens themselves, which load on first use:

- :class:`ScreenCommands`: the screen has commands of its own for the palette (the
  incident screen's steps).
- :class:`TimerTarget`: the timer key starts the timer on an incident the screen names
  (the highlighted one on the queue, the open one on an incident screen).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.app import SystemCommand

from techconsole.i18n import N_

#: what the idle timer bar says the key does, on a screen that names an incident
HIGHLIGHTED = N_("starts it on the highlighted incident")
THIS_ONE = N_("starts it on this incident")
#: … and on any other screen
ELSEWHERE = N_("starts it on an incident (from the queue)")


class ScreenCommands:
    """A screen whose commands the palette lists before the console's own."""

    def system_commands(self) -> Iterator[SystemCommand]:
        """This screen's commands (a hook: the screen provides it)."""
        raise NotImplementedError


class TimerTarget:
    """A screen the timer key starts the timer on: it names the incident."""

    #: what the idle timer bar says the key does on this screen
    TIMER_HINT: ClassVar[str] = HIGHLIGHTED

    def timer_incident(self) -> str | None:
        """The incident number the timer starts on (``None``: none here now); a hook."""
        raise NotImplementedError
