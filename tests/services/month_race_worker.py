"""The processes of ``test_month_race.py``: a lead closing months, technicians back-dating
work into them, all at once.

Each runs in an OS process of its own (``multiprocessing``, forked from its fork server: a
fresh interpreter that imported :data:`MODULES` once for all of them) with its own
connection, opened in :func:`run`, and goes through the rounds in step with the others (a
barrier).  In round *r* the month is ``MONTHS[r]``:

- the lead closes it, again and again while the close is refused because a timer of the
  month is running, until it is closed;
- each timer technician logs a few sessions in it after the fact (``start --at`` a time
  in the month, then ``stop --at`` 20 minutes later), one after the other, until the
  month is closed (a start is refused) or the few are logged;
- the parts technician adds parts dated in it, until one is refused because the month
  is closed.

So every round closes a month while work is being written into it.  Each process
returns what happened, counted by outcome; anything unexpected is kept with its message.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
#: 30 months, all in the past (a session cannot start in the future)
MONTHS = [f"{2024 + n // 12}-{n % 12 + 1:02d}" for n in range(30)]
#: how many sessions a timer technician logs in a month at most (the month cannot close
#: while one of them runs)
SESSIONS = 4
#: seconds the parts technician goes on adding parts to a month that is not closed yet: the
#: round ends when the close refuses one (a cap of 100 parts was reached on a loaded
#: machine before the lead's process got its turn)
PARTS_FOR = 300.0
BARRIER_TIMEOUT = 300.0  # seconds: a stuck process breaks the barrier, never hangs the test
#: what :func:`run` and the roles import: the fork server imports them before it forks
MODULES = (
    "techconsole.i18n",
    "techconsole.services.context",
    "techconsole.services.errors",
    "techconsole.services.policies",
    "techconsole.services.work.materials",
    "techconsole.services.work.months",
    "techconsole.services.work.timer",
    "techconsole.store.database",
)


def _first_day(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1)


def run(role: str, url: str, login: str, number: str, barrier: Any) -> dict[str, Any]:
    """One process's part of the race; what happened, as plain data."""
    from techconsole.i18n import set_language
    from techconsole.services.context import Context
    from techconsole.services.policies import load
    from techconsole.store.database import Database

    set_language("en")
    db = Database(url)
    ctx = Context(db, load("default"), login)
    outcomes: Counter[str] = Counter()
    problems: list[str] = []
    try:
        for month in MONTHS:
            barrier.wait(BARRIER_TIMEOUT)
            try:
                if role == "closer":
                    _close(ctx, month, outcomes)
                elif role == "timer":
                    _sessions(ctx, number, month, outcomes, problems)
                else:
                    _parts(ctx, number, month, outcomes)
            except Exception:
                problems.append(f"{month}: {traceback.format_exc()}")
    finally:
        db.dispose()
    return {"role": role, "login": login, "outcomes": dict(outcomes), "problems": problems}


def _close(ctx: Any, month: str, outcomes: Counter[str]) -> None:
    from techconsole.services.errors import Conflict
    from techconsole.services.work import months

    while True:
        try:
            months.close_month(ctx, month)
        except Conflict as refusal:
            if "still running" not in str(refusal):
                raise
            outcomes["close refused: a timer runs"] += 1
            continue
        outcomes["closed"] += 1
        return


def _sessions(
    ctx: Any, number: str, month: str, outcomes: Counter[str], problems: list[str]
) -> None:
    from techconsole.services.errors import NotAllowed
    from techconsole.services.work import timer

    first = datetime.combine(_first_day(month), datetime.min.time(), ROME)
    # each technician on a different day of the month (a session is at most 20 minutes)
    begin = first + timedelta(days=1 if ctx.actor == "bruno" else 8, hours=7)
    for n in range(SESSIONS):
        at = begin + timedelta(minutes=30 * n)
        try:
            timer.start(ctx, number, at=at)
        except NotAllowed:
            outcomes["start refused: month closed"] += 1
            return
        outcomes["started"] += 1
        try:
            timer.stop(ctx, at=at + timedelta(minutes=20))
        except NotAllowed as refusal:
            # the month was closed with this timer running: it can never be stopped
            problems.append(f"{month}: stop refused after the start was accepted: {refusal}")
            return
        outcomes["stopped"] += 1
    outcomes["all logged"] += 1


def _parts(ctx: Any, number: str, month: str, outcomes: Counter[str]) -> None:
    from techconsole.services.errors import NotAllowed
    from techconsole.services.work import materials

    day = _first_day(month) + timedelta(days=14)
    deadline = time.monotonic() + PARTS_FOR
    n = 0
    while time.monotonic() < deadline:
        n += 1
        try:
            materials.add_material(
                ctx, number, f"Part {n}", quantity="1", unit_price="10.00", used_on=day
            )
        except NotAllowed:
            outcomes["part refused: month closed"] += 1
            return
        outcomes["part added"] += 1
    outcomes["still open after PARTS_FOR"] += 1
