"""Migration 0025: resolving stops every SLA clock not stopped yet
(``incident_clocks.stop_of``); the incidents resolved without their milestone — taken in
charge without it being recorded — get the outcome they never had, under the policy of
the program that upgrades, or, upgraded without one, from the next program that opens
the database with its policy."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from techconsole.services.context import Context
from techconsole.services.incidents import closing, workflow
from techconsole.store import migrate
from techconsole.store import outcomes as store

from .support import open_, rome
from .test_clock_outcomes import outcome_rows


def _as_0024_left_it(ctx: Context, numbers: list[str]) -> None:
    """Down to 0024, without the outcomes its program did not record: those of the
    incidents ``numbers``, resolved without being taken in charge."""
    config = migrate._config()
    with ctx.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0024")
        if not numbers:
            return
        marks = ", ".join(f"'{number}'" for number in numbers)
        connection.execute(
            text(
                "DELETE FROM clock_outcome WHERE incident_id IN "
                f"(SELECT id FROM incident WHERE number IN ({marks}))"
            )
        )


def _pending(ctx: Context) -> bool:
    with ctx.db.engine.connect() as connection:
        return store.pending(connection)


def test_0025_records_the_outcomes_of_the_incidents_resolved_without_a_milestone(
    ctx: Context,
):
    taken = open_(ctx, "taken", severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, taken, at=rome(2026, 11, 23, 9, 30))
    closing.resolve(ctx, taken, resolved=True)
    late = open_(ctx, "late", severity="A", arrived_at=rome(2026, 11, 19, 9, 0)).number
    closing.resolve(ctx, late, resolved=True)
    running = open_(ctx, "running", severity="A").number  # not resolved: no outcome
    now = outcome_rows(ctx)
    assert [(row[0], row[5]) for row in now] == [(taken, True), (late, False)]

    # upgraded by a program that has its policy: recorded by the migration
    _as_0024_left_it(ctx, [late])
    assert [row[0] for row in outcome_rows(ctx)] == [taken]
    assert ctx.db.migrate(policy=ctx.policy) is True
    assert outcome_rows(ctx) == now
    assert not _pending(ctx)

    # upgraded without a policy (a script): every outcome pending, then recorded by the
    # next program that opens it with its policy
    _as_0024_left_it(ctx, [late])
    assert ctx.db.migrate() is True
    assert _pending(ctx)
    said: list[str] = []
    assert ctx.db.migrate(said.append, ctx.policy) is False  # the schema was current
    assert said == ["Recording the outcome of every stopped SLA clock…"]
    assert outcome_rows(ctx) == now
    assert running not in {row[0] for row in outcome_rows(ctx)}
    assert not _pending(ctx)


def test_0025_without_a_resolved_incident_leaves_nothing_pending(ctx: Context):
    """Upgraded without a policy, an incident resolved without a milestone (under some
    policy) leaves every outcome to record again; with none resolved, nothing is."""
    taken = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, taken)
    now = outcome_rows(ctx)
    _as_0024_left_it(ctx, [])
    assert ctx.db.migrate() is True
    assert not _pending(ctx)
    assert outcome_rows(ctx) == now


def test_0025_with_a_policy_reads_only_the_milestones_its_clocks_stop_on(ctx: Context):
    """The default policy's one clock stops when taken in charge: an incident taken in
    charge and resolved (never on site) keeps its outcome as it was."""
    taken = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, taken, at=rome(2026, 11, 23, 9, 30))
    closing.resolve(ctx, taken, resolved=True)
    with ctx.db.engine.begin() as connection:
        assert store.record_resolved(connection, ctx.policy, ctx.now()) == 0
    assert [(row[0], row[5]) for row in outcome_rows(ctx)] == [(taken, True)]
