"""Migration 0023: the outcomes of the SLA clocks stopped before it are recorded by the
upgrade (under the policy of the program that upgrades), or, upgraded without one, by the
next program that opens the database with its policy — the month's compliance worked out
clock by clock meanwhile; down again, the table and the "waiting" index go and the
incidents stay."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from techconsole import demo
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.services.team import compliance as queries
from techconsole.services.team import load as lead
from techconsole.services.work.months import month_bounds
from techconsole.store import migrate
from techconsole.store import outcomes as store
from techconsole.store.database import Database

from .test_clock_outcomes import outcome_rows

TABLES = {"clock_outcome", "clock_outcome_pending"}


def _down_before_0023(db: Database) -> None:
    config = migrate._config()
    before = ScriptDirectory.from_config(config).get_revision("0023").down_revision
    assert isinstance(before, str)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, before)


def _schema(db: Database) -> tuple[set[str], set[str]]:
    """(techconsole's tables with outcomes, the incident's indexes)."""
    found = inspect(db.engine)
    indexes = {index["name"] or "" for index in found.get_indexes("incident")}
    return TABLES & set(found.get_table_names()), indexes


def _pending(db: Database) -> bool:
    with db.engine.connect() as connection:
        return store.pending(connection)


def test_0023_records_the_outcomes_of_the_clocks_stopped_before(database_url, clock):
    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("default"), "anna", clock)
        demo.generate(ctx, incidents=120, seed=6, reports=False)
        kept = outcome_rows(ctx)
        assert len(kept) > 50
        with db.engine.connect() as conn:
            incidents = conn.execute(text("SELECT COUNT(*) FROM incident")).scalar()

        _down_before_0023(db)
        tables, indexes = _schema(db)
        assert not tables
        assert "ix_incident_open_waiting" not in indexes
        with db.engine.connect() as conn:  # the incidents stay
            assert conn.execute(text("SELECT COUNT(*) FROM incident")).scalar() == incidents

        # upgraded by a program that has its policy: recorded by the migration
        assert db.migrate(policy=ctx.policy) is True
        tables, indexes = _schema(db)
        assert tables == TABLES
        assert "ix_incident_open_waiting" in indexes
        assert outcome_rows(ctx) == kept
        assert not _pending(db)

        # upgraded without a policy (a script): left pending, and compliance is worked
        # out clock by clock meanwhile, with the same figures
        _down_before_0023(db)
        assert db.migrate() is True
        assert outcome_rows(ctx) == []
        assert _pending(db)
        now, zone = ctx.now(), ctx.policy.zone
        months = {m: month_bounds(m, zone) for m in ("2026-10", "2026-11")}
        with db.read() as session:
            counted = queries.compliance(session, ctx.policy, now, months, misses=True)
            worked = queries.worked_out(session, ctx.policy, now, months, misses=True)
        assert counted == worked
        assert sum(p.stopped for p in lead.team_load(ctx).compliance or ()) > 0

        # the next program that opens it with its policy records them
        said: list[str] = []
        assert db.migrate(said.append, ctx.policy) is False  # the schema was current
        assert said == ["Recording the outcome of every stopped SLA clock…"]
        assert outcome_rows(ctx) == kept
        assert not _pending(db)
        assert db.migrate(said.append, ctx.policy) is False
        assert len(said) == 1  # nothing more to do
    finally:
        db.dispose()


def test_a_database_without_incidents_has_nothing_pending(database_url):
    db = Database(database_url)
    try:
        assert db.migrate() is True
        assert not _pending(db)
    finally:
        db.dispose()
