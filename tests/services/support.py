"""Helpers shared by the service tests: Rome times, incident shortcuts, database snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.team import members as team
from techconsole.services.views import ContactView, IncidentView

ROME = ZoneInfo("Europe/Rome")

#: every table a use case may write to
TABLES = (
    "technician",
    "customer",
    "contact",
    "contract",
    "number_counter",
    "incident",
    "incident_event",
    "clock_outcome",
    "audit",
    "meta",
    "work_session",
    "material",
    "closed_month",
    "prepaid_draw",
    "report_counter",
    "work_report",
    "asset",
    "asset_software",
    "asset_inspection",
    "incident_asset",
    "loaner",
    "loan",
    "check_schedule",
    "check_counter",
    "health_check",
    "health_check_item",
    "change_request",
    "mail_message",
    "ads_cadence",
    "ads_report",
    "customer_program",
)


def rome(*args: int) -> datetime:
    """An aware instant given as Rome wall-clock time."""
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def open_(ctx: Context, subject: str = "Stampante non stampa", **kwargs: Any) -> IncidentView:
    """Open an incident for customer 1 (the fixture's Basic customer) unless told otherwise."""
    kwargs.setdefault("customer", 1)
    return intake.open_incident(ctx, intake.NewIncident(subject=subject, **kwargs))


def eight_logins(ctx: Context) -> list[str]:
    """The fixture's anna and bruno, and six more technicians added now: eight logins,
    in the order they were added (for many people doing one thing at one instant)."""
    logins = ["anna", "bruno"]
    for n in range(6):
        team.add_technician(ctx, f"tecnico{n}", f"Tecnico {n}")
        logins.append(f"tecnico{n}")
    return logins


def contact(ctx: Context, name: str, customer: int | str = 1) -> ContactView:
    found = [c for c in customers.show_customer(ctx, customer).contacts if c.name == name]
    assert len(found) == 1, f"no single contact {name!r}"
    return found[0]


def snapshot(ctx: Context) -> dict[str, Any]:
    """Row counts of every table, plus every incident, work session and counter row in full."""
    with ctx.db.engine.connect() as conn:
        state: dict[str, Any] = {
            table: conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            for table in TABLES
        }
        state["incident_rows"] = [
            tuple(row) for row in conn.execute(text("SELECT * FROM incident ORDER BY id"))
        ]
        state["session_rows"] = [
            tuple(row) for row in conn.execute(text("SELECT * FROM work_session ORDER BY id"))
        ]
        state["loan_rows"] = [
            tuple(row) for row in conn.execute(text("SELECT * FROM loan ORDER BY id"))
        ]
        state["counter_rows"] = [
            tuple(row)
            for row in conn.execute(text("SELECT year, last FROM number_counter ORDER BY year"))
        ]
    return state


def refused(
    ctx: Context,
    error: type[BaseException],
    call: Callable[..., Any],
    *args: Any,
    match: str | None = None,
    **kwargs: Any,
) -> pytest.ExceptionInfo[Any]:
    """Run ``call``, expect ``error``, and check that nothing at all was written."""
    before = snapshot(ctx)
    with pytest.raises(error, match=match) as info:
        call(*args, **kwargs)
    after = snapshot(ctx)
    assert after == before, "a refused call changed the database"
    return info


def eventually(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether ``check`` comes true within ``seconds``: for what another connection is told
    asynchronously (a PostgreSQL NOTIFY reaches its listener after the commit returns)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False
