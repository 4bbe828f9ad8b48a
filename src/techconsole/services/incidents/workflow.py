"""What happens to an incident after it is opened: each use case is one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from sqlmodel import Session

from techconsole.domain import events
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.lateness import on_site_guarantee
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.assets.coverage import asset_of, link
from techconsole.services.context import Context
from techconsole.services.customers import programs
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.incidents import clocks, planned
from techconsole.services.incidents.gate import require_authorised
from techconsole.services.incidents.intake import find_customer, machine_of
from techconsole.services.incidents.promises import check_promise
from techconsole.services.records import actor, event, find_incident, status_word
from techconsole.services.views import IncidentView
from techconsole.store.models import Incident, Technician

Change = Callable[[Session, Technician, Incident, datetime], None]
WORKING = ("open", "in_progress")


def mutate(
    ctx: Context,
    ref: str | int,
    change: Change,
    *,
    lead: bool = False,
    what: str = "",
    after: Change | None = None,
) -> IncidentView:
    """Run ``change`` on the incident, then refresh its clocks and its work report, then
    ``after`` (a step that reads the report: a notice); one write, worked out before the
    write lock when it can be (:mod:`.planned`). The view returned is made after the
    commit (:func:`loaders.view_after_write`)."""
    # the work report's sync, imported when a change is made: reading commands
    # (incident list) import this module without the documents' modules
    from techconsole.services.documents import work_reports

    def work(session: Session, planning: bool) -> tuple[Incident, Technician, ClockInputs]:
        who = actor(session, ctx, lead=lead, what=what)
        incident = find_incident(session, ref, lock=not planning)
        now = ctx.now()
        change(session, who, incident, now)
        found = clocks.refresh(session, ctx.policy, incident, now)
        work_reports.sync(session, ctx, incident, who, now)
        if after is not None:
            after(session, who, incident, now)
        return incident, who, found

    return planned.run(ctx, work)


def require_status(incident: Incident, allowed: tuple[str, ...], refusal: str) -> None:
    """Refuse unless the incident's status is one of ``allowed``; ``refusal`` is the
    message marked with ``N_`` (fields ``{number}`` and ``{status}``), translated now."""
    if incident.status not in allowed:
        raise InvalidTransition(
            _(refusal).format(number=incident.number, status=status_word(incident.status))
        )


def _when(
    value: datetime | None, now: datetime, what: str, incident: Incident, zone: tzinfo
) -> datetime:
    """A time typed for a step of ``incident``: now when none, else not in the future and
    not before the request arrived (said in ``zone``)."""
    if value is None:
        return now
    value = bounds.after_arrival(incident, value, what, zone)
    if value > now:
        raise InvalidInput(
            _("{what} {when} is in the future").format(what=_(what), when=bounds.local(value, zone))
        )
    return value


def triage(
    ctx: Context,
    ref: str | int,
    *,
    severity: str | None = None,
    urgent: bool | None = None,
    level: int | None = None,
    category: str | None = None,
    urgent_on_request: bool | None = None,
    warranty: bool | None = None,
    asset: int | None = None,
    no_asset: bool = False,
    program: str | None = None,
) -> IncidentView:
    """Set severity, urgency, level, category, warranty, the machine it is about
    (``asset``; ``no_asset`` to say it names none) and the customer's program (``""``:
    none); the clocks keep the time elapsed."""
    policy = ctx.policy
    if severity is not None and severity not in {s.code for s in policy.severities}:
        codes = ", ".join(s.code for s in policy.severities)
        raise InvalidInput(
            _("unknown severity '{severity}'; this policy has: {codes}").format(
                severity=severity, codes=codes
            )
        )
    if level is not None and level not in (1, 2):
        raise InvalidInput(_("level is 1 (remote) or 2 (on site, hardware)"))
    if category is not None:
        bounds.name(category, N_("category"))
    if asset is not None and no_asset:
        raise InvalidInput(_("name a machine or no machine, not both"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        if not incident.is_open:
            raise InvalidTransition(
                _("cannot triage {number}: it is {status}").format(
                    number=incident.number, status=status_word(incident.status)
                )
            )
        changes: dict[str, Any] = {}
        for name, value in (
            ("severity", severity),
            ("urgent", urgent),
            ("level", level),
            ("category", category),
            ("urgent_on_request", urgent_on_request),
            ("warranty", warranty),
        ):
            if value is not None and getattr(incident, name) != value:
                changes[name] = value
                changes[f"old_{name}"] = getattr(incident, name)
                setattr(incident, name, value)
        if severity is not None and not incident.severity_triaged:
            # the policy's default until now, given by nobody: set by a technician now,
            # the same or another one (seed 001); no old value to say
            changes["severity"], changes["old_severity"] = severity, None
            incident.severity_triaged = True
        if asset is not None or no_asset:
            _set_machine(session, ctx, incident, asset, changes)
        if program is not None:
            owner = find_customer(session, incident.customer_id)
            named = programs.checked_program(session, owner, program)
            if named != incident.program:
                changes["program"], changes["old_program"] = named, incident.program
                incident.program = named
        if not changes:
            raise InvalidInput(_("nothing to change on {number}").format(number=incident.number))
        event(session, incident, who, "triage", now, "", **changes)

    return mutate(ctx, ref, change)


def _set_machine(
    session: Session, ctx: Context, incident: Incident, ref: int | None, changes: dict[str, Any]
) -> None:
    """Name machine ``ref`` on ``incident`` (none when ``None``), noting the change by name."""
    machine = None
    if ref is not None:
        machine = machine_of(session, ctx, find_customer(session, incident.customer_id), ref)
    assert incident.id is not None
    new_id = machine.id if machine else None
    old = asset_of(session, incident.id)
    if (old.id if old else None) == new_id:
        return
    changes["asset"] = machine.name if machine else None
    changes["old_asset"] = old.name if old else None
    link(session, incident.id, new_id)


def pause(
    ctx: Context, ref: str | int, reason: str = "", *, at: datetime | None = None
) -> IncidentView:
    """Waiting on the customer: the clocks stop until ``resume``."""
    bounds.text(reason, N_("reason"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(incident, WORKING, N_("cannot pause {number}: it is {status}"))
        incident.status_before_pause = incident.status
        incident.status = "waiting"
        event(
            session,
            incident,
            who,
            events.PAUSE,
            _when(at, now, N_("pause time"), incident, ctx.policy.zone),
            reason,  # as the technician typed it, if at all
            reason=events.WAITING_ON_CUSTOMER,
        )

    return mutate(ctx, ref, change)


def resume(
    ctx: Context, ref: str | int, note: str = "", *, at: datetime | None = None
) -> IncidentView:
    bounds.text(note, N_("note"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(incident, ("waiting",), N_("cannot resume {number}: it is {status}"))
        incident.status = incident.status_before_pause or "open"
        incident.status_before_pause = None
        when = _when(at, now, N_("resume time"), incident, ctx.policy.zone)
        event(session, incident, who, "resume", when, note)

    return mutate(ctx, ref, change)


def note(ctx: Context, ref: str | int, text: str) -> IncidentView:
    if not text.strip():
        raise InvalidInput(_("the note is empty"))
    bounds.text(text, N_("note"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        event(session, incident, who, "note", now, text)

    return mutate(ctx, ref, change)


def acknowledge(
    ctx: Context,
    ref: str | int,
    *,
    estimate: datetime | None = None,
    on_site_by: datetime | None = None,
    message: str = "",
    at: datetime | None = None,
    customer_agreed: str = "",
) -> IncidentView:
    """Taken in charge / written confirmation, with an estimate when one can be given.

    A promise on site later than the policy's guarantee (seed 003: on site within 4
    business hours when urgent) is refused unless ``customer_agreed`` says who agreed to
    it and how (``by phone, Sig. Rossi``): then it is the term the arrival is measured
    against (:mod:`techconsole.domain.lateness`)."""
    bounds.text(message, N_("message"))
    bounds.text(customer_agreed, N_("customer's agreement"))
    agreed = customer_agreed.strip()
    promises = ((estimate, N_("estimated resolution")), (on_site_by, N_("on-site time")))
    for value, what in promises:
        if value is not None:
            bounds.instant(value, what)

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(
            incident, (*WORKING, "waiting"), N_("cannot take in charge {number}: it is {status}")
        )
        if incident.acknowledged_at is not None:
            raise InvalidTransition(
                _("{number} was already taken in charge at {when}").format(
                    number=incident.number,
                    when=bounds.local(incident.acknowledged_at, ctx.policy.zone),
                )
            )
        incident.acknowledged_at = _when(
            at, now, N_("time taken in charge"), incident, ctx.policy.zone
        )
        for value, what in promises:
            if value is not None:
                bounds.after_arrival(incident, value, what, ctx.policy.zone)
        guarantee = on_site_guarantee(ctx.policy, clocks.inputs_of(session, incident), now)
        check_promise(ctx, incident, guarantee, on_site_by, agreed)
        incident.estimated_resolution_at = estimate
        incident.promised_on_site_at = on_site_by
        incident.on_site_agreed = agreed
        if incident.assignee_id is None:
            incident.assignee_id = who.id
        if incident.status == "open":
            incident.status = "in_progress"
        terms: dict[str, Any] = (
            {"guaranteed_by": guarantee, "customer_agreed": agreed} if agreed else {}
        )
        event(
            session,
            incident,
            who,
            "acknowledged",
            incident.acknowledged_at,
            message,
            estimate=estimate,
            on_site_by=on_site_by,
            **terms,
        )
        from techconsole.services.mail import (
            notices,
        )  # imported when a notice may be due: reads stay quick

        notices.on_acknowledged(session, ctx.policy, incident, who, now, message)

    return mutate(ctx, ref, change)


def arrived_on_site(ctx: Context, ref: str | int, *, at: datetime | None = None) -> IncidentView:
    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        when = _when(at, now, N_("time of the arrival on site"), incident, ctx.policy.zone)
        require_authorised(session, ctx, incident, when)  # no visit before (seed 001)
        require_status(
            incident,
            (*WORKING, "waiting"),
            N_("cannot record the arrival on site of {number}: it is {status}"),
        )
        if incident.on_site_at is not None:
            raise InvalidTransition(
                _("the arrival on site of {number} is recorded already").format(
                    number=incident.number
                )
            )
        incident.on_site_at = when
        if incident.assignee_id is None:
            incident.assignee_id = who.id
        event(session, incident, who, "on_site", incident.on_site_at)

    return mutate(ctx, ref, change)
