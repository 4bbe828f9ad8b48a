"""Checks read from the store inside a transaction the caller holds: the last check of each
machine, a check by its number, checks as views (their machine, customer, items and the
incidents opened from them, read in a few queries for any number of checks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from techconsole.domain.limits import as_id
from techconsole.i18n import _
from techconsole.services.checks.views import CheckView, ItemView
from techconsole.services.errors import NotFound
from techconsole.store.assets import Asset
from techconsole.store.health import HealthCheck, HealthCheckItem
from techconsole.store.models import Customer, Incident, Technician

PREFIX = "CP"


def latest(session: Session, asset_ids: Iterable[int], until: datetime) -> dict[int, HealthCheck]:
    """Each machine's last check done by ``until`` (the machines that have one)."""
    wanted = sorted(set(asset_ids))
    if not wanted:
        return {}
    last = (
        select(
            col(HealthCheck.asset_id).label("asset_id"), func.max(HealthCheck.done_at).label("at")
        )
        .where(col(HealthCheck.done_at) <= until)
        .where(col(HealthCheck.asset_id).in_(wanted))
        .group_by(col(HealthCheck.asset_id))
        .subquery()
    )
    query = (
        select(HealthCheck)
        .join(
            last,
            and_(
                col(HealthCheck.asset_id) == last.c.asset_id, col(HealthCheck.done_at) == last.c.at
            ),
        )
        .order_by(col(HealthCheck.id))
    )
    return {row.asset_id: row for row in session.exec(query)}  # a tie: the last recorded


def find(session: Session, ref: int | str, *, lock: bool = False) -> HealthCheck:
    """A check by its number (``CP-2026-0001``) or its id."""
    text = str(ref).strip().upper()
    query = select(HealthCheck)
    if text.startswith(PREFIX + "-"):
        query = query.where(HealthCheck.number == text)
    else:
        number = as_id(text)
        query = query.where(HealthCheck.id == (number or 0))
    if lock:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise NotFound(
            _("no health check {ref} (see: techconsole checks list)").format(ref=str(ref).strip())
        )
    return found


def views(session: Session, rows: Sequence[HealthCheck]) -> list[CheckView]:
    """``rows`` as views, in their order."""
    if not rows:
        return []
    ids = [r.id for r in rows if r.id is not None]
    assets = {
        a.id: a
        for a in session.exec(select(Asset).where(col(Asset.id).in_({r.asset_id for r in rows})))
    }
    customers = {
        c.id: c.name
        for c in session.exec(
            select(Customer).where(col(Customer.id).in_({r.customer_id for r in rows}))
        )
    }
    people = {t.id: t for t in session.exec(select(Technician))}
    items: dict[int, list[HealthCheckItem]] = defaultdict(list)
    for item in session.exec(
        select(HealthCheckItem)
        .where(col(HealthCheckItem.check_id).in_(ids))
        .order_by(col(HealthCheckItem.position))
    ):
        items[item.check_id].append(item)
    incident_ids = {i.incident_id for found in items.values() for i in found if i.incident_id}
    numbers = {
        i.id: i.number
        for i in (
            session.exec(select(Incident).where(col(Incident.id).in_(incident_ids)))
            if incident_ids
            else ()
        )
    }
    linked = {r.repeat_of_id for r in rows if r.repeat_of_id} | set(ids)
    later = session.exec(
        select(HealthCheck.id, HealthCheck.number, HealthCheck.repeat_of_id).where(
            (col(HealthCheck.id).in_(linked)) | (col(HealthCheck.repeat_of_id).in_(ids))
        )
    ).all()
    number_of = {i: n for i, n, _r in later}
    repeated_by = {r: n for _i, n, r in later if r is not None}
    out = []
    for row in rows:
        assert row.id is not None
        asset = assets[row.asset_id]
        person = people.get(row.done_by_id)
        out.append(
            CheckView(
                id=row.id,
                number=row.number,
                asset_id=row.asset_id,
                asset=asset.name,
                asset_kind=asset.kind,
                serial=asset.serial,
                os=asset.os,
                location=asset.location,
                customer_id=row.customer_id,
                customer=customers.get(row.customer_id, "?"),
                done_at=row.done_at,
                done_by=person.login if person else "?",
                done_by_name=person.display_name if person else "?",
                due_on=row.due_on,
                repeat_of=number_of.get(row.repeat_of_id) if row.repeat_of_id else None,
                repeat_by=row.repeat_by,
                repeated_by=repeated_by.get(row.id) if row.repeat_by else None,
                no_personal_access=row.no_personal_access,
                note=row.note,
                items=tuple(
                    ItemView(
                        i.item,
                        i.outcome,
                        i.finding,
                        numbers.get(i.incident_id) if i.incident_id else None,
                    )
                    for i in items[row.id]
                ),
                recorded_at=row.recorded_at,
            )
        )
    return out
