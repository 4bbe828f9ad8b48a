"""Closing a month while work is written into it, in real processes, 30 times.

A lead closes a month while two technicians log sessions in it after the fact and a third
adds parts dated in it (``month_race_worker.py``).  Whatever the order the database
chooses, a closed month must hold exactly what it held when it was closed: no timer left
running in it (it could never be stopped), and as many sessions and parts as the close
counted (the audit keeps the counts).  On PostgreSQL this holds because the close and
every write into a month lock the month (``store.locks``); on SQLite because writers
take the database's one write lock in turn.
"""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, func, select

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.services.work.months import month_bounds
from techconsole.store.database import Database
from techconsole.store.work import ClosedMonth, Material, WorkSession

from . import month_race_worker as worker
from .month_race_worker import MONTHS

#: seconds for the whole race: far more than it needs
TIMEOUT = 900


def _office(url: str) -> str:
    """A lead, three technicians, a customer and one incident that arrived before every
    month of the race; its number."""
    db = Database(url)
    try:
        ctx = Context(db, load("default"), "anna")
        team.add_technician(ctx, "anna", "Anna Rossi")
        for login in ("bruno", "carla", "dario"):
            team.add_technician(ctx, login, login.title())
        customer = customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio S.n.c."))
        opened = intake.open_incident(
            ctx,
            intake.NewIncident(
                customer.id, "Server lento", arrived_at=datetime(2023, 12, 1, 9, tzinfo=UTC)
            ),
        )
        return opened.number
    finally:
        db.dispose()


#: (role, login) of each process
ROLES = [("closer", "anna"), ("timer", "bruno"), ("timer", "carla"), ("parts", "dario")]


def _race(url: str, number: str, roles: list[tuple[str, str]] = ROLES) -> list[dict[str, Any]]:
    # A fork server (one per test process, kept for the next race) imports techconsole
    # once; every process of the race is forked from it: its own, with nothing of this one.
    processes = multiprocessing.get_context("forkserver")
    processes.set_forkserver_preload([worker.__name__, *worker.MODULES])
    with processes.Manager() as manager, processes.Pool(len(roles)) as pool:
        barrier = manager.Barrier(len(roles))
        pending = [
            pool.apply_async(worker.run, (role, url, login, number, barrier))
            for role, login in roles
        ]
        return [result.get(TIMEOUT) for result in pending]


def _months(url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What each month of the race holds now, and what its close counted (its audit):
    sessions, parts, and the ids of sessions still running."""
    db = Database(url)
    try:
        ctx = Context(db, load("default"), "anna")
        closes = {
            a.data["month"]: a.data
            for a in incidents.audit_trail(ctx, entity="month")
            if a.action == "month.close"
        }
        with db.read() as session:
            assert set(session.exec(select(ClosedMonth.month)).all()) == set(MONTHS)
            holds = {}
            for month in MONTHS:
                first, last = month_bounds(month, ctx.policy.zone)
                sessions = session.exec(
                    select(WorkSession).where(
                        col(WorkSession.started_at) >= first, col(WorkSession.started_at) < last
                    )
                ).all()
                parts = session.exec(
                    select(func.count())
                    .select_from(Material)
                    .where(
                        col(Material.used_on) >= first.date(), col(Material.used_on) < last.date()
                    )
                ).one()
                running = [s.id for s in sessions if s.ended_at is None]
                holds[month] = (len(sessions), parts, running)
    finally:
        db.dispose()
    counted = {m: (closes[m]["sessions"], closes[m]["materials"], []) for m in MONTHS}
    return holds, counted


def test_a_closed_month_holds_what_it_held_when_closed(migrated_url: str) -> None:
    number = _office(migrated_url)
    results = _race(migrated_url, number)

    holds, counted = _months(migrated_url)
    assert holds == counted  # nothing went into a month after it was closed

    problems = [f"{r['login']}: {p}" for r in results for p in r["problems"]]
    assert not problems, "\n".join(problems)
    by_role = {r["login"]: r["outcomes"] for r in results}
    assert by_role["anna"]["closed"] == len(MONTHS)
    for login in ("bruno", "carla"):
        assert by_role[login]["started"] == by_role[login]["stopped"], by_role[login]
    # every round ended with the month closed under the parts technician's hands
    assert by_role["dario"]["part refused: month closed"] == len(MONTHS), by_role["dario"]
    # the race was a race: work went into the months before they closed
    assert sum(by_role[login].get("started", 0) for login in ("bruno", "carla")) > 0
    assert by_role["dario"].get("part added", 0) > 0
