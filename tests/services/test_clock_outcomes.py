"""The outcome of each stopped SLA clock (services.incidents.outcomes, store.outcomes):
recorded when the clock stops (met or missed, by how much), taken back when a resolved
incident is reopened, recorded again under a changed policy on a lead's word; and the
month's compliance counted from them equal to the clocks worked out one by one, as before,
on histories the demo makes and the use cases then change at random.  SQLite and
PostgreSQL.

The clock is Monday 23/11/2026 10:00 in Rome.  Default policy: one clock (response,
stopped when taken in charge); Basic 8×5 (09-13, 14-18) A 4h.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from techconsole import demo
from techconsole.domain.policy import Policy
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import NotAllowed, ServiceError
from techconsole.services.incidents import closing, outcomes, reading, workflow
from techconsole.services.policies import load, resolve
from techconsole.services.team import compliance as queries
from techconsole.services.team import load as lead
from techconsole.services.team import members as team
from techconsole.services.team import stats
from techconsole.services.work.months import month_bounds, month_of
from techconsole.store import outcomes as store

from .conftest import FrozenClock
from .support import open_, rome

HOUR = 3_600_000_000  # µs


def outcome_rows(ctx: Context) -> list[tuple[Any, ...]]:
    """(incident number, clock, plan, customer, stopped at, met, target, used) of every
    recorded outcome, in order."""
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT i.number, o.clock, o.plan, o.customer_id, o.stopped_at, o.met, "
                "o.target_us, o.used_us FROM clock_outcome o JOIN incident i "
                "ON i.id = o.incident_id ORDER BY i.number, o.clock"
            )
        ).all()
    return [(n, c, p, cu, _utc(s), bool(m), t, u) for n, c, p, cu, s, m, t, u in rows]


def _utc(at: Any) -> str:
    """The instant as UTC text: SQLite gives text already, PostgreSQL an aware datetime."""
    if isinstance(at, datetime):
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return str(at)[:19]


def with_resolution_clock(tmp_path: Path) -> Policy:
    """The default policy and a second clock, stopped by the resolution: Basic A 8h."""
    source = resolve("default").read_text()
    source = source.replace(
        "[calendars.office-5]",
        '[clocks.resolution]\nlabel = "Risoluzione"\napplies = "always"\n'
        'stops_on = "resolved"\n\n[calendars.office-5]',
        1,
    )
    source = source.replace(
        'targets.response = { A = "4h", B = "8h", C = "16h" }',
        'targets.response = { A = "4h", B = "8h", C = "16h" }\n'
        'targets.resolution = { A = "8h", B = "16h", C = "32h" }',
        1,
    )
    path = tmp_path / "resolution.toml"
    path.write_text(source)
    return load(str(path))


# --------------------------------------------------------------------------- recorded


def test_the_outcome_is_recorded_when_the_clock_stops(ctx: Context):
    walk_in = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id  # no plan
    met = open_(ctx, "met", severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    exact = open_(ctx, "exact", severity="A", arrived_at=rome(2026, 11, 20, 15, 0)).number
    late = open_(ctx, "late", severity="A", arrived_at=rome(2026, 11, 19, 9, 0)).number
    free = open_(ctx, "free", severity="A", customer=walk_in, arrived_at=rome(2026, 11, 23, 9))
    running = open_(ctx, "running", severity="A").number
    assert outcome_rows(ctx) == []  # nothing has stopped

    workflow.acknowledge(ctx, met, at=rome(2026, 11, 23, 9, 30))  # 30 min of 4 h
    workflow.acknowledge(ctx, exact)  # Fri 15-18 and Mon 9-10: the 4 h exactly
    workflow.acknowledge(ctx, late, at=rome(2026, 11, 20, 10, 0))  # Thu 8 h, Fri 1 h
    workflow.acknowledge(ctx, free.number)  # no target: no outcome

    assert outcome_rows(ctx) == [
        (met, "response", "basic", 1, "2026-11-23 08:30:00", True, 4 * HOUR, HOUR // 2),
        (exact, "response", "basic", 1, "2026-11-23 09:00:00", True, 4 * HOUR, 4 * HOUR),
        (late, "response", "basic", 1, "2026-11-20 09:00:00", False, 4 * HOUR, 9 * HOUR),
    ]
    # by how much: 3 h 30 in hand, none, 5 h late
    margins = [target - used for *_, target, used in outcome_rows(ctx)]
    assert margins == [int(3.5 * HOUR), 0, -5 * HOUR]
    assert running not in {row[0] for row in outcome_rows(ctx)}

    # what is done after the stop changes nothing the clock measured
    closing.resolve(ctx, met, resolved=True)
    workflow.note(ctx, late, "richiamato il cliente")
    assert len(outcome_rows(ctx)) == 3

    basic = next(p for p in lead.team_load(ctx).compliance or () if p.plan == "basic")
    assert (basic.stopped, basic.met) == (3, 2)  # this month: the three, two in time


def test_resolved_without_being_taken_in_charge_the_response_is_counted(ctx: Context):
    """Resolving stops the clocks not stopped yet (``incident_clocks.stop_of``): a
    richiesta answered only by its resolution counts in the month's compliance, met or
    missed (before, it had no outcome, however late), and its view shows the clock
    stopped."""
    quick = open_(ctx, "quick", severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    late = open_(ctx, "late", severity="A", arrived_at=rome(2026, 11, 19, 9, 0)).number
    closing.resolve(ctx, quick, resolved=True)  # Mon 10:00: 1 h of 4 h
    closing.resolve(ctx, late, resolved=False)  # Thu 8 h, Fri 8 h, Mon 1 h: 17 h
    assert outcome_rows(ctx) == [
        (quick, "response", "basic", 1, "2026-11-23 09:00:00", True, 4 * HOUR, HOUR),
        (late, "response", "basic", 1, "2026-11-23 09:00:00", False, 4 * HOUR, 17 * HOUR),
    ]
    assert _compliance_both_ways(ctx)[("2026-11", "basic")] == (2, 1)
    view = reading.show(ctx, late).incident
    (state,) = view.clocks.states(ctx.policy, ctx.now() + timedelta(days=3))
    assert state.stopped_at == ctx.now() and state.elapsed == timedelta(hours=17)

    closing.reopen(ctx, quick, "di nuovo")  # the resolution taken back: running again
    assert [row[0] for row in outcome_rows(ctx)] == [late]


def test_the_rows_are_read_only_for_an_incident_that_reached_a_milestone(ctx: Context):
    """Only a stopped clock has a row: a change of an incident with no milestone, before
    or after it, reads none (one statement fewer for most changes of a new richiesta);
    the change that reaches one, and the next ones, read them and keep them right."""
    reads: list[str] = []

    def spy(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if "FROM clock_outcome" in statement:
            reads.append(statement)

    for engine in ctx.db.engines:
        event.listen(engine, "before_cursor_execute", spy)
    number = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.note(ctx, number, "in coda")
    workflow.triage(ctx, number, severity="B")
    assert reads == []
    workflow.acknowledge(ctx, number)
    after = len(reads)
    assert after and len(outcome_rows(ctx)) == 1
    workflow.note(ctx, number, "preso in carico")
    assert len(reads) > after and len(outcome_rows(ctx)) == 1
    closing.resolve(ctx, number, resolved=True)
    closing.reopen(ctx, number, "di nuovo")  # its milestones stay: read, still the one row
    assert len(outcome_rows(ctx)) == 1


def test_a_wait_recorded_after_the_stop_changes_what_the_clock_measured(ctx: Context):
    """The clock read the timeline up to its milestone: a wait on the customer recorded
    afterwards, from before it, is taken off the time it used."""
    number = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, number)  # 10:00: 1 h of 4 h
    assert [r[7] for r in outcome_rows(ctx)] == [HOUR]
    workflow.pause(ctx, number, at=rome(2026, 11, 23, 9, 20))
    assert [r[5:] for r in outcome_rows(ctx)] == [(True, 4 * HOUR, HOUR // 3)]
    assert _compliance_both_ways(ctx)[("2026-11", "basic")] == (1, 1)


def test_a_reopened_incident_has_no_outcome_until_it_is_resolved_again(
    make_ctx: Callable[..., Context], clock: FrozenClock, tmp_path: Path
):
    """Reopening takes the resolution back: that clock runs again from the arrival, as
    the console shows it, and its outcome is the one of the next resolution; the
    response, taken in charge once, stays."""
    ctx = make_ctx("anna")
    ctx = Context(ctx.db, with_resolution_clock(tmp_path), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    office = customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio S.n.c."))
    customers.add_contract(ctx, office.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
    number = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, number, at=rome(2026, 11, 23, 9, 30))
    closing.resolve(ctx, number, resolved=True)  # 10:00: 1 h of 8 h
    assert [(r[1], r[5], r[7]) for r in outcome_rows(ctx)] == [
        ("resolution", True, HOUR),
        ("response", True, HOUR // 2),
    ]

    closing.reopen(ctx, number, "la stampante si è bloccata di nuovo")
    assert [(r[1], r[5], r[7]) for r in outcome_rows(ctx)] == [("response", True, HOUR // 2)]
    assert _compliance_both_ways(ctx)[("2026-11", "basic")] == (1, 1)

    clock.value = rome(2026, 11, 24, 17, 0)  # Mon 9-13, 14-18 and Tue 9-13, 14-17: 15 h
    closing.resolve(ctx, number, resolved=True)
    assert [(r[1], r[4], r[5], r[7]) for r in outcome_rows(ctx)] == [
        ("resolution", "2026-11-24 16:00:00", False, 15 * HOUR),  # late by 7 h
        ("response", "2026-11-23 08:30:00", True, HOUR // 2),
    ]
    assert _compliance_both_ways(ctx)[("2026-11", "basic")] == (2, 1)


def _compliance_both_ways(ctx: Context) -> dict[tuple[str, str], tuple[int, int]]:
    """The month's figures counted from the outcomes, checked against the clocks worked
    out one by one."""
    now, zone = ctx.now(), ctx.policy.zone
    month = month_of(now.astimezone(zone).date())
    months = {month: month_bounds(month, zone)}
    with ctx.db.read() as session:
        counted = queries.compliance(session, ctx.policy, now, months, misses=True)
        worked = queries.worked_out(session, ctx.policy, now, months, misses=True)
    assert counted == worked
    return counted[0]


# --------------------------------------------------------------------------- a policy changed


def test_a_changed_target_applies_to_the_months_gone_only_when_a_lead_says_so(
    ctx: Context, tmp_path: Path
):
    number = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, number)  # 1 h of 4 h: met
    source = resolve("default").read_text().replace('{ A = "4h", B', '{ A = "30m", B', 1)
    (tmp_path / "strict.toml").write_text(source)
    strict = Context(ctx.db, load(str(tmp_path / "strict.toml")), "anna", ctx.clock)

    def basic(context: Context) -> tuple[int, int]:
        found = next(p for p in lead.team_load(context).compliance or () if p.plan == "basic")
        return found.stopped, found.met

    assert basic(strict) == (1, 1)  # recorded under the rules of the time
    with pytest.raises(NotAllowed):
        outcomes.rerecord_all(strict.as_("bruno"))
    assert outcomes.rerecord_all(strict) == 1
    assert basic(strict) == (1, 0)  # 1 h of 30 min: missed
    assert outcome_rows(ctx)[0][5:] == (False, HOUR // 2, HOUR)
    with ctx.db.engine.connect() as conn:
        action, data = conn.execute(
            text("SELECT action, data FROM audit ORDER BY id DESC LIMIT 1")
        ).one()
    assert action == "sla.outcomes_recorded"
    assert '"outcomes": 1' in str(data).replace("'", '"')


# --------------------------------------------------------------------------- random histories


#: each use case, and the incidents it may be tried on (a WHERE on the incident)
STEPS = {
    "ack": "status IN ('open', 'in_progress', 'waiting') AND acknowledged_at IS NULL",
    "pause": "status IN ('open', 'in_progress')",
    "resume": "status = 'waiting'",
    "triage": "status IN ('open', 'in_progress', 'waiting')",
    "resolve": "status IN ('open', 'in_progress', 'waiting')",
    "reopen": "status = 'resolved'",
}


def _shake(ctx: Context, clock: FrozenClock, seed: int, steps: int = 80) -> int:
    """Random use cases on the demo's incidents, the clock moving on: taken in charge,
    paused (some back in time, before a clock stopped) and resumed, triaged (urgency and
    severity), resolved, reopened; the number of steps taken (one the incident cannot
    take is refused, and skipped)."""
    rng = random.Random(seed)
    severities = [s.code for s in ctx.policy.severities]
    taken = 0
    for _ in range(steps):
        step = rng.choice(list(STEPS))
        with ctx.db.engine.connect() as conn:
            query = f"SELECT number FROM incident WHERE {STEPS[step]} ORDER BY number"
            numbers = [n for (n,) in conn.execute(text(query))]
        if not numbers:
            continue
        number = rng.choice(numbers)
        clock.advance(minutes=rng.randint(1, 240))
        back = clock.value - timedelta(minutes=rng.randint(0, 600))
        try:
            if step == "ack":
                workflow.acknowledge(ctx, number)
            elif step == "pause":
                workflow.pause(ctx, number, at=back)
            elif step == "resume":
                workflow.resume(ctx, number)
            elif step == "triage":
                urgent, severity = rng.random() < 0.5, rng.choice(severities)
                workflow.triage(ctx, number, urgent=urgent, severity=severity)
            elif step == "resolve":
                closing.resolve(ctx, number, resolved=rng.random() < 0.8)
            else:
                closing.reopen(ctx, number, "di nuovo")
        except ServiceError:
            continue
        taken += 1
    return taken


@pytest.mark.parametrize(
    ("preset", "seed"),
    [("default", 1), ("default", 2), ("onsite-tech", 3), ("client-contract", 4), ("istes", 5)],
)
def test_compliance_from_the_outcomes_is_the_clocks_worked_out(
    make_ctx: Callable[..., Context], clock: FrozenClock, preset: str, seed: int
):
    """Every month of a demo's history, per plan, and the missed clocks per customer: the
    counts of the recorded outcomes are the figures worked out clock by clock (the way
    compliance was reckoned before); and the outcomes the use cases kept in step are the
    ones a fresh recording (the migration's) finds."""
    ctx = make_ctx("anna", preset)
    demo.generate(ctx, incidents=120, seed=seed, reports=False)
    made = outcome_rows(ctx)  # the demo's bulk writer works them out as it goes
    with ctx.db.engine.begin() as conn:
        assert store.rerecord(conn, ctx.policy, ctx.now()) == len(made) > 50
    assert outcome_rows(ctx) == made
    assert _shake(ctx, clock, seed) > 40
    now, zone = ctx.now(), ctx.policy.zone
    with ctx.db.engine.connect() as conn:
        first = conn.execute(text("SELECT MIN(arrived_at) FROM incident")).scalar()
    day = (datetime.fromisoformat(first) if isinstance(first, str) else first).date()
    months = {}
    while month_of(day) not in months or day <= now.astimezone(zone).date():
        months[month_of(day)] = month_bounds(month_of(day), zone)
        day += timedelta(days=28)
    with ctx.db.read() as session:
        counted = queries.compliance(session, ctx.policy, now, months, misses=True)
        worked = queries.worked_out(session, ctx.policy, now, months, misses=True)
    assert counted == worked
    assert sum(stopped for stopped, _met in counted[0].values()) > 50
    assert sum(counted[1].values()) > 0  # some missed

    kept = outcome_rows(ctx)
    with ctx.db.engine.begin() as conn:
        store.rerecord(conn, ctx.policy, now)
    assert outcome_rows(ctx) == kept

    # the team's figures read them too
    found = stats.team_stats(ctx, months=len(months))
    assert {(c.month, c.plan): (c.stopped, c.met) for c in found.compliance if c.stopped} == {
        key: value for key, value in counted[0].items() if value[0]
    }
