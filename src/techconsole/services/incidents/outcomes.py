"""The outcome of each stopped SLA clock (met or missed, by how much), recorded when the
clock stops: the month's compliance counts these rows (``store.outcomes``).

:func:`record` runs in every change of an incident, after its clocks are refreshed
(``clocks.refresh``), and makes the incident's rows what its clocks say now:

* a milestone reached (taken in charge, on site, resolved) stops its clock: its outcome
  is written, with the incident's plan and customer;
* a milestone taken back (a resolved incident reopened) starts its clock again: its
  outcome goes, and the next resolution records a new one — the compliance of a month
  counts the clocks as they stand, as it always has;
* a change of plan, severity or urgency after a stop changes nothing the clock measured
  (a stopped clock reads no later event), but the plan it counts under is the incident's,
  and the urgency decides which clocks apply: the rows follow.

Outcomes are recorded under the policy of the program that makes the change.  A policy
changed later (a plan's target, its calendar) does not rewrite them: a month's figure
stays what was measured against the rules of the time, as a bill does.  A lead who wants
the months gone measured against the new rules records them all again:
:func:`rerecord_all` (``techconsole team outcomes``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, inspect, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from techconsole.domain.clock_log import outcomes
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.policy import Policy
from techconsole.i18n import N_
from techconsole.services.context import Context
from techconsole.services.records import actor, audit, write
from techconsole.store import outcomes as store
from techconsole.store.models import Incident
from techconsole.store.outcomes import ClockOutcome

WHAT = N_("record the SLA outcomes again")
_COLUMNS = ("plan", "customer_id", "stopped_at", "met", "target_us", "used_us")
#: an incident's outcome rows (made once: built and keyed once, not at every change)
_HELD = sa_select(
    col(ClockOutcome.clock), *(col(getattr(ClockOutcome, c)) for c in _COLUMNS)
).where(col(ClockOutcome.incident_id) == bindparam("incident"))


def record(
    session: Session, policy: Policy, incident: Incident, clock_inputs: ClockInputs, now: datetime
) -> None:
    """Make ``incident``'s outcome rows what its clocks say at ``now``: one read of its
    rows (by primary key), and a write only for what changed."""
    wanted = {
        found.clock: store.row_values(incident, found)
        for found in outcomes(clock_inputs, policy, now)
    }
    if not wanted and not _ever_stopped(incident):
        return  # no milestone before the change nor after: it has no outcome row
    held = {row.clock: row for row in session.execute(_HELD, {"incident": incident.id})}
    gone = [clock for clock in held if clock not in wanted]
    if gone:
        write(
            session,
            delete(ClockOutcome).where(
                col(ClockOutcome.incident_id) == incident.id, col(ClockOutcome.clock).in_(gone)
            ),
        )
    new = [values for clock, values in wanted.items() if clock not in held]
    if new:
        write(session, insert(ClockOutcome), new)
    for clock, values in wanted.items():
        row = held.get(clock)
        if row is not None and _changed(row, values):
            write(
                session,
                update(ClockOutcome)
                .where(col(ClockOutcome.incident_id) == incident.id)
                .where(col(ClockOutcome.clock) == clock)
                .values({name: values[name] for name in _COLUMNS}),
            )


#: the incident's milestones: each stops a clock, and only a stopped clock has a row
_MILESTONES = ("acknowledged_at", "on_site_at", "resolved_at")


def _ever_stopped(incident: Incident) -> bool:
    """Whether ``incident`` reached a milestone before this change or with it (or we
    cannot tell): else none of its clocks ever stopped, and it has no outcome row to
    read (every writer of the rows, the migration's backfill too, writes them for
    stopped clocks only)."""
    state = inspect(incident)
    for name in _MILESTONES:
        if name not in state.dict or state.dict[name] is not None:
            return True
        if state.committed_state.get(name) is not None:  # the value before the change
            return True
    return False


def _changed(row: Any, values: dict[str, Any]) -> bool:
    return any(getattr(row, name) != values[name] for name in _COLUMNS)


def rerecord_all(ctx: Context) -> int:
    """Every stopped clock's outcome recorded again under ``ctx.policy``, in one
    transaction (leads only, audited); the number of outcomes recorded.

    For a policy whose targets or calendars changed and should apply to the months gone
    too.  It works out the clocks of every incident that reached a milestone: minutes at
    a million incidents, during which the others' changes wait."""
    with ctx.write() as session:
        who = actor(session, ctx, lead=True, what=WHAT)
        now = ctx.now()
        count = store.rerecord(session.connection(), ctx.policy, now)
        audit(
            session,
            who.login,
            "sla.outcomes_recorded",
            "database",
            None,
            now,
            policy=ctx.policy.name,
            outcomes=count,
        )
    return count
