"""``generate``: one demo, made in one write transaction, in the order its parts draw
from the seed's random stream (team, customers, then the incidents in batches)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text
from sqlmodel import Session

from techconsole.demo import derived
from techconsole.demo.arrivals import Arrivals
from techconsole.demo.checks import make_checks
from techconsole.demo.incidents import Incidents
from techconsole.demo.loaners import make_loaners
from techconsole.demo.machines import make_machines
from techconsole.demo.people import make_customers, make_team
from techconsole.demo.producer import produce
from techconsole.demo.requests import Requests
from techconsole.demo.setting import Setting
from techconsole.demo.summary import DemoSummary
from techconsole.demo.texts import load_texts
from techconsole.demo.timelines import Timelines
from techconsole.demo.work import Work
from techconsole.demo.work_rows import WorkRows
from techconsole.demo.writer import BIG_TABLES, Writer, table_of
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.errors import Conflict, InvalidInput
from techconsole.store.bulk import checks_deferred
from techconsole.store.models import AuditEntry, Customer, NumberCounter

MAX_INCIDENTS = 5_000_000
MAX_CUSTOMERS = 100_000


def generate(
    ctx: Context,
    *,
    incidents: int = 300,
    seed: int = 1,
    customers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    reports: bool = True,
    reports_progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with demo data; the same seed gives the same data.

    ``customers`` defaults to a tenth of ``incidents`` (at least 8, at most 5,000).
    ``progress(done, total)`` is called after each batch of incidents.  Refused when the
    database already holds customers: the demo only fills a fresh database.  The person
    running it (``ctx.actor``) joins the team as a lead.

    Everything but the work reports is written in one transaction, set up for a bulk
    load (``Database.bulk_write``; the big tables' indexes or foreign keys made once at
    the end, ``store.bulk.checks_deferred``).  Then, with
    ``reports``, every resolved or closed incident gets its work report, issued by that
    lead through ``work_reports.issue_all`` (``reports_progress(done, total)`` after each
    of its batches); an interrupted run leaves the rest to ``techconsole report issue``.
    """
    if not 0 <= incidents <= MAX_INCIDENTS:
        raise InvalidInput(f"the demo makes 0 to {MAX_INCIDENTS:,} incidents, not {incidents}")
    if customers is not None and not 1 <= customers <= MAX_CUSTOMERS:
        raise InvalidInput(f"the demo makes 1 to {MAX_CUSTOMERS:,} customers, not {customers}")
    count = customers if customers is not None else min(5000, max(8, incidents // 10))
    setting = Setting(ctx, load_texts(), seed, incidents, count)
    with ctx.bulk_write() as session:
        held = session.execute(select(func.count()).select_from(table_of(Customer))).scalar()
        if held:
            raise Conflict(
                f"the database {ctx.db.label} already holds {held} customers: the demo only "
                "fills an empty database. Use a fresh one, e.g. "
                "TECHCONSOLE_DB=/tmp/techconsole-demo.db techconsole demo"
            )
        writer = Writer(session, ctx.db.sqlite, setting.times)
        team, technicians = make_team(setting, session, writer)
        customer_pick, created = make_customers(setting, session, writer)
        arrivals = Arrivals(setting)
        requests = Requests(setting, arrivals, customer_pick, team)
        timelines = Timelines(setting, arrivals, requests, team)
        work = Work(setting, WorkRows(setting, writer, session), team)
        made = Incidents(setting, writer, arrivals, requests, timelines, work)
        with checks_deferred(session.connection(), BIG_TABLES):
            first = made.start(session)
            with derived.deferred(session, first, incidents):
                # the work's timeline entries after the incidents' own: those keep their ids
                produce(made, work, writer, progress)
        derived.fill(session, ctx, range(first, made.next_id + 1))
        machines = make_machines(setting, session, writer, customer_pick.items, team)
        machines.update(make_checks(setting, session, writer))
        _finish(setting, session, writer, made.seqs)
    issued = work_reports.issue_all(ctx, progress=reports_progress).issued if reports else 0
    created["technician"] = technicians
    created.update(machines)
    created.update(make_loaners(ctx))  # seed 004's loaner PCs
    return made.counts.summary(
        seed,
        ctx.actor,
        created,
        incidents,
        # issuing a report is on the timeline too, and so are the loaner PCs' estimates
        # and loans (``loaner_events``)
        writer.rows["incident_event"] + issued + created.get("loaner_events", 0),
        work=(work.rows.sessions, work.rows.running, work.rows.materials, issued),
        team=len(team),
    )


def _finish(setting: Setting, session: Session, writer: Writer, seqs: dict[int, int]) -> None:
    """Number counters (later incidents continue), the audit entry, id sequences."""
    ctx = setting.ctx
    counter = table_of(NumberCounter)
    known = {row.year for row in session.execute(select(counter.c.year)).all()}
    for year, last in sorted(seqs.items()):
        if year in known:
            session.execute(counter.update().where(counter.c.year == year).values(last=last))
        else:
            session.execute(counter.insert().values(year=year, last=last))
    data = {
        "seed": setting.seed,
        "incidents": setting.n_incidents,
        "customers": setting.n_customers,
        "policy": setting.policy.name,
    }
    row = {
        "at": setting.now,
        "actor": ctx.actor,
        "os_user": ctx.os_login,
        "action": "demo.generate",
        "entity": "database",
        "entity_id": None,
        "data": data,
    }
    writer.models(AuditEntry, [row])
    if not ctx.db.sqlite:  # explicit ids do not move PostgreSQL's sequences
        for table in (
            "technician",
            "customer",
            "contact",
            "contract",
            "incident",
            "work_session",
            "material",
            "asset",
        ):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
            )
