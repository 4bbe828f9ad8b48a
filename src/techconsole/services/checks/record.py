"""Recording a health check: every item of the policy's checklist with its outcome and
findings, numbered ``CP-<year>-<seq>`` (one series a year, a counter row as the work
reports have), the seed's statement that no personal documents or mail were opened, a
repeat check called for when a finding is dangerous, the required software its items
found in place recorded as verified installed (the machine's coverage follows), and
incidents opened from findings in the same step.  One transaction: the check's audit
row (and one per software verified), and a row on each incident's timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import text
from sqlmodel import Session, col, select

from techconsole.domain import check_due, check_items
from techconsole.domain.check_items import Finding
from techconsole.domain.coverage import required
from techconsole.domain.errors import DomainError
from techconsole.domain.limits import MAX_SUBJECT, MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.assets import care, coverage
from techconsole.services.assets.registry import moment
from techconsole.services.checks import due, loading
from techconsole.services.checks.views import CheckView
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition
from techconsole.services.incidents import intake
from techconsole.services.records import actor, audit
from techconsole.store.assets import Asset
from techconsole.store.health import HealthCheck, HealthCheckItem
from techconsole.store.models import Incident, Technician

#: the channel of an incident opened from a check's finding
CHANNEL = "health_check"


@dataclass(frozen=True, slots=True)
class NewCheck:
    asset: int | str
    findings: Sequence[Finding] = ()
    #: the items not in ``findings`` were fine
    all_ok: bool = False
    note: str = ""
    at: datetime | None = None  # when it was done (default: now)
    #: items whose finding opens an incident on the machine at once
    incidents: Sequence[str] = ()
    severity: str | None = None  # of those incidents (default: the policy's lowest)


def _next_number(session: Session, year: int) -> tuple[int, str]:
    seq = session.execute(
        text(
            "INSERT INTO check_counter (year, last) VALUES (:y, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = check_counter.last + 1 "
            "RETURNING last"
        ),
        {"y": year},
    ).scalar_one()
    return int(seq), f"{loading.PREFIX}-{year}-{int(seq):04d}"


def _checked(ctx: Context, new: NewCheck) -> tuple[Finding, ...]:
    checklist = ctx.policy.service.health_checklist
    try:
        found = check_items.complete(new.findings, checklist, rest_ok=new.all_ok)
    except DomainError as error:
        raise InvalidInput(str(error)) from None
    for item in found:
        bounds.text(item.text, N_("finding"), MAX_TEXT)
    bounds.text(new.note, N_("note"), MAX_TEXT)
    by_item = {f.item: f for f in found}
    for key in new.incidents:
        _can_open(by_item.get(key.strip().lower()), key)
    _severity(ctx, new.severity)
    return found


class _Item(Protocol):
    """What :func:`_can_open` reads of an item (a finding, or an item as stored)."""

    @property
    def outcome(self) -> str: ...


def _can_open(item: _Item | None, key: str) -> None:
    if item is None:
        raise InvalidInput(_("'{key}' is not an item of this check").format(key=key))
    if item.outcome in (check_items.OK, check_items.NOT_APPLICABLE):
        raise InvalidInput(
            _("{item}: nothing was found to open an incident about").format(item=key)
        )


def _severity(ctx: Context, severity: str | None) -> str:
    codes = [s.code for s in ctx.policy.severities]
    chosen = severity or codes[-1]
    if chosen not in codes:
        raise InvalidInput(
            _("unknown severity '{severity}'; this policy has: {codes}").format(
                severity=chosen, codes=", ".join(codes)
            )
        )
    return chosen


def record_check(ctx: Context, new: NewCheck) -> CheckView:
    """Record the check of machine ``new.asset`` done at ``new.at`` by the person running
    this: it stands for the machine's monthly check due then (or of that month), and for
    the repeat its last check called for, if any."""
    found = _checked(ctx, new)
    when = moment(ctx, new.at, N_("check time"))
    zone = ctx.policy.zone
    with ctx.write() as session:
        who = actor(session, ctx)
        asset = coverage.find_asset(session, new.asset, lock=True)
        if asset.retired_at is not None and asset.retired_at <= when:
            raise InvalidTransition(
                _("machine {id} ({name}) is retired since {day}").format(
                    id=asset.id,
                    name=asset.name,
                    day=f"{asset.retired_at.astimezone(zone):%d/%m/%Y}",
                )
            )
        assert asset.id is not None
        assert who.id is not None
        monthly = due.next_monthly_of(session, ctx, asset, when)
        last = loading.latest(session, [asset.id], when).get(asset.id)
        day = when.astimezone(zone).date()
        seq, number = _next_number(session, day.year)
        dangerous = check_items.dangerous(found)
        row = HealthCheck(
            number=number,
            year=day.year,
            seq=seq,
            asset_id=asset.id,
            customer_id=asset.customer_id,
            done_at=when,
            done_by_id=who.id,
            due_on=None if monthly is None else monthly.day,
            repeat_of_id=last.id if last is not None and last.repeat_by is not None else None,
            repeat_by=(
                check_due.repeat_by(when, ctx.policy.service.repeat_check_within, zone)
                if dangerous
                else None
            ),
            note=new.note,
            recorded_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        items = [
            HealthCheckItem(
                check_id=row.id, position=i, item=f.item, outcome=f.outcome, finding=f.text
            )
            for i, f in enumerate(found)
        ]
        session.add_all(items)
        audit(
            session,
            ctx.actor,
            "check.record",
            "asset",
            asset.id,
            ctx.now(),
            number=number,
            name=asset.name,
            done_at=when,
            outcome=check_items.worst(found),
            repeat_by=row.repeat_by,
        )
        in_place = check_items.software_in_place(
            found, required(ctx.policy.service.required_software)
        )
        if in_place:  # the check verified them installed: the machine's coverage follows
            care.verified(session, ctx, who, asset, in_place, True, when, check=number)
        wanted = {k.strip().lower() for k in new.incidents}
        for item in items:
            if item.item in wanted:
                _open(session, ctx, who, row, asset, item, _severity(ctx, new.severity))
        session.flush()
        return loading.views(session, [row])[0]


def _open(
    session: Session,
    ctx: Context,
    who: Technician,
    check: HealthCheck,
    asset: Asset,
    item: HealthCheckItem,
    severity: str,
) -> Incident:
    """An incident on the machine about ``item``'s finding, linked to it."""
    words = _(check_items.item_name(item.item))
    head = _("Health check {number}: {item}").format(number=check.number, item=words)
    first = " ".join(item.finding.split())
    subject = f"{head} – {first}"
    if len(subject) > MAX_SUBJECT:
        subject = subject[: MAX_SUBJECT - 1].rstrip() + "…"
    zone = ctx.policy.zone
    description = "\n\n".join(
        (
            item.finding,
            _("Found at health check {number} of {day} on {machine} ({outcome}).").format(
                number=check.number,
                day=f"{check.done_at.astimezone(zone):%d/%m/%Y}",
                machine=asset.name,
                outcome=_(check_items.OUTCOME_NAMES[item.outcome]),
            ),
        )
    )
    now = ctx.now()
    new = intake.NewIncident(
        customer=asset.customer_id,
        subject=subject,
        description=bounds.text(description, N_("description")),
        channel=CHANNEL,
        severity=severity,
        asset=asset.id,
    )
    incident = intake.record(
        session, ctx, new, who, now, now, severity, False, subject, health_check=check.number
    )
    item.incident_id = incident.id
    session.add(item)
    return incident


def open_incident(
    ctx: Context, ref: int | str, item_key: str, *, severity: str | None = None
) -> tuple[CheckView, str]:
    """Open an incident on the check's machine about one of its findings, after the fact;
    the check and the incident's number."""
    chosen = _severity(ctx, severity)
    key = item_key.strip().lower()
    with ctx.write() as session:
        who = actor(session, ctx)
        check = loading.find(session, ref, lock=True)
        item = session.exec(
            select(HealthCheckItem)
            .where(HealthCheckItem.check_id == check.id)
            .where(col(HealthCheckItem.item) == key)
        ).first()
        _can_open(item, item_key)
        assert item is not None
        if item.incident_id is not None:
            opened = session.get(Incident, item.incident_id)
            raise Conflict(
                _("{item} of {number} has an incident already: {incident}").format(
                    item=key, number=check.number, incident=opened.number if opened else "?"
                )
            )
        asset = coverage.find_asset(session, check.asset_id)
        incident = _open(session, ctx, who, check, asset, item, chosen)
        audit(
            session,
            ctx.actor,
            "check.incident",
            "asset",
            asset.id,
            ctx.now(),
            number=check.number,
            item=key,
            incident=incident.number,
        )
        session.flush()
        return loading.views(session, [check])[0], incident.number
