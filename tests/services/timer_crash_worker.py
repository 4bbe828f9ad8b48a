"""Starts a timer and then hangs, for ``test_timer_crash.py`` to kill with SIGKILL.

Run as its own OS process::

    python tests/services/timer_crash_worker.py URL LOGIN INCIDENT START_ISO

It opens a ``Context`` on ``URL`` as ``LOGIN`` with a clock frozen at ``START_ISO``,
starts an on-site timer on ``INCIDENT``, prints ``started <session id>`` and sleeps until
it is killed.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime

from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.services.work import timer
from techconsole.store.database import Database


def main(url: str, login: str, incident: str, start: str) -> None:
    at = datetime.fromisoformat(start)
    ctx = Context(Database(url), load("default"), login, lambda: at)
    session = timer.start(ctx, incident, kind="on_site")
    print(f"started {session.id}", flush=True)
    while True:  # the database connection stays open, as in a program left running
        time.sleep(60)


if __name__ == "__main__":
    main(*sys.argv[1:5])
